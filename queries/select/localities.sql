-- Respondents per locality for one role and wave, every known locality listed.
SELECT l.locality, coalesce(c.respondents, 0) AS respondents
FROM (SELECT locality, sort_order FROM survey.localities
      UNION ALL SELECT 'Not stated', 1000000) AS l
LEFT JOIN respondent_counts AS c
    ON c.locality = l.locality AND c.wave = $wave AND c.role = $role
WHERE l.locality <> 'Not stated' OR c.respondents > 0
ORDER BY l.sort_order, l.locality;
