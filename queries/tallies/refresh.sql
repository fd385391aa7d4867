-- Recount one wave's tallies (the wave in the variable tally_wave) from its answers.
-- Run by the import inside its transaction, after the wave's rows are written.
-- Rows are stored in (role, locality) order so a filtered read skips most blocks.
DELETE FROM survey.question_tally WHERE wave = getvariable('tally_wave');
INSERT INTO survey.question_tally
SELECT * FROM memory.main.count_questions WHERE wave = getvariable('tally_wave')
ORDER BY role, locality NULLS FIRST, theme, question_id;

DELETE FROM survey.option_tally WHERE wave = getvariable('tally_wave');
INSERT INTO survey.option_tally
SELECT * FROM memory.main.count_options WHERE wave = getvariable('tally_wave')
ORDER BY role, locality NULLS FIRST, theme, question_id, option_order;

DELETE FROM survey.locality_tally WHERE wave = getvariable('tally_wave');
INSERT INTO survey.locality_tally
SELECT * FROM memory.main.count_localities WHERE wave = getvariable('tally_wave')
ORDER BY role, locality NULLS FIRST;
