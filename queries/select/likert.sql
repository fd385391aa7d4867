-- Likert statements of one theme with n, mean and the 1-5 distribution.
SELECT wave, role, locality, theme, question_id, statement, source, n, n_not_answered, mean,
       n_1, n_2, n_3, n_4, n_5
FROM likert_stats
WHERE theme = $theme AND wave = $wave AND role = $role
  AND locality IS NOT DISTINCT FROM $locality
ORDER BY question_order;
