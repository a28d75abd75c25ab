-- Sign-in sessions (only a SHA-256 of the cookie value is stored) and the audit log.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    -- microseconds since the epoch; (at, id) orders the log
    at BIGINT NOT NULL,
    environment TEXT NOT NULL,
    actor_id TEXT,
    actor_code TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);

CREATE INDEX audit_log_at ON audit_log (environment, at);
CREATE INDEX audit_log_entity ON audit_log (environment, entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (environment, actor_code);
