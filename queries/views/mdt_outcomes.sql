-- Theme view: every question of the 'mdt_outcomes' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW mdt_outcomes AS
SELECT * FROM question_counts WHERE theme = 'mdt_outcomes';
