//! A group's members: a picker that adds active people, and the members (searchable, shown a
//! page at a time) each with Remove; a removal not yet saved can be put back.

use std::collections::BTreeSet;

use gatehouse_wire::{UserStatus, UserSummary};
use leptos::prelude::*;

use crate::components::{Picker, PickerOption};

/// Members shown at first and added by each "Show more".
const PAGE: usize = 50;

/// The member editor; `members` is the draft the group page previews and saves.
#[component]
pub fn GroupMembers(
    /// The environment's users.
    users: StoredValue<Vec<UserSummary>>,
    /// The members in the draft (user ids).
    members: RwSignal<BTreeSet<String>>,
    /// The members as saved.
    original: StoredValue<BTreeSet<String>>,
) -> impl IntoView {
    // Deactivated people are not offered: membership would give them nothing.
    let options = Signal::derive(move || {
        members.with(|m| {
            users.with_value(|users| {
                users
                    .iter()
                    .filter(|u| u.status == UserStatus::Active && !m.contains(&u.id))
                    .map(|u| PickerOption::new(u.id.clone(), u.name.clone(), u.code.clone()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let filter = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    // Members and pending removals matching the filter, in the users' order.
    let listed = Memo::new(move |_| {
        let text = filter.get().trim().to_lowercase();
        members.with(|m| {
            original.with_value(|o| {
                users.with_value(|users| {
                    users
                        .iter()
                        .filter(|u| m.contains(&u.id) || o.contains(&u.id))
                        .filter(|u| {
                            text.is_empty()
                                || u.name.to_lowercase().contains(&text)
                                || u.code.to_lowercase().contains(&text)
                        })
                        .cloned()
                        .collect::<Vec<_>>()
                })
            })
        })
    });
    let row = move |u: UserSummary| {
        let (id, who) = (u.id.clone(), format!("{} ({})", u.name, u.code));
        let kept = Signal::derive({
            let id = id.clone();
            move || members.with(|m| m.contains(&id))
        });
        let added = !original.with_value(|o| o.contains(&id));
        let deactivated = u.status == UserStatus::Deactivated;
        let toggle = move |_| {
            let keep = !kept.get_untracked();
            members.update(|m| {
                if keep {
                    m.insert(id.clone());
                } else {
                    m.remove(&id);
                }
            });
        };
        view! {
            <li class="member-row" class:removed=move || !kept.get() data-testid="member">
                <span class="member-name">{u.name.clone()}" "<span class="mono muted">{u.code.clone()}</span></span>
                {added.then(|| view! { <span class="badge badge-active">"Added"</span> })}
                {deactivated.then(|| view! { <span class="badge badge-deactivated">"Deactivated"</span> })}
                {move || (!kept.get()).then(|| view! { <span class="badge badge-deactivated">"Removed"</span> })}
                <button type="button" class="button" data-testid=move || if kept.get() { "member-remove" } else { "member-undo" }
                    aria-label=move || if kept.get() { format!("Remove {who}") } else { format!("Put back {who}") }
                    on:click=toggle>{move || if kept.get() { "Remove" } else { "Put back" }}</button>
            </li>
        }
    };
    view! {
        <div class="member-editor">
            <Picker id="member-add" label="Add people" options placeholder="Type a name or user code"
                noun="people" empty="No active person outside the group matches."
                on_pick=Callback::new(move |id: String| members.update(|m| { m.insert(id); }))/>
            <div class="toolbar">
                <label class="visually-hidden" for="member-filter">"Find members"</label>
                <input id="member-filter" class="search" type="search" placeholder="Find members by name or code"
                    prop:value=filter on:input=move |ev| { filter.set(event_target_value(&ev)); limit.set(PAGE); }/>
            </div>
            <ul class="member-list" data-testid="member-list" aria-label="Members">
                {move || listed.with(|l| l.iter().take(limit.get()).cloned().map(row).collect_view())}
            </ul>
            {move || {
                let more = listed.with(Vec::len).saturating_sub(limit.get());
                (more > 0).then(|| view! {
                    <button type="button" class="button" data-testid="members-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                        {format!("Show more ({more} not shown)")}
                    </button>
                })
            }}
            {move || (listed.with(Vec::is_empty)).then(|| view! {
                <p class="muted" data-testid="members-empty">{move || if filter.with(String::is_empty) { "No members yet. Add people with the picker above." } else { "No member matches." }}</p>
            })}
        </div>
    }
}
