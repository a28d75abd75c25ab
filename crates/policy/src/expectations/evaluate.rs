//! The one evaluation of access tests, used by the change-set preview, the save-time check
//! and the studio's tests page alike, so they can never disagree.
//!
//! Every test is judged on the compiled effective roles: a test about one user, or about a
//! small group, reads its cells one by one; a test about everyone (or everyone outside a
//! group) is first held against the range of levels the resource's grants allow, which
//! settles most tests that hold; the rest, and tests about a large group, read the
//! resource's whole column once, shared by every such test on that resource. A group's
//! active members come from the prepared policy's index.

use crate::compiled::{EnvIx, PreparedPolicy, ResourceIx, UserIx, UserState};
use crate::roles::{ResourceKind, Role};

use super::model::{AccessTest, Comparison, TestEnvironments, TestSubject};
use super::outcome::{Stale, TestOutcome, Verdict, Violation};

/// Whose cells a resolved test reads.
enum Who<'p> {
    User(UserIx),
    /// A group's active members.
    Members(&'p [UserIx]),
    Everyone,
    /// Everyone but these (a group's active members).
    Outside(&'p [UserIx]),
}

/// A test with its ids turned into indexes.
struct Resolved<'p> {
    resource: ResourceIx,
    kind: ResourceKind,
    envs: Vec<EnvIx>,
    who: Who<'p>,
}

/// A group test reads the resource's whole column when the group has at least one in
/// `COLUMN_FROM` of the users as members; below that, reading its members' cells one by one
/// is quicker.
pub(super) const COLUMN_FROM: usize = 8;

/// One cell that breaks a test, by index: what [`Violation`] says by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Cell {
    pub user: UserIx,
    pub env: EnvIx,
    pub effective: Role,
}

/// A test's failing cells (sorted by user, then environment), or what it names that is gone.
pub(super) type Judged = Result<Vec<Cell>, Vec<Stale>>;

/// Judges every test against `prepared`; one outcome per test, in the order given.
pub fn evaluate_tests(prepared: &PreparedPolicy, tests: &[AccessTest]) -> Vec<TestOutcome> {
    evaluate_with(prepared, tests, COLUMN_FROM)
}

/// [`evaluate_tests`] with the group threshold chosen (the unit tests force each way).
pub(super) fn evaluate_with(
    prepared: &PreparedPolicy,
    tests: &[AccessTest],
    column_from: usize,
) -> Vec<TestOutcome> {
    let refs: Vec<&AccessTest> = tests.iter().collect();
    judge(prepared, &refs, column_from)
        .into_iter()
        .zip(tests)
        .map(|(judged, test)| TestOutcome {
            test: test.id.clone(),
            verdict: match judged {
                Err(stale) => Verdict::Broken { stale },
                Ok(cells) if cells.is_empty() => Verdict::Passed,
                Ok(cells) => Verdict::Failed {
                    violations: cells
                        .iter()
                        .filter_map(|cell| violation(prepared, cell))
                        .collect(),
                },
            },
        })
        .collect()
}

/// A cell by id.
pub(super) fn violation(prepared: &PreparedPolicy, cell: &Cell) -> Option<Violation> {
    Some(Violation {
        user: prepared.user_id(cell.user)?.clone(),
        environment: prepared.env_id(cell.env)?.clone(),
        effective: cell.effective,
    })
}

/// The one evaluation behind [`evaluate_tests`] and [`super::broken_by`]: each test's
/// failing cells by index, or its stale names.
pub(super) fn judge(
    prepared: &PreparedPolicy,
    tests: &[&AccessTest],
    column_from: usize,
) -> Vec<Judged> {
    let resolved: Vec<Result<Resolved, Vec<Stale>>> =
        tests.iter().map(|test| resolve(prepared, test)).collect();
    let users = prepared.policy().users.len();
    let envs = prepared.policy().environments.len();
    // Tests on the same resource one after another, so each column is computed once.
    let mut order: Vec<(ResourceIx, usize)> = resolved
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().ok().map(|r| (r.resource, i)))
        .collect();
    order.sort_unstable();
    let mut found: Vec<Vec<Cell>> = vec![Vec::new(); tests.len()];
    let mut column = Vec::new();
    let mut column_of = None;
    let mut inactive: Option<Vec<bool>> = None;
    let mut skip = Vec::new();
    for (_, i) in order {
        let (Some(Ok(test)), Some(comparison), Some(out)) = (
            resolved.get(i),
            tests.get(i).map(|t| t.comparison),
            found.get_mut(i),
        ) else {
            continue;
        };
        let wide = match &test.who {
            Who::User(_) => false,
            Who::Members(members) => members.len().saturating_mul(column_from) >= users,
            Who::Everyone | Who::Outside(_) => true,
        };
        // Every active user's level lies within the bounds, so a comparison that admits
        // both holds for everyone (and everyone outside a group) without a column.
        if matches!(test.who, Who::Everyone | Who::Outside(_))
            && prepared
                .level_bounds(test.resource, &test.envs)
                .is_none_or(|(low, high)| comparison.admits(low) && comparison.admits(high))
        {
            continue;
        }
        if wide && column_of != Some(test.resource) {
            prepared.resource_column_into(test.resource, &mut column);
            column_of = Some(test.resource);
        }
        let mut cells = Cells {
            comparison,
            kind: test.kind,
            envs: &test.envs,
            out,
        };
        match &test.who {
            Who::User(user) => {
                if prepared.user_state(*user) != UserState::Deactivated {
                    cells.check(*user, |e| prepared.effective_level(*user, test.resource, e));
                }
            }
            Who::Members(members) if !wide => {
                for user in *members {
                    cells.check(*user, |e| prepared.effective_level(*user, test.resource, e));
                }
            }
            Who::Members(members) => {
                for user in *members {
                    cells.check(*user, |e| level(&column, *user, e, envs));
                }
            }
            Who::Everyone | Who::Outside(_) => {
                // Deactivated users, and for "outside" the group's members, are skipped.
                let inactive = inactive.get_or_insert_with(|| {
                    prepared
                        .users()
                        .map(|u| prepared.user_state(u) == UserState::Deactivated)
                        .collect::<Vec<bool>>()
                });
                skip.clear();
                skip.extend_from_slice(inactive);
                if let Who::Outside(members) = &test.who {
                    for user in *members {
                        if let Some(bit) = skip.get_mut(user.index()) {
                            *bit = true;
                        }
                    }
                }
                cells.scan(prepared, &column, envs, &skip);
            }
        }
    }
    resolved
        .into_iter()
        .zip(found)
        .map(|(resolved, cells)| resolved.map(|_| cells))
        .collect()
}

