-- One row per question and option, per role and wave, for all localities together
-- (locality IS NULL) and for each locality.  Options nobody chose are kept with count 0.
-- n_answered counts respondents who answered the question; pct is count / n_answered.
--
-- Speed: built on the tallies (queries/tallies), counts per locality, so a read never
-- touches the answer rows.  All-locality totals are sums of the per-locality counts (each
-- respondent has one locality); UNION ALL rather than GROUPING SETS, so `theme = ...` and
-- `locality = ...` filters reach the tally scans.
CREATE OR REPLACE VIEW question_counts AS
WITH per_question AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, n_answered, n_not_answered,
           score_sum, score_n
    FROM question_tally
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, sum(n_answered),
           sum(n_not_answered), sum(score_sum), sum(score_n)
    FROM question_tally
    GROUP BY wave, role, theme, question_id
),
picks AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, option_order, n
    FROM option_tally
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, option_order, sum(n)
    FROM option_tally
    GROUP BY wave, role, theme, question_id, option_order
)
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
FROM per_question AS p
JOIN survey.questions AS q USING (wave, role, question_id)
LEFT JOIN survey.options AS o
    ON o.wave = p.wave AND o.role = p.role AND o.question_id = p.question_id
LEFT JOIN picks AS k
    ON k.wave = p.wave AND k.role = p.role AND k.theme = p.theme
   AND k.question_id = p.question_id
   AND k.option_order = o.option_order
   AND k.locality IS NOT DISTINCT FROM p.locality;
