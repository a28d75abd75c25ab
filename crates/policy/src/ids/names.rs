//! Opaque entity ids (users, groups, resources, …): trimmed, non-empty text without control
//! characters, at most 128 characters. The server chooses them; the policy only compares them.
//! Shared (`Arc<str>`) so that copying a snapshot or interning ids does not copy text.

use std::sync::Arc;

use super::IdError;

/// Longest accepted entity id, in characters.
const MAX_ID_CHARS: usize = 128;

fn parse_name(what: &'static str, value: &str) -> Result<Arc<str>, IdError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(IdError::Empty { what });
    }
    if trimmed.chars().count() > MAX_ID_CHARS {
        return Err(IdError::TooLong {
            what,
            value: trimmed.to_owned(),
            max: MAX_ID_CHARS,
        });
    }
    if trimmed.chars().any(char::is_control) {
        return Err(IdError::ControlCharacter {
            what,
            value: trimmed.to_owned(),
        });
    }
    Ok(Arc::from(trimmed))
}

macro_rules! name_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Arc<str>);

        impl $name {
            /// Parses an id: trimmed, non-empty, at most 128 characters, no control characters.
            pub fn parse(value: &str) -> Result<Self, IdError> {
                parse_name($what, value).map(Self)
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Wraps text the crate knows to be valid (built-in names).
            #[allow(dead_code, reason = "not every id kind has built-in values")]
            pub(crate) fn from_static(value: &'static str) -> Self {
                Self(Arc::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(value: &str) -> Result<Self, IdError> {
                Self::parse(value)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.as_ref().to_owned()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

name_id!(
    /// A user of the organisation (apps, connectors, app connectors, filters).
    UserId,
    "user id"
);
name_id!(
    /// A user group (not the built-in All Users group, which is `Subject::AllUsers`).
    GroupId,
    "group id"
);
name_id!(
    /// An app or a connector.
    ResourceId,
    "resource id"
);
name_id!(
    /// A data environment: built-in `production`, `staging`, `development` or a custom one.
    EnvironmentId,
    "environment id"
);
name_id!(
    /// A table under filter authorisation (dossier items, employees, …).
    TableId,
    "table id"
);
name_id!(
    /// A filter on a table.
    FilterId,
    "filter id"
);
name_id!(
    /// An app connector.
    AppConnectorId,
    "app connector id"
);
name_id!(
    /// A token record (never the secret itself).
    TokenId,
    "token id"
);
name_id!(
    /// A person a normal (non-system) user is linked to.
    PersonId,
    "person id"
);
name_id!(
    /// An access test (an expectation about access that auditors rely on); the server
    /// chooses it, e.g. `tst-` and a random suffix.
    AccessTestId,
    "access test id"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_trimmed() {
        assert_eq!(
            UserId::parse("  alice ").map(String::from),
            Ok("alice".into())
        );
    }

    #[test]
    fn empty_id_is_refused_by_kind() {
        let err = GroupId::parse("   ").unwrap_err();
        assert_eq!(err.to_string(), "group id must not be empty");
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(matches!(
            ResourceId::parse("crm\napp"),
            Err(IdError::ControlCharacter { .. })
        ));
    }

    #[test]
    fn overly_long_ids_are_refused() {
        let long = "x".repeat(129);
        assert!(matches!(
            UserId::parse(&long),
            Err(IdError::TooLong { max: 128, .. })
        ));
    }

    #[test]
    fn ids_deserialise_through_validation() {
        assert!(serde_json::from_str::<UserId>("\"\"").is_err());
        let id: UserId = serde_json::from_str("\"bob\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"bob\"");
    }
}
