//! The conflict panel of the filter edit dialog (412): the filter as saved now next to my
//! version, and the way forward — reload and re-apply my changes on top of theirs, or discard
//! mine — never a silent overwrite.

use gatehouse_wire::{FilterFields, FilterView};
use leptos::prelude::*;

use super::conditions::simplify;
use super::predicate::describe;

/// `current` with my changes (what differs from the version I loaded) on top: a name I did
/// not touch takes their name, a rule I did not touch takes their rule.
pub fn rebase(loaded: &FilterFields, mine: &FilterFields, current: &FilterFields) -> FilterFields {
    let renamed = mine.name.trim() != loaded.name.trim();
    let redefined = simplify(&mine.predicate) != simplify(&loaded.predicate);
    FilterFields {
        name: if renamed { &mine.name } else { &current.name }.clone(),
        predicate: if redefined {
            &mine.predicate
        } else {
            &current.predicate
        }
        .clone(),
    }
}

/// Explains a stale save.
#[component]
pub fn FilterConflict(
    /// The server's sentence.
    message: String,
    /// The filter as saved now, when the server sent it.
    current: Option<FilterView>,
    /// What I tried to save.
    mine: FilterFields,
    /// Re-apply my changes on top of `current`.
    on_reapply: Callback<()>,
    /// Throw my changes away and show `current`.
    on_discard: Callback<()>,
) -> impl IntoView {
    let now = current.map(|c| format!("{} — lets through {}", c.name, describe(&c.predicate)));
    let yours = format!("{} — lets through {}", mine.name, describe(&mine.predicate));
    view! {
        <div class="conflict" role="alert" data-testid="conflict-panel">
            <p class="state-title">"Someone else changed this filter"</p>
            <p>{message}</p>
            <dl class="facts conflict-facts">
                {now.map(|s| view! { <dt>"Saved now"</dt><dd data-testid="conflict-current">{s}</dd> })}
                <dt>"Yours, not saved"</dt><dd data-testid="conflict-mine">{yours}</dd>
            </dl>
            <p class="muted">"Nothing was overwritten. Re-apply puts your changes on top of their version: what you did not change takes their value. Then check and save again."</p>
            <div class="state-actions">
                <button type="button" class="button primary" data-testid="conflict-reload" on:click=move |_| on_reapply.run(())>"Reload and re-apply my changes"</button>
                <button type="button" class="button" data-testid="conflict-discard" on:click=move |_| on_discard.run(())>"Discard my changes"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use gatehouse_wire::Predicate;

    use super::*;

    fn fields(name: &str, predicate: Predicate) -> FilterFields {
        FilterFields {
            name: name.to_owned(),
            predicate,
        }
    }

    #[test]
    fn reapplying_a_rename_keeps_their_new_rule() {
        let loaded = fields("ICT filter", Predicate::eq("kind", "ICT"));
        let mine = fields("ICT requests", Predicate::eq("kind", "ICT"));
        let theirs = Predicate::or([
            Predicate::eq("kind", "ICT"),
            Predicate::eq("kind", "Purchasing"),
        ]);
        let current = fields("ICT filter", theirs.clone());
        assert_eq!(
            rebase(&loaded, &mine, &current),
            fields("ICT requests", theirs)
        );
    }

    #[test]
    fn reapplying_a_new_rule_keeps_their_rename() {
        let loaded = fields("ICT filter", Predicate::eq("kind", "ICT"));
        let mine = fields("ICT filter", Predicate::eq("kind", "Sales"));
        let current = fields("ICT only", Predicate::eq("kind", "ICT"));
        assert_eq!(
            rebase(&loaded, &mine, &current),
            fields("ICT only", Predicate::eq("kind", "Sales"))
        );
    }
}
