//! Names and descriptions people give things (groups now; users, environments later): what
//! text is accepted, in one place for the server, the studio and the demo store.
//!
//! A name is trimmed; it must hold a visible character, and no control, bidirectional
//! override or zero-width character (an invisible or right-to-left-flipped group name would
//! mislead whoever reads a permission list).

use thiserror::Error;

/// Longest group name, in characters.
pub const GROUP_NAME_CHARS: usize = 80;
/// Longest description, in characters.
pub const DESCRIPTION_CHARS: usize = 500;

/// Why a name or description is refused; the sentence names the field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    /// Nothing but spaces.
    #[error("{field} must not be empty")]
    Empty {
        /// `name`, `description`.
        field: &'static str,
    },
    /// Longer than allowed.
    #[error("{field} must be at most {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// The limit.
        max: usize,
    },
    /// A character that does not show, or changes how the rest shows.
    #[error("{field} contains an invisible or control character (U+{code:04X}); remove it")]
    Hidden {
        /// The field.
        field: &'static str,
        /// The character's code point.
        code: u32,
    },
}

/// A display name: trimmed, 1 to `max` characters, nothing hidden.
pub fn display_name(field: &'static str, raw: &str, max: usize) -> Result<String, NameError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameError::Empty { field });
    }
    check_chars(field, name, false)?;
    if name.chars().count() > max {
        return Err(NameError::TooLong { field, max });
    }
    Ok(name.to_owned())
}

/// Free text such as a description: trimmed, at most `max` characters, may be empty and hold
/// line breaks, nothing else hidden.
pub fn free_text(field: &'static str, raw: &str, max: usize) -> Result<String, NameError> {
    let text = raw.trim();
    check_chars(field, text, true)?;
    if text.chars().count() > max {
        return Err(NameError::TooLong { field, max });
    }
    Ok(text.to_owned())
}

fn check_chars(field: &'static str, text: &str, line_breaks: bool) -> Result<(), NameError> {
    match text
        .chars()
        .find(|&c| hidden(c) && !(line_breaks && (c == '\n' || c == '\t')))
    {
        Some(c) => Err(NameError::Hidden {
            field,
            code: u32::from(c),
        }),
        None => Ok(()),
    }
}

/// Control characters, bidirectional embeddings/overrides/isolates, zero-width characters and
/// the byte-order mark.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_must_show_something() {
        assert_eq!(display_name("name", "  Support ", 80).unwrap(), "Support");
        assert_eq!(
            display_name("name", "   ", 80),
            Err(NameError::Empty { field: "name" })
        );
        assert_eq!(
            display_name("name", "\u{200B}", 80),
            Err(NameError::Hidden {
                field: "name",
                code: 0x200B
            })
        );
        assert_eq!(
            display_name("name", "abc\u{202E}fed", 80)
                .unwrap_err()
                .to_string(),
            "name contains an invisible or control character (U+202E); remove it"
        );
        assert!(display_name("name", "a\0b", 80).is_err());
        assert_eq!(
            display_name("name", &"x".repeat(81), 80),
            Err(NameError::TooLong {
                field: "name",
                max: 80
            })
        );
        assert_eq!(
            display_name("name", "Zoë & Ålesund", 80).unwrap(),
            "Zoë & Ålesund"
        );
    }

    #[test]
    fn free_text_may_be_empty_and_break_lines() {
        assert_eq!(free_text("description", "  ", 500).unwrap(), "");
        assert_eq!(
            free_text("description", "one\ntwo", 500).unwrap(),
            "one\ntwo"
        );
        assert!(free_text("description", "bell\u{7}", 500).is_err());
    }
}
