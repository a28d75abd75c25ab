//! The conversion between the editor's [`Rule`] and a [`Predicate`], both ways, with the
//! values typed like the table's rows; the problems to name before saving; and the live count.
//! Pure, so it is tested natively. A stored predicate the editor cannot show faithfully
//! (`not`, references to other filters, groups inside groups, values that typing them back
//! would change) is refused with the reason, never simplified away.

use std::fmt;

use gatehouse_wire::{DataRow, Predicate, Value};

use super::rule::{Combine, Condition, Item, Op, Rule, Slot};

/// The type of `field`'s values in `rows` (the first non-empty one), if known.
fn sample<'r>(rows: &'r [DataRow], field: &str) -> Option<&'r Value> {
    rows.iter()
        .filter_map(|r| r.values.get(field))
        .find(|v| **v != Value::Null)
}

/// Text typed for `field`, typed like the table's rows (numbers compare as numbers).
pub fn typed(rows: &[DataRow], field: &str, text: &str) -> Value {
    let text = text.trim();
    match sample(rows, field) {
        Some(Value::Int(_)) => text
            .parse()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Text(text.to_owned())),
        Some(Value::Bool(_)) => Value::Bool(matches!(text, "yes" | "true")),
        _ => Value::Text(text.to_owned()),
    }
}

/// A stored value as the administrator would type it, if text can carry it.
fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
        Value::Int(n) => Some(n.to_string()),
        Value::Text(t) => Some(t.clone()),
    }
}

/// The predicate of one condition.
fn leaf(rows: &[DataRow], c: &Condition) -> Predicate {
    match c.op {
        Op::Is => Predicate::eq(&c.field, typed(rows, &c.field, &c.value)),
        Op::IsNot => Predicate::ne(&c.field, typed(rows, &c.field, &c.value)),
        Op::OneOf => Predicate::In {
            field: c.field.clone(),
            values: c
                .value
                .split(',')
                .map(|v| typed(rows, &c.field, v))
                .collect(),
        },
    }
}

/// `parts` combined; a single part stands for itself.
fn combined(combine: Combine, mut parts: Vec<Predicate>) -> Predicate {
    if parts.len() == 1 {
        return parts.remove(0);
    }
    match combine {
        Combine::All => Predicate::and(parts),
        Combine::Any => Predicate::or(parts),
    }
}

/// The predicate the rule makes, its values typed like `rows`.
pub fn to_predicate(rule: &Rule, rows: &[DataRow]) -> Predicate {
    let parts = rule
        .items
        .iter()
        .map(|item| match item {
            Item::Condition(c) => leaf(rows, c),
            Item::Group {
                combine,
                conditions,
            } => combined(*combine, conditions.iter().map(|c| leaf(rows, c)).collect()),
        })
        .collect();
    combined(rule.combine, parts)
}

/// `p` with every one-part "and"/"or" replaced by its part: the same rows pass.
pub fn simplify(p: &Predicate) -> Predicate {
    match p {
        Predicate::And { of } | Predicate::Or { of } if of.len() == 1 => simplify(&of[0]),
        Predicate::And { of } => Predicate::and(of.iter().map(simplify)),
        Predicate::Or { of } => Predicate::or(of.iter().map(simplify)),
        Predicate::Not { of } => Predicate::negate(simplify(of)),
        other => other.clone(),
    }
}

/// Why a stored predicate cannot be shown as conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unshowable {
    /// The built-in "every row".
    EveryRow,
    /// It uses "not (…)".
    Negation,
    /// It takes the rows of another filter.
    Reference(String),
    /// Groups inside groups.
    TooDeep,
    /// An "and"/"or" without conditions.
    Empty,
    /// A value that typing it back would change (empty, a comma inside "one of", spaces
    /// around it, text in a number field, …).
    Value(String),
}

impl fmt::Display for Unshowable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unshowable::EveryRow => f.write_str("it lets every row through"),
            Unshowable::Negation => f.write_str("it uses “not (…)”"),
            Unshowable::Reference(filter) => write!(f, "it takes the rows of filter `{filter}`"),
            Unshowable::TooDeep => f.write_str("it nests groups inside groups"),
            Unshowable::Empty => f.write_str("it has an empty group"),
            Unshowable::Value(field) => {
                write!(f, "a value of `{field}` cannot be typed back exactly")
            }
        }
    }
}

