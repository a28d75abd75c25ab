//! Edit Permissions for one subject (`/users/:code/permissions`, `/groups/:id/permissions`,
//! `/groups/all-users/permissions`): tabs Apps / Connectors; per resource the subject's role
//! and environments; the impact across all resources before saving (policy crate, in the
//! browser); resources the administrator does not own are read-only with the reason.

mod row;

use gatehouse_policy::{Policy, ResourceId, ResourceKind, Role, Subject};
use gatehouse_wire::ResourcePermissions;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::permissions::{
    actor, change_requests, outcomes_for, preview_subject, save_edits, ConflictPanel, ImpactFooter,
};
use crate::api::{self, ApiFailure};
use crate::components::{use_broken_tests, BrokenTestsList, EmptyState, ErrorState, SkeletonRows};
use crate::leave_guard::guard_draft;
use crate::permissions_draft::Edit;
use crate::studio::env_href;
use crate::studio::use_studio;
use crate::subject_draft::{
    current_grant, new_grant, of_kind, stored_grant, subject_changes, subject_edits, SubjectDraft,
};
use row::{RowEdit, SubjectGrantRow};

/// Whose permissions the page edits, as named in the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectRoute {
    /// `/users/:code/permissions`.
    User,
    /// `/groups/:id/permissions` (`all-users` for All Users).
    Group,
}

/// The subject resolved from the URL.
#[derive(Debug, Clone, PartialEq)]
struct SubjectInfo {
    subject: Subject,
    name: String,
    /// Where "back" leads (label, href).
    back: (String, String),
    /// Why nothing can be edited (a deactivated user).
    locked: Option<String>,
}

/// The environment code, the subject, its grants per resource, and the snapshot for previews
/// (if the administrator may read it).
type Loaded = (
    String,
    SubjectInfo,
    Vec<ResourcePermissions>,
    Option<Policy>,
);

/// Edit Permissions for a user.
#[component]
pub fn UserPermissionsPage() -> impl IntoView {
    view! { <SubjectPermissions route=SubjectRoute::User/> }
}

/// Edit Permissions for a group or All Users.
#[component]
pub fn GroupPermissionsPage() -> impl IntoView {
    view! { <SubjectPermissions route=SubjectRoute::Group/> }
}

/// The page's data in one request: who, and their grants on every resource.
async fn load(env: &str, route: SubjectRoute, key: &str) -> Result<Loaded, ApiFailure> {
    let subject_key = match route {
        SubjectRoute::User => api::SubjectKey::User(key),
        SubjectRoute::Group if key == "all-users" => api::SubjectKey::AllUsers,
        SubjectRoute::Group => api::SubjectKey::Group(key),
    };
    let answer = api::get_subject_permissions(env, subject_key).await?;
    let name = answer.subject.name;
    let back = match answer.subject.subject {
        Subject::User(_) => (name.clone(), format!("/users/{key}")),
        Subject::Group(_) => (name.clone(), format!("/groups/{key}")),
        Subject::AllUsers => ("Groups".to_owned(), "/groups".to_owned()),
    };
    let info = SubjectInfo {
        subject: answer.subject.subject,
        locked: answer.deactivated.then(|| {
            format!("{name} is deactivated: their permissions are kept but cannot be edited")
        }),
        back,
        name,
    };
    // In the same resource as the grants, so the rows are drawn once, with their warnings.
    let policy = api::get_policy(env).await.ok();
    Ok((env.to_owned(), info, answer.items, policy))
}

