-- Likert statements whose mean is below a threshold, lowest first.
-- low_scores_below(t) takes the threshold as a bound parameter; low_scores uses 3 of 5.
CREATE OR REPLACE MACRO low_scores_below(threshold) AS TABLE
SELECT
    wave, role, locality, theme, question_id, statement, n, mean,
    n_1, n_2, n_3, n_4, n_5
FROM likert_stats
WHERE n > 0 AND mean < threshold;

CREATE OR REPLACE VIEW low_scores AS
SELECT * FROM low_scores_below(3);
