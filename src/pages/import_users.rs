//! The Import users dialog of the Users view (account owner): a CSV file chosen or pasted,
//! checked first (a dry run: every line new, changed, unchanged or in error, with the line
//! number and the column), imported only when no line is in error — as one change set, by the
//! server (or the demo store) with the same planner that checked it. The check lists the
//! access tests the file would break; an import refused for them offers the account owner's
//! override.

use gatehouse_wire::{ImportLine, ImportOutcome, ImportResult};
use leptos::html::Input;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{BrokenTestsList, BrokenTestsRefusal, Modal};
use crate::download::{download, read_chosen_file};
use crate::studio::use_studio;
use crate::words::counted;

/// The template offered for download: the columns, one example line.
const TEMPLATE: &str = "code,name,email,status,groups,windows,insite,pocket\r\n\
12345.JJansen,Jan Jansen,jan.jansen@example.com,active,Support|ICT,yes,no,no\r\n";

/// How many lines the preview lists (the counts cover them all).
const LISTED: usize = 500;

/// The dialog.
#[component]
pub fn ImportUsersDialog(
    env: String,
    on_close: Callback<()>,
    /// Called with a sentence on what was imported.
    on_imported: Callback<String>,
) -> impl IntoView {
    let env_s = StoredValue::new(env);
    let text = RwSignal::new(String::new());
    let file_name = RwSignal::new(None::<String>);
    let file_error = RwSignal::new(None::<String>);
    let file_input: NodeRef<Input> = NodeRef::new();
    // The text the last check was made on, with its answer.
    let checked = RwSignal::new(None::<(String, Result<ImportResult, ApiFailure>)>);
    let check = Action::new_local(move |csv: &String| {
        let csv = csv.clone();
        async move {
            let answer = api::import_users(&env_s.get_value(), &csv, true, false).await;
            (csv, answer)
        }
    });
    Effect::new(move |_| {
        if let Some(answer) = check.value().get() {
            checked.set(Some(answer));
        }
    });
    // With `true`: written even though it breaks access tests (the account owner's override).
    let import = Action::new_local(move |(csv, override_tests): &(String, bool)| {
        let (csv, override_tests) = (csv.clone(), *override_tests);
        async move { api::import_users(&env_s.get_value(), &csv, false, override_tests).await }
    });
    let studio = use_studio();
    let account_owner = Signal::derive(move || studio.is_account_owner());
    // The file last sent, to send again with the override; a refusal for broken tests is
    // about it only while the text is still that file.
    let last_sent = StoredValue::new(None::<String>);
    let send = move |override_tests: bool| {
        let csv = if override_tests {
            last_sent.get_value().unwrap_or_default()
        } else {
            text.get_untracked()
        };
        last_sent.set_value(Some(csv.clone()));
        import.dispatch((csv, override_tests));
    };
    let tests_refusal = move || {
        let failure = import.value().get().and_then(Result::err)?;
        let same = last_sent.with_value(|l| text.with(|t| l.as_deref() == Some(t.as_str())));
        (failure.broken_tests().is_some() && same).then_some(failure)
    };
    let import_failure = move || {
        import
            .value()
            .get()
            .and_then(Result::err)
            .filter(|f| f.broken_tests().is_none())
    };
    Effect::new(move |_| {
        if let Some(Ok(result)) = import.value().get() {
            on_imported.run(imported_sentence(&result));
        }
    });
    let on_file = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_chosen_file(&input).await {
                None => {}
                Some(Ok((name, content))) => {
                    file_error.set(None);
                    file_name.set(Some(name));
                    text.set(content);
                }
                Some(Err(why)) => {
                    file_name.set(None);
                    file_error.set(Some(why));
                }
            }
        });
    };
    let stale =
        move || checked.with(|c| c.as_ref().is_some_and(|(csv, _)| text.with(|t| t != csv)));
    // The access tests the checked file would break (the check is its change set's dry run).
    let broken = Signal::derive(move || {
        if stale() {
            return Vec::new();
        }
        checked
            .with(|c| match c {
                Some((_, Ok(r))) => r.result.as_ref().map(|r| r.broken_tests.clone()),
                _ => None,
            })
            .unwrap_or_default()
    });
    let result = move || {
        checked.with(|c| match c {
            Some((_, Ok(result))) => Some(result.clone()),
            _ => None,
        })
    };
    let check_failure = move || {
        checked.with(|c| match c {
            Some((_, Err(f))) => Some(f.reason()),
            _ => None,
        })
    };
    let can_import = move || {
        !stale()
            && !import.pending().get()
            && result().is_some_and(|r| r.errors == 0 && r.new + r.changed > 0)
    };
    let import_label = move || {
        if import.pending().get() {
            return "Importing…".to_owned();
        }
        match result() {
            Some(r) if r.errors == 0 && r.new + r.changed > 0 => {
                format!("Import {}", counted(r.new + r.changed, "user", "users"))
            }
            _ => "Import".to_owned(),
        }
    };
    let why_not = move || -> Option<String> {
        if stale() {
            return Some("The file changed since the check: check it again.".to_owned());
        }
        let r = result()?;
        if r.errors > 0 {
            Some(format!(
                "Nothing is imported while {} in error: correct the file and check it again.",
                if r.errors == 1 {
                    "1 line is".to_owned()
                } else {
                    format!("{} lines are", r.errors)
                }
            ))
        } else if r.new + r.changed == 0 {
            Some("Every line matches the users as they are: nothing to import.".to_owned())
        } else {
            None
        }
    };
    view! {
        <Modal labelled_by="import-title" return_focus="[data-testid=import-users]" on_close testid="import-dialog">
            <div class="modal-form modal-wide">
                <header class="modal-header">
                    <div>
                        <h2 id="import-title" class="modal-title">"Import users from a CSV file"</h2>
                        <p class="muted">{format!("Into {}; checked first, then written as one change set.", env_s.get_value())}</p>
                    </div>
                    <button type="button" class="icon-button" aria-label="Close" on:click=move |_| on_close.run(())>"×"</button>
                </header>
                <div class="modal-body">
                    <p class="hint" id="import-columns">
                        "Columns: " <code>"code"</code> " (required), " <code>"name"</code> ", " <code>"email"</code> ", "
                        <code>"status"</code> " (active or deactivated), " <code>"groups"</code> " (group names separated by |), "
                        <code>"windows"</code> ", " <code>"insite"</code> ", " <code>"pocket"</code> " (yes or no). "
                        "Separated by commas or semicolons. A column left out keeps what is there; "
                        <code>"groups"</code> " lists all of a user's groups. Users not in the file stay as they are."
                    </p>
                    <div class="import-source">
                        <div class="field">
                            <label class="field-label" for="import-file">"CSV file"</label>
                            <input id="import-file" type="file" accept=".csv,text/csv,text/plain" data-testid="import-file"
                                node_ref=file_input on:change=on_file data-autofocus=""/>
                            {move || file_name.get().map(|n| view! { <p class="hint" data-testid="import-file-read">{format!("Read {n}.")}</p> })}
                            {move || file_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="import-file-error">{e}</p> })}
                        </div>
                        <button type="button" class="button" data-testid="import-template"
                            on:click=move |_| { let _ = download("gatehouse-users-template.csv", TEMPLATE, "text/csv;charset=utf-8"); }>
                            "Download a template"
                        </button>
                    </div>
                    <div class="field">
                        <label class="field-label" for="import-text">"Or paste the file here"</label>
                        <textarea id="import-text" class="mono import-text" rows="8" spellcheck="false" data-testid="import-text"
                            aria-describedby="import-columns"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="footer-actions import-check">
                        <button type="button" class="button" data-testid="import-check"
                            disabled=move || text.with(|t| t.trim().is_empty()) || check.pending().get()
                            on:click=move |_| { check.dispatch(text.get_untracked()); }>
                            {move || if check.pending().get() { "Checking…" } else { "Check the file" }}
                        </button>
                    </div>
                    {move || check_failure().map(|why| view! { <p class="form-error" role="alert" data-testid="import-check-error">{why}</p> })}
                    {move || result().map(|r| view! { <Preview result=r/> })}
                    {move || why_not().map(|why| view! { <p class="hint" data-testid="import-blocked">{why}</p> })}
                    {move || import_failure().map(|f| view! {
                        <p class="form-error" role="alert" data-testid="import-error">{f.reason()}</p>
                    })}
                    {move || match tests_refusal() {
                        Some(f) => view! {
                            <BrokenTestsRefusal broken=f.broken_tests().unwrap_or_default().to_vec() message=f.reason() account_owner
                                overriding=import.pending() on_override=Callback::new(move |()| send(true))/>
                        }.into_any(),
                        None => view! { <BrokenTestsList broken=broken with_heading=true/> }.into_any(),
                    }}
                </div>
                <footer class="modal-footer">
                    <p class="hint">"All lines are written together, or none."</p>
                    <div class="footer-actions">
                        <button type="button" class="button" data-testid="import-cancel" on:click=move |_| on_close.run(())>"Cancel"</button>
                        <button type="button" class="button primary" data-testid="import-apply" disabled=move || !can_import()
                            on:click=move |_| send(false)>{import_label}</button>
                    </div>
                </footer>
            </div>
        </Modal>
    }
}

