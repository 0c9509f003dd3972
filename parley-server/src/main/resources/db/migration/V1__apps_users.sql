-- One script for SQLite and PostgreSQL: portable types only. Times are epoch milliseconds.
CREATE TABLE apps (
    app_key           VARCHAR(64)  NOT NULL PRIMARY KEY,
    app_secret        VARCHAR(128) NOT NULL,
    name              VARCHAR(128) NOT NULL,
    token_ttl_seconds BIGINT       NOT NULL DEFAULT 0,
    status            INTEGER      NOT NULL DEFAULT 0,
    created_at        BIGINT       NOT NULL,
    updated_at        BIGINT       NOT NULL
);

CREATE TABLE users (
    app_key              VARCHAR(64)   NOT NULL,
    user_id              VARCHAR(64)   NOT NULL,
    name                 VARCHAR(128),
    portrait_uri         VARCHAR(1024),
    token_invalid_before BIGINT        NOT NULL DEFAULT 0,
    blocked_until        BIGINT        NOT NULL DEFAULT 0,
    created_at           BIGINT        NOT NULL,
    updated_at           BIGINT        NOT NULL,
    PRIMARY KEY (app_key, user_id)
);

-- Caches of revocations and blocks catch up by reading rows changed since their last look.
CREATE INDEX users_updated_at ON users (updated_at);

CREATE TABLE admin_accounts (
    username      VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(256) NOT NULL,
    created_at    BIGINT       NOT NULL
);
