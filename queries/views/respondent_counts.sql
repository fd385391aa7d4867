-- Respondents per role and wave, for all localities (locality IS NULL) and per locality,
-- with the role's workforce and response rate on the all-localities row.
CREATE OR REPLACE VIEW respondent_counts AS
WITH counts AS (
    -- the locality tally (queries/tallies): respondents per locality and in total
    SELECT wave, role, locality, respondents FROM locality_tally
)
SELECT
    c.wave,
    c.role,
    r.label AS role_label,
    r.name AS role_name,
    c.locality,
    c.respondents,
    CASE WHEN c.locality IS NULL THEN w.workforce END AS workforce,
    CASE WHEN c.locality IS NULL AND w.workforce > 0
         THEN round(100.0 * c.respondents / w.workforce, 1) END AS response_rate
FROM counts AS c
JOIN survey.roles AS r USING (role)
LEFT JOIN survey.role_workforce AS w USING (wave, role);
