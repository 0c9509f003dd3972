-- inbox_heads now holds every user's highest seq, not only the one retention deleted last:
-- in cluster mode several nodes write one database, and the database hands out seqs from
-- these rows (one locked row per user until the batch commits, so seqs commit in order).
-- Every user with inbox entries gets their highest seq here; a head retention recorded
-- higher is kept. Portable SQL for SQLite and PostgreSQL (SQLite wants a WHERE before an
-- upsert's ON CONFLICT after a SELECT).
INSERT INTO inbox_heads (app_key, user_id, seq)
SELECT app_key, user_id, MAX(seq) FROM inbox WHERE 1 = 1 GROUP BY app_key, user_id
    ON CONFLICT (app_key, user_id) DO UPDATE
   SET seq = CASE WHEN excluded.seq > inbox_heads.seq THEN excluded.seq ELSE inbox_heads.seq END;
