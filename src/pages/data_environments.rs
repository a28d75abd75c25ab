//! Data environments (`/data-environments`): the environments grants cover — the built-in
//! Production, Staging and Development and the organisation's own. The account owner adds,
//! renames and deletes custom ones; a deletion first shows whose access it ends (computed in
//! the browser with the policy crate's `decide`, as the server decides the save) and needs a
//! second click; it lists the access tests it would break. Every edit is a change set of
//! one change, refused for the access tests it breaks unless the account owner overrides.

use gatehouse_policy::{EnvironmentId, Policy, SetChange};
use gatehouse_wire::{ChangeRequest, DataEnvironmentView};
use leptos::prelude::*;

use super::permissions::{actor, preview_all, Impact, ImpactSummary};
use crate::api::{self, ApiFailure};
use crate::components::{
    use_broken_tests, BrokenTestsList, BrokenTestsRefusal, ErrorState, SkeletonRows,
};
use crate::studio::env_href;
use crate::studio::use_studio;

/// What is loaded for the view: the environment, its snapshot (for the deletion preview) and
/// the data environments with their versions.
#[derive(Clone)]
struct Loaded {
    env: String,
    policy: Option<Policy>,
    list: Vec<DataEnvironmentView>,
}

/// The data environments view.
#[component]
pub fn DataEnvironmentsPage() -> impl IntoView {
    let studio = use_studio();
    let loaded: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            let list = api::list_data_environments(&env.code).await?;
            // Only who may read the whole snapshot gets a preview (the account owner does).
            let policy = api::get_policy(&env.code).await.ok();
            Ok(Loaded {
                env: env.code.clone(),
                policy,
                list,
            })
        }
    });
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Data environments"</h1>
                <p class="page-lede">"Every grant names the data environments it covers. Production, Staging and Development are built in; add your own, such as Acceptance or Training."</p>
                <Show when=move || studio.is_account_owner()>
                    <a class="button" href=env_href("/data-environments/compare") data-testid="compare-link">"Compare and copy…"</a>
                </Show>
            </header>
            {move || match loaded.get() {
                None => view! {
                    <div class="table-wrap"><table class="data-table" aria-busy="true"><SkeletonRows rows=3 columns=3/></table></div>
                }.into_any(),
                Some(Err(f)) => view! {
                    <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| loaded.refetch())/>
                }.into_any(),
                Some(Ok(loaded_now)) => view! {
                    <Editor loaded=loaded_now on_saved=Callback::new(move |()| loaded.refetch())/>
                }.into_any(),
            }}
        </section>
    }
}

/// Which row is being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Editing {
    Rename(String),
    Delete(String),
}

/// The form as it was when a change was sent: the row being edited, the new name typed, the
/// name a row is being renamed to.
type Draft = (Option<Editing>, String, String);

