-- Several theme views at once for a role, wave and locality ($locality NULL: all
-- localities): for each theme in the list $themes, the rows theme.sql gives for it, in
-- the same order, theme after theme.  Each theme view is question_counts for its theme
-- (queries/views/<theme>.sql); one statement here costs DuckDB one plan instead of one
-- per theme (planning, not reading, is most of a small read's time).
SELECT wave, role, locality, theme, question_id, question, qtype, source, question_note,
       option, marker,
       n_answered, n_not_answered, count, pct, mean
FROM question_counts
WHERE list_contains($themes, theme) AND wave = $wave AND role = $role
  AND locality IS NOT DISTINCT FROM $locality
ORDER BY theme, question_order, option_order NULLS FIRST;
