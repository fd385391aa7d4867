-- Every stored answer with its respondent's locality and its question and option.
-- Base of the theme views; `survey` is the user's file, attached READ_ONLY.
CREATE OR REPLACE VIEW answer_facts AS
SELECT
    a.wave,
    a.role,
    coalesce(r.locality, 'Not stated') AS locality,
    a.respondent_id,
    q.theme,
    a.question_id,
    q.qtype,
    q.text AS question,
    q.sort_order AS question_order,
    q.source,
    a.answered,
    a.option_order,
    o.label AS option,
    o.marker,
    a.score,
    a.text_value
FROM survey.answers AS a
JOIN survey.respondents AS r USING (wave, role, respondent_id)
JOIN survey.questions AS q USING (wave, role, question_id)
LEFT JOIN survey.options AS o
    ON o.wave = a.wave AND o.role = a.role
   AND o.question_id = a.question_id AND o.option_order = a.option_order;
