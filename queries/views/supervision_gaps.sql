-- Who lacks clinical supervision and how often supervision happens, per role and wave,
-- for all localities (locality IS NULL) and per locality.  The counts come from the
-- locality tally (queries/tallies), which finds the questions by their option markers,
-- not by wording.
CREATE OR REPLACE VIEW supervision_gaps AS
SELECT
    wave, role, locality, respondents, n_answered, n_no_clinical, n_answered_frequency,
    n_regular, n_no_meetings,
    CASE WHEN n_answered > 0 THEN round(100.0 * n_no_clinical / n_answered, 1) END
        AS pct_no_clinical,
    CASE WHEN n_answered_frequency > 0
         THEN round(100.0 * n_regular / n_answered_frequency, 1) END AS pct_regular
FROM locality_tally;
