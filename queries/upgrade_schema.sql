-- Raise the survey file's schema version ($version) once the import has added what the
-- new version holds (version 2: the tallies, every wave counted).
UPDATE survey.schema_info SET value = $version WHERE key = 'schema_version';
