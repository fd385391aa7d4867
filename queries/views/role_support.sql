-- Theme view: every question of the 'role_support' theme, one row per option (see question_counts).
CREATE OR REPLACE VIEW role_support AS
SELECT * FROM question_counts WHERE theme = 'role_support';
