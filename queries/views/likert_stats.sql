-- One row per Likert statement: n answered, mean score and the 1-5 distribution,
-- for all localities (locality IS NULL) and per locality.
--
-- Speed (as question_counts): read from the question tally (queries/tallies).
CREATE OR REPLACE VIEW likert_stats AS
SELECT
    p.wave,
    p.role,
    p.locality,
    p.theme,
    p.question_id,
    q.text AS statement,
    q.sort_order AS question_order,
    q.source,
    CAST(p.n_answered AS BIGINT) AS n,
    CAST(p.n_not_answered AS BIGINT) AS n_not_answered,
    CASE WHEN p.score_n > 0 THEN p.score_sum / p.score_n END AS mean,
    CAST(p.n_1 AS BIGINT) AS n_1,
    CAST(p.n_2 AS BIGINT) AS n_2,
    CAST(p.n_3 AS BIGINT) AS n_3,
    CAST(p.n_4 AS BIGINT) AS n_4,
    CAST(p.n_5 AS BIGINT) AS n_5
FROM question_tally AS p
JOIN survey.questions AS q USING (wave, role, question_id)
WHERE q.qtype = 'likert';
