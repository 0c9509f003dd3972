-- The last seq of a user once retention deleted their inbox entries, so that seqs never
-- start again at 1: a device that synced to seq 57 asks for what comes after 57.
CREATE TABLE inbox_heads (
    app_key VARCHAR(64) NOT NULL,
    user_id VARCHAR(64) NOT NULL,
    seq     BIGINT      NOT NULL,
    PRIMARY KEY (app_key, user_id)
);
