//! The authorization matrix: one row per endpoint (and per interesting caller), with real demo
//! ids, a valid body, and what a signed-in administrator without the right gets. The rows are
//! in `rows_admin.rs` and `rows_integration.rs`; this file holds their shape and the callers.
//!
//! Callers (see `src/seed.rs`): Britt Williams is in Support, Editor on CRM Portal, Owner of
//! nothing, and has role None on Customer Insights, Exact Ledger and HR Database (so they are
//! not listed for her). Fleur Smit owns CRM Portal only; Gijs Meijer owns HR Database and,
//! through Management, Customer Insights. None of them is the account owner.

use reqwest::{Method, StatusCode};
use serde_json::Value;

/// The demo organisation's production environment.
pub const ENV: &str = "O12345AA";
/// Editor on CRM Portal through Support; owns nothing.
pub const BRITT: &str = "12345.BWilliams";
/// Owner of CRM Portal, nothing else.
pub const FLEUR: &str = "12345.FSmit";
/// Owner of HR Database and (through Management) Customer Insights.
pub const GIJS: &str = "12345.GMeijer";
/// The resources on which Britt's role is None everywhere.
pub const HIDDEN_FROM_BRITT: [&str; 3] = ["res-insights", "res-ledger", "res-hrdb"];
/// Served by HR Database (Gijs's); in filter mode.
pub const DOSSIER: &str = "tbl-dossier-items";
/// Served by Salesforce Sync (ICT's); all rows.
pub const EMPLOYEES: &str = "tbl-employees";

/// A path under `/api/v1/environments/O12345AA`.
pub fn env_path(rest: &str) -> String {
    format!("/api/v1/environments/{ENV}{rest}")
}

/// Things the account owner creates before the matrix runs, for rows that consume them.
pub struct Fixture {
    /// A group nobody uses (deleted by the account owner's sample).
    pub spare_group: String,
    /// A custom data environment to rename.
    pub data_environment_to_rename: String,
    /// A custom data environment nobody uses (deleted by the account owner's sample).
    pub spare_data_environment: String,
    /// An app connector to block.
    pub connector_to_block: String,
    /// An app connector to delete.
    pub connector_to_delete: String,
    /// Carlos Jansen's token on HR Portal sync (he is not in its linked group Support).
    pub carlos_token: String,
    /// Its secret.
    pub carlos_secret: String,
    /// Another of Carlos's tokens, to revoke.
    pub carlos_spare_token: String,
    /// Britt's secret on HR Portal sync (she is in Support).
    pub britt_secret: String,
    /// An access test to change (one no change set breaks: everyone at most Owner).
    pub test_to_change: String,
    /// An access test to delete (likewise).
    pub test_to_delete: String,
}

impl Fixture {
    /// Stand-in ids, for reading the matrix's routes without a server.
    pub fn placeholder() -> Self {
        let id = |name: &str| format!("placeholder-{name}");
        Self {
            spare_group: id("group"),
            data_environment_to_rename: id("rename"),
            spare_data_environment: id("environment"),
            connector_to_block: id("block"),
            connector_to_delete: id("delete"),
            carlos_token: id("token"),
            carlos_secret: id("secret"),
            carlos_spare_token: id("spare"),
            britt_secret: id("britt"),
            test_to_change: id("test"),
            test_to_delete: id("spare-test"),
        }
    }
}

