-- How the tallies are counted from the answers: one view per tally table (tables.sql),
-- in the in-memory catalog.  The import stores their rows (refresh.sql); with a version 1
-- file the explorer reads them live (live.sql).  `survey` is the survey file.
--
-- Each counts per locality ('Not stated' when none was given), on the narrow answer
-- rows (ids and numbers only) or, for count_localities, on the respondents, then adds
-- the role total (locality NULL) as the sum of the localities' counts: each respondent
-- has one locality.  Wording and labels are joined on later, by the views over the
-- tallies.
CREATE OR REPLACE VIEW memory.main.count_questions AS
WITH per_locality AS NOT MATERIALIZED (
    SELECT a.wave, a.role, coalesce(r.locality, 'Not stated') AS locality, q.theme,
           a.question_id,
           count(DISTINCT a.respondent_id) FILTER (WHERE a.answered) AS n_answered,
           count(*) FILTER (WHERE NOT a.answered) AS n_not_answered,
           sum(a.score)::BIGINT AS score_sum,
           count(a.score) AS score_n,
           count(*) FILTER (WHERE a.score = 1) AS n_1,
           count(*) FILTER (WHERE a.score = 2) AS n_2,
           count(*) FILTER (WHERE a.score = 3) AS n_3,
           count(*) FILTER (WHERE a.score = 4) AS n_4,
           count(*) FILTER (WHERE a.score = 5) AS n_5
    FROM survey.answers AS a
    JOIN survey.questions AS q USING (wave, role, question_id)
    JOIN survey.respondents AS r USING (wave, role, respondent_id)
    GROUP BY a.wave, a.role, coalesce(r.locality, 'Not stated'), q.theme, a.question_id
)
SELECT * FROM per_locality
UNION ALL
SELECT wave, role, NULL, theme, question_id, sum(n_answered)::BIGINT,
       sum(n_not_answered)::BIGINT, sum(score_sum)::BIGINT, sum(score_n)::BIGINT,
       sum(n_1)::BIGINT, sum(n_2)::BIGINT, sum(n_3)::BIGINT, sum(n_4)::BIGINT,
       sum(n_5)::BIGINT
FROM per_locality
GROUP BY wave, role, theme, question_id;

CREATE OR REPLACE VIEW memory.main.count_options AS
WITH per_locality AS NOT MATERIALIZED (
    SELECT a.wave, a.role, coalesce(r.locality, 'Not stated') AS locality, q.theme,
           a.question_id, a.option_order, count(*) AS n
    FROM survey.answers AS a
    JOIN survey.questions AS q USING (wave, role, question_id)
    JOIN survey.respondents AS r USING (wave, role, respondent_id)
    WHERE a.answered AND a.option_order IS NOT NULL
    GROUP BY a.wave, a.role, coalesce(r.locality, 'Not stated'), q.theme, a.question_id,
             a.option_order
)
SELECT * FROM per_locality
UNION ALL
SELECT wave, role, NULL, theme, question_id, option_order, sum(n)::BIGINT
FROM per_locality
GROUP BY wave, role, theme, question_id, option_order;

-- The supervision questions are found by their option markers, not by wording:
--   clinical_supervision on the supervision-types question,
--   regular_supervision / no_supervision on the frequency question.
-- Only the marked questions' answer rows are read.
CREATE OR REPLACE VIEW memory.main.count_localities AS
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
per_locality AS NOT MATERIALIZED (
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
)
SELECT * FROM per_locality
UNION ALL
SELECT wave, role, NULL, sum(respondents)::BIGINT, sum(n_answered)::BIGINT,
       sum(n_no_clinical)::BIGINT, sum(n_answered_frequency)::BIGINT,
       sum(n_regular)::BIGINT, sum(n_no_meetings)::BIGINT
FROM per_locality
GROUP BY wave, role;
