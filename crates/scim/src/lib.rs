//! Gatehouse SCIM 2.0: the protocol of RFC 7643 (schema) and RFC 7644 (protocol) as pure
//! functions over `serde_json::Value` resources. No I/O, no async, no web or database types.
//!
//! The server maps Gatehouse users and groups to SCIM JSON, then calls this crate:
//! - [`Filter::parse`] and [`Filter::matches`] answer `?filter=` (and [`Filter::equality`]
//!   lets it use an index for `userName eq "…"`);
//! - [`PatchRequest::parse`] and [`apply`] run a PATCH all-or-nothing;
//! - [`project`] applies `attributes` / `excludedAttributes`;
//! - [`Paging`], [`list_response`] and [`list::search_request`] shape list answers;
//! - [`bulk`] parses bulk requests, resolves `bulkId:` references and shapes the response;
//! - [`discovery`] describes the service ([`schema`] is the single description of the
//!   attributes that discovery, filtering, patching and projection all read).

#![forbid(unsafe_code)]

pub mod bulk;
pub mod discovery;
pub mod error;
pub mod filter;
pub mod list;
pub mod patch;
pub mod path;
pub mod project;
pub mod schema;

mod json;

pub use discovery::Features;
pub use error::{ScimError, ScimType};
pub use filter::{CompareOp, Filter};
pub use list::{list_response, Paging};
pub use patch::{apply, PatchOpKind, PatchOperation, PatchRequest};
pub use path::{AttrPath, PatchPath};
pub use project::project;
pub use schema::{AttrDef, ResourceSchema, GROUP, GROUP_SCHEMA_ID, USER, USER_SCHEMA_ID};

/// The schema URN of an error response (RFC 7644 §3.12).
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// The schema URN of a list response (RFC 7644 §3.4.2).
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// The schema URN of a PATCH request (RFC 7644 §3.5.2).
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// The schema URN of a bulk request (RFC 7644 §3.7).
pub const BULK_REQUEST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
/// The schema URN of a bulk response (RFC 7644 §3.7).
pub const BULK_RESPONSE_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
/// The schema URN of a `POST /.search` request (RFC 7644 §3.4.3).
pub const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
