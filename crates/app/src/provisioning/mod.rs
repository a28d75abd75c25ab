//! Provisioning over SCIM 2.0: how Gatehouse users and groups read and write as SCIM
//! resources. The identity provider's own attributes (userName, the parts of a name, the
//! emails as it sent them, externalId) are kept beside the user or group as it last wrote
//! them; what Gatehouse owns (the name, the email, the status, the members) wins wherever the
//! two differ, so an edit in the studio shows in the identity provider's next read.

mod codes;
mod groups;
mod time;
mod users;

pub use codes::code_for_user_name;
pub use groups::{group_resource, read_group, stored_group_attributes, ScimGroupFields};
pub use time::rfc3339_millis;
pub use users::{read_user, stored_user_attributes, user_resource, ScimUserFields};

use serde_json::Value;

/// Where and when a resource lives, for its `meta`.
#[derive(Debug, Clone, Copy)]
pub struct ResourceMeta<'a> {
    /// The service provider's base URL, without a trailing slash.
    pub base_url: &'a str,
    /// Unix milliseconds it was created at.
    pub created_ms: i64,
    /// Unix milliseconds it was last changed at.
    pub modified_ms: i64,
}

/// The resource's version: a weak entity tag of everything but its `meta`, so any change —
/// a member added in the studio too — gives a new one.
pub fn version_of(resource: &Value) -> String {
    let mut body = resource.clone();
    if let Some(map) = body.as_object_mut() {
        map.remove("meta");
    }
    // FNV-1a over the JSON text: stable across processes and releases.
    let text = body.to_string();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("W/\"{hash:016x}\"")
}

/// Sets `meta` (with the version of the rest) on a resource.
pub(crate) fn with_meta(
    mut resource: Value,
    kind: &str,
    location: String,
    meta: ResourceMeta<'_>,
) -> Value {
    let version = version_of(&resource);
    if let Some(map) = resource.as_object_mut() {
        map.insert(
            "meta".to_owned(),
            serde_json::json!({
                "resourceType": kind,
                "created": rfc3339_millis(meta.created_ms),
                "lastModified": rfc3339_millis(meta.modified_ms.max(meta.created_ms)),
                "location": location,
                "version": version,
            }),
        );
    }
    resource
}

/// A string attribute, trimmed; absent, null and empty read as none.
pub(crate) fn text<'a>(resource: &'a Value, name: &str) -> Option<&'a str> {
    resource
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}
