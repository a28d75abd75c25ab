//! The nightly collaborator sync (DESIGN §5): its schedule, one run, and the scheduler that
//! starts a run every day at the configured local time.

mod engine;
mod scheduler;

use chrono::{Offset, TimeZone};
use chrono_tz::Tz;
use gatehouse_policy::{SyncSchedule, Timestamp};
use gatehouse_wire::SyncScheduleView;

pub use engine::{run_sync, RunOutcome};
pub use scheduler::spawn_scheduler;

/// The sync's configuration, parsed from [`crate::Config`].
#[derive(Debug, Clone)]
pub struct SyncSettings {
    /// Minutes after local midnight.
    minute_of_day: u16,
    /// The time zone the time of day is in.
    timezone: Tz,
    /// Domain of client InSite addresses.
    pub insite_domain: String,
}

/// A setting that cannot be understood; names the flag.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// Not `HH:MM`.
    #[error("--sync-at `{0}` must be a time of day such as `23:00`")]
    Time(String),
    /// Not an IANA zone.
    #[error("--sync-timezone `{0}` is not a time zone such as `Europe/Amsterdam`")]
    Timezone(String),
    /// Not a host name.
    #[error("--insite-domain: {0}")]
    InsiteDomain(String),
}

impl SyncSettings {
    /// Parses `HH:MM`, the IANA zone and the InSite domain.
    pub fn new(at: &str, timezone: &str, insite_domain: &str) -> Result<Self, SettingsError> {
        let minute_of_day = parse_time(at).ok_or_else(|| SettingsError::Time(at.to_owned()))?;
        let timezone: Tz = timezone
            .parse()
            .map_err(|_| SettingsError::Timezone(timezone.to_owned()))?;
        gatehouse_policy::insite_address(
            gatehouse_policy::Participant::parse("10000")
                .map_err(|e| SettingsError::InsiteDomain(e.to_string()))?,
            insite_domain,
        )
        .map_err(|e| SettingsError::InsiteDomain(e.to_string()))?;
        Ok(Self {
            minute_of_day,
            timezone,
            insite_domain: insite_domain.to_owned(),
        })
    }

    /// The next scheduled run strictly after `now` (unix seconds), in the zone's offset of
    /// that day (so daylight saving time keeps the local time).
    pub fn next_run_after(&self, now: i64) -> i64 {
        let at = |offset_at: i64| {
            SyncSchedule {
                minute_of_day: self.minute_of_day,
                utc_offset_minutes: self.offset_minutes(offset_at),
            }
            .next_run_after(Timestamp(now))
            .0
        };
        let first = at(now);
        at(first)
    }

    /// What the studio shows.
    pub fn view(&self, now: i64) -> SyncScheduleView {
        SyncScheduleView {
            time: format!(
                "{:02}:{:02}",
                self.minute_of_day / 60,
                self.minute_of_day % 60
            ),
            timezone: self.timezone.name().to_owned(),
            next_run_at: self.next_run_after(now),
        }
    }

    fn offset_minutes(&self, at: i64) -> i32 {
        self.timezone
            .timestamp_opt(at, 0)
            .single()
            .map_or(0, |t| t.offset().fix().local_minus_utc() / 60)
    }
}

fn parse_time(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let hours: u16 = hours.parse().ok()?;
    let minutes: u16 = minutes.parse().ok()?;
    (hours < 24 && minutes < 60).then_some(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(at: &str, zone: &str) -> SyncSettings {
        SyncSettings::new(at, zone, "afasinsite.nl").unwrap()
    }

    #[test]
    fn winter_and_summer_keep_the_local_time() {
        let amsterdam = settings("23:00", "Europe/Amsterdam");
        // 2026-01-15 12:00 UTC → 23:00 CET is 22:00 UTC.
        let winter = 1_768_478_400;
        assert_eq!(amsterdam.next_run_after(winter), winter + 10 * 3600);
        // 2026-07-15 12:00 UTC → 23:00 CEST is 21:00 UTC.
        let summer = 1_784_116_800;
        assert_eq!(amsterdam.next_run_after(summer), summer + 9 * 3600);
    }

    #[test]
    fn the_view_names_time_and_zone() {
        let view = settings("7:05", "UTC").view(0);
        assert_eq!(view.time, "07:05");
        assert_eq!(view.timezone, "UTC");
        assert_eq!(view.next_run_at, 7 * 3600 + 5 * 60);
    }

    #[test]
    fn bad_settings_name_the_flag() {
        assert!(SyncSettings::new("25:00", "UTC", "afasinsite.nl")
            .unwrap_err()
            .to_string()
            .contains("--sync-at"));
        assert!(SyncSettings::new("23:00", "Mars/Olympus", "afasinsite.nl")
            .unwrap_err()
            .to_string()
            .contains("--sync-timezone"));
        assert!(SyncSettings::new("23:00", "UTC", "not a domain")
            .unwrap_err()
            .to_string()
            .contains("--insite-domain"));
    }
}
