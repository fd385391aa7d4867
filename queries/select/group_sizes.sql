-- Respondents per locality for one role and wave (every locality, 0 when none), in
-- display order: what small-number suppression plans from.
SELECT locality, respondents
FROM locality_groups
WHERE wave = $wave AND role = $role AND locality IS NOT NULL
ORDER BY locality_order;
