//! What can go wrong talking to the server, in words an administrator can act on.

use gatehouse_wire::{BrokenTestView, BrokenTestsBody, ErrorBody};

/// A failed API call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiFailure {
    /// The server could not be reached at all (down, network gone).
    Unreachable(String),
    /// The server answered with an error status and its reason.
    Refused {
        /// HTTP status code.
        status: u16,
        /// The server's `{ error, field }` body.
        body: ErrorBody,
    },
    /// A change set refused because it breaks access tests: 409 without an override, 403
    /// for an override by someone other than the account owner; every test it breaks.
    TestsBroken {
        /// HTTP status code.
        status: u16,
        /// The server's `{ error, field, broken_tests }` body.
        body: BrokenTestsBody,
    },
    /// The answer was not what the studio expected (version mismatch).
    Malformed(String),
    /// 412: someone else changed the entity since it was loaded.
    Stale {
        /// The server's sentence.
        message: String,
        /// The version now stored.
        current_version: i64,
        /// The state now stored: the entity as JSON text, read by each view as its own type
        /// (text rather than `serde_json::Value`, whose code would otherwise sit in the main
        /// module every screen loads).
        current: String,
    },
}

/// A chunk of the studio's own code (the demo store) could not be fetched.
#[cfg(gatehouse_split)]
impl From<leptos::wasm_split::SplitLoaderError> for ApiFailure {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ApiFailure::Unreachable(
            "part of the studio's code could not be fetched from this site: the connection \
             dropped, or a newer version was published since the page was opened"
                .to_owned(),
        )
    }
}

impl ApiFailure {
    /// Whether the failure means "sign in first".
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, ApiFailure::Refused { status: 401, .. })
    }

    /// Whether this is the demo mode's refusal of a call that needs the server (501).
    pub fn is_demo_refusal(&self) -> bool {
        matches!(self, ApiFailure::Refused { status: 501, .. })
    }

    /// The refusal of a one-change set as a form of that change sees it: the field
    /// `changes[0].email` becomes `email` (a refusal of the set as a whole names none).
    pub fn of_single_change(self) -> Self {
        match self {
            ApiFailure::Refused { status, mut body } => {
                body.field = body.field.and_then(|f| {
                    let rest = f.strip_prefix("changes[0]")?;
                    rest.strip_prefix('.').map(str::to_owned)
                });
                ApiFailure::Refused { status, body }
            }
            other => other,
        }
    }

    /// The input field the server named, if any (`email`, `flags.pocket`, …).
    pub fn field(&self) -> Option<&str> {
        match self {
            ApiFailure::Refused { body, .. } => body.field.as_deref(),
            ApiFailure::TestsBroken { body, .. } => body.field.as_deref(),
            _ => None,
        }
    }

    /// The access tests a refused change set breaks (`None` for any other failure).
    pub fn broken_tests(&self) -> Option<&[BrokenTestView]> {
        match self {
            ApiFailure::TestsBroken { body, .. } => Some(&body.broken_tests),
            _ => None,
        }
    }

    /// The server's reason alone (for inline messages next to a form).
    pub fn reason(&self) -> String {
        match self {
            ApiFailure::Refused { body, .. } => body.error.clone(),
            ApiFailure::TestsBroken { body, .. } => body.error.clone(),
            other => format!("{}: {}", other.title(), other.detail()),
        }
    }

    /// A short title for an error state.
    pub fn title(&self) -> &'static str {
        match self {
            ApiFailure::Unreachable(_) => "Cannot reach the Gatehouse server",
            ApiFailure::Refused {
                status: 401 | 403, ..
            } => "Not allowed",
            ApiFailure::Refused { status: 404, .. } => "Not found",
            ApiFailure::Refused { .. } => "The server refused the request",
            ApiFailure::TestsBroken { .. } => "This change breaks access tests",
            ApiFailure::Malformed(_) => "Unexpected answer from the server",
            ApiFailure::Stale { .. } => "Someone else changed this",
        }
    }

    /// The detail: the server's reason, or what to check.
    pub fn detail(&self) -> String {
        match self {
            ApiFailure::Unreachable(_) => {
                "The server did not answer. Check that it is running and that you are online, \
                 then retry."
                    .to_owned()
            }
            ApiFailure::Refused { status, body } => format!("{} (HTTP {status})", body.error),
            ApiFailure::TestsBroken { status, body } => format!("{} (HTTP {status})", body.error),
            ApiFailure::Malformed(detail) => {
                format!("The studio and the server may be different versions: {detail}")
            }
            ApiFailure::Stale { message, .. } => message.clone(),
        }
    }
}
