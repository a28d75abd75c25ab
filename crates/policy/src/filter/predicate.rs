//! Filter predicates over a row's fields: equality, inequality, in-set, and/or/not, the
//! built-in All, and references to other filters of the same table; and their validation.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::FilterError;
use crate::ids::{FilterId, TableId};

/// Deepest nesting of `and`/`or`/`not` a predicate may have.
pub const MAX_DEPTH: usize = 16;

/// A field value. Missing fields read as `Null`; values of different types are never equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// No value.
    Null,
    /// A yes/no value.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Text.
    Text(String),
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Self::Int(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

/// Which rows a filter lets through. Serialised with an `op` tag, e.g.
/// `{"op": "eq", "field": "department", "value": "ICT"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Predicate {
    /// Every row (the built-in All filter).
    // A struct variant, not a unit one: serde ignores unknown fields beside a unit
    // variant's tag even with `deny_unknown_fields`.
    All {},
    /// The field equals the value.
    Eq {
        /// The field.
        field: String,
        /// The value.
        value: Value,
    },
    /// The field differs from the value.
    Ne {
        /// The field.
        field: String,
        /// The value.
        value: Value,
    },
    /// The field equals one of the values.
    In {
        /// The field.
        field: String,
        /// The values; never empty.
        values: Vec<Value>,
    },
    /// Every condition holds.
    And {
        /// The conditions; never empty.
        of: Vec<Predicate>,
    },
    /// At least one condition holds.
    Or {
        /// The conditions; never empty.
        of: Vec<Predicate>,
    },
    /// The condition does not hold.
    Not {
        /// The condition.
        of: Box<Predicate>,
    },
    /// Whatever another filter of the same table lets through.
    Filter {
        /// The other filter.
        filter: FilterId,
    },
}

impl Predicate {
    /// `field = value`.
    pub fn eq(field: &str, value: impl Into<Value>) -> Self {
        Self::Eq {
            field: field.to_owned(),
            value: value.into(),
        }
    }

    /// `field ≠ value`.
    pub fn ne(field: &str, value: impl Into<Value>) -> Self {
        Self::Ne {
            field: field.to_owned(),
            value: value.into(),
        }
    }

    /// `field ∈ values`.
    pub fn is_in<V: Into<Value>>(field: &str, values: impl IntoIterator<Item = V>) -> Self {
        Self::In {
            field: field.to_owned(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// Every one of `of`.
    pub fn and(of: impl IntoIterator<Item = Predicate>) -> Self {
        Self::And {
            of: of.into_iter().collect(),
        }
    }

    /// Any one of `of`.
    pub fn or(of: impl IntoIterator<Item = Predicate>) -> Self {
        Self::Or {
            of: of.into_iter().collect(),
        }
    }

    /// Not `of`.
    pub fn negate(of: Predicate) -> Self {
        Self::Not { of: Box::new(of) }
    }

    /// The filters this predicate refers to, in order of appearance.
    pub fn references(&self) -> Vec<&FilterId> {
        let mut out = Vec::new();
        self.collect_references(&mut out);
        out
    }

    fn collect_references<'a>(&'a self, out: &mut Vec<&'a FilterId>) {
        match self {
            Self::Filter { filter } => out.push(filter),
            Self::And { of } | Self::Or { of } => {
                of.iter().for_each(|p| p.collect_references(out));
            }
            Self::Not { of } => of.collect_references(out),
            Self::All {} | Self::Eq { .. } | Self::Ne { .. } | Self::In { .. } => {}
        }
    }
}

/// What a predicate is checked against: the table's fields and filters.
pub(crate) struct PredicateContext<'a> {
    pub table: &'a TableId,
    pub filter: &'a FilterId,
    pub fields: &'a HashSet<&'a str>,
    pub filters: &'a HashSet<&'a FilterId>,
}

impl PredicateContext<'_> {
    /// Checks fields, in-sets, empty combinations, depth and references (not cycles).
    pub fn check(&self, predicate: &Predicate) -> Result<(), FilterError> {
        self.check_at(predicate, 1)
    }

    fn check_at(&self, predicate: &Predicate, depth: usize) -> Result<(), FilterError> {
        if depth > MAX_DEPTH {
            return Err(FilterError::TooDeep {
                table: self.table.clone(),
                filter: self.filter.clone(),
                max: MAX_DEPTH,
            });
        }
        match predicate {
            Predicate::All {} => Ok(()),
            Predicate::Eq { field, .. } | Predicate::Ne { field, .. } => self.field(field),
            Predicate::In { field, values } => {
                self.field(field)?;
                if values.is_empty() {
                    return Err(FilterError::EmptyInSet {
                        table: self.table.clone(),
                        filter: self.filter.clone(),
                        field: field.clone(),
                    });
                }
                Ok(())
            }
            Predicate::And { of } | Predicate::Or { of } => {
                if of.is_empty() {
                    let op = if matches!(predicate, Predicate::And { .. }) {
                        "and"
                    } else {
                        "or"
                    };
                    return Err(FilterError::EmptyCombination {
                        table: self.table.clone(),
                        filter: self.filter.clone(),
                        op,
                    });
                }
                of.iter().try_for_each(|p| self.check_at(p, depth + 1))
            }
            Predicate::Not { of } => self.check_at(of, depth + 1),
            Predicate::Filter { filter } => {
                if self.filters.contains(filter) {
                    Ok(())
                } else {
                    Err(FilterError::UnknownFilter {
                        table: self.table.clone(),
                        filter: filter.clone(),
                    })
                }
            }
        }
    }

    fn field(&self, field: &str) -> Result<(), FilterError> {
        if self.fields.contains(field) {
            Ok(())
        } else {
            Err(FilterError::UnknownField {
                table: self.table.clone(),
                filter: self.filter.clone(),
                field: field.to_owned(),
            })
        }
    }
}
