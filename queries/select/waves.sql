-- The waves a file holds, newest last.
SELECT wave, title, publisher, ics, source_file, imported_at, note
FROM survey.waves
ORDER BY wave;
