-- App connectors, their included connectors and user tokens (DESIGN §3); tables with rows,
-- filters, group activations and user deviations (DESIGN §4).
CREATE TABLE app_connectors (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    name TEXT NOT NULL,
    -- a linked group cannot be deleted while an app connector uses it
    group_id TEXT NOT NULL REFERENCES user_groups (id),
    blocked BOOLEAN NOT NULL DEFAULT FALSE,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT app_connectors_name_unique UNIQUE (environment, name)
);

-- The connectors a call through an app connector may use, as get or update connector.
CREATE TABLE app_connector_connectors (
    app_connector_id TEXT NOT NULL REFERENCES app_connectors (id) ON DELETE CASCADE,
    connector_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('get', 'update')),
    PRIMARY KEY (app_connector_id, connector_id, kind)
);

-- Only a SHA-256 of the secret is stored; `prefix` is the secret's first characters, shown in
-- lists and used to find the candidate rows whose hashes are then compared in constant time.
CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    app_connector_id TEXT NOT NULL REFERENCES app_connectors (id) ON DELETE CASCADE,
    prefix TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    last_used_at BIGINT,
    CONSTRAINT tokens_hash_unique UNIQUE (token_hash)
);

CREATE TABLE tables (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    name TEXT NOT NULL,
    filter_mode TEXT NOT NULL DEFAULT 'all_rows' CHECK (filter_mode IN ('all_rows', 'according_to_filter')),
    -- JSON array of field names
    fields_json TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT tables_name_unique UNIQUE (environment, name)
);

CREATE TABLE table_rows (
    table_id TEXT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    row_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    -- JSON object: field name → value
    values_json TEXT NOT NULL,
    PRIMARY KEY (table_id, row_id)
);

-- Which table a get connector serves (the HR Database connector serves Dossier items).
CREATE TABLE connector_tables (
    connector_id TEXT PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    table_id TEXT NOT NULL REFERENCES tables (id) ON DELETE CASCADE
);

CREATE TABLE filters (
    table_id TEXT NOT NULL REFERENCES tables (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    position BIGINT NOT NULL,
    -- the policy crate's Predicate as JSON
    predicate_json TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (table_id, id),
    CONSTRAINT filters_name_unique UNIQUE (table_id, name)
);

CREATE TABLE filter_activations (
    table_id TEXT NOT NULL,
    filter_id TEXT NOT NULL,
    group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (table_id, filter_id, group_id),
    FOREIGN KEY (table_id, filter_id) REFERENCES filters (table_id, id) ON DELETE CASCADE
);

CREATE TABLE filter_deviations (
    table_id TEXT NOT NULL,
    filter_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    deviation TEXT NOT NULL CHECK (deviation IN ('force_on', 'force_off')),
    PRIMARY KEY (table_id, filter_id, user_id),
    FOREIGN KEY (table_id, filter_id) REFERENCES filters (table_id, id) ON DELETE CASCADE
);

CREATE INDEX app_connectors_environment ON app_connectors (environment, name);
CREATE INDEX tokens_prefix ON tokens (prefix);
CREATE INDEX tokens_environment ON tokens (environment, created_at);
CREATE INDEX tables_environment ON tables (environment, name);
CREATE INDEX connector_tables_table ON connector_tables (table_id);
