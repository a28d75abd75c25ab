//! The conditions of a filter as a form: "rows must match all/any of these", then conditions
//! and groups of conditions, each condition a field, an operator and a value (suggested from
//! the table's rows). Shared by the new-filter form and the edit dialog.

use std::collections::BTreeSet;

use gatehouse_wire::DataRow;
use leptos::prelude::*;

use super::rule::{Combine, Condition, Op, Rule, Slot};

/// Up to 50 distinct values per field, for the value suggestions.
fn suggestions(fields: &[String], rows: &[DataRow]) -> Vec<(String, Vec<String>)> {
    fields
        .iter()
        .map(|f| {
            let values: BTreeSet<String> = rows
                .iter()
                .filter_map(|r| match r.values.get(f)? {
                    gatehouse_wire::Value::Text(t) => Some(t.clone()),
                    gatehouse_wire::Value::Int(n) => Some(n.to_string()),
                    gatehouse_wire::Value::Bool(b) => Some(if *b { "yes" } else { "no" }.into()),
                    gatehouse_wire::Value::Null => None,
                })
                .take(50)
                .collect();
            (f.clone(), values.into_iter().collect())
        })
        .collect()
}

/// The editable rule.
#[component]
pub fn RuleEditor(
    /// The rule being edited.
    rule: RwSignal<Rule>,
    /// The table's fields.
    fields: Vec<String>,
    /// The table's rows (for value suggestions).
    rows: Vec<DataRow>,
    /// Prefix of element ids, unique on the page ("new", "edit").
    prefix: &'static str,
    /// Problems to show at their condition.
    #[prop(into)]
    problems: Signal<Vec<(Slot, String)>>,
) -> impl IntoView {
    let first = StoredValue::new(fields.first().cloned().unwrap_or_default());
    let lists = suggestions(&fields, &rows);
    let fields = StoredValue::new(fields);
    let shape = Memo::new(move |_| rule.with(Rule::shape));
    // The word between two items follows the combination as it changes.
    let joiner = move |group: Option<usize>| {
        let word = move || {
            rule.with(|r| match group {
                None => r.combine.joiner(),
                Some(i) => r.group_combine(i).unwrap_or_default().joiner(),
            })
        };
        view! { <span class="rule-join" aria-hidden="true">{word}</span> }
    };
    let items = move || {
        shape.get().into_iter().enumerate().map(|(i, size)| {
            let join = (i > 0).then(|| joiner(None));
            let Some(n) = size else {
                return view! { {join}{condition_row(rule, Slot { item: i, inner: None }, fields, prefix, problems)} }.into_any();
            };
            let id = format!("{prefix}-group-{i}");
            let inner = (0..n).map(|j| {
                let join = (j > 0).then(|| joiner(Some(i)));
                view! { {join}{condition_row(rule, Slot { item: i, inner: Some(j) }, fields, prefix, problems)} }
            }).collect_view();
            let picked = move |c: Combine| move || rule.with(|r| r.group_combine(i) == Some(c));
            view! { {join}
                <div class="rule-group" role="group" aria-labelledby=format!("{id}-label") data-testid="filter-group">
                    <div class="rule-group-head">
                        <label id=format!("{id}-label") for=id.clone()>"Group: rows match"</label>
                        <select id=id.clone() data-testid="group-combine" on:change=move |ev| rule.update(|r| r.set_group_combine(i, Combine::from_key(&event_target_value(&ev))))>
                            <option value=Combine::All.key() prop:selected=picked(Combine::All)>"all of"</option>
                            <option value=Combine::Any.key() prop:selected=picked(Combine::Any)>"any of"</option>
                        </select>
                    </div>
                    {inner}
                    <button class="button button-small" type="button" data-testid="add-to-group"
                        on:click=move |_| rule.update(|r| r.add_to_group(i, &first.get_value()))>"Add condition to group"</button>
                </div>
            }.into_any()
        }).collect_view()
    };
    let top = move |c: Combine| move || rule.with(|r| r.combine == c);
    view! {
        <div class="rule" data-testid="filter-rule">
            <div class="rule-head">
                <label for=format!("{prefix}-combine")>"Rows must match"</label>
                <select id=format!("{prefix}-combine") data-testid="filter-combine"
                    on:change=move |ev| rule.update(|r| r.combine = Combine::from_key(&event_target_value(&ev)))>
                    <option value=Combine::All.key() prop:selected=top(Combine::All)>"all of these"</option>
                    <option value=Combine::Any.key() prop:selected=top(Combine::Any)>"any of these"</option>
                </select>
            </div>
            <div class="rule-items">{items}</div>
            <div class="rule-actions">
                <button class="button" type="button" data-testid="add-condition" on:click=move |_| rule.update(|r| r.add_condition(&first.get_value()))>"Add condition"</button>
                <button class="button" type="button" data-testid="add-group" on:click=move |_| rule.update(|r| r.add_group(&first.get_value()))>"Add group"</button>
            </div>
            {lists.into_iter().map(|(field, values)| view! {
                <datalist id=format!("{prefix}-values-{field}")>{values.into_iter().map(|v| view! { <option value=v/> }).collect_view()}</datalist>
            }).collect_view()}
        </div>
    }
}

