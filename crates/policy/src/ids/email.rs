//! Email addresses: the login identity of a user, unique per environment (DESIGN §3, §5).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::IdError;

/// A trimmed email address with one `@`, a non-empty local part and a dotted domain. The
/// domain is stored lowercased, so `B.Williams@Accountant.NL` equals
/// `B.Williams@accountant.nl`; the local part keeps its case, as mail servers may.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses and normalises an address; the error says what is missing.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let trimmed = value.trim();
        if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(IdError::EmailSpace(trimmed.to_owned()));
        }
        let mut parts = trimmed.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(IdError::EmailAt(trimmed.to_owned()));
        };
        if local.is_empty() {
            return Err(IdError::EmailLocalPart(trimmed.to_owned()));
        }
        let labels_ok = domain.split('.').all(|label| !label.is_empty());
        if !domain.contains('.') || !labels_ok {
            return Err(IdError::EmailDomain(trimmed.to_owned()));
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What makes two addresses one mailbox for uniqueness: the whole address lowercased.
    /// Most mail servers ignore the local part's case, so `B.Williams@…` and `b.williams@…`
    /// may not belong to two users of one environment.
    pub fn mailbox_key(&self) -> String {
        self.0.to_lowercase()
    }

    /// Whether two addresses are one mailbox (see [`EmailAddress::mailbox_key`]).
    pub fn same_mailbox(&self, other: &EmailAddress) -> bool {
        self.mailbox_key() == other.mailbox_key()
    }

    /// The part after the `@`, lowercased.
    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or_default()
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        Self::parse(&value)
    }
}

impl From<EmailAddress> for String {
    fn from(e: EmailAddress) -> String {
        e.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mailbox_regardless_of_case() {
        let a = EmailAddress::parse("B.Williams@Northwind.example").unwrap();
        let b = EmailAddress::parse("b.williams@northwind.example").unwrap();
        assert!(a.same_mailbox(&b));
        assert_ne!(a, b, "the address itself keeps its case");
        assert!(!a.same_mailbox(&EmailAddress::parse("c@northwind.example").unwrap()));
    }

    #[test]
    fn addresses_are_trimmed_and_domains_lowercased() {
        let a = EmailAddress::parse("  B.Williams@Accountant.NL ").unwrap();
        assert_eq!(a.as_str(), "B.Williams@accountant.nl");
        assert_eq!(a, EmailAddress::parse("B.Williams@accountant.nl").unwrap());
        assert_eq!(a.domain(), "accountant.nl");
    }

    #[test]
    fn each_malformed_address_gets_its_own_error() {
        assert!(matches!(
            EmailAddress::parse("nobody"),
            Err(IdError::EmailAt(_))
        ));
        assert!(matches!(
            EmailAddress::parse("a@b@c.nl"),
            Err(IdError::EmailAt(_))
        ));
        assert!(matches!(
            EmailAddress::parse("@c.nl"),
            Err(IdError::EmailLocalPart(_))
        ));
        assert!(matches!(
            EmailAddress::parse("a@localhost"),
            Err(IdError::EmailDomain(_))
        ));
        assert!(matches!(
            EmailAddress::parse("a@c..nl"),
            Err(IdError::EmailDomain(_))
        ));
        assert!(matches!(
            EmailAddress::parse("a b@c.nl"),
            Err(IdError::EmailSpace(_))
        ));
    }

    #[test]
    fn the_error_quotes_the_input() {
        let msg = EmailAddress::parse("a@localhost").unwrap_err().to_string();
        assert_eq!(
            msg,
            "email address `a@localhost` needs a domain with a dot after the `@`, e.g. `example.com`"
        );
    }
}
