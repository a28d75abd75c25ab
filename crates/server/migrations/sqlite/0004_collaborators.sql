-- Collaborator users (DESIGN §5): system or normal users, collaborator activation, and the
-- nightly sync's runs with their per-environment results.
ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'normal' CHECK (kind IN ('system', 'normal'));
-- The person a normal user is linked to; empty for system users.
ALTER TABLE users ADD COLUMN person_id TEXT;
-- Activated as a collaborator (only in its own organisation's production environment).
ALTER TABLE users ADD COLUMN collaborator INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_runs (
    id TEXT PRIMARY KEY,
    -- `schedule:<unix seconds of the planned time>` or `manual:<id>`: a scheduled slot runs once,
    -- however many server processes share the database.
    slot TEXT NOT NULL,
    trigger_kind TEXT NOT NULL CHECK (trigger_kind IN ('schedule', 'manual')),
    triggered_by TEXT,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
    updated_count BIGINT NOT NULL DEFAULT 0,
    conflict_count BIGINT NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    CONSTRAINT sync_runs_slot_unique UNIQUE (slot)
);

CREATE TABLE sync_results (
    run_id TEXT NOT NULL REFERENCES sync_runs (id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    environment TEXT NOT NULL,
    user_code TEXT NOT NULL,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('updated', 'conflict')),
    detail_json TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE INDEX sync_runs_started ON sync_runs (started_at);
CREATE INDEX sync_results_environment ON sync_results (environment);