/// One condition: field, operator, value, remove; and its problem, if any.
fn condition_row(
    rule: RwSignal<Rule>,
    slot: Slot,
    fields: StoredValue<Vec<String>>,
    prefix: &'static str,
    problems: Signal<Vec<(Slot, String)>>,
) -> impl IntoView {
    let key = match slot.inner {
        None => slot.item.to_string(),
        Some(j) => format!("{}-{j}", slot.item),
    };
    let id = move |what: &str| format!("{prefix}-{what}-{key}");
    let read = move |f: fn(&Condition) -> String| {
        move || rule.with(|r| r.condition(slot).map(f).unwrap_or_default())
    };
    let write = move |f: fn(&mut Condition, String), v: String| {
        rule.update(|r| {
            if let Some(c) = r.condition_mut(slot) {
                f(c, v);
            }
        })
    };
    let problem =
        move || problems.with(|ps| ps.iter().find(|(s, _)| *s == slot).map(|(_, p)| p.clone()));
    let field_options = fields.with_value(|fs| {
        fs.iter().map(|f| {
            let is = f.clone();
            view! { <option value=f.clone() prop:selected=move || rule.with(|r| r.condition(slot).is_some_and(|c| c.field == is))>{f.clone()}</option> }
        }).collect_view()
    });
    let op_options = Op::ALL.map(|op| view! {
        <option value=op.key() prop:selected=move || rule.with(|r| r.condition(slot).is_some_and(|c| c.op == op))>{op.label()}</option>
    });
    let error_id = id("error");
    view! {
        <div class="rule-condition" data-testid="filter-condition">
            <label class="visually-hidden" for=id("field")>"Field"</label>
            <select id=id("field") data-testid="cond-field" on:change=move |ev| write(|c, v| c.field = v, event_target_value(&ev))>{field_options}</select>
            <label class="visually-hidden" for=id("op")>"Operator"</label>
            <select id=id("op") data-testid="cond-op" on:change=move |ev| write(|c, v| c.op = Op::from_key(&v), event_target_value(&ev))>{op_options}</select>
            <label class="visually-hidden" for=id("value")>"Value"</label>
            <input id=id("value") type="text" data-testid="cond-value" autocomplete="off"
                list=move || rule.with(|r| r.condition(slot).map(|c| format!("{prefix}-values-{}", c.field)))
                placeholder=move || rule.with(|r| r.condition(slot).is_some_and(|c| c.op == Op::OneOf).then_some("values separated by commas"))
                aria-invalid=move || problem().is_some().then_some("true")
                aria-describedby=move || problem().is_some().then(|| error_id.clone())
                prop:value=read(|c| c.value.clone()) on:input=move |ev| write(|c, v| c.value = v, event_target_value(&ev))/>
            <button class="button" type="button" aria-label="Remove condition" data-testid="remove-condition"
                disabled=move || !rule.with(Rule::can_remove) on:click=move |_| rule.update(|r| r.remove(slot))>"Remove"</button>
        </div>
        {move || problem().map(|p| view! { <p class="field-error rule-error" id=id("error") data-testid="cond-error">{p}</p> })}
    }
}
