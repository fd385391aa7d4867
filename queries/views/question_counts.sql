-- One row per question and option, per role and wave, for all localities together
-- (locality IS NULL) and for each locality.  Options nobody chose are kept with count 0.
-- n_answered counts respondents who answered the question; pct is count / n_answered.
CREATE OR REPLACE VIEW question_counts AS
WITH per_question AS (
    SELECT
        wave, role,
        CASE WHEN grouping(locality) = 1 THEN NULL ELSE locality END AS locality,
        question_id,
        count(DISTINCT respondent_id) FILTER (WHERE answered) AS n_answered,
        count(DISTINCT respondent_id) FILTER (WHERE NOT answered) AS n_not_answered,
        avg(score) AS mean
    FROM answer_facts
    GROUP BY GROUPING SETS ((wave, role, question_id), (wave, role, locality, question_id))
),
picks AS (
    SELECT
        wave, role,
        CASE WHEN grouping(locality) = 1 THEN NULL ELSE locality END AS locality,
        question_id, option_order,
        count(*) AS n
    FROM answer_facts
    WHERE answered AND option_order IS NOT NULL
    GROUP BY GROUPING SETS ((wave, role, question_id, option_order),
                            (wave, role, locality, question_id, option_order))
)
SELECT
    p.wave,
    p.role,
    p.locality,
    q.theme,
    q.question_id,
    q.text AS question,
    q.qtype,
    q.sort_order AS question_order,
    q.source,
    q.note AS question_note,
    o.label AS option,
    o.option_order,
    o.score,
    o.marker,
    p.n_answered,
    p.n_not_answered,
    CASE WHEN o.label IS NULL THEN NULL ELSE coalesce(k.n, 0) END AS count,
    CASE WHEN o.label IS NULL OR p.n_answered = 0 THEN NULL
         ELSE round(100.0 * coalesce(k.n, 0) / p.n_answered, 1) END AS pct,
    p.mean
FROM per_question AS p
JOIN survey.questions AS q USING (wave, role, question_id)
LEFT JOIN survey.options AS o
    ON o.wave = p.wave AND o.role = p.role AND o.question_id = p.question_id
LEFT JOIN picks AS k
    ON k.wave = p.wave AND k.role = p.role AND k.question_id = p.question_id
   AND k.option_order = o.option_order
   AND k.locality IS NOT DISTINCT FROM p.locality;
