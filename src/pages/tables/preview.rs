//! The preview: pick a user and see the rows they would get, with the filters that let each
//! row through, or an explicit "this user sees no rows".

use gatehouse_wire::{TableVisibility, UserSummary, Value, VisibilityState};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::Text(t)) => t.clone(),
    }
}

/// What a user sees of the table.
#[component]
pub fn Preview(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The table's fields, in display order.
    fields: Vec<String>,
    /// The users to preview as.
    users: Vec<UserSummary>,
) -> impl IntoView {
    let user = RwSignal::new(String::new());
    let target = StoredValue::new((env, table));
    let seen: LocalResource<Option<Result<TableVisibility, ApiFailure>>> =
        LocalResource::new(move || {
            let (code, (env, table)) = (user.get(), target.get_value());
            async move {
                if code.is_empty() {
                    return None;
                }
                Some(api::get_table_visibility(&env, &table, &code).await)
            }
        });
    view! {
        <h2 class="section-title">"Preview"</h2>
        <div class="toolbar">
            <label class="field"><span class="field-label">"Preview as"</span>
                <select data-testid="preview-user" prop:value=user on:change=move |ev| user.set(event_target_value(&ev))>
                    <option value="">"Choose a user…"</option>
                    {users.iter().map(|u| view! { <option value=u.code.clone()>{format!("{} · {}", u.name, u.code)}</option> }).collect_view()}
                </select></label>
        </div>
        {move || match seen.get().flatten() {
            None => view! { <p class="muted">"Pick a user to see the rows they get and which filter lets each through."</p> }.into_any(),
            Some(Err(f)) => view! { <div class="conflict" role="alert"><p class="state-title">{f.title()}</p><p>{f.detail()}</p></div> }.into_any(),
            Some(Ok(v)) => visibility(v, fields.clone()).into_any(),
        }}
    }
}

fn visibility(v: TableVisibility, fields: Vec<String>) -> impl IntoView {
    let active: Vec<String> = v
        .filters
        .iter()
        .filter(|f| f.active)
        .map(|f| f.name.clone())
        .collect();
    let names = v.filters.clone();
    let name_of = move |id: &str| {
        names
            .iter()
            .find(|f| f.filter.as_str() == id)
            .map(|f| f.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let summary = match v.state {
        VisibilityState::AllRows => "The table shows all rows: every row is visible.".to_owned(),
        VisibilityState::Deactivated => "This user is deactivated.".to_owned(),
        VisibilityState::NoActiveFilter => "No filter is active for this user.".to_owned(),
        VisibilityState::Filtered => format!("Active filters: {}.", active.join(", ")),
    };
    view! {
        <p data-testid="preview-summary" data-state=format!("{:?}", v.state)>{summary}" "{format!("{} of {} rows visible.", v.rows.len(), v.total_rows)}</p>
        {if v.rows.is_empty() {
            view! { <div class="state empty-state" role="status" data-testid="preview-no-rows">
                <div class="state-icon" aria-hidden="true">"∅"</div>
                <p class="state-title">"This user sees no rows"</p>
                <p class="state-detail">"Activate a filter for one of their groups, or give them a deviation."</p>
            </div> }.into_any()
        } else {
            view! { <div class="table-wrap"><table class="data-table" data-testid="preview-rows">
                <thead><tr>{fields.iter().map(|f| view! { <th scope="col">{f.clone()}</th> }).collect_view()}<th scope="col">"Let through by"</th></tr></thead>
                <tbody>{v.rows.iter().map(|r| {
                    let why: Vec<String> = r.filters.iter().map(|f| name_of(f)).collect();
                    view! { <tr data-testid="preview-row" data-id=r.row.id.clone()>
                        {fields.iter().map(|f| view! { <td>{cell(r.row.values.get(f))}</td> }).collect_view()}
                        <td data-testid="row-filters">{if why.is_empty() { "All rows".to_owned() } else { why.join(", ") }}</td>
                    </tr> }
                }).collect_view()}</tbody>
            </table></div> }.into_any()
        }}
    }
}
