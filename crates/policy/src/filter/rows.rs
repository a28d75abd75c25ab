//! Rows to filter, held column by column with each column dictionary-encoded, so a predicate
//! compares small integer codes instead of looking up field names and strings per row.

use std::collections::{BTreeMap, HashMap};

use super::{FilterError, Value};

/// One row as field name → value (missing fields read as `Null`).
pub type Row = BTreeMap<String, Value>;

/// One dictionary-encoded column.
#[derive(Debug, Clone, Default)]
pub(crate) struct Column {
    /// Distinct values, indexed by code.
    values: Vec<Value>,
    /// Value → code.
    lookup: HashMap<Value, u32>,
    /// One code per row.
    codes: Vec<u32>,
}

impl Column {
    fn push(&mut self, value: Value) {
        let code = match self.lookup.get(&value) {
            Some(code) => *code,
            None => {
                let code = self.values.len() as u32;
                self.values.push(value.clone());
                self.lookup.insert(value, code);
                code
            }
        };
        self.codes.push(code);
    }

    /// The code of `value`, if any row holds it.
    pub(crate) fn code(&self, value: &Value) -> Option<u32> {
        self.lookup.get(value).copied()
    }

    /// The number of distinct values.
    pub(crate) fn distinct(&self) -> usize {
        self.values.len()
    }

    /// The per-row codes.
    pub(crate) fn codes(&self) -> &[u32] {
        &self.codes
    }

    fn value(&self, row: usize) -> Option<&Value> {
        self.codes
            .get(row)
            .and_then(|code| self.values.get(*code as usize))
    }
}

/// A set of rows with named fields, stored column-wise.
#[derive(Debug, Clone, Default)]
pub struct RowSet {
    fields: Vec<String>,
    columns: Vec<Column>,
    len: usize,
}

impl RowSet {
    /// An empty row set with these fields.
    pub fn new(fields: &[String]) -> Self {
        Self {
            fields: fields.to_vec(),
            columns: vec![Column::default(); fields.len()],
            len: 0,
        }
    }

    /// Rows keyed by field name; fields not listed are ignored, missing ones read as `Null`.
    pub fn from_rows<'a>(fields: &[String], rows: impl IntoIterator<Item = &'a Row>) -> Self {
        let mut set = Self::new(fields);
        for row in rows {
            set.push(row);
        }
        set
    }

    /// Whole columns, one per field; they must all be the same length.
    pub fn from_columns(columns: Vec<(String, Vec<Value>)>) -> Result<Self, FilterError> {
        let expected = columns.first().map_or(0, |(_, values)| values.len());
        let mut set = Self {
            fields: Vec::with_capacity(columns.len()),
            columns: Vec::with_capacity(columns.len()),
            len: expected,
        };
        for (field, values) in columns {
            if values.len() != expected {
                return Err(FilterError::ColumnLength {
                    field,
                    expected,
                    found: values.len(),
                });
            }
            let mut column = Column::default();
            values.into_iter().for_each(|v| column.push(v));
            set.fields.push(field);
            set.columns.push(column);
        }
        Ok(set)
    }

    /// Appends one row.
    pub fn push(&mut self, row: &Row) {
        for (field, column) in self.fields.iter().zip(&mut self.columns) {
            column.push(row.get(field).cloned().unwrap_or(Value::Null));
        }
        self.len += 1;
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The field names, in column order.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// The value of `field` in row `index` (`None` if either does not exist).
    pub fn value(&self, index: usize, field: &str) -> Option<&Value> {
        self.column(field).and_then(|c| c.value(index))
    }

    /// Row `index` rebuilt as a map.
    pub fn row(&self, index: usize) -> Option<Row> {
        (index < self.len).then(|| {
            self.fields
                .iter()
                .zip(&self.columns)
                .filter_map(|(f, c)| c.value(index).map(|v| (f.clone(), v.clone())))
                .collect()
        })
    }

    /// The column of `field`.
    pub(crate) fn column(&self, field: &str) -> Option<&Column> {
        self.fields
            .iter()
            .position(|f| f == field)
            .and_then(|i| self.columns.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, Value)]) -> Row {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn missing_fields_read_as_null_and_rows_round_trip() {
        let fields = vec!["kind".to_owned(), "owner".to_owned()];
        let rows = [
            row(&[("kind", "ICT".into())]),
            row(&[("kind", "Support".into()), ("owner", 7.into())]),
        ];
        let set = RowSet::from_rows(&fields, &rows);
        assert_eq!(set.len(), 2);
        assert_eq!(set.value(0, "owner"), Some(&Value::Null));
        assert_eq!(set.row(1).unwrap().get("owner"), Some(&Value::Int(7)));
        assert_eq!(set.row(2), None);
    }

    #[test]
    fn columns_of_different_lengths_are_refused() {
        let result = RowSet::from_columns(vec![
            ("a".into(), vec![Value::Int(1), Value::Int(2)]),
            ("b".into(), vec![Value::Int(1)]),
        ]);
        assert!(matches!(
            result,
            Err(FilterError::ColumnLength { found: 1, .. })
        ));
    }
}
