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
