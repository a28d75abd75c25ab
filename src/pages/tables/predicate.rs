//! A filter's predicate in words (`kind = "ICT" and not (…)`).

use gatehouse_wire::{Predicate, Value};

/// A value as written in a predicate.
fn value(v: &Value) -> String {
    match v {
        Value::Null => "empty".to_owned(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Int(n) => n.to_string(),
        Value::Text(t) => format!("“{t}”"),
    }
}

/// A readable sentence for `predicate`; nested groups are bracketed.
pub fn describe(predicate: &Predicate) -> String {
    match predicate {
        Predicate::All {} => "every row".to_owned(),
        Predicate::Eq { field, value: v } => format!("{field} is {}", value(v)),
        Predicate::Ne { field, value: v } => format!("{field} is not {}", value(v)),
        Predicate::In { field, values } => {
            let list: Vec<String> = values.iter().map(value).collect();
            format!("{field} is one of {}", list.join(", "))
        }
        Predicate::And { of } => joined(of, " and "),
        Predicate::Or { of } => joined(of, " or "),
        Predicate::Not { of } => format!("not ({})", describe(of)),
        Predicate::Filter { filter } => format!("rows of filter `{}`", filter.as_str()),
    }
}

fn joined(of: &[Predicate], word: &str) -> String {
    let parts: Vec<String> = of
        .iter()
        .map(|p| match p {
            Predicate::And { .. } | Predicate::Or { .. } => format!("({})", describe(p)),
            _ => describe(p),
        })
        .collect();
    parts.join(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_or_inside_an_and_is_bracketed() {
        let p = Predicate::and([
            Predicate::eq("kind", "ICT"),
            Predicate::or([Predicate::eq("a", 1), Predicate::ne("b", true)]),
        ]);
        assert_eq!(describe(&p), "kind is “ICT” and (a is 1 or b is not yes)");
    }
}
