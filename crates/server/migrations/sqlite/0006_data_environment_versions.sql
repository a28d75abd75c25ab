-- Custom data environments are created, renamed and deleted through change sets; each edit
-- carries the version it was made against, like every other administered row.
ALTER TABLE data_environments ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