/// The condition `p` is, checked to type back to exactly `p`; `Ok(None)` for and/or.
fn condition_of(p: &Predicate, rows: &[DataRow]) -> Result<Option<Condition>, Unshowable> {
    let (field, op, value) = match p {
        Predicate::And { .. } | Predicate::Or { .. } => return Ok(None),
        Predicate::All {} => return Err(Unshowable::EveryRow),
        Predicate::Not { .. } => return Err(Unshowable::Negation),
        Predicate::Filter { filter } => {
            return Err(Unshowable::Reference(filter.as_str().to_owned()))
        }
        Predicate::Eq { field, value } => (field, Op::Is, text_of(value)),
        Predicate::Ne { field, value } => (field, Op::IsNot, text_of(value)),
        Predicate::In { field, values } => {
            let texts: Option<Vec<String>> = values.iter().map(text_of).collect();
            let joined = texts
                .filter(|ts| !ts.iter().any(|t| t.contains(',')))
                .map(|ts| ts.join(", "));
            (field, Op::OneOf, joined)
        }
    };
    let unshowable = || Unshowable::Value(field.clone());
    let condition = Condition {
        field: field.clone(),
        op,
        value: value.ok_or_else(unshowable)?,
    };
    if leaf(rows, &condition) != *p {
        return Err(unshowable());
    }
    Ok(Some(condition))
}

/// The rule showing `p`, or why it cannot be shown without changing what it lets through.
pub fn from_predicate(p: &Predicate, rows: &[DataRow]) -> Result<Rule, Unshowable> {
    let (combine, parts) = match p {
        Predicate::And { of } => (Combine::All, of.as_slice()),
        Predicate::Or { of } => (Combine::Any, of.as_slice()),
        leaf => (Combine::All, std::slice::from_ref(leaf)),
    };
    if parts.is_empty() {
        return Err(Unshowable::Empty);
    }
    let mut items = Vec::with_capacity(parts.len());
    for part in parts {
        if let Some(c) = condition_of(part, rows)? {
            items.push(Item::Condition(c));
            continue;
        }
        let (inner, of) = match part {
            Predicate::And { of } => (Combine::All, of),
            Predicate::Or { of } => (Combine::Any, of),
            _ => return Err(Unshowable::TooDeep),
        };
        if of.is_empty() {
            return Err(Unshowable::Empty);
        }
        let conditions = of
            .iter()
            .map(|q| condition_of(q, rows)?.ok_or(Unshowable::TooDeep))
            .collect::<Result<Vec<_>, _>>()?;
        items.push(Item::Group {
            combine: inner,
            conditions,
        });
    }
    Ok(Rule { combine, items })
}

/// What is wrong with the rule, per condition, before it is sent (empty values, text where
/// the field holds numbers or yes/no).
pub fn problems(rule: &Rule, rows: &[DataRow]) -> Vec<(Slot, String)> {
    let mut out = Vec::new();
    for slot in rule.slots() {
        let Some(c) = rule.condition(slot) else {
            continue;
        };
        let values: Vec<&str> = match c.op {
            Op::OneOf => c.value.split(',').map(str::trim).collect(),
            _ => vec![c.value.trim()],
        };
        let problem = if c.value.trim().is_empty() {
            Some("enter a value".to_owned())
        } else if values.iter().any(|v| v.is_empty()) {
            Some("one of the comma-separated values is empty".to_owned())
        } else {
            match sample(rows, &c.field) {
                Some(Value::Int(_)) => values
                    .iter()
                    .find(|v| v.parse::<i64>().is_err())
                    .map(|v| format!("`{v}` is not a whole number; `{}` holds numbers", c.field)),
                Some(Value::Bool(_)) => values
                    .iter()
                    .find(|v| !matches!(**v, "yes" | "no" | "true" | "false"))
                    .map(|v| format!("`{v}`: `{}` holds yes or no", c.field)),
                _ => None,
            }
        };
        if let Some(problem) = problem {
            out.push((slot, problem));
        }
    }
    out
}

