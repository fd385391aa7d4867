-- One theme for every role of a wave side by side (the All roles tab), for all
-- localities ($locality NULL) or one locality.  Tidy: one row per role and question the
-- role was asked (free-text questions left out), in questionnaire order.
--   unit     'mean' (a statement: value is its mean of 1-5, count who answered it) or
--            'percent' (a choice question: answer is its most common option, ties
--            joined with ' / ', value its share of base who answered (unrounded: the
--            reader rounds once), count its picks;
--            see question_modes)
-- A question nobody answered has null figures.  The data layer applies small-number
-- suppression to these rows.
WITH asked AS (   -- the roles with respondents in the wave, and what each was asked
    SELECT q.role, c.role_label, r.sort_order AS role_order, q.question_id,
           q.text AS question, q.qtype, q.sort_order
    FROM survey.questions AS q
    JOIN respondent_counts AS c
        ON c.wave = q.wave AND c.role = q.role AND c.locality IS NULL
    JOIN survey.roles AS r ON r.role = q.role
    WHERE q.wave = $wave AND q.theme = $theme AND q.qtype <> 'text'
)
SELECT CAST($wave AS INTEGER) AS wave, a.role, a.role_label,
       CAST($locality AS VARCHAR) AS locality, a.question_id, a.question, a.qtype,
       a.sort_order AS question_order,
       CASE WHEN a.qtype = 'likert' THEN 'mean' ELSE 'percent' END AS unit,
       CAST(CASE WHEN a.qtype = 'likert' THEN (CASE WHEN l.n > 0 THEN l.mean END)
                 ELSE 100.0 * m.top_count / nullif(m.n_answered, 0) END AS DOUBLE) AS value,
       CAST(CASE WHEN a.qtype = 'likert' THEN l.n ELSE m.top_count END AS BIGINT) AS count,
       CAST(CASE WHEN a.qtype = 'likert' THEN NULL ELSE m.n_answered END AS BIGINT) AS base,
       CAST(m.top_option AS VARCHAR) AS answer
FROM asked AS a
LEFT JOIN likert_stats AS l
    ON a.qtype = 'likert' AND l.wave = $wave AND l.role = a.role
   AND l.question_id = a.question_id AND l.locality IS NOT DISTINCT FROM $locality
LEFT JOIN question_modes AS m
    ON a.qtype <> 'likert' AND m.wave = $wave AND m.role = a.role
   AND m.question_id = a.question_id AND m.locality IS NOT DISTINCT FROM $locality
ORDER BY a.role_order, a.sort_order;
