-- Supervision gap figures for one role and locality ($locality NULL: all localities).
SELECT *
FROM supervision_gaps
WHERE wave = $wave AND role = $role AND locality IS NOT DISTINCT FROM $locality;
