//! The note beside an action only the account owner may take: what it is, and who to ask
//! ("Only the account owner changes a user's properties. Ask Anna de Vries (account owner)."),
//! shown before the click instead of a refusal after it.

use leptos::prelude::*;

use crate::studio::use_studio;

/// A hint naming who may take the action instead (the account owners of `env`).
#[component]
pub fn OwnerOnlyNote(
    /// The environment code whose account owners to name.
    #[prop(into)]
    env: String,
    /// The sentence before the names, e.g. "Only the account owner changes a user's properties."
    #[prop(into)]
    text: String,
    /// The element id, for `aria-describedby` on the disabled control.
    id: &'static str,
) -> impl IntoView {
    let studio = use_studio();
    let ask = LocalResource::new(move || {
        let env = env.clone();
        async move { studio.administrators(&env).await.ok().and_then(|a| a.ask) }
    });
    view! {
        <span id=id class="hint owner-only" data-testid="owner-only">
            {text}
            {move || ask.get().flatten().map(|ask| format!(" {ask}"))}
        </span>
    }
}
