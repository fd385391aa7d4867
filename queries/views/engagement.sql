-- Theme view: every question of the 'engagement' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW engagement AS
SELECT * FROM question_counts WHERE theme = 'engagement';
