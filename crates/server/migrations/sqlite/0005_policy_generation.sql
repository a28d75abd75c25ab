-- A per-environment counter of changes to the permission data, so every server process can
-- keep the prepared policy snapshot in memory and reuse it while the counter is unchanged.
-- Triggers bump it on every table `load_policy` reads (store/snapshot.rs and
-- store/integration_snapshot.rs), so no write path — nor an edit by hand, nor another
-- server process — can forget to. A new table that feeds the snapshot needs the same triggers.
--
-- Rows whose environment is found through a parent (group members, grants, …) look the parent
-- up; when a cascade deletes the parent first the lookup finds nothing, but the parent's own
-- trigger has already bumped the same environment.
ALTER TABLE environments ADD COLUMN policy_generation BIGINT NOT NULL DEFAULT 0;

-- Organisations: the precedence rule applies to all their environments.
CREATE TRIGGER organisations_policy_update AFTER UPDATE ON organisations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE participant IN (OLD.participant, NEW.participant);
END;

-- Tables with their own environment column.
CREATE TRIGGER users_policy_insert AFTER INSERT ON users BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER users_policy_update AFTER UPDATE ON users BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER users_policy_delete AFTER DELETE ON users BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

CREATE TRIGGER user_groups_policy_insert AFTER INSERT ON user_groups BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER user_groups_policy_update AFTER UPDATE ON user_groups BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER user_groups_policy_delete AFTER DELETE ON user_groups BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

CREATE TRIGGER data_environments_policy_insert AFTER INSERT ON data_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER data_environments_policy_update AFTER UPDATE ON data_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER data_environments_policy_delete AFTER DELETE ON data_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

CREATE TRIGGER resources_policy_insert AFTER INSERT ON resources BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER resources_policy_update AFTER UPDATE ON resources BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER resources_policy_delete AFTER DELETE ON resources BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

CREATE TRIGGER app_connectors_policy_insert AFTER INSERT ON app_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER app_connectors_policy_update AFTER UPDATE ON app_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER app_connectors_policy_delete AFTER DELETE ON app_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

CREATE TRIGGER tables_policy_insert AFTER INSERT ON tables BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = NEW.environment;
END;
CREATE TRIGGER tables_policy_update AFTER UPDATE ON tables BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (OLD.environment, NEW.environment);
END;
CREATE TRIGGER tables_policy_delete AFTER DELETE ON tables BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1 WHERE code = OLD.environment;
END;

-- Group members: through their group.
CREATE TRIGGER group_members_policy_insert AFTER INSERT ON group_members BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM user_groups WHERE id = NEW.group_id);
END;
CREATE TRIGGER group_members_policy_update AFTER UPDATE ON group_members BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM user_groups WHERE id IN (OLD.group_id, NEW.group_id));
END;
CREATE TRIGGER group_members_policy_delete AFTER DELETE ON group_members BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM user_groups WHERE id = OLD.group_id);
END;

-- Grants: through their resource.
CREATE TRIGGER grants_policy_insert AFTER INSERT ON grants BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM resources WHERE id = NEW.resource_id);
END;
CREATE TRIGGER grants_policy_update AFTER UPDATE ON grants BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM resources WHERE id IN (OLD.resource_id, NEW.resource_id));
END;
CREATE TRIGGER grants_policy_delete AFTER DELETE ON grants BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM resources WHERE id = OLD.resource_id);
END;

-- A grant's environments: through the grant's resource.
CREATE TRIGGER grant_environments_policy_insert AFTER INSERT ON grant_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT r.environment FROM grants g JOIN resources r ON r.id = g.resource_id
                   WHERE g.id = NEW.grant_id);
END;
CREATE TRIGGER grant_environments_policy_update AFTER UPDATE ON grant_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT r.environment FROM grants g JOIN resources r ON r.id = g.resource_id
                   WHERE g.id IN (OLD.grant_id, NEW.grant_id));
END;
CREATE TRIGGER grant_environments_policy_delete AFTER DELETE ON grant_environments BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT r.environment FROM grants g JOIN resources r ON r.id = g.resource_id
                   WHERE g.id = OLD.grant_id);
END;

-- An app connector's included connectors: through the app connector.
CREATE TRIGGER app_connector_connectors_policy_insert AFTER INSERT ON app_connector_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM app_connectors WHERE id = NEW.app_connector_id);
END;
CREATE TRIGGER app_connector_connectors_policy_update AFTER UPDATE ON app_connector_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM app_connectors
                   WHERE id IN (OLD.app_connector_id, NEW.app_connector_id));
END;
CREATE TRIGGER app_connector_connectors_policy_delete AFTER DELETE ON app_connector_connectors BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM app_connectors WHERE id = OLD.app_connector_id);
END;

-- Filters, their group activations and user deviations: through their table.
CREATE TRIGGER filters_policy_insert AFTER INSERT ON filters BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = NEW.table_id);
END;
CREATE TRIGGER filters_policy_update AFTER UPDATE ON filters BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id IN (OLD.table_id, NEW.table_id));
END;
CREATE TRIGGER filters_policy_delete AFTER DELETE ON filters BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = OLD.table_id);
END;

CREATE TRIGGER filter_activations_policy_insert AFTER INSERT ON filter_activations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = NEW.table_id);
END;
CREATE TRIGGER filter_activations_policy_update AFTER UPDATE ON filter_activations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id IN (OLD.table_id, NEW.table_id));
END;
CREATE TRIGGER filter_activations_policy_delete AFTER DELETE ON filter_activations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = OLD.table_id);
END;

CREATE TRIGGER filter_deviations_policy_insert AFTER INSERT ON filter_deviations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = NEW.table_id);
END;
CREATE TRIGGER filter_deviations_policy_update AFTER UPDATE ON filter_deviations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id IN (OLD.table_id, NEW.table_id));
END;
CREATE TRIGGER filter_deviations_policy_delete AFTER DELETE ON filter_deviations BEGIN
    UPDATE environments SET policy_generation = policy_generation + 1
    WHERE code IN (SELECT environment FROM tables WHERE id = OLD.table_id);
END;
