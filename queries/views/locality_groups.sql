-- Every locality of every role and wave, with its respondents (0 when none answered from
-- it), plus the role total (locality NULL, locality_order -1; 0 for a role nobody
-- answered as in that wave).  Lists every known
-- locality, any locality a respondent gave that the localities table lacks, and
-- 'Not stated' when some respondents gave no locality.  Small-number suppression plans
-- from these counts, and the locality comparison starts from these rows.
CREATE OR REPLACE VIEW locality_groups AS
WITH role_waves AS (
    SELECT w.wave, r.role FROM survey.waves AS w CROSS JOIN survey.roles AS r
),
counts AS (
    -- respondents per locality, from the locality tally (queries/tallies)
    SELECT wave, role, locality, respondents FROM locality_tally WHERE locality IS NOT NULL
),
places AS (
    SELECT locality, sort_order FROM survey.localities
    UNION ALL
    SELECT DISTINCT c.locality, 1000000
    FROM counts AS c
    WHERE c.locality NOT IN (SELECT locality FROM survey.localities)
),
per_locality AS (
    SELECT rw.wave, rw.role, p.locality,
           row_number() OVER (PARTITION BY rw.wave, rw.role
                              ORDER BY p.sort_order, p.locality) AS locality_order,
           coalesce(c.respondents, 0) AS respondents
    FROM role_waves AS rw
    CROSS JOIN places AS p
    LEFT JOIN counts AS c
        ON c.wave = rw.wave AND c.role = rw.role AND c.locality = p.locality
    WHERE p.locality <> 'Not stated' OR c.respondents > 0
)
SELECT wave, role, locality, locality_order, respondents FROM per_locality
UNION ALL
SELECT wave, role, NULL, -1, sum(respondents)::BIGINT FROM per_locality GROUP BY wave, role;
