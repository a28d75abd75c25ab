//! Who has access to one resource: everyone with an effective role there (one pass over the
//! resource's column), searchable, each person's cells explained a page at a time.

use std::collections::HashMap;

use gatehouse_policy::{EnvironmentId, PreparedPolicy, ResourceId, Role, RoleChange, UserId};

/// The draft's changes to one resource, by person: data environment → role before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftChanges(HashMap<UserId, Vec<(EnvironmentId, Role)>>);

impl DraftChanges {
    /// The cells of `changes` (the draft's impact) on `resource`.
    pub fn on(resource: &ResourceId, changes: &[RoleChange]) -> Self {
        let mut by_user: HashMap<UserId, Vec<(EnvironmentId, Role)>> = HashMap::new();
        for change in changes.iter().filter(|c| &c.resource == resource) {
            by_user
                .entry(change.user.clone())
                .or_default()
                .push((change.env.clone(), change.old));
        }
        Self(by_user)
    }

    /// Whether the draft changes `user`'s access.
    pub fn touches(&self, user: &UserId) -> bool {
        self.0.contains_key(user)
    }

    /// `user`'s role in `env` before the draft, where the draft changes it.
    pub fn was(&self, user: &UserId, env: &EnvironmentId) -> Option<Role> {
        self.0
            .get(user)?
            .iter()
            .find(|(e, _)| e == env)
            .map(|(_, role)| *role)
    }

    /// How many people the draft changes.
    pub fn people(&self) -> usize {
        self.0.len()
    }
}

/// One person on the "Who has access" list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    /// The user.
    pub user: UserId,
    /// Display name.
    pub name: String,
    /// User code, for the link (`12345.FSmit`).
    pub code: Option<String>,
    /// Whether the draft changes this person's access here.
    pub changed: bool,
    /// Name and code in lower case, for searching and sorting.
    key: String,
}

/// Everyone with an effective role above None on `resource` in some data environment of
/// `after`, plus whoever the draft takes it from, sorted by name. One pass over the
/// resource's column: no decision is explained here.
pub fn holders(after: &PreparedPolicy, resource: &ResourceId, draft: &DraftChanges) -> Vec<Holder> {
    let Some(r) = after.resource_ix(resource) else {
        return Vec::new();
    };
    let envs = after.environments().count().max(1);
    let column = after.resource_column(r);
    let mut list: Vec<Holder> = after
        .policy()
        .users
        .iter()
        .zip(column.chunks(envs))
        .filter(|(user, levels)| levels.iter().any(|l| *l > 0) || draft.touches(&user.id))
        .map(|(user, _)| {
            let code = user.code.as_ref().map(ToString::to_string);
            Holder {
                key: format!("{}\u{1f}{}", user.name, code.as_deref().unwrap_or("")).to_lowercase(),
                user: user.id.clone(),
                name: user.name.clone(),
                changed: draft.touches(&user.id),
                code,
            }
        })
        .collect();
    list.sort_by(|a, b| a.key.cmp(&b.key).then_with(|| a.user.cmp(&b.user)));
    list
}

/// The holders whose name or code contains `query` (case-insensitive; everyone for blank).
pub fn search<'a>(list: &'a [Holder], query: &str) -> Vec<&'a Holder> {
    let query = query.trim().to_lowercase();
    list.iter().filter(|h| h.key.contains(&query)).collect()
}

/// One person's access in one data environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The effective role.
    pub role: Role,
    /// "from group ICT", "account owner", "no grant", …
    pub reason: String,
    /// The role before the draft, where the draft changes it.
    pub was: Option<Role>,
    /// The decision's one-line summary (tooltip).
    pub summary: String,
}

/// `user`'s access on `resource` in each of `environments`, explained (one page of people
/// at a time).
pub fn cells(
    after: &PreparedPolicy,
    user: &UserId,
    resource: &ResourceId,
    environments: &[EnvironmentId],
    draft: &DraftChanges,
) -> Vec<Option<Cell>> {
    environments
        .iter()
        .map(|env| {
            let decision = after.explain(user, resource, env).ok()?;
            let reason = super::outcomes::reason(&decision);
            Some(Cell {
                role: decision.role,
                reason,
                was: draft.was(user, env),
                summary: decision.summary,
            })
        })
        .collect()
}