#[component]
fn SubjectPermissions(route: SubjectRoute) -> impl IntoView {
    let studio = use_studio();
    let params = use_params_map();
    let key = move || {
        params.with(|p| {
            p.get(match route {
                SubjectRoute::User => "code",
                SubjectRoute::Group => "id",
            })
            .unwrap_or_default()
        })
    };
    let data: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let (selected, key) = (studio.selected.get(), key());
        async move {
            let env = studio.environment(selected).await?;
            load(&env.code, route, &key).await
        }
    });
    // Lives above the editor, which is rebuilt when the saved data comes back.
    let saved_message = RwSignal::new(None::<String>);
    view! {
        <section class="page" aria-labelledby="page-title">
            {move || saved_message.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
            {move || match data.get() {
                None => view! {
                    <h1 id="page-title" class="page-title">"Edit permissions"</h1>
                    <div class="table-wrap"><table class="data-table"><SkeletonRows rows=5 columns=4/></table></div>
                }.into_any(),
                Some(Err(failure)) => view! {
                    <h1 id="page-title" class="page-title">"Edit permissions"</h1>
                    <ErrorState title=failure.title().to_owned() detail=failure.detail() on_retry=Callback::new(move |()| data.refetch())/>
                }.into_any(),
                Some(Ok((env, info, stored, policy))) => view! {
                    <SubjectEditor env info stored saved_message policy=Signal::stored(policy)
                        reload=Callback::new(move |()| data.refetch())/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn SubjectEditor(
    env: String,
    info: SubjectInfo,
    stored: Vec<ResourcePermissions>,
    policy: Signal<Option<Policy>>,
    reload: Callback<()>,
    saved_message: RwSignal<Option<String>>,
) -> impl IntoView {
    let studio = use_studio();
    let env_s = StoredValue::new(env.clone());
    let draft: RwSignal<SubjectDraft> = RwSignal::new(SubjectDraft::new());
    let tab = RwSignal::new(ResourceKind::App);
    let subject = info.subject.clone();
    let stored = StoredValue::new(stored);
    let impact = Memo::new({
        let subject = subject.clone();
        move |_| {
            let policy = policy.get()?;
            let changes = stored.with_value(|s| subject_changes(&draft.get(), s, &subject));
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(&policy, session, env))
            })?;
            Some(preview_subject(&policy, &actor, &subject, &changes))
        }
    });
    let pending = Memo::new({
        let subject = subject.clone();
        move |_| stored.with_value(|s| subject_edits(&draft.get(), s, &subject))
    });
    // With `true`: saved even though it breaks access tests (the account owner's override).
    let save = Action::new_local(
        move |((env, edits), override_tests): &((String, Vec<_>), bool)| {
            let (env, edits, override_tests) = (env.clone(), edits.clone(), *override_tests);
            async move {
                let saved = save_edits(&env, edits, override_tests).await;
                // Reload from here, not from the effect that shows the toast (see the resource
                // permissions page).
                if saved.is_ok() {
                    reload.run(());
                }
                saved
            }
        },
    );
    Effect::new(move |_| {
        if let Some(Ok(count)) = save.value().get() {
            draft.set(SubjectDraft::new());
            saved_message.set(Some(format!(
                "Saved {count} change{}",
                if count == 1 { "" } else { "s" }
            )));
        }
    });
    // The set last sent, to send again with the account owner's override; a refusal for
    // broken tests is shown while the draft is still that set.
    let last_sent = StoredValue::new(None::<(String, Vec<(String, Edit)>)>);
    let failure = move || {
        save.value().get().and_then(Result::err).filter(|(_, f)| {
            f.broken_tests().is_none()
                || pending
                    .with(|now| last_sent.with_value(|l| l.as_ref().is_some_and(|(_, e)| e == now)))
        })
    };
    let broken = use_broken_tests(move || {
        if impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some())) {
            return None;
        }
        Some((env_s.get_value(), change_requests(pending.get())))
    });
    let account_owner = Signal::derive(move || studio.is_account_owner());
    let override_save = Callback::new(move |()| {
        if let Some(sent) = last_sent.get_value() {
            save.dispatch((sent, true));
        }
    });
    let on_change = Callback::new(move |(resource, grant): RowEdit| {
        draft.update(|d| {
            d.insert(resource, grant);
        });
    });
    let name = info.name.clone();
    let subject_for_new = subject.clone();
    let new_row = Callback::new(move |(perms, role): (ResourcePermissions, Role)| {
        new_grant(&perms, &subject_for_new, &name, role)
    });
    let resource_names: Vec<(String, String)> = stored.with_value(|s| {
        s.iter()
            .map(|p| (p.resource.id.clone(), p.resource.name.clone()))
            .collect()
    });
    let count = move |kind: ResourceKind| stored.with_value(|s| of_kind(s, kind).len());
    let locked = info.locked.clone();
    let can_edit = locked.is_none()
        && stored.with_value(|s| s.iter().any(|p| p.resource.can_edit_permissions));
    let rows = {
        let subject = subject.clone();
        let locked = locked.clone();
        move || {
            let kind = tab.get();
            let list = stored.with_value(|s| of_kind(s, kind));
            if list.is_empty() {
                return view! {
                    <EmptyState title=format!("No {} you can see", kind_word(kind))
                        detail="Resources appear here when you hold a role on them.".to_owned()/>
                }
                .into_any();
            }
            let draft_now = draft.get();
            let (warnings, snapshot) = impact
                .get()
                .map(|i| (i.warnings, i.after.or(i.stored)))
                .unwrap_or_default();
            view! {
                <div class="table-wrap">
                    <table class="data-table grants-table" data-testid="subject-table">
                        <thead><tr>
                            <th scope="col">{kind_title(kind)}</th><th scope="col">"Role"</th>
                            <th scope="col">"Data environments"</th><th scope="col">"Effect"</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|perms| {
                                let grant = current_grant(&draft_now, &perms, &subject);
                                let before = stored_grant(&perms, &subject);
                                let changed = draft_now.contains_key(&perms.resource.id)
                                    && grant.as_ref().map(|g| (g.role, g.environments.clone()))
                                        != before.as_ref().map(|g| (g.role, g.environments.clone()));
                                let row_locked = locked.clone().or_else(|| (!perms.resource.can_edit_permissions).then(|| {
                                    perms.resource.edit_refusal.clone().unwrap_or_else(|| "you may not change this resource's permissions".to_owned())
                                }));
                                let row_warnings = warnings.iter()
                                    .filter(|w| w.resource.as_str() == perms.resource.id)
                                    .map(|w| w.message.clone()).collect();
                                // What the grant yields after Save (draft included), for the "Gives" column.
                                let outcomes = grant.as_ref().and(ResourceId::parse(&perms.resource.id).ok())
                                    .and_then(|r| outcomes_for(snapshot.as_ref(), &subject, &r));
                                view! { <SubjectGrantRow perms grant changed locked=row_locked warnings=row_warnings outcomes new_grant=new_row on_change/> }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    };
    let env_for_save = env.clone();
    let on_save = Callback::new(move |()| {
        saved_message.set(None);
        let sent = (env_for_save.clone(), pending.get_untracked());
        last_sent.set_value(Some(sent.clone()));
        save.dispatch((sent, false));
    });
    let discard = Callback::new(move |()| {
        draft.set(SubjectDraft::new());
        save.value().set(None);
    });
    let what = format!("the permissions of {}", info.name);
    guard_draft(
        move || what.clone(),
        move || pending.with(Vec::len),
        discard,
    );
    let reload_keep = Callback::new(move |()| {
        save.value().set(None);
        reload.run(());
    });
    let (back_label, back_href) = info.back.clone();
    view! {
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href=env_href(&back_href)>{back_label}</a>" / "<span>"Permissions"</span></nav>
        <header class="page-header">
            <h1 id="page-title" class="page-title">{format!("{} — edit permissions", info.name)}</h1>
            <p class="page-lede">{format!("The role {} gets on each app and connector, per environment. Other grants (All Users, groups) still apply; the effective role is the one the precedence rule picks.", info.name)}</p>
        </header>
        {locked.clone().map(|why| view! {
            <div class="banner banner-readonly" role="note" data-testid="read-only"><strong>"Read only. "</strong>{why}</div>
        })}
        {move || failure().filter(|(_, f)| f.broken_tests().is_none()).map(|(name, f)| view! { <ConflictPanel name failure=f on_reload=reload_keep on_discard=discard/> })}
        <div class="tabs" role="tablist" aria-label="Resource kind">
            {[ResourceKind::App, ResourceKind::Connector].into_iter().map(|kind| {
                let other = match kind { ResourceKind::App => ResourceKind::Connector, ResourceKind::Connector => ResourceKind::App };
                view! {
                    <button role="tab" class="tab" id=format!("tab-{}", kind_word(kind))
                        data-testid=format!("tab-{}", kind_word(kind))
                        aria-controls="subject-panel"
                        aria-selected=move || (tab.get() == kind).to_string()
                        tabindex=move || if tab.get() == kind { "0" } else { "-1" }
                        on:click=move |_| tab.set(kind)
                        on:keydown=move |ev| {
                            if matches!(ev.key().as_str(), "ArrowRight" | "ArrowLeft") {
                                ev.prevent_default();
                                tab.set(other);
                                focus_tab(other);
                            }
                        }>
                        {format!("{} ({})", kind_title(kind), count(kind))}
                    </button>
                }
            }).collect_view()}
        </div>
        <div role="tabpanel" id="subject-panel" aria-labelledby=move || format!("tab-{}", kind_word(tab.get()))>
            {rows}
        </div>
        // Beside Save: the tests the draft would break, or the refusal of a save that broke them.
        {move || match failure().filter(|(_, f)| f.broken_tests().is_some()) {
            Some((name, f)) => view! { <ConflictPanel name failure=f on_reload=reload_keep on_discard=discard account_owner on_override=override_save overriding=save.pending()/> }.into_any(),
            None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
        }}
        <ImpactFooter impact=impact.into() pending=Signal::derive(move || pending.with(Vec::len)) broken_tests=Signal::derive(move || broken.with(Vec::len))
            can_edit=Signal::derive(move || can_edit) saving=save.pending().into()
            on_save on_cancel=discard resource_names/>
    }
}

fn kind_word(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "apps",
        ResourceKind::Connector => "connectors",
    }
}

fn kind_title(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::App => "Apps",
        ResourceKind::Connector => "Connectors",
    }
}

/// Moves focus to a tab (arrow-key navigation of the tab list).
fn focus_tab(kind: ResourceKind) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("tab-{}", kind_word(kind))))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
