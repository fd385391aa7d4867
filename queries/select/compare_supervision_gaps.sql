-- Per locality (NULL: all): who answered the supervision-types question, the share with
-- no clinical supervision, and the share meeting at least monthly.
SELECT g.locality_order, s.n_answered AS types_answered, s.n_no_clinical,
       s.pct_no_clinical, s.pct_regular
FROM locality_groups AS g
JOIN supervision_gaps AS s
    ON s.wave = g.wave AND s.role = g.role AND s.locality IS NOT DISTINCT FROM g.locality
WHERE g.wave = $wave AND g.role = $role
ORDER BY g.locality_order;
