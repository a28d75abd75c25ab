//! Manage Users (`/users`): every user of the environment with search, filters and sorting;
//! the account owner adds users here.

use gatehouse_wire::{GroupRef, UserList, UserStatus};
use leptos::prelude::*;

use super::add_user::AddUserDialog;
use super::import_users::ImportUsersDialog;
use super::users_bulk::BulkBar;
use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, OwnerOnlyNote, UsersTable};
use crate::studio::use_studio;
use crate::user_query::{SortKey, UserQuery};
use crate::user_selection::Selection;

/// The Users view.
#[component]
pub fn UsersPage() -> impl IntoView {
    let studio = use_studio();
    let everyone: LocalResource<Result<UserList, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            api::list_users(&env.code).await
        }
    });
    // The first screenful, asked for beside the whole list: with thousands of users it arrives
    // (and paints) well before the rest.
    let first: LocalResource<Result<UserList, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            api::list_first_users(&env.code, FIRST_SCREENFUL).await
        }
    });
    // True while only the first screenful is shown.
    let partial = Memo::new(move |_| {
        everyone.with(Option::is_none)
            && first.with(|f| matches!(f, Some(Ok(l)) if l.items.len() < l.total))
    });
    let retry = Callback::new(move |()| {
        // Keep a good environment list (the switcher shows it); reload only a failed one.
        if matches!(studio.environments.get_untracked(), Some(Err(_))) {
            studio.environments.refetch();
        }
        everyone.refetch();
        first.refetch();
    });

    let is_owner = move || studio.is_account_owner();
    let adding = RwSignal::new(false);
    let importing = RwSignal::new(false);
    let export_error = RwSignal::new(None::<String>);
    let selection = RwSignal::new(Selection::default());
    let saved_message = RwSignal::new(None::<String>);
    // The search, filters and sort live in the address too (a reload or a copied link keeps them).
    let opened = crate::url_state::opened_with();
    let query = RwSignal::new(UserQuery::from_pairs(|key| opened.get(key)));
    crate::url_state::keep_in_address(move || query.with(UserQuery::to_pairs));
    // Memos, so the 10,000-user list is copied and sorted once per change, not on every read.
    let all = Memo::new(move |_| {
        with_list(everyone, first, |r| {
            r.and_then(|r| r.as_ref().ok())
                .map(|l| l.items.clone())
                .unwrap_or_default()
        })
    });
    let shown = Memo::new(move |_| query.with(|q| all.with(|users| q.apply(users))));
    let groups = Memo::new(move |_| {
        let mut groups: Vec<GroupRef> =
            all.with(|u| u.iter().flat_map(|u| u.groups.clone()).collect());
        groups.sort_by(|a, b| a.name.cmp(&b.name));
        groups.dedup_by(|a, b| a.id == b.id);
        groups
    });
    // A reload drops the selected users that are gone.
    Effect::new(move |_| {
        let ids: Vec<String> = all.with(|u| u.iter().map(|u| u.id.clone()).collect());
        let present: Vec<&str> = ids.iter().map(String::as_str).collect();
        if selection.with_untracked(|s| s.ids.iter().any(|id| !present.contains(&id.as_str()))) {
            selection.update(|s| s.retain_present(&present));
        }
    });
    let env_code = Signal::derive(move || {
        with_list(everyone, first, |r| match r {
            Some(Ok(list)) => list.environment.clone(),
            _ => String::new(),
        })
    });
    let on_bulk_saved = Callback::new(move |message: String| {
        saved_message.set(Some(message));
        everyone.refetch();
        first.refetch();
    });
    // The users as a CSV file, made in the browser from the snapshot (the demo downloads alike).
    let export = Action::new_local(move |env: &String| {
        let env = env.clone();
        async move {
            let policy = api::get_policy(&env).await.map_err(|f| f.reason())?;
            let csv = gatehouse_app::users_csv(&policy);
            crate::download::download(&format!("users-{env}.csv"), &csv, "text/csv;charset=utf-8")
        }
    });
    Effect::new(move |_| {
        if let Some(outcome) = export.value().get() {
            export_error.set(outcome.err());
        }
    });
    let sort = Signal::derive(move || query.with(|q| (q.sort, q.descending)));
    let participant = Signal::derive(move || {
        with_list(everyone, first, |r| match r {
            Some(Ok(list)) => list.environment.get(1..6).unwrap_or_default().to_owned(),
            _ => String::new(),
        })
    });
    let on_sort = Callback::new(move |key: SortKey| {
        query.update(|q| {
            q.descending = q.sort == key && !q.descending;
            q.sort = key;
        })
    });
    let count = move || {
        if !with_list(everyone, first, |r| matches!(r, Some(Ok(_)))) {
            return String::new();
        }
        if partial.get() {
            let total = first.with(|f| {
                f.as_ref()
                    .and_then(|r| r.as_ref().ok())
                    .map_or(0, |l| l.total)
            });
            return format!("Loading all {total} users…");
        }
        let (shown, total) = (shown.with(Vec::len), all.with(Vec::len));
        let noun = if total == 1 { "user" } else { "users" };
        if shown == total {
            format!("{total} {noun}")
        } else {
            format!("{shown} of {total} {noun}")
        }
    };

    // The table is rebuilt only when the phase changes, not on every refetch: rows keep their
    // DOM (and focus) while the data refreshes underneath.
    let phase = Memo::new(move |_| {
        with_list(everyone, first, |r| match r {
            None => ListPhase::Loading,
            Some(Err(failure)) => ListPhase::Failed(failure.clone()),
            Some(Ok(list)) if list.items.is_empty() => ListPhase::Empty,
            Some(Ok(_)) => ListPhase::Ready,
        })
    });

    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Users"</h1>
                <p class="page-lede">"Everyone who can sign in to this environment, their status and groups."</p>
            </header>
            <div class="toolbar" role="search">
                <label class="visually-hidden" for="user-search">"Search users"</label>
                <input id="user-search" class="search" type="search" data-testid="user-search"
                    placeholder="Search name, user code or email"
                    prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| query.update(|q| q.text = event_target_value(&ev))/>
                <label class="visually-hidden" for="status-filter">"Status"</label>
                <select id="status-filter" data-testid="status-filter"
                    prop:value=move || query.with(|q| match q.status {
                        Some(UserStatus::Active) => "active",
                        Some(UserStatus::Deactivated) => "deactivated",
                        None => "",
                    })
                    on:change=move |ev| {
                    let status = match event_target_value(&ev).as_str() {
                        "active" => Some(UserStatus::Active),
                        "deactivated" => Some(UserStatus::Deactivated),
                        _ => None,
                    };
                    query.update(|q| q.status = status);
                }>
                    // `selected` as well as the select's value: a status from the address is set
                    // before the options exist.
                    <option value="">"All statuses"</option>
                    <option value="active"
                        prop:selected=move || query.with(|q| q.status == Some(UserStatus::Active))>"Active"</option>
                    <option value="deactivated"
                        prop:selected=move || query.with(|q| q.status == Some(UserStatus::Deactivated))>"Deactivated"</option>
                </select>
                <label class="visually-hidden" for="group-filter">"Group"</label>
                <select id="group-filter" data-testid="group-filter"
                    prop:value=move || query.with(|q| q.group.clone().unwrap_or_default())
                    on:change=move |ev| {
                    let group = Some(event_target_value(&ev)).filter(|g| !g.is_empty());
                    query.update(|q| q.group = group);
                }>
                    <option value="">"All groups"</option>
                    {move || groups.get().into_iter()
                        .map(|g| {
                            // A group from the address arrives before its option does.
                            let id = g.id.clone();
                            let chosen = move || query.with(|q| q.group.as_deref() == Some(id.as_str()));
                            view! { <option value=g.id prop:selected=chosen>{g.name}</option> }
                        })
                        .collect_view()}
                </select>
                <span class="count" aria-live="polite" aria-busy=move || partial.get().to_string()
                    data-testid="user-count">{count}</span>
                <button class="button" data-testid="refresh" on:click=move |_| retry.run(())>"Refresh"</button>
                <Show when=is_owner fallback=move || studio.current().map(|env| view! {
                    <OwnerOnlyNote env=env.code id="users-owner-only"
                        text="Only the account owner adds, imports and changes users."/> })>
                    <button class="button" data-testid="export-users" disabled=move || export.pending().get()
                        on:click=move |_| { export.dispatch(env_code.get_untracked()); }>"Export CSV"</button>
                    <button class="button" data-testid="import-users" on:click=move |_| importing.set(true)>"Import CSV…"</button>
                    <button class="button primary" data-testid="add-user" on:click=move |_| adding.set(true)>"Add user…"</button>
                </Show>
            </div>
            {move || export_error.get().map(|e| view! { <p class="form-error" role="alert" data-testid="export-error">{e}</p> })}
            {move || importing.get().then(|| view! {
                <ImportUsersDialog env=env_code.get_untracked()
                    on_close=Callback::new(move |()| importing.set(false))
                    on_imported=Callback::new(move |message: String| {
                        importing.set(false);
                        saved_message.set(Some(message));
                        everyone.refetch();
                        first.refetch();
                    })/>
            })}
            <Show when=is_owner>
                <BulkBar env=env_code all=Signal::from(all) shown=Signal::from(shown) selection on_saved=on_bulk_saved/>
            </Show>
            {move || saved_message.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
            {move || adding.get().then(|| {
                let env = with_list(everyone, first, |r| match r {
                    Some(Ok(list)) => list.environment.clone(),
                    _ => String::new(),
                });
                view! {
                    <AddUserDialog env participant=participant.get_untracked()
                        on_close=Callback::new(move |()| adding.set(false))
                        on_added=Callback::new(move |()| { adding.set(false); everyone.refetch(); first.refetch(); })/>
                }
            })}
            {move || match phase.get() {
                ListPhase::Loading => view! { <UsersTable users=Signal::from(shown) sort=sort on_sort=on_sort loading=true/> }.into_any(),
                ListPhase::Failed(failure) => view! {
                    <ErrorState title=failure.title().to_owned() detail=failure.detail() on_retry=retry/>
                }.into_any(),
                ListPhase::Empty => view! {
                    <EmptyState title="No users in this environment yet"
                        detail="Users appear here once they are added or synchronised as collaborators."/>
                }.into_any(),
                ListPhase::Ready => view! {
                    <Show when=move || !shown.with(Vec::is_empty) fallback=move || view! {
                        <EmptyState title="No users match"
                            detail=Signal::derive(move || "Try another search or clear the filters.".to_owned())>
                            <button class="button" on:click=move |_| query.set(UserQuery::default())>
                                "Clear search and filters"
                            </button>
                        </EmptyState>
                    }>
                        {move || if is_owner() {
                            view! { <UsersTable users=Signal::from(shown) sort=sort on_sort=on_sort participant selection/> }.into_any()
                        } else {
                            view! { <UsersTable users=Signal::from(shown) sort=sort on_sort=on_sort participant/> }.into_any()
                        }}
                    </Show>
                }.into_any(),
            }}
        </section>
    }
}

/// The list as far as it is known: the whole list once it has arrived (or failed), the first
/// screenful until then (`None` while neither is here).
fn with_list<R>(
    everyone: LocalResource<Result<UserList, ApiFailure>>,
    first: LocalResource<Result<UserList, ApiFailure>>,
    f: impl FnOnce(Option<&Result<UserList, ApiFailure>>) -> R,
) -> R {
    everyone.with(|whole| match whole {
        Some(whole) => f(Some(whole)),
        None => first.with(|page| f(page.as_ref().filter(|page| page.is_ok()))),
    })
}

/// How many users the first answer brings: more than any screen shows at once.
const FIRST_SCREENFUL: usize = 100;

/// Which state the list is in.
#[derive(Debug, Clone, PartialEq)]
enum ListPhase {
    /// First load.
    Loading,
    /// The load failed.
    Failed(ApiFailure),
    /// Loaded, no users at all.
    Empty,
    /// Loaded, with users.
    Ready,
}
