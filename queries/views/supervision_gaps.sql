-- Who lacks clinical supervision and how often supervision happens, per role and wave,
-- for all localities (locality IS NULL) and per locality.
-- The questions are found by their option markers, not by wording:
--   clinical_supervision on the supervision-types question,
--   regular_supervision / no_supervision on the frequency question.
CREATE OR REPLACE VIEW supervision_gaps AS
WITH types AS (
    SELECT wave, role, respondent_id,
           bool_or(answered) AS answered,
           bool_or(coalesce(marker = 'clinical_supervision', false)) AS has_clinical
    FROM answer_facts AS f
    WHERE EXISTS (SELECT 1 FROM survey.options AS o
                  WHERE o.wave = f.wave AND o.role = f.role AND o.question_id = f.question_id
                    AND o.marker = 'clinical_supervision')
    GROUP BY wave, role, respondent_id
),
frequency AS (
    SELECT wave, role, respondent_id,
           bool_or(answered) AS answered,
           bool_or(coalesce(marker = 'regular_supervision', false)) AS regular,
           bool_or(coalesce(marker = 'no_supervision', false)) AS no_meetings
    FROM answer_facts AS f
    WHERE EXISTS (SELECT 1 FROM survey.options AS o
                  WHERE o.wave = f.wave AND o.role = f.role AND o.question_id = f.question_id
                    AND o.marker = 'regular_supervision')
    GROUP BY wave, role, respondent_id
),
per_respondent AS (
    SELECT r.wave, r.role, coalesce(r.locality, 'Not stated') AS locality,
           t.answered AS types_answered, t.has_clinical,
           f.answered AS frequency_answered, f.regular, f.no_meetings
    FROM survey.respondents AS r
    LEFT JOIN types AS t USING (wave, role, respondent_id)
    LEFT JOIN frequency AS f USING (wave, role, respondent_id)
),
grouped AS (
    SELECT
        wave, role,
        CASE WHEN grouping(locality) = 1 THEN NULL ELSE locality END AS locality,
        count(*) AS respondents,
        count(*) FILTER (WHERE types_answered) AS n_answered,
        count(*) FILTER (WHERE types_answered AND NOT has_clinical) AS n_no_clinical,
        count(*) FILTER (WHERE frequency_answered) AS n_answered_frequency,
        count(*) FILTER (WHERE frequency_answered AND regular) AS n_regular,
        count(*) FILTER (WHERE frequency_answered AND no_meetings) AS n_no_meetings
    FROM per_respondent
    GROUP BY GROUPING SETS ((wave, role), (wave, role, locality))
)
SELECT
    *,
    CASE WHEN n_answered > 0 THEN round(100.0 * n_no_clinical / n_answered, 1) END
        AS pct_no_clinical,
    CASE WHEN n_answered_frequency > 0
         THEN round(100.0 * n_regular / n_answered_frequency, 1) END AS pct_regular
FROM grouped;
