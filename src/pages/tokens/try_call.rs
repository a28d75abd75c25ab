//! "Try a call": the real call to the connect endpoint with a token, showing the rows or the
//! refusal, beside the check list of the conditions a call must pass.

use gatehouse_policy::CallCondition;
use gatehouse_wire::{AppConnectorView, IssuedToken, Value};
use leptos::prelude::*;

use crate::api::{self, ApiFailure, CallOutcome};

/// The checks shown, in order, with the conditions each covers.
const CHECKS: &[(&str, &[CallCondition])] = &[
    ("Valid token", &[CallCondition::ValidToken]),
    (
        "User active with an email address",
        &[CallCondition::UserActive, CallCondition::UserHasEmail],
    ),
    (
        "Member of the linked group",
        &[CallCondition::MemberOfLinkedGroup],
    ),
    ("App connector not blocked", &[CallCondition::NotBlocked]),
    ("Connector included", &[CallCondition::ConnectorIncluded]),
];

/// A value as shown in a cell.
fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
        Some(Value::Int(n)) => n.to_string(),
        Some(Value::Text(t)) => t.clone(),
    }
}

/// The "Try a call" section.
#[component]
pub fn TryCall(
    /// The app connectors to call through.
    app_connectors: Vec<AppConnectorView>,
    /// The token issued last, whose secret is used unless another is pasted.
    issued: ReadSignal<Option<IssuedToken>>,
    /// Called after each call (a call through a token stamps its "Last used").
    on_called: Callback<()>,
) -> impl IntoView {
    let secret = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(token) = issued.get() {
            secret.set(token.secret);
        }
    });
    let app_connector = RwSignal::new(
        app_connectors
            .first()
            .map(|a| a.id.clone())
            .unwrap_or_default(),
    );
    let all = StoredValue::new(app_connectors);
    let connectors = move || {
        let id = app_connector.get();
        all.with_value(|list| {
            list.iter()
                .find(|a| a.id == id)
                .map(|a| a.connectors.clone())
                .unwrap_or_default()
        })
    };
    let connector = RwSignal::new(String::new());
    let chosen = move || {
        let c = connector.get();
        if c.is_empty() {
            connectors()
                .first()
                .map(|c| c.connector.clone())
                .unwrap_or_default()
        } else {
            c
        }
    };
    let call = Action::new_local(move |(ac, c, s): &(String, String, String)| {
        let (ac, c, s) = (ac.clone(), c.clone(), s.clone());
        async move { api::call_connector(&ac, &c, &s).await }
    });
    Effect::new(move |_| {
        if call.value().with(Option::is_some) {
            on_called.run(());
        }
    });
    view! {
        <h2 class="section-title" id="try-call">"Try a call"</h2>
        <div class="try-call" data-testid="try-call">
            <form class="try-form" aria-labelledby="try-call" on:submit=move |ev| {
                ev.prevent_default();
                call.dispatch((app_connector.get_untracked(), chosen(), secret.get_untracked()));
            }>
                <label class="field"><span class="field-label">"Token secret"</span>
                    <input type="text" class="mono" data-testid="try-secret" placeholder="gh_at_… (the token just issued is filled in)" prop:value=secret on:input=move |ev| secret.set(event_target_value(&ev))/></label>
                <label class="field"><span class="field-label">"App connector"</span>
                    <select data-testid="try-app-connector" prop:value=app_connector on:change=move |ev| { app_connector.set(event_target_value(&ev)); connector.set(String::new()); }>
                        {all.with_value(|l| l.iter().map(|a| view! { <option value=a.id.clone()>{a.name.clone()}</option> }).collect_view())}
                    </select></label>
                <label class="field"><span class="field-label">"Connector"</span>
                    <select data-testid="try-connector" prop:value=chosen on:change=move |ev| connector.set(event_target_value(&ev))>
                        {move || connectors().into_iter().map(|c| view! { <option value=c.connector.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select></label>
                <button class="button primary" type="submit" data-testid="try-submit" disabled=move || call.pending().get() || secret.with(String::is_empty)>"Call"</button>
            </form>
            <ul class="check-list" data-testid="check-list" aria-label="Conditions">
                {move || {
                    let failed = match call.value().get() {
                        Some(Ok(CallOutcome::Refused(r))) => Some(Some(r.condition)),
                        Some(Ok(CallOutcome::Rows(_))) => Some(None),
                        _ => None,
                    };
                    let mut blocked_after = false;
                    let mut items: Vec<_> = CHECKS.iter().map(|(label, conds)| {
                        let state = match failed {
                            None => "pending",
                            Some(_) if blocked_after => "skipped",
                            Some(Some(f)) if conds.contains(&f) => { blocked_after = true; "fail" }
                            Some(_) => "pass",
                        };
                        check_item(label, state)
                    }).collect();
                    let filters = match failed { Some(None) => "pass", Some(Some(_)) => "skipped", None => "pending" };
                    items.push(check_item("Filters applied", filters));
                    items.collect_view()
                }}
            </ul>
        </div>
        {move || call.value().get().map(|outcome| match outcome {
            Ok(CallOutcome::Rows(result)) => rows_view(result).into_any(),
            Ok(CallOutcome::Refused(r)) => view! {
                <div class="conflict" role="alert" data-testid="call-refused" data-condition=format!("{:?}", r.condition)>
                    <p class="state-title">"Refused"</p><p data-testid="refusal-reason">{r.error}</p>
                </div>
            }.into_any(),
            Err(f) => failure(f).into_any(),
        })}
    }
}

/// One line of the check list.
fn check_item(label: &'static str, state: &'static str) -> impl IntoView {
    view! {
        <li class=format!("check check-{state}") data-testid="check" data-state=state>
            <span aria-hidden="true">{mark(state)}</span>" "{label}
            <span class="visually-hidden">{format!(" ({state})")}</span>
        </li>
    }
}

/// ✓, ✗, or a neutral mark for checks not reached.
fn mark(state: &str) -> &'static str {
    match state {
        "pass" => "✓",
        "fail" => "✗",
        _ => "–",
    }
}

fn failure(f: ApiFailure) -> impl IntoView {
    view! { <div class="conflict" role="alert" data-testid="call-error"><p class="state-title">{f.title()}</p><p>{f.detail()}</p></div> }
}

fn rows_view(result: gatehouse_wire::ConnectResult) -> impl IntoView {
    let fields: Vec<String> = result
        .rows
        .first()
        .map(|r| r.values.keys().cloned().collect())
        .unwrap_or_default();
    let count = result.rows.len();
    view! {
        <div data-testid="call-rows">
            <p class="muted" data-testid="call-summary">{format!("{count} rows returned for {}", result.user)}</p>
            {(count > 0).then(|| view! {
                <div class="table-wrap"><table class="data-table">
                    <thead><tr>{fields.iter().map(|f| view! { <th scope="col">{f.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>{result.rows.iter().map(|r| view! {
                        <tr data-testid="call-row">{fields.iter().map(|f| view! { <td>{cell(r.values.get(f))}</td> }).collect_view()}</tr>
                    }).collect_view()}</tbody>
                </table></div>
            })}
        </div>
    }
}
