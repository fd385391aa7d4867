-- The All roles tab's key figures: every role of a wave side by side, for all
-- localities ($locality NULL) or one locality.  Tidy: one row per role and figure.
--   figure   a stable id; label: what the row shows
--   unit     what value is: 'percent' (count of base, unrounded: the reader rounds
--            once), 'mean' (of 1-5), 'statements' (a count)
--   value    the figure; count and base: the people behind it (count of base; for a
--            mean, count is who answered; for statements, how many of base answered)
--   answer   the statement or option the figure is about (lowest statement, top need)
-- Every role has every fixed figure (nulls where nobody answered); a band question
-- (engagement, single choice; label from its codebook id) has a row for each role
-- asked it in the wave.
-- The data layer applies small-number suppression to these rows.
WITH roles AS (
    SELECT c.role, c.role_label, r.sort_order AS role_order
    FROM respondent_counts AS c
    JOIN survey.roles AS r USING (role)
    WHERE c.wave = $wave AND c.locality IS NULL
),
responses AS (
    SELECT ro.role, 1 AS figure_order, 'responses' AS figure, 'Responses' AS label,
           'percent' AS unit, 100.0 * g.respondents / nullif(c.workforce, 0) AS value,
           coalesce(g.respondents, 0) AS count, c.workforce AS base, NULL AS answer
    FROM roles AS ro
    LEFT JOIN locality_groups AS g
        ON g.wave = $wave AND g.role = ro.role AND g.locality IS NOT DISTINCT FROM $locality
    LEFT JOIN respondent_counts AS c
        ON c.wave = $wave AND c.role = ro.role AND c.locality IS NOT DISTINCT FROM $locality
),
gaps AS (
    SELECT ro.role, s.n_no_clinical, s.n_answered, s.n_regular, s.n_answered_frequency
    FROM roles AS ro
    LEFT JOIN supervision_gaps AS s
        ON s.wave = $wave AND s.role = ro.role AND s.locality IS NOT DISTINCT FROM $locality
),
statements AS (
    SELECT ro.role, l.question_id, l.statement, l.theme, l.question_order, l.n, l.mean
    FROM roles AS ro
    JOIN likert_stats AS l
        ON l.wave = $wave AND l.role = ro.role AND l.locality IS NOT DISTINCT FROM $locality
    WHERE l.n > 0
),
low_count AS (
    SELECT ro.role, count(s.question_id) AS answered,
           count(s.question_id) FILTER (WHERE s.mean < $threshold) AS below
    FROM roles AS ro
    LEFT JOIN statements AS s USING (role)
    GROUP BY ro.role
),
ranked AS (   -- the role-support statements, lowest and highest first (ties: questionnaire order)
    SELECT *,
           row_number() OVER (PARTITION BY role ORDER BY mean, question_order) AS low_rank,
           row_number() OVER (PARTITION BY role ORDER BY mean DESC, question_order)
               AS high_rank
    FROM statements
    WHERE theme = 'role_support'
),
modes AS (
    SELECT m.role, m.question_id, m.question, m.question_order, m.theme, m.qtype,
           m.top_option, m.top_count, m.n_answered,
           100.0 * m.top_count / nullif(m.n_answered, 0) AS share
    FROM question_modes AS m
    WHERE m.wave = $wave AND m.locality IS NOT DISTINCT FROM $locality
),
figures AS (
    SELECT * FROM responses
    UNION ALL
    SELECT role, 2, 'no_clinical_supervision', 'No clinical supervision', 'percent',
           100.0 * n_no_clinical / nullif(n_answered, 0), n_no_clinical, n_answered, NULL
    FROM gaps
    UNION ALL
    SELECT role, 3, 'supervision_monthly', 'Supervision at least monthly', 'percent',
           100.0 * n_regular / nullif(n_answered_frequency, 0), n_regular,
           n_answered_frequency, NULL
    FROM gaps
    UNION ALL
    SELECT role, 4, 'statements_below_threshold',
           'Statements below 3 (role & support, supervision)', 'statements',
           CASE WHEN answered > 0 THEN below END, CASE WHEN answered > 0 THEN below END,
           answered, NULL
    FROM low_count
    UNION ALL
    SELECT ro.role, 5, 'lowest_statement', 'Lowest statement (role & support)', 'mean',
           r.mean, r.n, NULL, r.statement
    FROM roles AS ro
    LEFT JOIN ranked AS r ON r.role = ro.role AND r.low_rank = 1
    UNION ALL
    SELECT ro.role, 6, 'highest_statement', 'Highest statement (role & support)', 'mean',
           r.mean, r.n, NULL, r.statement
    FROM roles AS ro
    LEFT JOIN ranked AS r ON r.role = ro.role AND r.high_rank = 1
    UNION ALL
    SELECT ro.role, 7, 'top_training_need', 'Top training need', 'percent', m.share,
           m.top_count, m.n_answered, m.top_option
    FROM roles AS ro
    LEFT JOIN modes AS m ON m.role = ro.role AND m.question_id = $training_question
    UNION ALL
    SELECT ro.role, 8, 'mdt_member', 'Part of an MDT', 'percent',
           100.0 * c.count / nullif(c.n_answered, 0), c.count, c.n_answered, NULL
    FROM roles AS ro
    LEFT JOIN question_counts AS c
        ON c.wave = $wave AND c.role = ro.role AND c.locality IS NOT DISTINCT FROM $locality
       AND c.question_id = $mdt_question AND lower(c.option) = lower($mdt_option)
    UNION ALL
    SELECT ro.role, 9, 'top_outcome_measure', 'Most used outcome measure', 'percent',
           m.share, m.top_count, m.n_answered, m.top_option
    FROM roles AS ro
    LEFT JOIN modes AS m ON m.role = ro.role AND m.question_id = $outcome_question
    UNION ALL
    -- the modal band of every single-choice engagement question the role was asked,
    -- named by its codebook id (short, stable across waves): 'Appointment length'
    SELECT q.role, 100 + q.sort_order, 'mode_' || q.question_id,
           upper(q.question_id[1]) || replace(q.question_id[2:], '_', ' '), 'percent',
           m.share, m.top_count, m.n_answered, m.top_option
    FROM survey.questions AS q
    JOIN roles AS ro ON ro.role = q.role
    LEFT JOIN modes AS m ON m.role = q.role AND m.question_id = q.question_id
    WHERE q.wave = $wave AND q.theme = 'engagement' AND q.qtype = 'single'
)
SELECT CAST($wave AS INTEGER) AS wave, f.role, ro.role_label,
       CAST($locality AS VARCHAR) AS locality, f.figure, f.label, f.unit,
       CAST(f.value AS DOUBLE) AS value, CAST(f.count AS BIGINT) AS count,
       CAST(f.base AS BIGINT) AS base, CAST(f.answer AS VARCHAR) AS answer
FROM figures AS f
JOIN roles AS ro USING (role)
ORDER BY f.figure_order, f.figure, ro.role_order;
