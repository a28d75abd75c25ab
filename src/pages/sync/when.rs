//! Times of the sync view in words: local date and time (in a given time zone or the
//! browser's), and how far away a moment is.

use js_sys::{Date, Object, Reflect};
use wasm_bindgen::JsValue;

/// `unix_seconds` as e.g. "Tue 14 Jan, 23:00", in `timezone` (IANA) or the browser's zone.
pub fn local(unix_seconds: i64, timezone: Option<&str>, with_seconds: bool) -> String {
    let options = Object::new();
    let set = |key: &str, value: &str| {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    };
    set("weekday", "short");
    set("day", "numeric");
    set("month", "short");
    set("hour", "2-digit");
    set("minute", "2-digit");
    if with_seconds {
        set("second", "2-digit");
    }
    set("hourCycle", "h23");
    if let Some(tz) = timezone {
        set("timeZone", tz);
    }
    let date = Date::new(&JsValue::from_f64(unix_seconds as f64 * 1000.0));
    String::from(date.to_locale_string("en-GB", &options))
}

/// How far `then` is from `now`: "in 5 h 12 min", "in 3 min", "2 min ago", "just now".
pub fn relative(then: i64, now: i64) -> String {
    let delta = then - now;
    let minutes = delta.abs() / 60;
    let span = match minutes {
        0 => return "just now".to_owned(),
        m if m < 60 => format!("{m} min"),
        m if m < 48 * 60 && m % 60 == 0 => format!("{} h", m / 60),
        m if m < 48 * 60 => format!("{} h {} min", m / 60, m % 60),
        m => format!("{} days", m / (24 * 60)),
    };
    if delta > 0 {
        format!("in {span}")
    } else {
        format!("{span} ago")
    }
}

/// Now, in unix seconds.
pub fn now() -> i64 {
    (Date::now() / 1000.0) as i64
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn relative_times_read_as_words() {
        assert_eq!(relative(100, 100), "just now");
        assert_eq!(relative(100 + 3 * 60, 100), "in 3 min");
        assert_eq!(relative(100 + 5 * 3600 + 12 * 60, 100), "in 5 h 12 min");
        assert_eq!(relative(100 + 2 * 3600, 100), "in 2 h");
        assert_eq!(relative(100, 100 + 120), "2 min ago");
        assert_eq!(relative(3 * 86_400, 0), "in 3 days");
    }
}
