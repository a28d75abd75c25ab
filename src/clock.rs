//! The browser's clock as a policy timestamp (decisions take `now` explicitly).

use gatehouse_policy::Timestamp;

/// Now, in whole unix seconds.
pub fn now() -> Timestamp {
    Timestamp::from_unix_seconds((js_sys::Date::now() / 1000.0) as i64)
}
