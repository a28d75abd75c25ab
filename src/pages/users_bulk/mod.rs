//! The bulk bar of the Users view (account owner): how many users are selected, a way to
//! select every user the search matches, and the actions on them — add to or remove from a
//! group, activate, deactivate, set a role on a resource, remove grants. Each action opens a
//! dialog with the impact preview and saves as one change set.

mod dialog;

use gatehouse_wire::{UserStatus, UserSummary};
use leptos::prelude::*;

use crate::user_selection::Selection;
use dialog::BulkDialog;

/// Which action's dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkKind {
    /// Add the selected users to a group.
    AddToGroup,
    /// Remove them from a group.
    RemoveFromGroup,
    /// Activate or deactivate them.
    Status(UserStatus),
    /// Give each a role on a resource.
    SetRole,
    /// Remove each one's grant on a resource.
    RemoveGrant,
}

const ACTIONS: [(BulkKind, &str, &str); 6] = [
    (BulkKind::AddToGroup, "Add to group…", "bulk-add-to-group"),
    (
        BulkKind::RemoveFromGroup,
        "Remove from group…",
        "bulk-remove-from-group",
    ),
    (
        BulkKind::Status(UserStatus::Active),
        "Activate…",
        "bulk-activate",
    ),
    (
        BulkKind::Status(UserStatus::Deactivated),
        "Deactivate…",
        "bulk-deactivate",
    ),
    (BulkKind::SetRole, "Set a role…", "bulk-set-role"),
    (BulkKind::RemoveGrant, "Remove grants…", "bulk-remove-grant"),
];

/// The bar shown while users are selected.
#[component]
pub fn BulkBar(
    /// The environment's code.
    #[prop(into)]
    env: Signal<String>,
    /// Every user of the environment.
    #[prop(into)]
    all: Signal<Vec<UserSummary>>,
    /// The users the search and filters show, in order.
    #[prop(into)]
    shown: Signal<Vec<UserSummary>>,
    /// The selection.
    selection: RwSignal<Selection>,
    /// Called after a bulk action was saved.
    on_saved: Callback<String>,
) -> impl IntoView {
    let open = RwSignal::new(None::<BulkKind>);
    let selected = Memo::new(move |_| {
        selection.with(|s| {
            all.with(|users| {
                users
                    .iter()
                    .filter(|u| s.ids.contains(&u.id))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let hidden = move || {
        let on_screen =
            shown.with(|u| selection.with(|s| u.iter().filter(|u| s.ids.contains(&u.id)).count()));
        selected.with(Vec::len).saturating_sub(on_screen)
    };
    let not_all_shown =
        move || shown.with(|u| selection.with(|s| u.iter().any(|u| !s.ids.contains(&u.id))));
    let select_all = move |_| {
        let ids: Vec<String> = shown.with(|u| u.iter().map(|u| u.id.clone()).collect());
        selection.update(|s| s.ids.extend(ids));
    };
    let count = move || {
        let n = selected.with(Vec::len);
        let noun = if n == 1 { "user" } else { "users" };
        match hidden() {
            0 => format!("{n} {noun} selected"),
            h => format!("{n} {noun} selected ({h} not shown by the search)"),
        }
    };
    view! {
        <Show when=move || !selected.with(Vec::is_empty)>
            <div class="bulk-bar" role="region" aria-label="Bulk actions on the selected users" data-testid="bulk-bar">
                <span class="bulk-count" aria-live="polite" data-testid="bulk-count">{count}</span>
                <Show when=not_all_shown>
                    <button class="link-button" data-testid="bulk-select-all" on:click=select_all>
                        {move || format!("Select all {} shown", shown.with(Vec::len))}
                    </button>
                </Show>
                <div class="bulk-actions">
                    {ACTIONS.into_iter().map(|(kind, label, testid)| view! {
                        <button class="button" data-testid=testid id=testid on:click=move |_| open.set(Some(kind))>{label}</button>
                    }).collect_view()}
                    <button class="button" data-testid="bulk-clear"
                        on:click=move |_| selection.set(Selection::default())>"Clear selection"</button>
                </div>
            </div>
        </Show>
        {move || open.get().map(|kind| view! {
            <BulkDialog kind env=env.get_untracked() users=selected.get_untracked()
                on_close=Callback::new(move |()| open.set(None))
                on_saved=Callback::new(move |message: String| {
                    open.set(None);
                    selection.set(Selection::default());
                    on_saved.run(message);
                })/>
        })}
    }
}

/// The `id` of the button that opens `kind`'s dialog (focus returns there).
fn opener(kind: BulkKind) -> &'static str {
    match kind {
        BulkKind::AddToGroup => "#bulk-add-to-group",
        BulkKind::RemoveFromGroup => "#bulk-remove-from-group",
        BulkKind::Status(UserStatus::Active) => "#bulk-activate",
        BulkKind::Status(UserStatus::Deactivated) => "#bulk-deactivate",
        BulkKind::SetRole => "#bulk-set-role",
        BulkKind::RemoveGrant => "#bulk-remove-grant",
    }
}
