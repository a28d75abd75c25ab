//! Licence counts per organisation: a collaborator counts for its provider, not for the
//! client — except that a normal (person-linked) collaborator with InSite counts toward the
//! client's InSite licence.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Landscape, UserKind};
use crate::ids::{Participant, UserCode};

/// What an organisation's licence is charged for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LicenceCount {
    /// Distinct own users across the organisation's environments (collaborators included).
    pub users: usize,
    /// Own users activated as collaborators.
    pub collaborators: usize,
    /// Distinct users with InSite in its environments: own users, plus other organisations'
    /// collaborators added as normal users with InSite.
    pub insite: usize,
}

impl Landscape {
    /// The licence count of every organisation.
    pub fn licence_counts(&self) -> BTreeMap<Participant, LicenceCount> {
        let mut users: BTreeMap<Participant, BTreeSet<&UserCode>> = BTreeMap::new();
        let mut collaborators: BTreeMap<Participant, BTreeSet<&UserCode>> = BTreeMap::new();
        let mut insite: BTreeMap<Participant, BTreeSet<&UserCode>> = BTreeMap::new();
        for (environment, list) in &self.users {
            let org = environment.participant();
            for user in list {
                let own = user.code.participant() == org;
                if own {
                    users.entry(org).or_default().insert(&user.code);
                    if user.collaborator {
                        collaborators.entry(org).or_default().insert(&user.code);
                    }
                }
                let normal = matches!(user.kind, UserKind::Normal { .. });
                if user.flags.insite && (own || normal) {
                    insite.entry(org).or_default().insert(&user.code);
                }
            }
        }
        let count = |map: &BTreeMap<Participant, BTreeSet<&UserCode>>, p| {
            map.get(&p).map_or(0, BTreeSet::len)
        };
        self.organisations
            .iter()
            .map(|o| {
                let p = o.participant;
                (
                    p,
                    LicenceCount {
                        users: count(&users, p),
                        collaborators: count(&collaborators, p),
                        insite: count(&insite, p),
                    },
                )
            })
            .collect()
    }
}
