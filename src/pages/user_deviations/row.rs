//! One filter's row of a user's own filter settings: Inherit / On / Off, what Inherit means
//! for the user now, the effect, and the row's errors and 412s with the way forward.

use gatehouse_wire::{Deviation, FilterView, GroupRef, UserSummary};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::pages::tables::describe;

/// The three settings, in display order, with their labels.
const CHOICES: [(Deviation, &str, &str); 3] = [
    (Deviation::Inherit, "inherit", "Inherit"),
    (Deviation::ForceOn, "force_on", "On"),
    (Deviation::ForceOff, "force_off", "Off"),
];

fn label(d: Deviation) -> &'static str {
    CHOICES
        .iter()
        .find(|(c, _, _)| *c == d)
        .map_or("Inherit", |(_, _, l)| l)
}

/// `code`'s own setting for `filter`.
fn setting(filter: &FilterView, code: &str) -> Deviation {
    filter
        .deviations
        .iter()
        .find(|d| d.user.code == code)
        .map_or(Deviation::Inherit, |d| d.deviation)
}

/// What Inherit means for a member of `groups`: the groups that activate `filter`, if any.
pub fn inherited(filter: &FilterView, groups: &[GroupRef]) -> Vec<String> {
    filter
        .groups
        .iter()
        .filter(|g| groups.iter().any(|m| m.id == g.id))
        .map(|g| g.name.clone())
        .collect()
}

/// Inherit in words: "on through group Support", "off — none of their groups has it".
fn inherit_words(through: &[String]) -> String {
    match through {
        [] => "off — none of their groups has it".to_owned(),
        [one] => format!("on through group {one}"),
        many => format!("on through groups {}", many.join(", ")),
    }
}

/// One filter: the three settings, what Inherit means, the effect, and the row's errors.
#[component]
pub fn DeviationRow(
    /// The environment code.
    env: String,
    /// The table id.
    table: String,
    /// The user.
    user: UserSummary,
    /// The filter as loaded.
    filter: FilterView,
    /// Called after a setting was saved.
    on_saved: Callback<()>,
) -> impl IntoView {
    let code = StoredValue::new(user.code.clone());
    let groups = StoredValue::new(user.groups.clone());
    let base = RwSignal::new(filter.clone());
    let choice = RwSignal::new(setting(&filter, &user.code));
    let failure: RwSignal<Option<ApiFailure>> = RwSignal::new(None);
    let target = StoredValue::new((env, table.clone(), filter.id.clone()));
    let save = Action::new_local(move |(version, d): &(i64, Deviation)| {
        let ((env, table, id), version, d) = (target.get_value(), *version, *d);
        let code = code.get_value();
        async move { api::set_filter_deviation(&env, &table, &id, &code, version, d).await }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(view)) => {
            base.set(view);
            failure.set(None);
            on_saved.run(());
        }
        Some(Err(f)) => failure.set(Some(f)),
        None => {}
    });
    let pick = move |d: Deviation| {
        choice.set(d);
        failure.set(None);
        save.dispatch((base.with_untracked(|b| b.version), d));
    };
    let stale = move || failure.with(|f| matches!(f, Some(ApiFailure::Stale { .. })));
    let through = Memo::new(move |_| base.with(|b| groups.with_value(|g| inherited(b, g))));
    let saved = Memo::new(move |_| base.with(|b| code.with_value(|c| setting(b, c))));
    let effect = move || match saved.get() {
        Deviation::ForceOn => ("badge badge-active", "Active — own setting"),
        Deviation::ForceOff => ("badge badge-deactivated", "Not active — own setting"),
        Deviation::Inherit if through.with(Vec::is_empty) => {
            ("badge badge-deactivated", "Not active")
        }
        Deviation::Inherit => ("badge badge-active", "Active through groups"),
    };
    let effect_text = move || {
        let (class, text) = effect();
        let text = match (saved.get(), through.get().as_slice()) {
            (Deviation::Inherit, [one]) => format!("Active through {one}"),
            _ => text.to_owned(),
        };
        view! { <span class=class>{text}</span> }
    };
    let name = format!("deviation-{table}-{}", filter.id);
    let radios = CHOICES.map(|(d, key, text)| {
        let name = name.clone();
        view! {
            <label class="segment"><input type="radio" name=name value=key data-testid="deviation-choice" data-value=key
                prop:checked=move || choice.get() == d disabled=move || save.pending().get() || stale()
                on:change=move |_| pick(d)/><span>{text}</span></label>
        }
    });
    let first = user
        .name
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();
    view! {
        <tr data-testid="deviation-row" data-filter=filter.id.clone()>
            <th scope="row" class="strong">{filter.name.clone()}</th>
            <td class="wrap">{move || base.with(|b| describe(&b.predicate))}</td>
            <td>
                <fieldset class="segmented">
                    <legend class="visually-hidden">{format!("{} for {}", filter.name, user.name)}</legend>
                    {radios}
                </fieldset>
                <span class="segment-hint" data-testid="inherit-meaning">{move || format!("Inherit: {}", inherit_words(&through.get()))}</span>
            </td>
            <td data-testid="deviation-effect">{effect_text}
                {move || save.pending().get().then(|| view! { <span class="hint">" Saving…"</span> })}</td>
        </tr>
        {move || failure.get().map(|f| view! {
            <tr class="deviation-problem"><td colspan="4">
                <RowProblem failure=f first=first.clone() mine=choice.get_untracked() code=code.get_value()
                    on_reapply=Callback::new(move |current: FilterView| { let version = current.version; base.set(current); failure.set(None); save.dispatch((version, choice.get_untracked())); })
                    on_keep=Callback::new(move |current: Option<FilterView>| {
                        if let Some(c) = current { base.set(c); }
                        choice.set(saved.get_untracked());
                        failure.set(None);
                    })/>
            </td></tr>
        })}
    }
}

