-- Messaging: messages stored once, one inbox entry per recipient user with that user's
-- next sequence number, groups. Portable SQL for SQLite and PostgreSQL.
ALTER TABLE apps ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE apps ADD COLUMN send_rate_limit INTEGER NOT NULL DEFAULT 5;

CREATE TABLE messages (
    app_key           VARCHAR(64)   NOT NULL,
    message_uid       VARCHAR(32)   NOT NULL,
    sender_id         VARCHAR(64)   NOT NULL,
    client_msg_id     VARCHAR(160)  NOT NULL,
    conversation_type INTEGER       NOT NULL,
    target_id         VARCHAR(64)   NOT NULL,
    conversation_key  VARCHAR(200)  NOT NULL,
    object_name       VARCHAR(64)   NOT NULL,
    content           TEXT          NOT NULL,
    push_content      VARCHAR(1024),
    flags             INTEGER       NOT NULL,
    mentioned         TEXT,
    sent_time         BIGINT        NOT NULL,
    PRIMARY KEY (app_key, message_uid)
);
-- Idempotent sends: one row per sender and client message id.
CREATE UNIQUE INDEX messages_client_msg ON messages (app_key, sender_id, client_msg_id);
CREATE INDEX messages_conversation ON messages (app_key, conversation_key, sent_time);
CREATE INDEX messages_sent_time ON messages (sent_time);

CREATE TABLE inbox (
    app_key     VARCHAR(64) NOT NULL,
    user_id     VARCHAR(64) NOT NULL,
    seq         BIGINT      NOT NULL,
    message_uid VARCHAR(32) NOT NULL,
    sent_time   BIGINT      NOT NULL,
    PRIMARY KEY (app_key, user_id, seq)
);
CREATE INDEX inbox_sent_time ON inbox (sent_time);

CREATE TABLE chat_groups (
    app_key    VARCHAR(64)  NOT NULL,
    group_id   VARCHAR(64)  NOT NULL,
    name       VARCHAR(128),
    created_at BIGINT       NOT NULL,
    PRIMARY KEY (app_key, group_id)
);

CREATE TABLE group_members (
    app_key   VARCHAR(64) NOT NULL,
    group_id  VARCHAR(64) NOT NULL,
    user_id   VARCHAR(64) NOT NULL,
    joined_at BIGINT      NOT NULL,
    PRIMARY KEY (app_key, group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (app_key, user_id);
