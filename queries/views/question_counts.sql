-- One row per question and option, per role and wave, for all localities together
-- (locality IS NULL) and for each locality.  Options nobody chose are kept with count 0.
-- n_answered counts respondents who answered the question; pct is count / n_answered.
--
-- Speed: counts are taken on the narrow answer rows (ids and numbers only) and the
-- wording and labels are joined onto the small aggregated result.  All-locality totals
-- are sums of the per-locality counts (each respondent has one locality), so the answer
-- rows are read once.  The option counts are joined on theme as well as question, so a
-- theme view's `theme = ...` filter reaches the option counts too (without it DuckDB
-- counted every theme's options for each theme view: half the time of a query).
CREATE OR REPLACE VIEW question_counts AS
WITH base AS NOT MATERIALIZED (
    SELECT a.wave, a.role, coalesce(r.locality, 'Not stated') AS locality, q.theme,
           a.question_id, a.respondent_id, a.answered, a.option_order, a.score
    FROM survey.answers AS a
    JOIN survey.questions AS q USING (wave, role, question_id)
    JOIN survey.respondents AS r USING (wave, role, respondent_id)
),
per_locality AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id,
           count(DISTINCT respondent_id) FILTER (WHERE answered) AS n_answered,
           count(*) FILTER (WHERE NOT answered) AS n_not_answered,
           sum(score) AS score_sum,
           count(score) AS score_n
    FROM base
    GROUP BY wave, role, locality, theme, question_id
),
per_question AS NOT MATERIALIZED (
    SELECT * FROM per_locality
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, sum(n_answered),
           sum(n_not_answered), sum(score_sum), sum(score_n)
    FROM per_locality
    GROUP BY wave, role, theme, question_id
),
picks_locality AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, option_order, count(*) AS n
    FROM base
    WHERE answered AND option_order IS NOT NULL
    GROUP BY wave, role, locality, theme, question_id, option_order
),
picks AS NOT MATERIALIZED (
    SELECT * FROM picks_locality
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, option_order, sum(n)
    FROM picks_locality
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
