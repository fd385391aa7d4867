-- Per locality (NULL: all) and per choice question of a theme: each of the locality's
-- most chosen options (a tie gives a row per option; an option marked `none` never
-- counts, as in the question_modes view) with its count and who answered, beside the
-- role total's count of the SAME option and who answered in the role.  The locality
-- against the rest of its role is k of n against (total_count - k) of
-- (total_answered - n) on that option (tui/stats.py).
WITH opts AS (
    SELECT locality, question_id, option, option_order, count, n_answered,
           max(count) OVER (PARTITION BY locality, question_id) AS top_count
    FROM question_counts
    WHERE wave = $wave AND role = $role AND theme = $theme
      AND option IS NOT NULL AND qtype IN ('single', 'multi')
      AND coalesce(marker, '') <> 'none'
)
SELECT g.locality_order, o.question_id, o.option, o.option_order, o.count, o.n_answered,
       t.count AS total_count, t.n_answered AS total_answered
FROM locality_groups AS g
JOIN opts AS o ON o.locality IS NOT DISTINCT FROM g.locality
JOIN question_counts AS t
    ON t.wave = g.wave AND t.role = g.role AND t.theme = $theme AND t.locality IS NULL
   AND t.question_id = o.question_id AND t.option_order = o.option_order
WHERE g.wave = $wave AND g.role = $role AND o.count = o.top_count AND o.count > 0
ORDER BY o.question_id, g.locality_order, o.option_order;
