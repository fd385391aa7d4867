-- The rows of a locality comparison: the role total (locality NULL) then every locality.
SELECT wave, role, locality, locality_order, respondents
FROM locality_groups
WHERE wave = $wave AND role = $role
ORDER BY locality_order;
