-- Free-text comments of one theme ($theme NULL: every theme).
SELECT theme, question, comment, locality
FROM comments
WHERE wave = $wave AND role = $role
  AND ($theme IS NULL OR theme = $theme)
  AND ($locality IS NULL OR locality = $locality)
ORDER BY theme, question, comment;
