//! Provisioning over SCIM: the identity provider's tokens (only a SHA-256 of each secret is
//! stored), the SCIM attributes kept beside a user or group, and the log of provisioning calls.

mod calls;
mod resources;
mod tokens;

pub use calls::{log_call, recent_calls, ScimCallRow, CALLS_KEPT};
pub use resources::{
    delete_resource, put_resource, resource, resources, user_by_name_key, ScimResourceRow,
    SideRecord,
};
pub use tokens::{
    find_token, insert_token, list_tokens, revoke_token, token_by_hash, ScimTokenRow,
};