#[component]
fn Editor(loaded: Loaded, on_saved: Callback<()>) -> impl IntoView {
    let studio = use_studio();
    let is_owner = move || studio.is_account_owner();
    let may_edit = is_owner;
    let Loaded { env, policy, list } = loaded;
    let env = StoredValue::new(env);
    let policy = StoredValue::new(policy);
    let list = StoredValue::new(list);
    let editing: RwSignal<Option<Editing>> = RwSignal::new(None);
    let new_name = RwSignal::new(String::new());
    let rename_to = RwSignal::new(String::new());
    // With `true`: saved even though it breaks access tests (the account owner's override).
    let save = Action::new_local(move |(change, override_tests): &(ChangeRequest, bool)| {
        let (change, override_tests) = (change.clone(), *override_tests);
        async move { api::change_data_environment(&env.get_value(), change, override_tests).await }
    });
    // The change last sent and the form as it was then: a refusal for broken tests is about
    // it while the form is unchanged, and the override sends it again.
    let last_sent = StoredValue::new(None::<(ChangeRequest, Draft)>);
    let draft = move || (editing.get(), new_name.get(), rename_to.get());
    let send = move |change: ChangeRequest| {
        last_sent.set_value(Some((change.clone(), draft())));
        save.dispatch((change, false));
    };
    let send_override = move || {
        if let Some((change, _)) = last_sent.get_value() {
            save.dispatch((change, true));
        }
    };
    let tests_refusal = move || {
        let failure = save.value().get().and_then(Result::err)?;
        let now = draft();
        let same = last_sent.with_value(|l| l.as_ref().is_some_and(|(_, d)| *d == now));
        (failure.broken_tests().is_some() && same).then_some(failure)
    };
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            editing.set(None);
            new_name.set(String::new());
            on_saved.run(());
        }
    });
    let error = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .filter(|f| f.broken_tests().is_none())
    };
    let view_of = move |id: &str| list.with_value(|l| l.iter().find(|e| e.id == id).cloned());
    // Whose access the deletion being confirmed ends, decided as the server would.
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let Some(Editing::Delete(id)) = editing.get() else {
            return None;
        };
        let id = EnvironmentId::parse(&id).ok()?;
        policy.with_value(|policy| {
            let policy = policy.as_ref()?;
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env.with_value(|env| actor(policy, session, env))
            })?;
            let mut impact = preview_all(
                policy,
                &actor,
                &[SetChange::DeleteDataEnvironment { environment: id }],
            );
            // Grants without effect elsewhere are not this deletion's business.
            impact.warnings.clear();
            Some(impact)
        })
    });
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    // The access tests the deletion being confirmed would break, from a dry run.
    let broken = use_broken_tests(move || {
        let Some(Editing::Delete(id)) = editing.get() else {
            return None;
        };
        if refused() {
            return None;
        }
        let current = view_of(&id)?;
        let change = ChangeRequest::DeleteDataEnvironment {
            environment: current.id,
            version: current.version,
        };
        Some((env.get_value(), vec![change]))
    });
    let rows = move || {
        list.get_value()
            .into_iter()
            .map(|e| {
                let id = StoredValue::new(e.id.clone());
                let name = e.name.clone();
                let renaming = move || editing.get() == Some(Editing::Rename(id.get_value()));
                let label_rename = format!("Rename {name}");
                let label_delete = format!("Delete {name}…");
                let input_label = format!("New name for {name}");
                let shown_name = name.clone();
                view! {
                    <tr data-testid="data-environment" data-id=e.id.clone()>
                        <th scope="row">
                            {move || if renaming() {
                                view! {
                                    <form class="inline-rename" on:submit=move |ev| {
                                        ev.prevent_default();
                                        if let Some(current) = view_of(&id.get_value()) {
                                            send(ChangeRequest::RenameDataEnvironment {
                                                environment: current.id,
                                                version: current.version,
                                                name: rename_to.get_untracked(),
                                            });
                                        }
                                    }>
                                        <label class="visually-hidden" for="rename-input">{input_label.clone()}</label>
                                        <input id="rename-input" type="text" data-testid="rename-input" maxlength="40"
                                            prop:value=move || rename_to.get()
                                            on:input=move |ev| rename_to.set(event_target_value(&ev))/>
                                        <button class="button button-small primary" type="submit" data-testid="rename-save"
                                            disabled=move || save.pending().get()>"Save"</button>
                                        <button class="button button-small" type="button"
                                            on:click=move |_| editing.set(None)>"Cancel"</button>
                                    </form>
                                }.into_any()
                            } else {
                                view! { <span>{shown_name.clone()}</span> }.into_any()
                            }}
                        </th>
                        <td>{if e.builtin {
                            view! { <span class="badge badge-builtin">"Built in"</span> }.into_any()
                        } else {
                            view! { <span class="badge badge-new">"Custom"</span> }.into_any()
                        }}</td>
                        <td data-testid="grant-count">{match e.grants {
                            0 => "No grants".to_owned(),
                            1 => "1 grant".to_owned(),
                            n => format!("{n} grants"),
                        }}</td>
                        <td class="row-actions">
                            {(!e.builtin).then(|| {
                                let name_for_rename = name.clone();
                                view! {
                                    <Show when=may_edit>
                                        <button class="button button-small" data-testid="rename" aria-label=label_rename.clone()
                                            on:click={
                                                let name_for_rename = name_for_rename.clone();
                                                move |_| {
                                                    rename_to.set(name_for_rename.clone());
                                                    editing.set(Some(Editing::Rename(id.get_value())));
                                                }
                                            }>"Rename"</button>
                                        <button class="button button-small" data-testid="delete" aria-label=label_delete.clone()
                                            on:click=move |_| editing.set(Some(Editing::Delete(id.get_value())))>"Delete…"</button>
                                    </Show>
                                }
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    let resource_names: Vec<(String, String)> = policy.with_value(|p| {
        p.as_ref()
            .map(|p| {
                p.resources
                    .iter()
                    .map(|r| (r.id.to_string(), r.name.clone()))
                    .collect()
            })
            .unwrap_or_default()
    });
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Data environments">
            <table class="data-table" data-testid="data-environments">
                <caption class="visually-hidden">"Data environments of this environment"</caption>
                <thead><tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Kind"</th>
                    <th scope="col">"Grants covering it"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || match editing.get() {
            Some(Editing::Delete(id)) => {
                let shown = view_of(&id);
                let name = shown.as_ref().map(|e| e.name.clone()).unwrap_or_default();
                let covering = shown.as_ref().map_or(0, |e| e.grants);
                let names = resource_names.clone();
                view! {
                    <div class="member-draft" role="region" aria-label=format!("Delete {name}") data-testid="delete-panel">
                        <div>
                            <p><strong>{format!("Delete {name}?")}</strong></p>
                            <p class="hint">{match covering {
                                0 => "No grant covers it.".to_owned(),
                                n => format!("{n} grant(s) cover it: each loses {name}, and a grant that covers only {name} is deleted."),
                            }}</p>
                            <ImpactSummary impact=Signal::from(impact) pending=Signal::derive(|| 1) resource_names=names
                                broken_tests=Signal::derive(move || broken.with(Vec::len))/>
                        </div>
                        <div class="footer-actions">
                            <button class="button" data-testid="delete-cancel" on:click=move |_| editing.set(None)>"Keep it"</button>
                            <button class="button primary" data-testid="delete-confirm"
                                disabled=move || refused() || save.pending().get()
                                on:click=move |_| {
                                    if let Some(current) = view_of(&id) {
                                        send(ChangeRequest::DeleteDataEnvironment {
                                            environment: current.id,
                                            version: current.version,
                                        });
                                    }
                                }>{format!("Delete {name}")}</button>
                        </div>
                    </div>
                }.into_any()
            }
            _ => ().into_any(),
        }}
        {move || error().map(|f| view! {
            <p class="form-error" role="alert" data-testid="data-environment-error">{f.reason()}</p>
        })}
        {move || match tests_refusal() {
            Some(f) => view! {
                <BrokenTestsRefusal broken=f.broken_tests().unwrap_or_default().to_vec() message=f.reason()
                    account_owner=Signal::derive(is_owner) overriding=save.pending()
                    on_override=Callback::new(move |()| send_override())/>
            }.into_any(),
            None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
        }}
        {move || if is_owner() {
            view! {
                <form class="inline-form" data-testid="add-data-environment" on:submit=move |ev| {
                    ev.prevent_default();
                    send(ChangeRequest::CreateDataEnvironment {
                        environment: None,
                        name: new_name.get_untracked(),
                    });
                }>
                    <div class="field grow">
                        <label class="field-label" for="new-data-environment">"New data environment"</label>
                        <input id="new-data-environment" type="text" data-testid="new-name" maxlength="40"
                            placeholder="e.g. Acceptance"
                            prop:value=move || new_name.get()
                            on:input=move |ev| new_name.set(event_target_value(&ev))/>
                    </div>
                    <button class="button primary" type="submit" data-testid="add"
                        disabled=move || save.pending().get() || new_name.get().trim().is_empty()>
                        {move || if save.pending().get() { "Saving…" } else { "Add" }}
                    </button>
                </form>
            }.into_any()
        } else {
            view! { <p class="hint" data-testid="data-environments-read-only">"Only the account owner adds, renames and deletes data environments."</p> }.into_any()
        }}
    }
}
