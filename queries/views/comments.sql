-- Free-text answers, one row per comment, with the theme and question they answer.
CREATE OR REPLACE VIEW comments AS
SELECT wave, role, locality, theme, question_id, question, text_value AS comment
FROM answer_facts
WHERE qtype = 'text' AND answered AND text_value IS NOT NULL;