/// `user`'s level in `env` from a resource column.
#[inline]
fn level(column: &[u8], user: UserIx, env: EnvIx, envs: usize) -> u8 {
    column
        .get(user.index() * envs + env.index())
        .copied()
        .unwrap_or(0)
}

/// The failing cells of one test, as they are found.
struct Cells<'a> {
    comparison: Comparison,
    kind: ResourceKind,
    envs: &'a [EnvIx],
    out: &'a mut Vec<Cell>,
}

impl Cells<'_> {
    /// Checks `user`'s cell in each of the test's environments, `level_in` giving the level.
    #[inline]
    fn check(&mut self, user: UserIx, level_in: impl Fn(EnvIx) -> u8) {
        for env in self.envs {
            let level = level_in(*env);
            if !self.comparison.admits(level) {
                self.push(user, *env, level);
            }
        }
    }

    /// Checks every user not marked in `skip` from a whole column (`envs` levels per user):
    /// the tight loop of tests about everyone.
    fn scan(&mut self, prepared: &PreparedPolicy, column: &[u8], envs: usize, skip: &[bool]) {
        let (low, high) = self.comparison.bounds();
        let test_envs = self.envs;
        let rows = prepared
            .users()
            .zip(column.chunks_exact(envs.max(1)))
            .zip(skip);
        for ((user, levels), skipped) in rows {
            if *skipped {
                continue;
            }
            for env in test_envs {
                let level = levels.get(env.index()).copied().unwrap_or(0);
                if level < low || level > high {
                    self.push(user, *env, level);
                }
            }
        }
    }

    #[cold]
    fn push(&mut self, user: UserIx, env: EnvIx, level: u8) {
        self.out.push(Cell {
            user,
            env,
            effective: Role::from_level(self.kind, level).unwrap_or(Role::none(self.kind)),
        });
    }
}

/// The test's ids as indexes, or everything it names that `prepared` lacks.
fn resolve<'p>(
    prepared: &'p PreparedPolicy,
    test: &AccessTest,
) -> Result<Resolved<'p>, Vec<Stale>> {
    let names = &test.saved_names;
    let mut stale = Vec::new();
    let resource = prepared.resource_ix(&test.resource);
    let kind = resource.and_then(|r| prepared.resource_kind(r));
    match (kind, test.comparison.role()) {
        (None, _) => stale.push(Stale::Resource {
            id: test.resource.clone(),
            name: names.resource.clone(),
        }),
        (Some(kind), Some(role)) if role.kind() != kind => {
            stale.push(Stale::Ladder { role, kind });
        }
        _ => {}
    }
    let members = |id, stale: &mut Vec<Stale>| {
        prepared.active_members(id).unwrap_or_else(|| {
            stale.push(Stale::Group {
                id: id.clone(),
                name: names.subject.clone(),
            });
            &[]
        })
    };
    let who = match &test.subject {
        TestSubject::User(id) => match prepared.user_ix(id) {
            Some(user) => Who::User(user),
            None => {
                stale.push(Stale::User {
                    id: id.clone(),
                    name: names.subject.clone(),
                });
                Who::Everyone
            }
        },
        TestSubject::Group(id) => Who::Members(members(id, &mut stale)),
        TestSubject::Everyone => Who::Everyone,
        TestSubject::EveryoneOutside(id) => Who::Outside(members(id, &mut stale)),
    };
    let envs = match &test.environments {
        TestEnvironments::All => prepared.environments().collect(),
        TestEnvironments::Only(ids) => {
            let mut envs = Vec::with_capacity(ids.len());
            for id in ids {
                match prepared.env_ix(id) {
                    Some(env) => envs.push(env),
                    None => stale.push(Stale::Environment {
                        id: id.clone(),
                        name: names.environments.get(id).cloned().unwrap_or_default(),
                    }),
                }
            }
            envs.sort_unstable();
            envs.dedup();
            envs
        }
    };
    match (resource, kind) {
        (Some(resource), Some(kind)) if stale.is_empty() => Ok(Resolved {
            resource,
            kind,
            envs,
            who,
        }),
        _ => Err(stale),
    }
}
