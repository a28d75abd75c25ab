//! SCIM filters (RFC 7644 §3.4.2.2): the syntax tree, its text form and what it selects.

mod eval;
mod lex;
mod parse;

use std::fmt;

use serde_json::Value;

use crate::error::{ScimError, ScimType};
use crate::path::AttrPath;
use crate::schema::{AttrDef, ResourceSchema, GROUP_SCHEMA_ID, USER_SCHEMA_ID};

pub(crate) use parse::parse_value_filter;

/// The longest filter accepted, in characters.
pub const MAX_FILTER_LEN: usize = 4096;
/// The deepest nesting of parentheses, `not` and value filters accepted.
pub const MAX_FILTER_DEPTH: usize = 64;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Contains (strings).
    Co,
    /// Starts with (strings).
    Sw,
    /// Ends with (strings).
    Ew,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
}

impl CompareOp {
    /// The operator as written in a filter, e.g. `"eq"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Eq => "eq",
            Self::Ne => "ne",
            Self::Co => "co",
            Self::Sw => "sw",
            Self::Ew => "ew",
            Self::Gt => "gt",
            Self::Ge => "ge",
            Self::Lt => "lt",
            Self::Le => "le",
        }
    }

    /// The operator named `word`, ignoring case.
    pub fn from_word(word: &str) -> Option<CompareOp> {
        const ALL: [CompareOp; 9] = [
            CompareOp::Eq,
            CompareOp::Ne,
            CompareOp::Co,
            CompareOp::Sw,
            CompareOp::Ew,
            CompareOp::Gt,
            CompareOp::Ge,
            CompareOp::Lt,
            CompareOp::Le,
        ];
        ALL.into_iter()
            .find(|op| op.as_str().eq_ignore_ascii_case(word))
    }
}

/// A parsed SCIM filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `path op value`.
    Compare {
        /// The attribute compared.
        path: AttrPath,
        /// The operator.
        op: CompareOp,
        /// The literal: a string, number, boolean or null.
        value: Value,
    },
    /// `path pr`: the attribute has a non-empty value.
    Present(AttrPath),
    /// Both sides match.
    And(Box<Filter>, Box<Filter>),
    /// Either side matches.
    Or(Box<Filter>, Box<Filter>),
    /// The inner filter does not match.
    Not(Box<Filter>),
    /// `path[filter]`: some value of a complex attribute matches the inner filter.
    ValuePath {
        /// The complex attribute.
        path: AttrPath,
        /// The filter over its sub-attributes.
        filter: Box<Filter>,
    },
}

impl Filter {
    /// Parses a filter; a malformed one is a 400 `invalidFilter` naming the position and what
    /// was expected there.
    pub fn parse(text: &str) -> Result<Filter, ScimError> {
        parse::parse_filter(text)
    }

    /// Whether `resource` (a SCIM JSON resource described by `schema`) matches.
    pub fn matches(&self, resource: &Value, schema: &ResourceSchema) -> bool {
        eval::matches(self, resource, eval::Scope::Resource(schema))
    }

    /// Whether one value of the complex attribute `parent` matches (a value filter's scope).
    pub(crate) fn matches_element(&self, element: &Value, parent: &AttrDef) -> bool {
        eval::matches(self, element, eval::Scope::Element(parent))
    }

    /// For a top-level `attr eq value` (or `attr.sub eq value`): the lowercased path
    /// (`"username"`, `"emails.value"`) and the value, so the caller can look candidates up
    /// by index. A URN prefix other than the core User or Group schema gives `None`. Confirm
    /// candidates with [`Filter::matches`], which also applies case sensitivity.
    pub fn equality(&self) -> Option<(String, &Value)> {
        let Filter::Compare {
            path,
            op: CompareOp::Eq,
            value,
        } = self
        else {
            return None;
        };
        if let Some(urn) = &path.schema {
            let core = [USER_SCHEMA_ID, GROUP_SCHEMA_ID];
            if !core.iter().any(|id| id.eq_ignore_ascii_case(urn)) {
                return None;
            }
        }
        let mut key = path.attr.to_ascii_lowercase();
        if let Some(sub) = &path.sub_attr {
            key.push('.');
            key.push_str(&sub.to_ascii_lowercase());
        }
        Some((key, value))
    }
}

/// Prints valid filter syntax that parses back to the same tree (parentheses where the
/// left-to-right, `and`-before-`or` reading would otherwise differ).
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::Compare { path, op, value } => {
                let literal = serde_json::to_string(value).map_err(|_| fmt::Error)?;
                write!(f, "{path} {} {literal}", op.as_str())
            }
            Filter::Present(path) => write!(f, "{path} pr"),
            Filter::Or(left, right) => {
                write!(f, "{left} or ")?;
                grouped(f, right, matches!(**right, Filter::Or(..)))
            }
            Filter::And(left, right) => {
                grouped(f, left, matches!(**left, Filter::Or(..)))?;
                f.write_str(" and ")?;
                grouped(
                    f,
                    right,
                    matches!(**right, Filter::Or(..) | Filter::And(..)),
                )
            }
            Filter::Not(inner) => write!(f, "not ({inner})"),
            Filter::ValuePath { path, filter } => write!(f, "{path}[{filter}]"),
        }
    }
}

/// A 400 `invalidFilter` error.
fn invalid(detail: impl Into<String>) -> ScimError {
    ScimError::bad_request(ScimType::InvalidFilter, detail)
}

fn grouped(f: &mut fmt::Formatter<'_>, filter: &Filter, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({filter})")
    } else {
        write!(f, "{filter}")
    }
}

#[cfg(test)]
mod tests;
