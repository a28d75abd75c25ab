//! A new filter: a name and conditions (field / operator / value) combined with "all of" or
//! "any of", with a live count of the rows it passes; the server's errors shown at the form.

use gatehouse_wire::{DataRow, FilterFields, Predicate, Value};
use leptos::prelude::*;

use crate::api;

/// One condition row of the editor.
#[derive(Clone, Default, PartialEq)]
struct Condition {
    field: String,
    op: String,
    value: String,
}

/// Text typed by the administrator as a value of `field`, typed like the table's rows.
fn typed(rows: &[DataRow], field: &str, text: &str) -> Value {
    let text = text.trim();
    match rows.iter().find_map(|r| r.values.get(field)) {
        Some(Value::Int(_)) => text
            .parse()
            .map(Value::Int)
            .unwrap_or_else(|_| Value::Text(text.to_owned())),
        Some(Value::Bool(_)) => Value::Bool(matches!(text, "yes" | "true")),
        _ => Value::Text(text.to_owned()),
    }
}

/// The predicate the conditions make.
fn predicate(rows: &[DataRow], any: bool, conditions: &[Condition]) -> Predicate {
    let parts: Vec<Predicate> = conditions
        .iter()
        .map(|c| match c.op.as_str() {
            "ne" => Predicate::ne(&c.field, typed(rows, &c.field, &c.value)),
            "in" => Predicate::In {
                field: c.field.clone(),
                values: c
                    .value
                    .split(',')
                    .map(|v| typed(rows, &c.field, v))
                    .collect(),
            },
            _ => Predicate::eq(&c.field, typed(rows, &c.field, &c.value)),
        })
        .collect();
    match parts.len() {
        1 => parts.into_iter().next().unwrap_or(Predicate::All),
        _ if any => Predicate::or(parts),
        _ => Predicate::and(parts),
    }
}

/// Whether `row` passes `p` (conditions only: the editor makes no filter references).
fn passes(p: &Predicate, row: &DataRow) -> bool {
    let get = |f: &str| row.values.get(f).cloned().unwrap_or(Value::Null);
    match p {
        Predicate::All => true,
        Predicate::Eq { field, value } => get(field) == *value,
        Predicate::Ne { field, value } => get(field) != *value,
        Predicate::In { field, values } => values.contains(&get(field)),
        Predicate::And { of } => of.iter().all(|q| passes(q, row)),
        Predicate::Or { of } => of.iter().any(|q| passes(q, row)),
        Predicate::Not { of } => !passes(of, row),
        Predicate::Filter { .. } => false,
    }
}

