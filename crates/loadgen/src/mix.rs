//! The request mix: 90 % reads split evenly between the user list and one user's effective
//! access, 10 % grant updates — interleaved deterministically so every second of load has
//! the same shape.

/// One kind of request in the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// `GET /environments/{env}/users`: the user list page.
    UserList,
    /// `GET /environments/{env}/users/{code}/access`: one user's effective access.
    UserAccess,
    /// `PUT /environments/{env}/grants/{id}` with `If-Match`.
    GrantUpdate,
}

impl Kind {
    /// Every kind, in report order.
    pub const ALL: [Kind; 3] = [Kind::UserList, Kind::UserAccess, Kind::GrantUpdate];

    /// Position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        match self {
            Kind::UserList => 0,
            Kind::UserAccess => 1,
            Kind::GrantUpdate => 2,
        }
    }

    /// Short name for reports.
    pub fn label(self) -> &'static str {
        match self {
            Kind::UserList => "user list",
            Kind::UserAccess => "user access",
            Kind::GrantUpdate => "grant update",
        }
    }

    /// The kind of the `n`-th scheduled request: every tenth is a write; the nine reads in
    /// between alternate list/access, starting on the other one in the next block, so 20
    /// requests hold 9 lists, 9 accesses and 2 writes.
    pub fn for_slot(n: u64) -> Kind {
        let within = n % 10;
        if within == 0 {
            Kind::GrantUpdate
        } else if (n / 10 + within).is_multiple_of(2) {
            Kind::UserList
        } else {
            Kind::UserAccess
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_slots_hold_nine_lists_nine_accesses_and_two_writes() {
        let mut counts = [0; 3];
        for n in 0..20 {
            counts[Kind::for_slot(n).index()] += 1;
        }
        assert_eq!(counts, [9, 9, 2]);
    }

    #[test]
    fn the_mix_repeats_every_twenty_slots() {
        for n in 0..100 {
            assert_eq!(Kind::for_slot(n), Kind::for_slot(n + 20));
        }
    }
}
