-- One row per Likert statement: n answered, mean score and the 1-5 distribution,
-- for all localities (locality IS NULL) and per locality.
--
-- Speed (as question_counts): counts are taken on the narrow answer rows, grouped by
-- theme too so that a `theme = ...` filter reaches the answer scan, and the all-locality
-- rows are sums of the per-locality counts (UNION ALL rather than GROUPING SETS, so a
-- `locality = ...` filter reaches the respondents scan).  Wording joins on at the end.
CREATE OR REPLACE VIEW likert_stats AS
WITH base AS NOT MATERIALIZED (
    SELECT a.wave, a.role, coalesce(r.locality, 'Not stated') AS locality, q.theme,
           a.question_id, a.answered, a.score
    FROM survey.answers AS a
    JOIN survey.questions AS q USING (wave, role, question_id)
    JOIN survey.respondents AS r USING (wave, role, respondent_id)
    WHERE q.qtype = 'likert'
),
per_locality AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id,
           count(*) FILTER (WHERE answered) AS n,
           count(*) FILTER (WHERE NOT answered) AS n_not_answered,
           sum(score) AS score_sum,
           count(score) AS score_n,
           count(*) FILTER (WHERE score = 1) AS n_1,
           count(*) FILTER (WHERE score = 2) AS n_2,
           count(*) FILTER (WHERE score = 3) AS n_3,
           count(*) FILTER (WHERE score = 4) AS n_4,
           count(*) FILTER (WHERE score = 5) AS n_5
    FROM base
    GROUP BY wave, role, locality, theme, question_id
),
per_question AS NOT MATERIALIZED (
    SELECT * FROM per_locality
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, sum(n), sum(n_not_answered),
           sum(score_sum), sum(score_n), sum(n_1), sum(n_2), sum(n_3), sum(n_4), sum(n_5)
    FROM per_locality
    GROUP BY wave, role, theme, question_id
)
SELECT
    p.wave,
    p.role,
    p.locality,
    p.theme,
    p.question_id,
    q.text AS statement,
    q.sort_order AS question_order,
    q.source,
    CAST(p.n AS BIGINT) AS n,
    CAST(p.n_not_answered AS BIGINT) AS n_not_answered,
    CASE WHEN p.score_n > 0 THEN p.score_sum / p.score_n END AS mean,
    CAST(p.n_1 AS BIGINT) AS n_1,
    CAST(p.n_2 AS BIGINT) AS n_2,
    CAST(p.n_3 AS BIGINT) AS n_3,
    CAST(p.n_4 AS BIGINT) AS n_4,
    CAST(p.n_5 AS BIGINT) AS n_5
FROM per_question AS p
JOIN survey.questions AS q USING (wave, role, question_id);
