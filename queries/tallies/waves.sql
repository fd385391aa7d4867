-- Every wave with a row anywhere in the survey file: what a full recount covers (a wave
-- is counted even if another tool left it out of the waves table).
SELECT wave FROM survey.waves
UNION
SELECT wave FROM survey.respondents
UNION
SELECT wave FROM survey.answers
ORDER BY wave;
