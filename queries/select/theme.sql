-- One theme view for a role, wave and locality ($locality NULL: all localities).
SELECT wave, role, locality, theme, question_id, question, qtype, source, question_note,
       option, marker,
       n_answered, n_not_answered, count, pct, mean
FROM query_table($view)
WHERE wave = $wave AND role = $role AND locality IS NOT DISTINCT FROM $locality
ORDER BY question_order, option_order NULLS FIRST;
