-- Per locality (NULL: all): the lowest-scoring Likert statement of a theme (ties: the
-- first in questionnaire order) and how many of its statements average below $threshold.
WITH stats AS (
    SELECT locality, question_id, statement, question_order, n, mean
    FROM likert_stats
    WHERE wave = $wave AND role = $role AND theme = $theme AND n > 0
),
ranked AS (
    SELECT *,
           row_number() OVER (PARTITION BY locality ORDER BY mean, question_order) AS rank,
           count(*) FILTER (WHERE mean < $threshold) OVER (PARTITION BY locality) AS n_low
    FROM stats
)
SELECT g.locality_order,
       r.question_id AS lowest_question_id,
       r.statement AS lowest_statement,
       r.mean AS lowest_mean,
       r.n AS lowest_n,
       r.n_low
FROM locality_groups AS g
JOIN ranked AS r ON r.locality IS NOT DISTINCT FROM g.locality AND r.rank = 1
WHERE g.wave = $wave AND g.role = $role
ORDER BY g.locality_order;