/// What a signed-in administrator who is not the account owner gets.
pub enum NonOwner {
    /// Not said yet: the row fails until it says what a caller without the right gets.
    Unstated,
    /// Any signed-in administrator of the organisation may call it.
    OpenTo(&'static str),
    /// 403 with an `error` containing the reason.
    Refused(&'static str, &'static str),
    /// 404: the resource is not even listed for this caller.
    Hidden(&'static str),
    /// 200, without these ids (which the account owner's answer does mention).
    Filtered(&'static str, Vec<String>),
    /// A bearer endpoint: this secret's user lacks the right; 403 with the reason.
    TokenRefused(String, &'static str),
}

/// A sample of the request succeeding for someone with the right.
pub enum Allowed {
    /// The account owner gets this status.
    Owner(StatusCode),
    /// A call with this secret gets this status.
    Token(String, StatusCode),
}

/// One request of the matrix.
pub struct Row {
    /// The HTTP method.
    pub method: Method,
    /// The path as written in `src/routes/` (under `/api/v1`).
    pub template: &'static str,
    /// The path with demo ids (and query), under the server's root.
    pub path: String,
    /// The version sent in `If-Match`.
    pub if_match: Option<i64>,
    /// The JSON body.
    pub body: Option<Value>,
    /// The refusal (or listing) a caller without the right gets.
    pub non_owner: NonOwner,
    /// A sample success, proving the request itself is sound.
    pub allowed: Option<Allowed>,
    /// What the account owner re-reads to see that refused requests changed nothing.
    pub unchanged: Option<String>,
}

/// A row for `template` with `{env}` set to the demo environment and the other parameters
/// filled from `ids`, in order.
pub fn at(method: Method, template: &'static str, ids: &[&str]) -> Row {
    let mut ids = ids.iter();
    let mut path = String::from("/api/v1");
    for segment in template.split('/').filter(|s| !s.is_empty()) {
        path.push('/');
        match segment {
            "{env}" => path.push_str(ENV),
            s if s.starts_with('{') => match ids.next() {
                Some(id) => path.push_str(id),
                None => panic!("no id for `{s}` in `{template}`"),
            },
            s => path.push_str(s),
        }
    }
    assert!(ids.next().is_none(), "too many ids for `{template}`");
    Row {
        method,
        template,
        path,
        if_match: None,
        body: None,
        non_owner: NonOwner::Unstated,
        allowed: None,
        unchanged: None,
    }
}

impl Row {
    /// The JSON body.
    pub fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
    /// The version sent in `If-Match`.
    pub fn version(mut self, version: i64) -> Self {
        self.if_match = Some(version);
        self
    }
    /// A query string after the path.
    pub fn query(mut self, query: &str) -> Self {
        self.path = format!("{}?{query}", self.path);
        self
    }
    /// Every signed-in administrator may call it; `who` shows it.
    pub fn open_to(mut self, who: &'static str) -> Self {
        self.non_owner = NonOwner::OpenTo(who);
        self
    }
    /// `who` gets 403 with an `error` containing `why`.
    pub fn refused(mut self, who: &'static str, why: &'static str) -> Self {
        self.non_owner = NonOwner::Refused(who, why);
        self
    }
    /// `who` gets 404: the resource is not even listed for them.
    pub fn hidden(mut self, who: &'static str) -> Self {
        self.non_owner = NonOwner::Hidden(who);
        self
    }
    /// `who` gets 200 without `absent`, which the account owner does see.
    pub fn filtered(mut self, who: &'static str, absent: &[&str]) -> Self {
        self.non_owner = NonOwner::Filtered(who, absent.iter().map(|s| s.to_string()).collect());
        self
    }
    /// The account owner gets `status` (a sample success).
    pub fn owner_gets(mut self, status: StatusCode) -> Self {
        self.allowed = Some(Allowed::Owner(status));
        self
    }
    /// What the account owner re-reads to see that refusals changed nothing.
    pub fn unchanged(mut self, path: String) -> Self {
        self.unchanged = Some(path);
        self
    }
}

/// Why groups and app connectors are refused to anyone but the account owner.
pub const ONLY_OWNER: &str = "only the account owner may make this change";
/// Why Dossier items is refused to anyone but the account owner and HR Database's Owners
/// (the start of the sentence names HR Database, which Britt cannot see; not asserted here).
pub const MANAGE_DOSSIER: &str = "may manage table Dossier items";

/// Every row, with the fixture's ids filled in.
pub fn rows(f: &Fixture) -> Vec<Row> {
    let mut rows = crate::rows_admin::rows(f);
    rows.extend(crate::rows_integration::rows(f));
    rows.extend(crate::rows_collaboration::rows(f));
    rows
}
