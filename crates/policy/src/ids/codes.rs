//! Participant numbers (`12345`), user codes (`12345.BWilliams`) and environment codes
//! (`O12345AA`), the identifiers of the collaborator domain (DESIGN §5).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::IdError;

/// An organisation's five-digit participant number; leading zeros are kept (`01245`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Participant(u32);

impl Participant {
    /// Parses exactly five ASCII digits.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let digits = value.as_bytes();
        if digits.len() != 5 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(IdError::Participant(value.to_owned()));
        }
        Ok(Self(
            digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')),
        ))
    }

    /// The number as an integer (`01245` → 1245).
    pub fn number(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Participant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:05}", self.0)
    }
}

impl TryFrom<String> for Participant {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        Self::parse(&value)
    }
}

impl From<Participant> for String {
    fn from(p: Participant) -> String {
        p.to_string()
    }
}

/// A user code `<participant>.<code>`, e.g. `12345.BWilliams`. The code part is 1 to 32 ASCII
/// letters, digits, `_` or `-` and starts with a letter. Codes compare case-sensitively.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UserCode {
    participant: Participant,
    code: String,
}

impl UserCode {
    /// Parses `<participant>.<code>`; the error names the part that is wrong.
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let Some((participant, code)) = value.split_once('.') else {
            return Err(IdError::UserCodeShape(value.to_owned()));
        };
        let participant = Participant::parse(participant)?;
        let err_parts = || (value.to_owned(), code.to_owned());
        if code.is_empty() || code.chars().count() > 32 {
            let (value, code) = err_parts();
            return Err(IdError::UserCodeLength { value, code });
        }
        if !code.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let (value, code) = err_parts();
            return Err(IdError::UserCodeStart { value, code });
        }
        if !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            let (value, code) = err_parts();
            return Err(IdError::UserCodeCharacter { value, code });
        }
        Ok(Self {
            participant,
            code: code.to_owned(),
        })
    }

    /// The participant number before the dot: the organisation the user belongs to.
    pub fn participant(&self) -> Participant {
        self.participant
    }

    /// The part after the dot, e.g. `BWilliams`.
    pub fn code(&self) -> &str {
        &self.code
    }
}

impl fmt::Display for UserCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.participant, self.code)
    }
}

impl TryFrom<String> for UserCode {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        Self::parse(&value)
    }
}

impl From<UserCode> for String {
    fn from(c: UserCode) -> String {
        c.to_string()
    }
}

/// The three environment types of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnvironmentKind {
    /// `O…`: the live environment; the only one collaborator changes are synchronised from.
    Production,
    /// `T…`: a test copy.
    Test,
    /// `A…`: an acceptance copy.
    Accept,
}

impl EnvironmentKind {
    /// The letter an environment code of this kind starts with.
    pub fn letter(self) -> char {
        match self {
            Self::Production => 'O',
            Self::Test => 'T',
            Self::Accept => 'A',
        }
    }

    /// A human label ("Production").
    pub fn label(self) -> &'static str {
        match self {
            Self::Production => "Production",
            Self::Test => "Test",
            Self::Accept => "Accept",
        }
    }
}

/// An environment code such as `O12345AA`: kind letter, participant, two uppercase letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EnvironmentCode {
    kind: EnvironmentKind,
    participant: Participant,
    suffix: [u8; 2],
}

impl EnvironmentCode {
    /// Parses `O12345AA` (production), `T12345AA` (test) or `A12345AA` (accept).
    pub fn parse(value: &str) -> Result<Self, IdError> {
        let bytes = value.as_bytes();
        let shape_err = || IdError::EnvironmentShape(value.to_owned());
        let kind = match bytes.first() {
            Some(b'O') => EnvironmentKind::Production,
            Some(b'T') => EnvironmentKind::Test,
            Some(b'A') => EnvironmentKind::Accept,
            Some(b) if b.is_ascii_alphabetic() => {
                return Err(IdError::EnvironmentKind(value.to_owned()))
            }
            _ => return Err(shape_err()),
        };
        if bytes.len() != 8 || !bytes[6..].iter().all(u8::is_ascii_uppercase) {
            return Err(shape_err());
        }
        let participant = value
            .get(1..6)
            .and_then(|p| Participant::parse(p).ok())
            .ok_or_else(shape_err)?;
        Ok(Self {
            kind,
            participant,
            suffix: [bytes[6], bytes[7]],
        })
    }