/// Whether `row` passes `p`; references to other filters pass nothing (the editor makes none).
pub fn passes(p: &Predicate, row: &DataRow) -> bool {
    let get = |f: &str| row.values.get(f).cloned().unwrap_or(Value::Null);
    match p {
        Predicate::All {} => true,
        Predicate::Eq { field, value } => get(field) == *value,
        Predicate::Ne { field, value } => get(field) != *value,
        Predicate::In { field, values } => values.contains(&get(field)),
        Predicate::And { of } => of.iter().all(|q| passes(q, row)),
        Predicate::Or { of } => of.iter().any(|q| passes(q, row)),
        Predicate::Not { of } => !passes(of, row),
        Predicate::Filter { .. } => false,
    }
}

/// How many of `rows` pass `p`, if the count can be known here (no references).
pub fn count(p: &Predicate, rows: &[DataRow]) -> Option<usize> {
    p.references()
        .is_empty()
        .then(|| rows.iter().filter(|r| passes(p, r)).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, year: i64) -> DataRow {
        DataRow {
            id: format!("{kind}-{year}"),
            values: [
                ("kind".to_owned(), Value::from(kind)),
                ("year".to_owned(), Value::Int(year)),
                ("open".to_owned(), Value::Bool(year > 2024)),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn rows() -> Vec<DataRow> {
        vec![
            row("ICT", 2024),
            row("ICT", 2025),
            row("ICT", 2023),
            row("Support", 2025),
            row("Sales", 2024),
        ]
    }

    fn cond(field: &str, op: Op, value: &str) -> Condition {
        Condition {
            field: field.to_owned(),
            op,
            value: value.to_owned(),
        }
    }

    fn passed(p: &Predicate) -> Vec<String> {
        rows()
            .iter()
            .filter(|r| passes(p, r))
            .map(|r| r.id.clone())
            .collect()
    }

    #[test]
    fn values_are_typed_like_the_rows_so_numbers_compare_as_numbers() {
        let rule = Rule {
            combine: Combine::All,
            items: vec![Item::Condition(cond("year", Op::Is, " 2025 "))],
        };
        let p = to_predicate(&rule, &rows());
        assert_eq!(p, Predicate::eq("year", 2025));
        assert_eq!(passed(&p), ["ICT-2025", "Support-2025"]);
    }

    #[test]
    fn any_of_makes_an_or_and_one_of_splits_on_commas() {
        let rule = Rule {
            combine: Combine::Any,
            items: vec![
                Item::Condition(cond("kind", Op::OneOf, "Support, Sales")),
                Item::Condition(cond("year", Op::IsNot, "2024")),
            ],
        };
        let p = to_predicate(&rule, &rows());
        assert!(matches!(p, Predicate::Or { .. }));
        assert_eq!(
            passed(&p),
            ["ICT-2025", "ICT-2023", "Support-2025", "Sales-2024"]
        );
    }

    #[test]
    fn a_condition_and_a_group_make_kind_is_ict_and_year_2024_or_2025() {
        let mut rule = Rule::blank("kind");
        rule.condition_mut(Slot {
            item: 0,
            inner: None,
        })
        .expect("the first condition")
        .value = "ICT".into();
        rule.add_group("year");
        for (j, year) in ["2024", "2025"].into_iter().enumerate() {
            if let Some(c) = rule.condition_mut(Slot {
                item: 1,
                inner: Some(j),
            }) {
                c.value = year.into();
            }
        }
        let p = to_predicate(&rule, &rows());
        assert_eq!(
            p,
            Predicate::and([
                Predicate::eq("kind", "ICT"),
                Predicate::or([Predicate::eq("year", 2024), Predicate::eq("year", 2025)]),
            ])
        );
        assert_eq!(passed(&p), ["ICT-2024", "ICT-2025"]);
    }

    #[test]
    fn editor_predicates_round_trip_exactly() {
        let rows = rows();
        for p in [
            Predicate::eq("kind", "ICT"),
            Predicate::ne("year", 2024),
            Predicate::is_in("kind", ["ICT", "Sales"]),
            Predicate::eq("open", true),
            Predicate::or([Predicate::eq("kind", "ICT"), Predicate::eq("kind", "Sales")]),
            Predicate::and([
                Predicate::eq("kind", "ICT"),
                Predicate::or([Predicate::eq("year", 2024), Predicate::eq("year", 2025)]),
            ]),
            Predicate::or([
                Predicate::and([Predicate::eq("kind", "ICT"), Predicate::eq("open", false)]),
                Predicate::is_in("kind", ["Support", "Sales"]),
            ]),
        ] {
            let rule = from_predicate(&p, &rows).expect("showable");
            assert_eq!(to_predicate(&rule, &rows), p, "{rule:?}");
        }
    }

    #[test]
    fn nested_groups_come_back_as_groups_with_their_own_combination() {
        let p = Predicate::and([
            Predicate::eq("kind", "ICT"),
            Predicate::or([Predicate::eq("year", 2024), Predicate::eq("year", 2025)]),
        ]);
        let rule = from_predicate(&p, &rows()).expect("showable");
        assert_eq!(rule.combine, Combine::All);
        assert_eq!(rule.shape(), [None, Some(2)]);
        assert_eq!(rule.group_combine(1), Some(Combine::Any));
        assert_eq!(
            rule.condition(Slot {
                item: 1,
                inner: Some(1)
            }),
            Some(&cond("year", Op::Is, "2025"))
        );
    }

    #[test]
    fn one_part_groups_load_and_save_as_the_same_rows() {
        let p = Predicate::and([Predicate::or([Predicate::eq("kind", "ICT")])]);
        let rule = from_predicate(&p, &rows()).expect("showable");
        let back = to_predicate(&rule, &rows());
        assert_eq!(simplify(&back), simplify(&p));
        assert_eq!(back, Predicate::eq("kind", "ICT"));
    }

    #[test]
    fn predicates_the_editor_cannot_show_are_refused_with_the_reason() {
        let rows = rows();
        let cases = [
            (Predicate::All {}, Unshowable::EveryRow),
            (
                Predicate::negate(Predicate::eq("kind", "ICT")),
                Unshowable::Negation,
            ),
            (
                Predicate::or([
                    Predicate::eq("kind", "ICT"),
                    serde_json::from_value(
                        serde_json::json!({"op": "filter", "filter": "support"}),
                    )
                    .expect("a reference"),
                ]),
                Unshowable::Reference("support".into()),
            ),
            (
                Predicate::and([
                    Predicate::eq("kind", "ICT"),
                    Predicate::or([
                        Predicate::eq("year", 2024),
                        Predicate::and([Predicate::eq("open", true)]),
                    ]),
                ]),
                Unshowable::TooDeep,
            ),
            (Predicate::or([]), Unshowable::Empty),
            (
                Predicate::eq("kind", Value::Null),
                Unshowable::Value("kind".into()),
            ),
            (
                Predicate::is_in("kind", ["ICT, Support", "Sales"]),
                Unshowable::Value("kind".into()),
            ),
            (
                Predicate::eq("kind", " ICT"),
                Unshowable::Value("kind".into()),
            ),
            (
                Predicate::eq("year", "2024"),
                Unshowable::Value("year".into()),
            ),
        ];
        for (p, why) in cases {
            assert_eq!(from_predicate(&p, &rows), Err(why), "{p:?}");
        }
    }

    #[test]
    fn problems_name_the_condition_and_what_to_type() {
        let rule = Rule {
            combine: Combine::All,
            items: vec![
                Item::Condition(cond("kind", Op::Is, " ")),
                Item::Group {
                    combine: Combine::Any,
                    conditions: vec![
                        cond("year", Op::Is, "twenty"),
                        cond("kind", Op::OneOf, "ICT,,Sales"),
                        cond("open", Op::Is, "maybe"),
                    ],
                },
            ],
        };
        let found = problems(&rule, &rows());
        let at = |item, inner| {
            found
                .iter()
                .find(|(s, _)| *s == Slot { item, inner })
                .map(|(_, p)| p.as_str())
        };
        assert_eq!(at(0, None), Some("enter a value"));
        assert_eq!(
            at(1, Some(0)),
            Some("`twenty` is not a whole number; `year` holds numbers")
        );
        assert_eq!(
            at(1, Some(1)),
            Some("one of the comma-separated values is empty")
        );
        assert_eq!(at(1, Some(2)), Some("`maybe`: `open` holds yes or no"));
    }

    #[test]
    fn the_count_is_unknown_for_references_only() {
        let rows = rows();
        assert_eq!(count(&Predicate::eq("kind", "ICT"), &rows), Some(3));
        let reference: Predicate =
            serde_json::from_value(serde_json::json!({"op": "filter", "filter": "ict"}))
                .expect("a reference");
        assert_eq!(count(&reference, &rows), None);
    }
}
