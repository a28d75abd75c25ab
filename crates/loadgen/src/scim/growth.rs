//! Whether a user request costs more as the organisation grows: the latencies of the user
//! lookups and creations split into tenths by the user's index (the order they were sent in),
//! each tenth with its median and p99. Flat tenths mean a request's cost does not depend on
//! how many users exist; rising ones mean it does.

use std::fmt::Write as _;
use std::time::Duration;

/// How long one user's lookup and creation took (`None`: it was not created).
#[derive(Debug, Clone, Copy)]
pub struct UserTiming {
    /// The user's index, 1-based.
    pub index: u32,
    /// The lookup, send to last byte.
    pub lookup: Duration,
    /// The creation, send to last byte.
    pub create: Option<Duration>,
}

/// The median and p99 of one tenth of the users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tenth {
    /// First user index of the tenth.
    pub first: u32,
    /// Last user index of the tenth.
    pub last: u32,
    /// Lookups: median and p99.
    pub lookup: (Duration, Duration),
    /// Creations: median and p99.
    pub create: (Duration, Duration),
}

/// `timings` of `users` users in ten slices of consecutive indexes (fewer with under ten).
pub fn tenths(timings: &[UserTiming], users: u32) -> Vec<Tenth> {
    let slices = users.clamp(1, 10);
    (0..slices)
        .map(|n| {
            let first = users * n / slices + 1;
            let last = users * (n + 1) / slices;
            let inside = || {
                timings
                    .iter()
                    .filter(move |t| (first..=last).contains(&t.index))
            };
            Tenth {
                first,
                last,
                lookup: p50_p99(inside().map(|t| t.lookup).collect()),
                create: p50_p99(inside().filter_map(|t| t.create).collect()),
            }
        })
        .collect()
}

/// The tenths as lines of text, in milliseconds.
pub fn text(tenths: &[Tenth]) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(
        out,
        "by tenth of the users (ms):   lookup p50 / p99   create p50 / p99"
    )?;
    for t in tenths {
        writeln!(
            out,
            "  {:>6} – {:<6}{:>21}{:>19}",
            t.first,
            t.last,
            pair(t.lookup),
            pair(t.create)
        )?;
    }
    Ok(out)
}

fn pair((p50, p99): (Duration, Duration)) -> String {
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    format!("{} / {}", ms(p50), ms(p99))
}

/// The median and p99 (nearest rank) of `times`; zero when there are none.
fn p50_p99(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let rank = |q: f64| {
        let n = times.len();
        let at = ((q * n as f64).ceil() as usize).clamp(1, n.max(1)) - 1;
        times.get(at).copied().unwrap_or_default()
    };
    (rank(0.5), rank(0.99))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(index: u32, lookup_ms: u64, create_ms: u64) -> UserTiming {
        UserTiming {
            index,
            lookup: Duration::from_millis(lookup_ms),
            create: Some(Duration::from_millis(create_ms)),
        }
    }

    #[test]
    fn a_thousand_users_split_into_ten_slices_of_a_hundred() {
        let timings: Vec<UserTiming> = (1..=1000).map(|i| timing(i, 1, u64::from(i))).collect();
        let tenths = tenths(&timings, 1000);
        assert_eq!(tenths.len(), 10);
        assert_eq!((tenths[0].first, tenths[0].last), (1, 100));
        assert_eq!((tenths[9].first, tenths[9].last), (901, 1000));
        assert_eq!(tenths[0].create.0, Duration::from_millis(50));
        assert_eq!(tenths[0].create.1, Duration::from_millis(99));
        assert_eq!(tenths[9].create.1, Duration::from_millis(999));
    }

    #[test]
    fn users_that_were_not_created_leave_their_creation_out() {
        let mut timings = vec![timing(1, 2, 10), timing(2, 4, 20)];
        timings[1].create = None;
        let tenths = tenths(&timings, 2);
        assert_eq!(tenths.len(), 2);
        assert_eq!(tenths[1].lookup.0, Duration::from_millis(4));
        assert_eq!(tenths[1].create, (Duration::ZERO, Duration::ZERO));
    }

    #[test]
    fn a_rising_cost_shows_in_the_text() {
        let timings: Vec<UserTiming> = (1..=10).map(|i| timing(i, 1, u64::from(i))).collect();
        let text = text(&tenths(&timings, 10)).unwrap();
        assert!(text.contains("1.0 / 1.0"), "{text}");
        assert!(text.contains("10.0 / 10.0"), "{text}");
    }
}
