//! Filters compiled against a row set: each comparison becomes a column index and a value
//! code, and each filter evaluates column-at-a-time into a [`Bitset`].

use std::collections::HashMap;

use super::bitset::Bitset;
use super::rows::{Column, RowSet};
use super::{FilterError, Predicate, Table, Value};
use crate::ids::FilterId;

enum Node<'r> {
    Const(bool),
    Eq(&'r Column, u32),
    Ne(&'r Column, u32),
    In(&'r Column, Vec<bool>),
    And(Vec<Node<'r>>),
    Or(Vec<Node<'r>>),
    Not(Box<Node<'r>>),
    Ref(usize),
}

/// A table's filters ready to run over one row set.
pub struct CompiledTable<'r> {
    ids: Vec<FilterId>,
    nodes: Vec<Node<'r>>,
    len: usize,
}

impl<'r> CompiledTable<'r> {
    /// Compiles every filter of `table` against `rows`. Fields the row set lacks read as
    /// `Null`; the table must be valid (no unknown fields, references or cycles).
    pub fn new(table: &Table, rows: &'r RowSet) -> Result<Self, FilterError> {
        table.check_predicates()?;
        let index: HashMap<&FilterId, usize> = table
            .filters
            .iter()
            .enumerate()
            .map(|(i, f)| (&f.id, i))
            .collect();
        let nodes = table
            .filters
            .iter()
            .map(|f| compile(&f.predicate, rows, &index))
            .collect();
        Ok(Self {
            ids: table.filters.iter().map(|f| f.id.clone()).collect(),
            nodes,
            len: rows.len(),
        })
    }

    /// The position of filter `id`.
    pub fn position(&self, id: &FilterId) -> Option<usize> {
        self.ids.iter().position(|f| f == id)
    }

    /// The number of rows compiled against.
    pub fn rows(&self) -> usize {
        self.len
    }

    /// The filter ids, in table order.
    pub fn filter_ids(&self) -> &[FilterId] {
        &self.ids
    }

    /// The rows each of `filters` (positions) lets through, in the same order; a filter
    /// referred to by several is evaluated once.
    pub fn evaluate(&self, filters: &[usize]) -> Vec<Bitset> {
        let mut memo: Vec<Option<Bitset>> = vec![None; self.nodes.len()];
        filters
            .iter()
            .map(|f| self.filter_bits(*f, &mut memo))
            .collect()
    }

    fn filter_bits(&self, filter: usize, memo: &mut [Option<Bitset>]) -> Bitset {
        if let Some(Some(done)) = memo.get(filter) {
            return done.clone();
        }
        let bits = match self.nodes.get(filter) {
            Some(node) => self.eval(node, memo),
            None => Bitset::zeros(self.len),
        };
        if let Some(slot) = memo.get_mut(filter) {
            *slot = Some(bits.clone());
        }
        bits
    }

    fn eval(&self, node: &Node<'r>, memo: &mut [Option<Bitset>]) -> Bitset {
        match node {
            Node::Const(true) => Bitset::ones(self.len),
            Node::Const(false) => Bitset::zeros(self.len),
            Node::Eq(column, code) => Bitset::from_codes(column.codes(), |c| c == *code),
            Node::Ne(column, code) => Bitset::from_codes(column.codes(), |c| c != *code),
            Node::In(column, member) => Bitset::from_codes(column.codes(), |c| {
                member.get(c as usize).copied().unwrap_or(false)
            }),
            Node::And(parts) => self.fold(parts, memo, Bitset::and_with),
            Node::Or(parts) => self.fold(parts, memo, Bitset::or_with),
            Node::Not(inner) => {
                let mut bits = self.eval(inner, memo);
                bits.invert();
                bits
            }
            Node::Ref(filter) => self.filter_bits(*filter, memo),
        }
    }

    fn fold(
        &self,
        parts: &[Node<'r>],
        memo: &mut [Option<Bitset>],
        combine: fn(&mut Bitset, &Bitset),
    ) -> Bitset {
        let mut parts = parts.iter();
        let Some(first) = parts.next() else {
            return Bitset::zeros(self.len);
        };
        let mut acc = self.eval(first, memo);
        for part in parts {
            combine(&mut acc, &self.eval(part, memo));
        }
        acc
    }
}

fn compile<'r>(
    predicate: &Predicate,
    rows: &'r RowSet,
    index: &HashMap<&FilterId, usize>,
) -> Node<'r> {
    let compile_all = |of: &[Predicate]| of.iter().map(|p| compile(p, rows, index)).collect();
    match predicate {
        Predicate::All {} => Node::Const(true),
        Predicate::Eq { field, value } => match rows.column(field) {
            None => Node::Const(*value == Value::Null),
            Some(column) => column
                .code(value)
                .map_or(Node::Const(false), |c| Node::Eq(column, c)),
        },
        Predicate::Ne { field, value } => match rows.column(field) {
            None => Node::Const(*value != Value::Null),
            Some(column) => column
                .code(value)
                .map_or(Node::Const(true), |c| Node::Ne(column, c)),
        },
        Predicate::In { field, values } => match rows.column(field) {
            None => Node::Const(values.contains(&Value::Null)),
            Some(column) => {
                let mut member = vec![false; column.distinct()];
                let codes = values.iter().filter_map(|v| column.code(v));
                codes.for_each(|c| {
                    if let Some(slot) = member.get_mut(c as usize) {
                        *slot = true;
                    }
                });
                if member.contains(&true) {
                    Node::In(column, member)
                } else {
                    Node::Const(false)
                }
            }
        },
        Predicate::And { of } => Node::And(compile_all(of)),
        Predicate::Or { of } => Node::Or(compile_all(of)),
        Predicate::Not { of } => Node::Not(Box::new(compile(of, rows, index))),
        Predicate::Filter { filter } => index
            .get(filter)
            .map_or(Node::Const(false), |i| Node::Ref(*i)),
    }
}
