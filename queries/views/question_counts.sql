-- One row per question and option, per role and wave, for all localities together
-- (locality IS NULL) and for each locality.  Options nobody chose are kept with count 0.
-- n_answered counts respondents who answered the question; pct is count / n_answered.
--
-- Speed: counts are taken on the narrow answer rows (ids and numbers only) and the
-- wording and labels are joined onto the small aggregated result.  All-locality totals
-- are sums of the per-locality counts (each respondent has one locality), so the answer
-- rows are read once.  Filters must reach the answer scan: the option counts are grouped
-- by theme (a theme view's `theme = ...` filter), and per-locality option rows are built
-- by grouping a UNION ALL rather than by joining two aggregates, so a `locality = ...`
-- filter reaches the respondents scan of both (DuckDB does not carry a filter across a
-- LEFT JOIN to its right side).
CREATE OR REPLACE VIEW question_counts AS
WITH base AS NOT MATERIALIZED (
    SELECT a.wave, a.role, coalesce(r.locality, 'Not stated') AS locality, q.theme,
           a.question_id, a.respondent_id, a.answered, a.option_order, a.score
    FROM survey.answers AS a
    JOIN survey.questions AS q USING (wave, role, question_id)
    JOIN survey.respondents AS r USING (wave, role, respondent_id)
),
per_locality AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id,
           count(DISTINCT respondent_id) FILTER (WHERE answered) AS n_answered,
           count(*) FILTER (WHERE NOT answered) AS n_not_answered,
           sum(score) AS score_sum,
           count(score) AS score_n
    FROM base
    GROUP BY wave, role, locality, theme, question_id
),
picks_locality AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, option_order, count(*) AS n
    FROM base
    WHERE answered AND option_order IS NOT NULL
    GROUP BY wave, role, locality, theme, question_id, option_order
),
per_option AS NOT MATERIALIZED (
    -- Every option of every question a locality answered (count 0 until picked), then
    -- the picks: grouped without a join, so a `locality = ...` filter reaches both.
    SELECT p.wave, p.role, p.locality, p.theme, p.question_id, o.option_order,
           p.n_answered, p.n_not_answered, p.score_sum, p.score_n, 0 AS n, true AS asked
    FROM per_locality AS p
    LEFT JOIN survey.options AS o
        ON o.wave = p.wave AND o.role = p.role AND o.question_id = p.question_id
    UNION ALL
    SELECT wave, role, locality, theme, question_id, option_order,
           NULL, NULL, NULL, NULL, n, false
    FROM picks_locality
),
with_options AS NOT MATERIALIZED (
    SELECT wave, role, locality, theme, question_id, option_order,
           max(n_answered) AS n_answered, max(n_not_answered) AS n_not_answered,
           max(score_sum) AS score_sum, max(score_n) AS score_n, sum(n) AS n
    FROM per_option
    GROUP BY wave, role, locality, theme, question_id, option_order
    HAVING bool_or(asked)
),
counted AS NOT MATERIALIZED (
    SELECT * FROM with_options
    UNION ALL
    SELECT wave, role, NULL AS locality, theme, question_id, option_order, sum(n_answered),
           sum(n_not_answered), sum(score_sum), sum(score_n), sum(n)
    FROM with_options
    GROUP BY wave, role, theme, question_id, option_order
)
SELECT
    c.wave,
    c.role,
    c.locality,
    c.theme,
    q.question_id,
    q.text AS question,
    q.qtype,
    q.sort_order AS question_order,
    q.source,
    q.note AS question_note,
    o.label AS option,
    o.option_order,
    o.score,
    o.marker,
    CAST(c.n_answered AS BIGINT) AS n_answered,
    CAST(c.n_not_answered AS BIGINT) AS n_not_answered,
    CASE WHEN o.label IS NULL THEN NULL ELSE CAST(c.n AS BIGINT) END AS count,
    CASE WHEN o.label IS NULL OR c.n_answered = 0 THEN NULL
         ELSE round(100.0 * c.n / c.n_answered, 1) END AS pct,
    CASE WHEN c.score_n > 0 THEN c.score_sum / c.score_n END AS mean
FROM counted AS c
JOIN survey.questions AS q USING (wave, role, question_id)
LEFT JOIN survey.options AS o
    ON o.wave = c.wave AND o.role = c.role AND o.question_id = c.question_id
   AND o.option_order = c.option_order;