/// The check's answer: the counts, whose access changes, and the lines (problems first).
#[component]
fn Preview(result: ImportResult) -> impl IntoView {
    let people_affected = result
        .result
        .as_ref()
        .map(|r| {
            let mut users: Vec<_> = r.impact.iter().map(|c| c.user.clone()).collect();
            users.sort();
            users.dedup();
            users.len()
        })
        .unwrap_or_default();
    let summary = format!(
        "{} new · {} changed · {} unchanged · {}",
        result.new,
        result.changed,
        result.unchanged,
        match result.errors {
            1 => "1 error".to_owned(),
            n => format!("{n} errors"),
        }
    );
    // Errors first, then new and changed lines; unchanged ones are only counted.
    let mut lines: Vec<ImportLine> = result
        .lines
        .into_iter()
        .filter(|l| l.outcome != ImportOutcome::Unchanged)
        .collect();
    lines.sort_by_key(|l| (l.outcome != ImportOutcome::Error, l.line));
    let hidden = lines.len().saturating_sub(LISTED);
    lines.truncate(LISTED);
    view! {
        <div class="import-preview">
            <p class="import-summary" role="status" data-testid="import-summary">{summary}</p>
            {(people_affected > 0).then(|| view! {
                <p class="hint" data-testid="import-impact">{format!("{}'s effective access changes (through the groups).", counted(people_affected, "person", "people"))}</p>
            })}
            {(!lines.is_empty()).then(|| view! {
                <div class="table-wrap import-lines">
                    <table class="data-table" data-testid="import-lines">
                        <caption class="visually-hidden">"What the import does, line by line"</caption>
                        <thead><tr><th scope="col">"Line"</th><th scope="col">"User code"</th><th scope="col">"Result"</th><th scope="col">"Detail"</th></tr></thead>
                        <tbody>
                            {lines.into_iter().map(|l| {
                                let (badge, class) = match l.outcome {
                                    ImportOutcome::New => ("New", "badge badge-new"),
                                    ImportOutcome::Changed => ("Changed", "badge badge-changed"),
                                    ImportOutcome::Unchanged => ("Unchanged", "badge"),
                                    ImportOutcome::Error => ("Error", "badge badge-error"),
                                };
                                let detail = match (&l.field, &l.message) {
                                    (Some(field), Some(message)) => format!("{field}: {message}"),
                                    (None, Some(message)) => message.clone(),
                                    _ if !l.fields.is_empty() => l.fields.join(", "),
                                    _ => String::new(),
                                };
                                view! {
                                    <tr data-testid="import-line" data-outcome=badge.to_lowercase()>
                                        <td class="mono">{l.line}</td>
                                        <td class="mono">{l.code}</td>
                                        <td><span class=class>{badge}</span></td>
                                        <td>{detail}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(hidden > 0).then(|| view! { <p class="hint">{format!("… and {hidden} more lines (the counts above include them).")}</p> })}
        </div>
    }
}

/// "Imported: 3 new users, 2 changed".
fn imported_sentence(result: &ImportResult) -> String {
    match (result.new, result.changed) {
        (0, 0) => "Nothing to import: every line matches".to_owned(),
        (n, 0) => format!("Imported: {} added", counted(n, "user", "users")),
        (0, c) => format!("Imported: {} changed", counted(c, "user", "users")),
        (n, c) => format!(
            "Imported: {} added, {} changed",
            counted(n, "user", "users"),
            counted(c, "user", "users")
        ),
    }
}
