//! Identifiers parsed at the edge: entity ids, participant numbers, user codes, environment
//! codes and email addresses. Once built, a value of these types is known to be well formed.

mod codes;
mod email;
mod names;

pub use codes::{EnvironmentCode, EnvironmentKind, Participant, UserCode};
pub use email::EmailAddress;
pub use names::{
    AccessTestId, AppConnectorId, EnvironmentId, FilterId, GroupId, PersonId, ResourceId, TableId,
    TokenId, UserId,
};

/// Why a piece of text is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// An identifier was empty (or only whitespace).
    #[error("{what} must not be empty")]
    Empty {
        /// What kind of identifier it is, e.g. "user id".
        what: &'static str,
    },
    /// An identifier was longer than allowed.
    #[error("{what} `{value}` is longer than {max} characters")]
    TooLong {
        /// What kind of identifier it is.
        what: &'static str,
        /// The rejected input.
        value: String,
        /// The maximum length in characters.
        max: usize,
    },
    /// An identifier held a control character (newline, tab, …).
    #[error("{what} `{value}` contains a control character")]
    ControlCharacter {
        /// What kind of identifier it is.
        what: &'static str,
        /// The rejected input.
        value: String,
    },
    /// A participant number was not exactly five digits.
    #[error("participant number `{0}` must be exactly 5 digits")]
    Participant(String),
    /// A user code had no `.` between participant and code.
    #[error("user code `{0}` must look like `<participant>.<code>`, e.g. `12345.BWilliams`")]
    UserCodeShape(String),
    /// The part after the dot of a user code was empty or too long.
    #[error("code `{code}` in user code `{value}` must be 1 to 32 characters")]
    UserCodeLength {
        /// The whole user code.
        value: String,
        /// The part after the first dot.
        code: String,
    },
    /// The part after the dot of a user code did not start with a letter.
    #[error("code `{code}` in user code `{value}` must start with a letter")]
    UserCodeStart {
        /// The whole user code.
        value: String,
        /// The part after the first dot.
        code: String,
    },
    /// The part after the dot held a character other than letters, digits, `_` and `-`.
    #[error("code `{code}` in user code `{value}` may only contain letters, digits, `_` and `-`")]
    UserCodeCharacter {
        /// The whole user code.
        value: String,
        /// The part after the first dot.
        code: String,
    },
    /// An environment code did not start with O, T or A.
    #[error("environment code `{0}` must start with O (production), T (test) or A (accept)")]
    EnvironmentKind(String),
    /// An environment code did not have the shape letter + 5 digits + 2 uppercase letters.
    #[error("environment code `{0}` must be a letter, 5 digits and 2 uppercase letters, e.g. `O12345AA`")]
    EnvironmentShape(String),
    /// An email address did not have exactly one `@`.
    #[error("email address `{0}` must contain exactly one `@`")]
    EmailAt(String),
    /// An email address had nothing before the `@`.
    #[error("email address `{0}` has nothing before the `@`")]
    EmailLocalPart(String),
    /// The domain of an email address was not a dotted name.
    #[error("email address `{0}` needs a domain with a dot after the `@`, e.g. `example.com`")]
    EmailDomain(String),
    /// An email address held whitespace or a control character inside it.
    #[error("email address `{0}` must not contain spaces")]
    EmailSpace(String),
}