/// A failed save at its row; for a 412, their setting next to mine and the way forward.
#[component]
fn RowProblem(
    /// The failure.
    failure: ApiFailure,
    /// The user's first name.
    first: String,
    /// The setting I chose.
    mine: Deviation,
    /// The user's code.
    code: String,
    /// Save mine again on top of the filter as saved now.
    on_reapply: Callback<FilterView>,
    /// Keep what is saved (theirs, or the setting before my failed change).
    on_keep: Callback<Option<FilterView>>,
) -> impl IntoView {
    let ApiFailure::Stale {
        message, current, ..
    } = &failure
    else {
        return view! {
            <div class="conflict" role="alert" data-testid="deviation-error">
                <p><strong>{format!("{} was not saved: ", label(mine))}</strong>{failure.reason()}</p>
                <div class="state-actions"><button class="button" on:click=move |_| on_keep.run(None)>"Dismiss"</button></div>
            </div>
        }.into_any();
    };
    let current = serde_json::from_str::<FilterView>(current).ok();
    let theirs = current.as_ref().map(|c| label(setting(c, &code)));
    let again = current.clone();
    view! {
        <div class="conflict" role="alert" data-testid="deviation-conflict">
            <p class="state-title">"Someone else changed this filter meanwhile"</p>
            <p>{message.clone()}</p>
            {theirs.map(|t| view! { <p data-testid="deviation-current">{format!("{first}'s setting is now {t}; yours, {}, was not saved.", label(mine))}</p> })}
            <div class="state-actions">
                {again.map(|c| view! { <button class="button primary" data-testid="deviation-reapply" on:click=move |_| on_reapply.run(c.clone())>{format!("Save {} again", label(mine))}</button> })}
                <button class="button" data-testid="deviation-keep" on:click=move |_| on_keep.run(current.clone())>"Keep what is saved"</button>
            </div>
        </div>
    }.into_any()
}

#[cfg(test)]
mod tests {
    use gatehouse_wire::Predicate;

    use super::*;

    fn group(id: &str, name: &str) -> GroupRef {
        GroupRef {
            id: id.into(),
            name: name.into(),
        }
    }

    #[test]
    fn inherit_names_the_groups_of_the_user_that_activate_the_filter() {
        let filter = FilterView {
            id: "support".into(),
            name: "Support filter".into(),
            predicate: Predicate::eq("kind", "Support"),
            builtin: false,
            groups: vec![
                group("grp-support", "Support"),
                group("grp-mgmt", "Management"),
            ],
            deviations: Vec::new(),
            version: 1,
        };
        let emre = [group("grp-ict", "ICT"), group("grp-support", "Support")];
        assert_eq!(
            inherit_words(&inherited(&filter, &emre)),
            "on through group Support"
        );
        let carlos = [group("grp-ict", "ICT")];
        assert_eq!(
            inherit_words(&inherited(&filter, &carlos)),
            "off — none of their groups has it"
        );
    }
}
