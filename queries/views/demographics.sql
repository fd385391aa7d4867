-- Theme view: every question of the 'demographics' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW demographics AS
SELECT * FROM question_counts WHERE theme = 'demographics';
