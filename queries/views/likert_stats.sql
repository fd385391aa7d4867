-- One row per Likert statement: n answered, mean score and the 1-5 distribution,
-- for all localities (locality IS NULL) and per locality.
--
-- Speed (as question_counts): built on the question tally (queries/tallies); the
-- all-locality rows are sums of the per-locality counts (UNION ALL rather than GROUPING
-- SETS, so `theme = ...` and `locality = ...` filters reach the tally scan).
CREATE OR REPLACE VIEW likert_stats AS
WITH per_question AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, n_answered AS n, n_not_answered,
           score_sum, score_n, n_1, n_2, n_3, n_4, n_5
    FROM question_tally
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, sum(n_answered),
           sum(n_not_answered), sum(score_sum), sum(score_n), sum(n_1), sum(n_2), sum(n_3),
           sum(n_4), sum(n_5)
    FROM question_tally
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
JOIN survey.questions AS q USING (wave, role, question_id)
WHERE q.qtype = 'likert';
