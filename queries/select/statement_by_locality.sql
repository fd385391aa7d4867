-- One Likert statement per locality (NULL: all localities first): respondents, n, mean
-- and the 1-5 distribution; a locality nobody answered from has n 0 and no mean.
SELECT g.wave, g.role, g.locality, g.locality_order,
       CAST($question_id AS VARCHAR) AS question_id,
       (SELECT any_value(text) FROM survey.questions
        WHERE wave = $wave AND role = $role AND question_id = $question_id) AS statement,
       g.respondents,
       coalesce(s.n, 0) AS n,
       coalesce(s.n_not_answered, 0) AS n_not_answered,
       s.mean,
       coalesce(s.n_1, 0) AS n_1,
       coalesce(s.n_2, 0) AS n_2,
       coalesce(s.n_3, 0) AS n_3,
       coalesce(s.n_4, 0) AS n_4,
       coalesce(s.n_5, 0) AS n_5
FROM locality_groups AS g
LEFT JOIN likert_stats AS s
    ON s.wave = g.wave AND s.role = g.role AND s.locality IS NOT DISTINCT FROM g.locality
   AND s.question_id = $question_id
WHERE g.wave = $wave AND g.role = $role
ORDER BY g.locality_order;
