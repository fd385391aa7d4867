-- The tallies counted from the answers at each read (a version 1 file, which has no
-- stored tallies: it gives the same figures, only slower on a large file).
CREATE OR REPLACE VIEW question_tally AS SELECT * FROM memory.main.count_questions;
CREATE OR REPLACE VIEW option_tally AS SELECT * FROM memory.main.count_options;
CREATE OR REPLACE VIEW locality_tally AS SELECT * FROM memory.main.count_localities;
