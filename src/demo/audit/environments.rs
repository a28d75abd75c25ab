//! The audit entries of a change set's data environment steps, which the server writes
//! after the set's other steps (a deleted environment's grants first).

use gatehouse_policy::SetChange;
use gatehouse_wire::{DataEnvironmentView, GrantView};

use super::record::{grant_entry, value, Before, Pending};
use crate::demo::queries::data_environment_views;
use crate::demo::DemoState;

/// The entries of a set's data environment steps, written after its other steps: each
/// deletion's grants (taken out of the environment, or gone when it was their only one),
/// then one entry per environment (deleted and renamed ones in order, created ones last).
pub(super) fn data_environment_entries(
    state: &DemoState,
    before: &Before,
    steps: &[&SetChange],
    mut grants: Vec<GrantView>,
) -> Vec<Pending> {
    let mut out = Vec::new();
    let mut audited: Vec<(&'static str, String, Option<&DataEnvironmentView>)> = Vec::new();
    let mut created = Vec::new();
    let old = |id: &str| before.data_environment(id);
    for step in steps {
        match step {
            SetChange::DeleteDataEnvironment { environment } => {
                let id = environment.as_str();
                for grant in grants
                    .iter_mut()
                    .filter(|g| g.environments.iter().any(|e| e == id))
                {
                    if grant.environments.iter().all(|e| e == id) {
                        out.push(grant_entry("delete", &grant.id, Some(&*grant), None));
                    } else {
                        let mut stripped = grant.clone();
                        stripped.environments.retain(|e| e != id);
                        stripped.version += 1;
                        out.push(grant_entry(
                            "update",
                            &grant.id,
                            Some(&*grant),
                            Some(&stripped),
                        ));
                        *grant = stripped;
                    }
                }
                grants.retain(|g| !g.environments.iter().all(|e| e == id));
                audited.push(("delete", id.to_owned(), old(id)));
            }
            SetChange::RenameDataEnvironment { environment } => {
                let id = environment.id.as_str();
                audited.push(("update", id.to_owned(), old(id)));
            }
            SetChange::CreateDataEnvironment { environment } => {
                created.push(environment.id.to_string());
            }
            _ => {}
        }
    }
    audited.extend(created.into_iter().map(|id| ("create", id, None)));
    let now = data_environment_views(state);
    for (action, id, old) in audited {
        let new = now.iter().find(|e| e.id == id);
        out.push(Pending {
            action,
            entity: "data_environment",
            entity_id: id,
            before: value(old),
            after: value(new),
        });
    }
    out
}
