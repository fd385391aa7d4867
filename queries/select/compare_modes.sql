-- Per locality (NULL: all) and per single-choice question of a theme: the modal option.
SELECT g.locality_order, m.question_id, m.question, m.top_option, m.top_pct
FROM locality_groups AS g
JOIN question_modes AS m
    ON m.wave = g.wave AND m.role = g.role AND m.locality IS NOT DISTINCT FROM g.locality
WHERE g.wave = $wave AND g.role = $role AND m.theme = $theme AND m.qtype = 'single'
ORDER BY m.question_order, g.locality_order;
