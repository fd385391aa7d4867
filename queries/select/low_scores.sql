-- Statements whose mean is below $threshold, lowest first.
SELECT *
FROM low_scores_below($threshold)
WHERE wave = $wave AND role = $role AND locality IS NOT DISTINCT FROM $locality
ORDER BY mean, statement;
