-- The tallies as the import stored them (a version 2 file).
CREATE OR REPLACE VIEW question_tally AS SELECT * FROM survey.question_tally;
CREATE OR REPLACE VIEW option_tally AS SELECT * FROM survey.option_tally;
CREATE OR REPLACE VIEW locality_tally AS SELECT * FROM survey.locality_tally;
