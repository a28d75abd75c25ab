//! When the nightly sync runs: a time of day (23:00 by default) in a fixed UTC offset. The
//! server's job runner asks for the next run; a manual run needs no schedule.

use serde::{Deserialize, Serialize};

use crate::time::Timestamp;

const DAY: i64 = 24 * 60 * 60;

/// A daily run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncSchedule {
    /// Minutes after local midnight (0..1440); 23:00 is 1380.
    pub minute_of_day: u16,
    /// The local time's offset from UTC, in minutes (e.g. 60 for CET).
    pub utc_offset_minutes: i32,
}

impl Default for SyncSchedule {
    fn default() -> Self {
        Self {
            minute_of_day: 23 * 60,
            utc_offset_minutes: 0,
        }
    }
}

impl SyncSchedule {
    /// The first run strictly after `now`. A `minute_of_day` past the end of the day wraps.
    pub fn next_run_after(self, now: Timestamp) -> Timestamp {
        let at = i64::from(self.minute_of_day % 1440) * 60;
        let local = now.0 + i64::from(self.utc_offset_minutes) * 60;
        let today = local.div_euclid(DAY) * DAY + at;
        let next_local = if today > local { today } else { today + DAY };
        Timestamp(next_local - i64::from(self.utc_offset_minutes) * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_run_is_at_eleven_in_the_evening() {
        let schedule = SyncSchedule::default();
        // 1970-01-02 10:00 UTC → 23:00 the same day.
        assert_eq!(
            schedule.next_run_after(Timestamp(DAY + 10 * 3600)),
            Timestamp(DAY + 23 * 3600)
        );
        // Exactly at 23:00 → the next evening.
        assert_eq!(
            schedule.next_run_after(Timestamp(DAY + 23 * 3600)),
            Timestamp(2 * DAY + 23 * 3600)
        );
    }

    #[test]
    fn a_utc_offset_moves_the_run() {
        let cet = SyncSchedule {
            minute_of_day: 23 * 60,
            utc_offset_minutes: 60,
        };
        assert_eq!(
            cet.next_run_after(Timestamp(DAY)),
            Timestamp(DAY + 22 * 3600)
        );
    }
}
