//! `scim`: Microsoft Entra ID's first sync replayed against `/scim/v2/{env}`: every user looked
//! up by userName and created, then every group looked up, created and filled with member
//! PATCHes, timed per request kind and as a whole.

mod client;
pub mod growth;
pub mod report;
mod sync;
mod wire;

use std::time::Duration;

use anyhow::bail;

use crate::stats::KindStats;
use growth::UserTiming;

pub use sync::run;

/// The requests the sync is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `GET /Users?filter=userName eq "…"`, expecting none.
    UserLookup,
    /// `POST /Users`, expecting 201.
    UserCreate,
    /// `GET /Groups?filter=displayName eq "…"`, expecting none.
    GroupLookup,
    /// `POST /Groups` without members, expecting 201.
    GroupCreate,
    /// `PATCH /Groups/{id}` adding a batch of members, expecting 200.
    MemberPatch,
}

impl Kind {
    /// Every kind, in the order of the sync and of [`Outcome::kinds`].
    pub const ALL: [Kind; 5] = [
        Kind::UserLookup,
        Kind::UserCreate,
        Kind::GroupLookup,
        Kind::GroupCreate,
        Kind::MemberPatch,
    ];

    /// Position in [`Outcome::kinds`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// How a report names it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::UserLookup => "user lookup",
            Kind::UserCreate => "user create",
            Kind::GroupLookup => "group lookup",
            Kind::GroupCreate => "group create",
            Kind::MemberPatch => "member patch",
        }
    }

    /// Whether it runs in the users phase (else the groups phase).
    pub fn in_users_phase(self) -> bool {
        matches!(self, Kind::UserLookup | Kind::UserCreate)
    }
}

/// What one sync did and how long it took.
pub struct Outcome {
    /// Users provisioned.
    pub users: u32,
    /// Groups provisioned.
    pub groups: u32,
    /// Most members one PATCH adds.
    pub members_per_patch: u32,
    /// Requests in flight at most.
    pub concurrency: u32,
    /// Latency (send to last byte) and statuses per [`Kind`], in [`Kind::ALL`] order.
    pub kinds: [KindStats; 5],
    /// From the first user lookup to the last user's creation.
    pub users_phase: Duration,
    /// From the first group lookup to the last member PATCH.
    pub groups_phase: Duration,
    /// The whole sync: both phases.
    pub total: Duration,
    /// Each user's lookup and creation, for [`growth::tenths`].
    pub user_timings: Vec<UserTiming>,
    /// Requests that got another status than expected, no reply, or a reply not as expected.
    pub failed: u64,
    /// The first few failures, for diagnosis.
    pub samples: Vec<String>,
}

/// Fails when any request of the sync failed (after the report has been printed).
pub fn check(outcome: &Outcome) -> anyhow::Result<()> {
    if outcome.failed > 0 {
        bail!(
            "{} SCIM requests failed (the first are listed above)",
            outcome.failed
        );
    }
    Ok(())
}