/// The new-filter form.
#[component]
pub fn FilterEditor(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The table's fields.
    fields: Vec<String>,
    /// The table's rows, for the live count.
    rows: Vec<DataRow>,
    /// Called after the filter was created.
    on_saved: Callback<()>,
) -> impl IntoView {
    let first = fields.first().cloned().unwrap_or_default();
    let blank = Condition {
        field: first,
        op: "eq".to_owned(),
        value: String::new(),
    };
    let name = RwSignal::new(String::new());
    let any = RwSignal::new(false);
    let conditions = RwSignal::new(vec![blank.clone()]);
    let rows = StoredValue::new(rows);
    let target = StoredValue::new((env, table));
    let built = move || rows.with_value(|r| predicate(r, any.get(), &conditions.get()));
    let count = move || {
        let p = built();
        rows.with_value(|r| (r.iter().filter(|row| passes(&p, row)).count(), r.len()))
    };
    let save = Action::new_local(move |fields: &FilterFields| {
        let ((env, table), fields) = (target.get_value(), fields.clone());
        async move { api::create_filter(&env, &table, &fields).await.map(drop) }
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let error = move || save.value().get().and_then(Result::err);
    let fields = StoredValue::new(fields);
    view! {
        <form class="ac-card ac-form" data-testid="filter-editor" aria-label="New filter" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(FilterFields { name: name.get_untracked(), predicate: built() });
        }>
            <h2 class="ac-name">"New filter"</h2>
            <div class="inline-form">
                <label class="field"><span class="field-label">"Name"</span>
                    <input type="text" required data-testid="filter-name" prop:value=name on:input=move |ev| name.set(event_target_value(&ev))/></label>
                <label class="field"><span class="field-label">"Rows must match"</span>
                    <select data-testid="filter-combine" on:change=move |ev| any.set(event_target_value(&ev) == "any")>
                        <option value="all">"all conditions"</option><option value="any">"any condition"</option>
                    </select></label>
            </div>
            <div class="ac-connectors">
                {move || (0..conditions.with(Vec::len)).map(|i| {
                    let c = conditions.with(|cs| cs.get(i).cloned().unwrap_or_default());
                    let set = move |f: fn(&mut Condition, String), v: String| conditions.update(|cs| if let Some(c) = cs.get_mut(i) { f(c, v) });
                    view! { <div class="ac-connector-row" data-testid="filter-condition">
                        <label class="visually-hidden" for=format!("cond-field-{i}")>"Field"</label>
                        <select id=format!("cond-field-{i}") data-testid="cond-field" prop:value=c.field.clone() on:change=move |ev| set(|c, v| c.field = v, event_target_value(&ev))>
                            {fields.with_value(|fs| fs.iter().map(|f| view! { <option value=f.clone()>{f.clone()}</option> }).collect_view())}
                        </select>
                        <label class="visually-hidden" for=format!("cond-op-{i}")>"Operator"</label>
                        <select id=format!("cond-op-{i}") data-testid="cond-op" prop:value=c.op.clone() on:change=move |ev| set(|c, v| c.op = v, event_target_value(&ev))>
                            <option value="eq">"is"</option><option value="ne">"is not"</option><option value="in">"is one of (comma separated)"</option>
                        </select>
                        <label class="visually-hidden" for=format!("cond-value-{i}")>"Value"</label>
                        <input id=format!("cond-value-{i}") type="text" data-testid="cond-value" prop:value=c.value.clone() on:change=move |ev| set(|c, v| c.value = v, event_target_value(&ev))/>
                        <button class="button" type="button" aria-label="Remove condition" disabled=move || conditions.with(|cs| cs.len() < 2)
                            on:click=move |_| conditions.update(|cs| { cs.remove(i); })>"Remove"</button>
                    </div> }
                }).collect_view()}
                <button class="button" type="button" data-testid="add-condition" on:click={let blank = blank.clone(); move |_| conditions.update(|cs| cs.push(blank.clone()))}>"Add condition"</button>
            </div>
            <p class="hint" data-testid="filter-count" aria-live="polite">{move || { let (n, of) = count(); format!("Passes {n} of {of} rows") }}</p>
            {move || error().map(|f| view! { <p class="form-error" role="alert" data-testid="filter-error">{f.reason()}</p> })}
            <div class="footer-actions"><button class="button primary" type="submit" data-testid="save-filter" disabled=move || save.pending().get()>"Create filter"</button></div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, year: i64) -> DataRow {
        DataRow {
            id: kind.to_owned(),
            values: [
                ("kind".to_owned(), Value::from(kind)),
                ("year".to_owned(), Value::Int(year)),
            ]
            .into_iter()
            .collect(),
        }
    }

    fn cond(field: &str, op: &str, value: &str) -> Condition {
        Condition {
            field: field.to_owned(),
            op: op.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn values_are_typed_like_the_rows_so_numbers_compare_as_numbers() {
        let rows = [row("ICT", 2024), row("Support", 2025)];
        let p = predicate(&rows, false, &[cond("year", "eq", " 2025 ")]);
        assert_eq!(p, Predicate::eq("year", 2025));
        assert_eq!(rows.iter().filter(|r| passes(&p, r)).count(), 1);
    }

    #[test]
    fn any_condition_makes_an_or_and_one_of_splits_on_commas() {
        let rows = [row("ICT", 2024), row("Support", 2025), row("Sales", 2025)];
        let p = predicate(
            &rows,
            true,
            &[cond("kind", "in", "ICT, Sales"), cond("year", "ne", "2025")],
        );
        assert!(matches!(p, Predicate::Or { .. }));
        let passed: Vec<&str> = rows
            .iter()
            .filter(|r| passes(&p, r))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(passed, ["ICT", "Sales"]);
    }
}
