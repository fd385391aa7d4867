-- One row per Likert statement: n answered, mean score and the 1-5 distribution,
-- for all localities (locality IS NULL) and per locality.
CREATE OR REPLACE VIEW likert_stats AS
SELECT
    wave,
    role,
    CASE WHEN grouping(locality) = 1 THEN NULL ELSE locality END AS locality,
    any_value(theme) AS theme,
    question_id,
    any_value(question) AS statement,
    any_value(question_order) AS question_order,
    any_value(source) AS source,
    count(*) FILTER (WHERE answered) AS n,
    count(*) FILTER (WHERE NOT answered) AS n_not_answered,
    avg(score) AS mean,
    count(*) FILTER (WHERE score = 1) AS n_1,
    count(*) FILTER (WHERE score = 2) AS n_2,
    count(*) FILTER (WHERE score = 3) AS n_3,
    count(*) FILTER (WHERE score = 4) AS n_4,
    count(*) FILTER (WHERE score = 5) AS n_5
FROM answer_facts
WHERE qtype = 'likert'
GROUP BY GROUPING SETS ((wave, role, question_id), (wave, role, locality, question_id));
