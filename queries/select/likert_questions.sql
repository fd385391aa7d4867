-- The Likert statements asked of a role in a wave, in questionnaire order.
SELECT question_id, theme, text AS statement
FROM survey.questions
WHERE wave = $wave AND role = $role AND qtype = 'likert'
ORDER BY sort_order;
