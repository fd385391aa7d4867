-- Per locality (NULL: all) and per choice question of a theme: each of the locality's
-- most chosen options (a tie gives a row per option; an option marked `none` never
-- counts, as in the question_modes view) with its count and who answered, beside the
-- role total's count of the SAME option and who answered in the role.  The locality
-- against the rest of its role is k of n against (total_count - k) of
-- (total_answered - n) on that option (tui/stats.py).  One scan of question_counts:
-- the role total's rows are its locality NULL rows.
WITH opts AS (
    SELECT locality, question_id, option, option_order, count, n_answered,
           max(count) OVER (PARTITION BY locality, question_id) AS top_count,
           max(CASE WHEN locality IS NULL THEN count END)
               OVER (PARTITION BY question_id, option_order) AS total_count,
           max(CASE WHEN locality IS NULL THEN n_answered END)
               OVER (PARTITION BY question_id) AS total_answered
    FROM question_counts
    WHERE wave = $wave AND role = $role AND theme = $theme
      AND option IS NOT NULL AND qtype IN ('single', 'multi')
      AND coalesce(marker, '') <> 'none'
)
SELECT locality, question_id, option, option_order, count, n_answered, total_count,
       total_answered
FROM opts
WHERE count = top_count AND count > 0
ORDER BY question_id, locality NULLS FIRST, option_order;
