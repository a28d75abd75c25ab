-- Provisioning over SCIM 2.0: the tokens an identity provider uses (only a SHA-256 of each
-- secret is stored), the SCIM attributes kept beside a user or group as the identity
-- provider last sent them, and the last provisioning calls.
CREATE TABLE scim_tokens (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

CREATE INDEX scim_tokens_environment ON scim_tokens (environment);

CREATE TABLE scim_resources (
    environment TEXT NOT NULL REFERENCES environments (code),
    -- 'user' or 'group'
    entity TEXT NOT NULL CHECK (entity IN ('user', 'group')),
    entity_id TEXT NOT NULL,
    external_id TEXT,
    -- a user's userName folded to lower case (uniqueness and `userName eq` lookups)
    user_name_key TEXT,
    -- the resource's SCIM attributes as last written, JSON
    attributes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- unix milliseconds the identity provider deleted it at: a deleted user stays in
    -- Gatehouse, deactivated, but is no longer a SCIM resource
    deleted_at BIGINT,
    PRIMARY KEY (entity, entity_id)
);

CREATE UNIQUE INDEX scim_resources_user_name ON scim_resources (environment, user_name_key);
CREATE INDEX scim_resources_external_id ON scim_resources (environment, entity, external_id);

CREATE TABLE scim_calls (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL,
    -- unix milliseconds
    at_ms BIGINT NOT NULL,
    token_id TEXT,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    status BIGINT NOT NULL,
    outcome TEXT NOT NULL
);

CREATE INDEX scim_calls_at ON scim_calls (environment, at_ms);
