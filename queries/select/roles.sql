-- Each role's respondents, workforce and response rate in a wave.
SELECT c.role, c.role_label, c.role_name, c.respondents, c.workforce, c.response_rate
FROM respondent_counts AS c
JOIN survey.roles AS r USING (role)
WHERE c.wave = $wave AND c.locality IS NULL
ORDER BY r.sort_order;
