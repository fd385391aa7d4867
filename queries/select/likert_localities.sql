-- Likert statements of one theme with n, mean and the 1-5 distribution, for every
-- locality of a role and wave at once (not the role total): the rows likert.sql gives
-- for each locality, locality after locality.  The by-locality view tests each
-- locality's lowest statement; one statement here instead of one per locality.
SELECT wave, role, locality, theme, question_id, statement, source, n, n_not_answered, mean,
       n_1, n_2, n_3, n_4, n_5
FROM likert_stats
WHERE theme = $theme AND wave = $wave AND role = $role AND locality IS NOT NULL
ORDER BY locality, question_order;
