-- The most chosen option of every choice question, per role, wave and locality
-- (locality NULL = all localities): `top_option` (ties joined with ' / ' in option
-- order), `top_count`, `top_pct` of those who answered.  Options marked `none`
-- ("None of these") never count as the top option; top_option is NULL when nobody
-- chose anything.
CREATE OR REPLACE VIEW question_modes AS
WITH opts AS (
    SELECT wave, role, locality, theme, question_id, question, qtype, question_order,
           n_answered, option, option_order, count,
           max(count) OVER (PARTITION BY wave, role, locality, question_id) AS top_count
    FROM question_counts
    WHERE option IS NOT NULL AND qtype IN ('single', 'multi')
      AND coalesce(marker, '') <> 'none'
)
SELECT
    wave, role, locality, question_id,
    any_value(theme) AS theme,
    any_value(question) AS question,
    any_value(qtype) AS qtype,
    any_value(question_order) AS question_order,
    any_value(n_answered) AS n_answered,
    string_agg(option, ' / ' ORDER BY option_order)
        FILTER (WHERE count = top_count AND count > 0) AS top_option,
    CASE WHEN max(top_count) > 0 THEN max(top_count) END AS top_count,
    CASE WHEN max(top_count) > 0 AND any_value(n_answered) > 0
         THEN round(100.0 * max(top_count) / any_value(n_answered), 1) END AS top_pct
FROM opts
GROUP BY wave, role, locality, question_id;
