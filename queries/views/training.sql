-- Theme view: every question of the 'training' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW training AS
SELECT * FROM question_counts WHERE theme = 'training';
