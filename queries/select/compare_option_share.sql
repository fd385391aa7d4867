-- Per locality (NULL: all): who answered one choice question and the share choosing one
-- option (matched by label, ignoring case).
SELECT g.locality_order, c.n_answered, c.count, c.pct
FROM locality_groups AS g
JOIN question_counts AS c
    ON c.wave = g.wave AND c.role = g.role AND c.locality IS NOT DISTINCT FROM g.locality
WHERE g.wave = $wave AND g.role = $role AND c.question_id = $question_id
  AND lower(c.option) = lower($option)
ORDER BY g.locality_order;
