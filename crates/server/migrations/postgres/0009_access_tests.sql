-- Access tests: expectations about access that administrators save and auditors rely on
-- ("members of Support have at most Editor on CRM Portal in Production"). Every change set
-- is checked against them before it is saved. `body` is the test as the policy crate
-- reads it (JSON); `name` is kept beside it so that two tests of one environment cannot
-- share a name.
CREATE TABLE access_tests (
    environment TEXT NOT NULL REFERENCES environments (code),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    position BIGINT NOT NULL,
    PRIMARY KEY (environment, id),
    CONSTRAINT access_tests_name_unique UNIQUE (environment, name)
);