    /// Production, Test or Accept.
    pub fn kind(self) -> EnvironmentKind {
        self.kind
    }

    /// The organisation the environment belongs to.
    pub fn participant(self) -> Participant {
        self.participant
    }
}

impl fmt::Display for EnvironmentCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b] = self.suffix;
        write!(
            f,
            "{}{}{}{}",
            self.kind.letter(),
            self.participant,
            char::from(a),
            char::from(b)
        )
    }
}

impl TryFrom<String> for EnvironmentCode {
    type Error = IdError;
    fn try_from(value: String) -> Result<Self, IdError> {
        Self::parse(&value)
    }
}

impl From<EnvironmentCode> for String {
    fn from(c: EnvironmentCode) -> String {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bwilliams_parses_into_participant_and_code() {
        let code = UserCode::parse("12345.BWilliams").unwrap();
        assert_eq!(code.participant(), Participant::parse("12345").unwrap());
        assert_eq!(code.code(), "BWilliams");
        assert_eq!(code.to_string(), "12345.BWilliams");
    }

    #[test]
    fn participant_keeps_leading_zeros() {
        assert_eq!(Participant::parse("01245").unwrap().to_string(), "01245");
        assert!(Participant::parse("1245").is_err());
        assert!(Participant::parse("1234a").is_err());
    }

    #[test]
    fn user_code_errors_name_the_wrong_part() {
        let no_dot = UserCode::parse("BWilliams").unwrap_err().to_string();
        assert!(no_dot.contains("`<participant>.<code>`"), "{no_dot}");
        assert!(matches!(
            UserCode::parse("1234.B"),
            Err(IdError::Participant(_))
        ));
        assert!(matches!(
            UserCode::parse("12345."),
            Err(IdError::UserCodeLength { .. })
        ));
        assert!(matches!(
            UserCode::parse("12345.9B"),
            Err(IdError::UserCodeStart { .. })
        ));
        assert!(matches!(
            UserCode::parse("12345.B.Williams"),
            Err(IdError::UserCodeCharacter { .. })
        ));
        let long = format!("12345.{}", "B".repeat(33));
        assert!(matches!(
            UserCode::parse(&long),
            Err(IdError::UserCodeLength { .. })
        ));
    }

    #[test]
    fn user_code_validates_when_deserialised() {
        assert!(serde_json::from_str::<UserCode>("\"12345\"").is_err());
        let code: UserCode = serde_json::from_str("\"12345.BWilliams\"").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"12345.BWilliams\"");
    }

    #[test]
    fn environment_code_tells_its_kind_and_participant() {
        let code = EnvironmentCode::parse("T98765AB").unwrap();
        assert_eq!(code.kind(), EnvironmentKind::Test);
        assert_eq!(code.participant().to_string(), "98765");
        assert_eq!(code.to_string(), "T98765AB");
        assert_eq!(
            EnvironmentCode::parse("O12345AA").unwrap().kind(),
            EnvironmentKind::Production
        );
        assert_eq!(
            EnvironmentCode::parse("A12345AA").unwrap().kind(),
            EnvironmentKind::Accept
        );
    }

    #[test]
    fn malformed_environment_codes_are_refused() {
        assert!(matches!(
            EnvironmentCode::parse("X12345AA"),
            Err(IdError::EnvironmentKind(_))
        ));
        for bad in [
            "O1234AA",
            "O12345aa",
            "O12345A",
            "O12345AAA",
            "",
            "Oé2345AA",
        ] {
            assert!(
                matches!(
                    EnvironmentCode::parse(bad),
                    Err(IdError::EnvironmentShape(_))
                ),
                "{bad}"
            );
        }
    }
}
