//! Multi-row statements: many rows written or deleted by one statement instead of one
//! statement each. On SQLite every statement is a hand-off to the connection's worker thread
//! and back; on PostgreSQL a round trip to the server.

use std::fmt::Write;

/// Values one statement binds at most. Far below the limits of SQLite (32,766) and
/// PostgreSQL (65,535), and kept low on purpose: SQLite finds each numbered placeholder's
/// name by a linear search (`sqlite3_bind_parameter_name`, called by sqlx for every value),
/// so binding n values costs n²; at 2,000 a statement that search took a quarter of a
/// 1,000-grant change set's time, between 250 and 600 it is lost in the noise, and a few
/// dozen statements remain for such a set.
const BINDS: usize = 500;

/// Rows one statement writes or deletes at most: a chain of this many `OR` terms stays well
/// within SQLite's expression depth limit (1,000).
const MAX_ROWS: usize = 200;

/// Rows of `columns` values each that one statement writes or deletes.
pub(crate) fn rows(columns: usize) -> usize {
    (BINDS / columns.max(1)).clamp(1, MAX_ROWS)
}

/// `($1, $2, …), ($n+1, …), …`: `rows` tuples of `columns` numbered placeholders each, the
/// values of a multi-row `INSERT … VALUES` bound row after row.
pub(crate) fn tuples(rows: usize, columns: usize) -> String {
    let mut sql = String::with_capacity(rows * (columns * 6 + 4));
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        sql.push_str(&list_from(row * columns + 1, columns));
        sql.push(')');
    }
    sql
}

/// `$1, $2, …, $n`: the placeholders of an `IN (…)` list of `n` values.
pub(crate) fn list(n: usize) -> String {
    list_from(1, n)
}

/// `$first, …`: `n` numbered placeholders starting at `first`.
fn list_from(first: usize, n: usize) -> String {
    let mut sql = String::with_capacity(n * 6);
    for number in first..first + n {
        if number > first {
            sql.push_str(", ");
        }
        // Writing to a `String` cannot fail.
        let _ = write!(sql, "${number}");
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuples_number_the_values_row_after_row() {
        assert_eq!(tuples(2, 3), "($1, $2, $3), ($4, $5, $6)");
        assert_eq!(tuples(1, 1), "($1)");
    }

    #[test]
    fn wide_rows_take_fewer_a_statement() {
        assert_eq!(rows(10), 50);
        assert_eq!(rows(1), MAX_ROWS);
        assert_eq!(rows(BINDS + 1), 1);
    }

    #[test]
    fn a_list_numbers_from_one() {
        assert_eq!(list(3), "$1, $2, $3");
    }
}
