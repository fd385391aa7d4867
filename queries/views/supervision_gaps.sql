-- Who lacks clinical supervision and how often supervision happens, per role and wave,
-- for all localities (locality IS NULL) and per locality.
-- The questions are found by their option markers, not by wording:
--   clinical_supervision on the supervision-types question,
--   regular_supervision / no_supervision on the frequency question.
--
-- Speed: the marked questions are found in the small options table first, so only their
-- answer rows are read; the all-locality row is the sum of the per-locality counts
-- (UNION ALL rather than GROUPING SETS, so a `locality = ...` filter reaches the scans).
CREATE OR REPLACE VIEW supervision_gaps AS
WITH marked AS (
    SELECT DISTINCT wave, role, question_id, marker AS kind
    FROM survey.options
    WHERE marker IN ('clinical_supervision', 'regular_supervision')
),
per_answerer AS (
    SELECT a.wave, a.role, a.respondent_id,
           bool_or(a.answered) FILTER (WHERE m.kind = 'clinical_supervision')
               AS types_answered,
           bool_or(coalesce(o.marker = 'clinical_supervision', false))
               FILTER (WHERE m.kind = 'clinical_supervision') AS has_clinical,
           bool_or(a.answered) FILTER (WHERE m.kind = 'regular_supervision')
               AS frequency_answered,
           bool_or(coalesce(o.marker = 'regular_supervision', false))
               FILTER (WHERE m.kind = 'regular_supervision') AS regular,
           bool_or(coalesce(o.marker = 'no_supervision', false))
               FILTER (WHERE m.kind = 'regular_supervision') AS no_meetings
    FROM survey.answers AS a
    JOIN marked AS m USING (wave, role, question_id)
    JOIN survey.questions AS q USING (wave, role, question_id)
    LEFT JOIN survey.options AS o
        ON o.wave = a.wave AND o.role = a.role
       AND o.question_id = a.question_id AND o.option_order = a.option_order
    GROUP BY a.wave, a.role, a.respondent_id
),
per_locality AS (
    SELECT r.wave, r.role, coalesce(r.locality, 'Not stated') AS locality,
           count(*) AS respondents,
           count(*) FILTER (WHERE p.types_answered) AS n_answered,
           count(*) FILTER (WHERE p.types_answered AND NOT p.has_clinical) AS n_no_clinical,
           count(*) FILTER (WHERE p.frequency_answered) AS n_answered_frequency,
           count(*) FILTER (WHERE p.frequency_answered AND p.regular) AS n_regular,
           count(*) FILTER (WHERE p.frequency_answered AND p.no_meetings) AS n_no_meetings
    FROM survey.respondents AS r
    LEFT JOIN per_answerer AS p USING (wave, role, respondent_id)
    GROUP BY r.wave, r.role, coalesce(r.locality, 'Not stated')
),
grouped AS (
    SELECT * FROM per_locality
    UNION ALL
    SELECT wave, role, NULL AS locality,
           CAST(sum(respondents) AS BIGINT), CAST(sum(n_answered) AS BIGINT),
           CAST(sum(n_no_clinical) AS BIGINT), CAST(sum(n_answered_frequency) AS BIGINT),
           CAST(sum(n_regular) AS BIGINT), CAST(sum(n_no_meetings) AS BIGINT)
    FROM per_locality
    GROUP BY wave, role
)
SELECT
    *,
    CASE WHEN n_answered > 0 THEN round(100.0 * n_no_clinical / n_answered, 1) END
        AS pct_no_clinical,
    CASE WHEN n_answered_frequency > 0
         THEN round(100.0 * n_regular / n_answered_frequency, 1) END AS pct_regular
FROM grouped;
