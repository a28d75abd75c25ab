//! The filter parser: a tokenizer and a recursive-descent parser with `and` binding tighter
//! than `or`, bounded in length and depth so hostile input gets an error, not a stack overflow.

use serde_json::Value;

use super::invalid;
use super::lex::{tokenize, Kind, Token};
use super::{CompareOp, Filter, MAX_FILTER_DEPTH, MAX_FILTER_LEN};
use crate::error::ScimError;
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
