-- A per-environment counter of changes to the permission data, so every server process can
-- keep the prepared policy snapshot in memory and reuse it while the counter is unchanged.
-- Triggers bump it on every table `load_policy` reads (store/snapshot.rs and
-- store/integration_snapshot.rs), so no write path — nor an edit by hand, nor another
-- server process — can forget to. A new table that feeds the snapshot needs the same trigger
-- and a branch in `gatehouse_policy_environment`.
--
-- Bumping updates the environment's row, so a transaction that changes permission data holds
-- that row's lock until it commits: such transactions are serialised per environment, and
-- while one holds the lock no other can commit a change to the same snapshot.
ALTER TABLE environments ADD COLUMN policy_generation BIGINT NOT NULL DEFAULT 0;

-- The environment a row of `tbl` belongs to (through its parent where it has no column of its
-- own); NULL when the parent is already gone in a cascade, whose own trigger bumps instead.
CREATE FUNCTION gatehouse_policy_environment(tbl TEXT, r JSONB) RETURNS TEXT
LANGUAGE plpgsql STABLE AS $$
BEGIN
    CASE tbl
        WHEN 'users', 'user_groups', 'data_environments', 'resources', 'app_connectors',
             'tables' THEN
            RETURN r ->> 'environment';
        WHEN 'group_members' THEN
            RETURN (SELECT environment FROM user_groups WHERE id = r ->> 'group_id');
        WHEN 'grants' THEN
            RETURN (SELECT environment FROM resources WHERE id = r ->> 'resource_id');
        WHEN 'grant_environments' THEN
            RETURN (SELECT res.environment FROM grants g JOIN resources res ON res.id = g.resource_id
                    WHERE g.id = r ->> 'grant_id');
        WHEN 'app_connector_connectors' THEN
            RETURN (SELECT environment FROM app_connectors WHERE id = r ->> 'app_connector_id');
        WHEN 'filters', 'filter_activations', 'filter_deviations' THEN
            RETURN (SELECT environment FROM tables WHERE id = r ->> 'table_id');
        ELSE
            RETURN NULL;
    END CASE;
END
$$;

CREATE FUNCTION gatehouse_bump_policy_generation() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
DECLARE
    old_env TEXT;
    new_env TEXT;
BEGIN
    IF TG_TABLE_NAME = 'organisations' THEN
        UPDATE environments SET policy_generation = policy_generation + 1
        WHERE participant IN (OLD.participant, NEW.participant);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        old_env := gatehouse_policy_environment(TG_TABLE_NAME, to_jsonb(OLD));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        new_env := gatehouse_policy_environment(TG_TABLE_NAME, to_jsonb(NEW));
    END IF;
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (old_env, new_env);
    RETURN NULL;
END
$$;

CREATE TRIGGER organisations_policy AFTER UPDATE ON organisations
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER users_policy AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER user_groups_policy AFTER INSERT OR UPDATE OR DELETE ON user_groups
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER group_members_policy AFTER INSERT OR UPDATE OR DELETE ON group_members
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER data_environments_policy AFTER INSERT OR UPDATE OR DELETE ON data_environments
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER resources_policy AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER grants_policy AFTER INSERT OR UPDATE OR DELETE ON grants
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER grant_environments_policy AFTER INSERT OR UPDATE OR DELETE ON grant_environments
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER app_connectors_policy AFTER INSERT OR UPDATE OR DELETE ON app_connectors
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER app_connector_connectors_policy AFTER INSERT OR UPDATE OR DELETE ON app_connector_connectors
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER tables_policy AFTER INSERT OR UPDATE OR DELETE ON tables
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER filters_policy AFTER INSERT OR UPDATE OR DELETE ON filters
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER filter_activations_policy AFTER INSERT OR UPDATE OR DELETE ON filter_activations
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
CREATE TRIGGER filter_deviations_policy AFTER INSERT OR UPDATE OR DELETE ON filter_deviations
    FOR EACH ROW EXECUTE FUNCTION gatehouse_bump_policy_generation();
