-- SDK client message ids are time-ordered (ULID layout). With the id first, the new keys of a
-- write batch land together at the right edge of this index instead of on one page per
-- sender: measured on SQLite, 1:1 messages among 1,000 users, 10-25 % less CPU per message.
-- Uniqueness is the same set of columns.
DROP INDEX messages_client_msg;
CREATE UNIQUE INDEX messages_client_msg ON messages (app_key, client_msg_id, sender_id);
