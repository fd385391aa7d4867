-- Who lacks clinical supervision and how often supervision happens, per role and wave,
-- for all localities (locality IS NULL) and per locality.  The counts come from the
-- supervision tally (queries/tallies), which finds the questions by their option
-- markers, not by wording.  The all-locality row is the sum of the per-locality counts
-- (UNION ALL rather than GROUPING SETS, so a `locality = ...` filter reaches the scan).
CREATE OR REPLACE VIEW supervision_gaps AS
WITH grouped AS (
    SELECT wave, role, locality, respondents, n_answered, n_no_clinical,
           n_answered_frequency, n_regular, n_no_meetings
    FROM supervision_tally
    UNION ALL
    SELECT wave, role, NULL AS locality,
           CAST(sum(respondents) AS BIGINT), CAST(sum(n_answered) AS BIGINT),
           CAST(sum(n_no_clinical) AS BIGINT), CAST(sum(n_answered_frequency) AS BIGINT),
           CAST(sum(n_regular) AS BIGINT), CAST(sum(n_no_meetings) AS BIGINT)
    FROM supervision_tally
    GROUP BY wave, role
)
SELECT
    *,
    CASE WHEN n_answered > 0 THEN round(100.0 * n_no_clinical / n_answered, 1) END
        AS pct_no_clinical,
    CASE WHEN n_answered_frequency > 0
         THEN round(100.0 * n_regular / n_answered_frequency, 1) END AS pct_regular
FROM grouped;
