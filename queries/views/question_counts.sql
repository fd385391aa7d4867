-- One row per question and option, per role and wave, for all localities together
-- (locality IS NULL) and for each locality.  Options nobody chose are kept with count 0.
-- n_answered counts respondents who answered the question; pct is count / n_answered.
--
-- Speed: built on the tallies (queries/tallies), counted per locality and for the role
-- total, so a read never touches the answer rows; a theme view's `theme = ...` filter
-- reaches both tally scans.
CREATE OR REPLACE VIEW question_counts AS
SELECT
    p.wave,
    p.role,
    p.locality,
    p.theme,
    q.question_id,
    q.text AS question,
    q.qtype,
    q.sort_order AS question_order,
    q.source,
    q.note AS question_note,
    o.label AS option,
    o.option_order,
    o.score,
    o.marker,
    CAST(p.n_answered AS BIGINT) AS n_answered,
    CAST(p.n_not_answered AS BIGINT) AS n_not_answered,
    CASE WHEN o.label IS NULL THEN NULL ELSE CAST(coalesce(k.n, 0) AS BIGINT) END AS count,
    CASE WHEN o.label IS NULL OR p.n_answered = 0 THEN NULL
         ELSE round(100.0 * coalesce(k.n, 0) / p.n_answered, 1) END AS pct,
    CASE WHEN p.score_n > 0 THEN p.score_sum / p.score_n END AS mean
FROM question_tally AS p
JOIN survey.questions AS q USING (wave, role, question_id)
LEFT JOIN survey.options AS o
    ON o.wave = p.wave AND o.role = p.role AND o.question_id = p.question_id
LEFT JOIN option_tally AS k
    ON k.wave = p.wave AND k.role = p.role AND k.theme = p.theme
   AND k.question_id = p.question_id
   AND k.option_order = o.option_order
   AND k.locality IS NOT DISTINCT FROM p.locality;
