-- Foundation schema: organisations, their environments, users, groups, resources and grants.
-- SQLite flavour: flags are INTEGER 0/1 (sqlx's Any driver cannot decode SQLite BOOLEAN).
-- Ids are application-generated text; times are unix seconds; every mutable row has a version.
CREATE TABLE organisations (
    participant TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    collaborator_licence INTEGER NOT NULL DEFAULT 0,
    precedence TEXT NOT NULL DEFAULT 'highest_wins',
    version BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE environments (
    code TEXT PRIMARY KEY,
    participant TEXT NOT NULL REFERENCES organisations (participant),
    kind TEXT NOT NULL CHECK (kind IN ('production', 'test', 'accept')),
    name TEXT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'deactivated')),
    account_owner INTEGER NOT NULL DEFAULT 0,
    windows INTEGER NOT NULL DEFAULT 0,
    insite INTEGER NOT NULL DEFAULT 0,
    pocket INTEGER NOT NULL DEFAULT 0,
    password_hash TEXT,
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT users_code_unique UNIQUE (environment, code),
    CONSTRAINT users_email_unique UNIQUE (environment, email)
);

CREATE TABLE user_groups (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT user_groups_name_unique UNIQUE (environment, name)
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, user_id)
);

-- Data environments grants are scoped to (Production / Staging / Development built in, plus
-- custom ones), per organisation environment. The id is the policy's environment id.
CREATE TABLE data_environments (
    environment TEXT NOT NULL REFERENCES environments (code),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    builtin INTEGER NOT NULL DEFAULT 0,
    position BIGINT NOT NULL,
    PRIMARY KEY (environment, id),
    CONSTRAINT data_environments_name_unique UNIQUE (environment, name)
);

CREATE TABLE resources (
    id TEXT PRIMARY KEY,
    environment TEXT NOT NULL REFERENCES environments (code),
    kind TEXT NOT NULL CHECK (kind IN ('app', 'connector')),
    name TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT resources_name_unique UNIQUE (environment, kind, name)
);

CREATE TABLE grants (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'group', 'all_users')),
    -- the user or group id; empty for All Users, so one grant per subject and resource holds
    subject_id TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    expires_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    CONSTRAINT grants_subject_unique UNIQUE (resource_id, subject_kind, subject_id)
);

CREATE TABLE grant_environments (
    grant_id TEXT NOT NULL REFERENCES grants (id) ON DELETE CASCADE,
    data_environment_id TEXT NOT NULL,
    PRIMARY KEY (grant_id, data_environment_id)
);

CREATE INDEX users_environment_name ON users (environment, name);
CREATE INDEX group_members_user ON group_members (user_id);
CREATE INDEX grants_resource ON grants (resource_id);
