-- Theme view: every question of the 'supervision' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW supervision AS
SELECT * FROM question_counts WHERE theme = 'supervision';
