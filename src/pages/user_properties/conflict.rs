//! The conflict panel of the properties dialog (412): what is saved now, and the way forward —
//! reload and re-apply my edits on top of it, or discard them — never a silent overwrite.

use gatehouse_wire::{UserFlags, UserProperties, UserSummary};
use leptos::prelude::*;

/// `current` with the edits of `draft` (the fields where it differs from `loaded`) applied:
/// "reload and re-apply" keeps the other person's changes to the fields I did not touch.
pub fn rebase(loaded: &UserSummary, draft: &UserProperties, current: &UserSummary) -> UserSummary {
    fn pick<T: PartialEq + Clone>(loaded: &T, mine: &T, theirs: &T) -> T {
        if mine == loaded { theirs } else { mine }.clone()
    }
    let email = draft.email.clone();
    let (l, c) = (&loaded.flags, &current.flags);
    UserSummary {
        name: pick(&loaded.name, &draft.name, &current.name),
        email: pick(&loaded.email, &email, &current.email),
        flags: UserFlags {
            windows: pick(&l.windows, &draft.flags.windows, &c.windows),
            insite: pick(&l.insite, &draft.flags.insite, &c.insite),
            pocket: pick(&l.pocket, &draft.flags.pocket, &c.pocket),
        },
        status: pick(&loaded.status, &draft.status, &current.status),
        ..current.clone()
    }
}

/// "on"/"off" for a flag in the conflict panel.
fn on_off(label: &str, on: bool) -> String {
    format!("{label} {}", if on { "on" } else { "off" })
}

/// Explains a stale save.
#[component]
pub fn StalePanel(
    /// The server's sentence.
    message: String,
    /// The user as saved now, when the server sent it.
    current: Option<UserSummary>,
    /// Re-apply my edits on top of `current`.
    on_reapply: Callback<Option<UserSummary>>,
    /// Throw my edits away and show `current`.
    on_discard: Callback<Option<UserSummary>>,
) -> impl IntoView {
    let (c1, c2) = (current.clone(), current.clone());
    let now_saved = current.map(|c| {
        format!(
            "Now saved: {} · {} · {}, {}, {} · {}",
            c.name,
            c.email.clone().unwrap_or_else(|| "no email".into()),
            on_off("Windows", c.flags.windows),
            on_off("InSite", c.flags.insite),
            on_off("Pocket", c.flags.pocket),
            c.status.label()
        )
    });
    view! {
        <div class="conflict" role="alert" data-testid="conflict-panel">
            <p class="state-title">"Someone else changed this user"</p>
            <p>{message}</p>
            {now_saved.map(|s| view! { <p data-testid="conflict-current">{s}</p> })}
            <p class="muted">"Nothing was overwritten. Re-apply puts your edits on top of their version; fields you did not touch take their values."</p>
            <div class="state-actions">
                <button type="button" class="button primary" data-testid="conflict-reload" on:click=move |_| on_reapply.run(c1.clone())>"Reload and re-apply my changes"</button>
                <button type="button" class="button" data-testid="conflict-discard" on:click=move |_| on_discard.run(c2.clone())>"Discard my changes"</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use gatehouse_wire::{UserKind, UserStatus};

    use super::*;

    #[test]
    fn reapplying_keeps_my_edits_and_their_other_changes() {
        let loaded = UserSummary {
            id: "u1".into(),
            code: "12345.CJansen".into(),
            name: "Carlos Jansen".into(),
            email: Some("c@x.example".into()),
            status: UserStatus::Active,
            account_owner: false,
            flags: UserFlags {
                windows: true,
                insite: false,
                pocket: false,
            },
            groups: Vec::new(),
            version: 1,
            kind: UserKind::Normal,
            person: None,
            collaborator: true,
        };
        let mut draft = UserProperties {
            name: loaded.name.clone(),
            email: loaded.email.clone(),
            flags: loaded.flags,
            status: loaded.status,
        };
        draft.email = Some("new@x.example".into());
        let current = UserSummary {
            name: "Carlos J.".into(),
            version: 2,
            ..loaded.clone()
        };
        let merged = rebase(&loaded, &draft, &current);
        assert_eq!(merged.name, "Carlos J.");
        assert_eq!(merged.email.as_deref(), Some("new@x.example"));
        assert_eq!(merged.version, 2);
    }
}
