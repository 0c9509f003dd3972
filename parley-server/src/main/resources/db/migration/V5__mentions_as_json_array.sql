-- Mentioned user ids as a JSON array of strings (e.g. ["bob","carol"]) instead of one string
-- joined with commas, which split a mention holding a comma into two. A new column, so that
-- a node of an earlier version fails on the missing column rather than misreading the new
-- format. Portable SQL for SQLite and PostgreSQL: || concatenates in both, and a backslash
-- in a string literal is itself in both (standard_conforming_strings, on by default).
ALTER TABLE messages ADD COLUMN mentions TEXT;

-- Existing rows: split where earlier versions split when reading (at every comma); escape
-- backslashes first, then quotes, so that each id becomes a valid JSON string.
UPDATE messages
   SET mentions = '["' || REPLACE(REPLACE(REPLACE(mentioned, '\', '\\'), '"', '\"'), ',', '","') || '"]'
 WHERE mentioned IS NOT NULL AND mentioned <> '';

ALTER TABLE messages DROP COLUMN mentioned;
