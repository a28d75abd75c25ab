//! The browser's clock as a policy timestamp (decisions take `now` explicitly).

use gatehouse_policy::Timestamp;

/// Now, in whole unix seconds.
#[cfg(target_arch = "wasm32")]
pub fn now() -> Timestamp {
    Timestamp::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64)
}

/// Now, in whole unix seconds (native builds: the demo store's logic in native tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    Timestamp::from_unix_seconds(seconds)
}

/// `unix_ms` as e.g. "14 Jan 2025, 14:03:22" in the browser's time zone.
pub fn moment_ms(unix_ms: i64) -> String {
    use js_sys::{Date, Object, Reflect};
    use wasm_bindgen::JsValue;
    let options = Object::new();
    for (key, value) in [
        ("day", "numeric"),
        ("month", "short"),
        ("year", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
        ("hourCycle", "h23"),
    ] {
        let _ = Reflect::set(&options, &JsValue::from_str(key), &JsValue::from_str(value));
    }
    let date = Date::new(&JsValue::from_f64(unix_ms as f64));
    String::from(date.to_locale_string("en-GB", &options))
}
