//! Switching a table's filter mode, previewed either way: turning filters on first fetches who
//! would lose all access, showing all rows first fetches who would see more rows (and how many
//! they see now); both ask to confirm. The change is saved with `If-Match`. A 412 never switches: it
//! says what the mode is now and offers to reload and decide again.

use gatehouse_wire::{AccessLoss, FilterMode, RowGain, TableSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};

/// The mode in words.
pub fn mode_label(mode: FilterMode) -> &'static str {
    match mode {
        FilterMode::AllRows => "All rows",
        FilterMode::AccordingToFilter => "According to filter",
    }
}

/// The mode badge and the button that switches it.
#[component]
pub fn ModeSwitch(
    /// The environment code.
    env: String,
    /// The table as loaded.
    table: TableSummary,
    /// Called after the mode was saved.
    on_changed: Callback<()>,
) -> impl IntoView {
    let (id, version, mode) = (table.id.clone(), table.version, table.mode);
    let target = StoredValue::new((env, id));
    let on = mode == FilterMode::AllRows;
    let check = Action::new_local(move |_: &()| {
        let (env, id) = target.get_value();
        async move { api::get_access_loss(&env, &id).await }
    });
    let gain = Action::new_local(move |_: &()| {
        let (env, id) = target.get_value();
        async move { api::get_row_gain(&env, &id).await }
    });
    let save = Action::new_local(move |to: &FilterMode| {
        let ((env, id), to) = (target.get_value(), *to);
        async move { api::set_table_mode(&env, &id, version, to).await.map(drop) }
    });
    let dismissed = RwSignal::new(false);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_changed.run(());
        }
    });
    let error = move || save.value().get().and_then(Result::err);
    // A stale switch closes the confirmation: what it said may no longer hold.
    let stale = move || matches!(save.value().get(), Some(Err(ApiFailure::Stale { .. })));
    let badge = if on {
        "badge badge-deactivated"
    } else {
        "badge badge-active"
    };
    view! {
        <span class=badge data-testid="table-mode">{mode_label(mode)}</span>" "
        {if on {
            view! { <button class="button" data-testid="switch-mode" disabled=move || check.pending().get() || stale()
                on:click=move |_| { dismissed.set(false); check.dispatch(()); }>"Use filters…"</button> }.into_any()
        } else {
            view! { <button class="button" data-testid="switch-mode" disabled=move || gain.pending().get() || save.pending().get() || stale()
                on:click=move |_| { dismissed.set(false); gain.dispatch(()); }>"Show all rows…"</button> }.into_any()
        }}
        {move || (!dismissed.get() && !stale()).then(|| gain.value().get()).flatten().map(|g| match g {
            Ok(g) => gain_view(g, save, dismissed).into_any(),
            Err(f) => failure(f, mode, on_changed).into_any(),
        })}
        {move || (!dismissed.get() && !stale()).then(|| check.value().get()).flatten().map(|loss| match loss {
            Ok(loss) => confirm_view(loss, save, dismissed).into_any(),
            Err(f) => failure(f, mode, on_changed).into_any(),
        })}
        {move || error().map(|f| failure(f, mode, on_changed))}
    }
}

/// A failed check or switch; for a 412, the mode now next to the one I saw.
fn failure(f: ApiFailure, seen: FilterMode, on_changed: Callback<()>) -> impl IntoView {
    let ApiFailure::Stale {
        message, current, ..
    } = &f
    else {
        return view! { <div class="conflict" role="alert" data-testid="mode-error"><p class="state-title">{f.title()}</p><p>{f.detail()}</p></div> }.into_any();
    };
    let now = serde_json::from_str::<TableSummary>(current).ok().map(|t| {
        if t.mode == seen {
            format!(
                "It still shows {}, but was changed meanwhile (now version {}).",
                mode_label(t.mode).to_lowercase(),
                t.version
            )
        } else {
            format!(
                "It now shows {}; you saw {}.",
                mode_label(t.mode).to_lowercase(),
                mode_label(seen).to_lowercase()
            )
        }
    });
    view! {
        <div class="conflict mode-confirm" role="alert" data-testid="mode-conflict">
            <p class="state-title">"Someone else changed this table"</p>
            <p>{message.clone()}</p>
            {now.map(|n| view! { <p class="strong" data-testid="mode-current">{n}</p> })}
            <p class="muted">"Nothing was switched. Reload to see the table as it is now, then decide again."</p>
            <div class="state-actions"><button class="button primary" data-testid="mode-reload" on:click=move |_| on_changed.run(())>"Reload"</button></div>
        </div>
    }.into_any()
}

/// The confirmation dialog naming who would see more rows, and how many they see now.
fn gain_view(
    gain: RowGain,
    save: Action<FilterMode, Result<(), ApiFailure>>,
    dismissed: RwSignal<bool>,
) -> impl IntoView {
    let (count, rows) = (gain.users.len(), gain.rows);
    view! {
        <div class="conflict mode-confirm" role="alertdialog" aria-label="Confirm showing all rows" data-testid="row-gain">
            <p class="state-title">"Show all rows of this table?"</p>
            {if count == 0 {
                view! { <p data-testid="row-gain-none">{format!("Everyone already sees all {rows} rows.")}</p> }.into_any()
            } else {
                let people = if count == 1 { "1 person".to_owned() } else { format!("{count} people") };
                view! {
                    <p data-testid="row-gain-count">{format!("{people} would see all {rows} rows instead of only the rows their filters let through.")}</p>
                    <ul class="ac-members">{gain.users.into_iter().map(|g| view! {
                        <li data-testid="gains-rows">{g.user.name}" "<span class="mono muted">{g.user.code}</span>
                            " "<span class="muted">{format!("sees {} of {rows} now", g.sees_now)}</span></li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <div class="state-actions">
                <button class="button primary" data-testid="confirm-mode" on:click=move |_| { save.dispatch(FilterMode::AllRows); }>"Show all rows"</button>
                <button class="button" on:click=move |_| dismissed.set(true)>"Cancel"</button>
            </div>
        </div>
    }
}

/// The confirmation dialog naming who would see no row at all.
fn confirm_view(
    loss: AccessLoss,
    save: Action<FilterMode, Result<(), ApiFailure>>,
    dismissed: RwSignal<bool>,
) -> impl IntoView {
    let count = loss.users.len();
    view! {
        <div class="conflict mode-confirm" role="alertdialog" aria-label="Confirm filter mode" data-testid="access-loss">
            <p class="state-title">"Use filters for this table?"</p>
            {if count == 0 {
                view! { <p data-testid="access-loss-none">"Everyone keeps access to at least some rows."</p> }.into_any()
            } else {
                view! {
                    <p data-testid="access-loss-count">{format!("{count} people would lose all access: no filter is active for them.")}</p>
                    <ul class="ac-members">{loss.users.into_iter().map(|u| view! {
                        <li data-testid="loses-access">{u.name}" "<span class="mono muted">{u.code}</span></li>
                    }).collect_view()}</ul>
                }.into_any()
            }}
            <div class="state-actions">
                <button class="button primary" data-testid="confirm-mode" on:click=move |_| { save.dispatch(FilterMode::AccordingToFilter); }>"Use filters"</button>
                <button class="button" on:click=move |_| dismissed.set(true)>"Cancel"</button>
            </div>
        </div>
    }
}
