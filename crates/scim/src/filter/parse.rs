//! The filter parser: a tokenizer and a recursive-descent parser with `and` binding tighter
//! than `or`, bounded in length and depth so hostile input gets an error, not a stack overflow.

use serde_json::Value;

use super::{CompareOp, Filter, MAX_FILTER_DEPTH, MAX_FILTER_LEN};
use crate::error::{ScimError, ScimType};
use crate::path::parse_attr_path;

/// Parses a whole `?filter=` expression.
pub(crate) fn parse_filter(text: &str) -> Result<Filter, ScimError> {
    parse(text, false)
}

/// Parses the filter between the brackets of a value path (no nested value paths).
pub(crate) fn parse_value_filter(text: &str) -> Result<Filter, ScimError> {
    parse(text, true)
}

fn parse(text: &str, in_value_path: bool) -> Result<Filter, ScimError> {
    let length = text.chars().count();
    if length > MAX_FILTER_LEN {
        return Err(invalid(format!(
            "the filter is {length} characters long; the limit is {MAX_FILTER_LEN}"
        )));
    }
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Err(invalid("the filter is empty"));
    }
    let mut parser = Parser {
        tokens,
        next: 0,
        depth: 0,
        end: length,
        in_value_path,
    };
    let filter = parser.parse_or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(token) if token.kind == Kind::RParen => Err(invalid(format!(
            "unexpected \")\" at position {} in filter: no \"(\" is open",
            token.pos
        ))),
        Some(token) => Err(invalid(format!(
            "unexpected {} at position {} in filter; expected \"and\", \"or\" or the end",
            token.describe(),
            token.pos
        ))),
    }
}

fn invalid(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidFilter, detail)
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Word(String),
    Literal(Value),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    /// The character offset (from 0) where the token starts.
    pos: usize,
    /// The token as written.
    text: String,
}

impl Token {
    fn describe(&self) -> String {
        format!("\"{}\"", self.text)
    }

    fn is_word(&self, word: &str) -> bool {
        matches!(&self.kind, Kind::Word(w) if w.eq_ignore_ascii_case(word))
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '$' | '.' | ':')
}

fn tokenize(text: &str) -> Result<Vec<Token>, ScimError> {
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

struct Parser {
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
    /// The length of the filter in characters, the position reported for "ended early".
    end: usize,
    in_value_path: bool,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.next + offset)
    }

    /// Takes the next token or says what was expected when the filter ended instead.
    fn take(&mut self, expected: &str) -> Result<Token, ScimError> {
        match self.tokens.get(self.next).cloned() {
            Some(token) => {
                self.next += 1;
                Ok(token)
            }
            None => Err(invalid(format!(
                "expected {expected} at position {} but the filter ended",
                self.end
            ))),
        }
    }

    fn parse_or(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.parse_and()?;
        while self.peek().is_some_and(|t| t.is_word("or")) {
            self.next += 1;
            let right = self.parse_and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_and(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.parse_unary()?;
        while self.peek().is_some_and(|t| t.is_word("and")) {
            self.next += 1;
            let right = self.parse_unary()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn parse_unary(&mut self) -> Result<Filter, ScimError> {
        let is_not = self.peek().is_some_and(|t| t.is_word("not"))
            && self.peek_at(1).is_some_and(|t| t.kind == Kind::LParen);
        if is_not {
            self.next += 1;
            return Ok(Filter::Not(Box::new(self.parse_group()?)));
        }
        let token = self.take("an attribute name, \"not\" or \"(\"")?;
        match &token.kind {
            Kind::LParen => {
                self.next -= 1;
                self.parse_group()
            }
            Kind::Word(word) => self.parse_attr_expr(word, token.pos),
            _ => Err(invalid(format!(
                "expected an attribute name, \"not\" or \"(\" at position {} in filter, found {}",
                token.pos,
                token.describe()
            ))),
        }
    }

    /// `( filter )`, counting towards the depth limit.
    fn parse_group(&mut self) -> Result<Filter, ScimError> {
        let open = self.take("\"(\"")?.pos;
        self.enter(open)?;
        let inner = self.parse_or()?;
        self.depth -= 1;
        match self.peek() {
            Some(token) if token.kind == Kind::RParen => {
                self.next += 1;
                Ok(inner)
            }
            Some(token) => Err(invalid(format!(
                "expected \")\" to close the \"(\" at position {open} in filter, found {} at \
                 position {}",
                token.describe(),
                token.pos
            ))),
            None => Err(invalid(format!(
                "missing \")\" to close the \"(\" at position {open} in filter"
            ))),
        }
    }

    fn enter(&mut self, pos: usize) -> Result<(), ScimError> {
        self.depth += 1;
        if self.depth > MAX_FILTER_DEPTH {
            return Err(invalid(format!(
                "the filter nests deeper than {MAX_FILTER_DEPTH} levels at position {pos}"
            )));
        }
        Ok(())
    }

    fn parse_attr_expr(&mut self, word: &str, pos: usize) -> Result<Filter, ScimError> {
        let path = parse_attr_path(word)
            .map_err(|why| invalid(format!("{why} at position {pos} in filter")))?;
        let after = format!("an operator after \"{word}\"");
        let token = self.take(&after)?;
        let (op_word, op_pos) = match &token.kind {
            Kind::LBracket => return self.parse_value_path(path, token.pos),
            Kind::Word(op) => (op.as_str(), token.pos),
            _ => {
                return Err(invalid(format!(
                    "expected an operator after \"{word}\" at position {} in filter, found {}",
                    token.pos,
                    token.describe()
                )))
            }
        };
        if op_word.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(path));
        }
        let op = CompareOp::from_word(op_word).ok_or_else(|| {
            if word.eq_ignore_ascii_case("not") {
                invalid(format!(
                    "expected \"(\" after \"not\" at position {op_pos} in filter"
                ))
            } else {
                invalid(format!(
                    "unknown operator \"{op_word}\" at position {op_pos} in filter"
                ))
            }
        })?;
        let expected = format!("a value after \"{op_word}\"");
        let token = self.take(&expected)?;
        let value = match &token.kind {
            Kind::Literal(value) => value.clone(),
            Kind::Word(w) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
            Kind::Word(w) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
            Kind::Word(w) if w.eq_ignore_ascii_case("null") => Value::Null,
            _ => {
                return Err(invalid(format!(
                    "expected a value (a quoted string, a number, true, false or null) at \
                     position {} in filter, found {}",
                    token.pos,
                    token.describe()
                )))
            }
        };
        Ok(Filter::Compare { path, op, value })
    }

    fn parse_value_path(
        &mut self,
        path: crate::path::AttrPath,
        open: usize,
    ) -> Result<Filter, ScimError> {
        if self.in_value_path {
            return Err(invalid(format!(
                "value filters cannot be nested (\"[\" at position {open} in filter)"
            )));
        }
        self.enter(open)?;
        self.in_value_path = true;
        let inner = self.parse_or();
        self.in_value_path = false;
        self.depth -= 1;
        let inner = inner?;
        match self.peek() {
            Some(token) if token.kind == Kind::RBracket => {
                self.next += 1;
                Ok(Filter::ValuePath {
                    path,
                    filter: Box::new(inner),
                })
            }
            Some(token) => Err(invalid(format!(
                "expected \"]\" to close the \"[\" at position {open} in filter, found {} at \
                 position {}",
                token.describe(),
                token.pos
            ))),
            None => Err(invalid(format!(
                "missing \"]\" to close the \"[\" at position {open} in filter"
            ))),
        }
    }
}
