//! The filter tokenizer: parentheses, brackets, words (attribute paths, operators,
//! keywords) and JSON literals, each with the character position it starts at.

use serde_json::Value;

use super::invalid;
use crate::error::ScimError;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Kind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Word(String),
    Literal(Value),
}

#[derive(Debug, Clone)]
pub(super) struct Token {
    pub(super) kind: Kind,
    /// The character offset (from 0) where the token starts.
    pub(super) pos: usize,
    /// The token as written.
    pub(super) text: String,
}

impl Token {
    pub(super) fn describe(&self) -> String {
        format!("\"{}\"", self.text)
    }

    pub(super) fn is_word(&self, word: &str) -> bool {
        matches!(&self.kind, Kind::Word(w) if w.eq_ignore_ascii_case(word))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$' | '.' | ':')
}

pub(super) fn tokenize(text: &str) -> Result<Vec<Token>, ScimError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let start = i;
        let kind = match c {
            _ if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' => Kind::LParen,
            ')' => Kind::RParen,
            '[' => Kind::LBracket,
            ']' => Kind::RBracket,
            '"' => {
                i = string_end(&chars, start)?;
                let literal: String = chars[start..i].iter().collect();
                let value = serde_json::from_str::<String>(&literal).map_err(|_| {
                    invalid(format!(
                        "the string starting at position {start} in filter has an invalid escape"
                    ))
                })?;
                tokens.push(Token {
                    kind: Kind::Literal(Value::String(value)),
                    pos: start,
                    text: literal,
                });
                continue;
            }
            '-' | '0'..='9' => {
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'))
                {
                    i += 1;
                }
                let literal: String = chars[start..i].iter().collect();
                let number = parse_number(&literal).ok_or_else(|| {
                    invalid(format!(
                        "\"{literal}\" at position {start} in filter is not a number"
                    ))
                })?;
                tokens.push(Token {
                    kind: Kind::Literal(Value::Number(number)),
                    pos: start,
                    text: literal,
                });
                continue;
            }
            _ if is_word_char(c) => {
                while chars.get(i).copied().is_some_and(is_word_char) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                tokens.push(Token {
                    kind: Kind::Word(word.clone()),
                    pos: start,
                    text: word,
                });
                continue;
            }
            _ => {
                return Err(invalid(format!(
                    "unexpected character '{c}' at position {start} in filter"
                )))
            }
        };
        i += 1;
        tokens.push(Token {
            kind,
            pos: start,
            text: c.to_string(),
        });
    }
    Ok(tokens)
}

/// A JSON number; fractions go through the standard library's correctly rounded parser so
/// that printing and parsing a filter gives back the same value.
fn parse_number(literal: &str) -> Option<serde_json::Number> {
    let number = serde_json::from_str::<serde_json::Number>(literal).ok()?;
    if number.is_f64() {
        return literal
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64);
    }
    Some(number)
}

/// The index just past the closing quote of the string opening at `start`.
fn string_end(chars: &[char], start: usize) -> Result<usize, ScimError> {
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => i += 2,
            '"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(invalid(format!(
        "unterminated string starting at position {start} in filter"
    )))
}
