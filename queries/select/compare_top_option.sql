-- Per locality (NULL: all): who answered one choice question and its most chosen option.
SELECT g.locality_order, m.n_answered, m.top_option, m.top_count, m.top_pct
FROM locality_groups AS g
JOIN question_modes AS m
    ON m.wave = g.wave AND m.role = g.role AND m.locality IS NOT DISTINCT FROM g.locality
WHERE g.wave = $wave AND g.role = $role AND m.question_id = $question_id
ORDER BY g.locality_order;
