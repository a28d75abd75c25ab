//! The access tests a draft would break, from a dry run of its change set: the server (or
//! the demo store) judges them with the same rule that refuses the save, so the preview and
//! the refusal cannot disagree.

use gatehouse_wire::{BrokenTestView, ChangeRequest, ChangeSetRequest};
use leptos::prelude::*;

use crate::api;

/// The tests the change set `draft()` — the organisation environment's code and the changes,
/// or `None` while there is nothing to preview — would break. Empty while the dry run runs,
/// and when it is refused (the draft's own preview shows why).
pub fn use_broken_tests(
    draft: impl Fn() -> Option<(String, Vec<ChangeRequest>)> + 'static,
) -> Signal<Vec<BrokenTestView>> {
    let dry_run = LocalResource::new(move || {
        let draft = draft().filter(|(_, changes)| !changes.is_empty());
        async move {
            let Some((env, changes)) = draft else {
                return Vec::new();
            };
            let request = ChangeSetRequest {
                dry_run: true,
                override_tests: false,
                changes,
            };
            api::apply_changes(&env, &request)
                .await
                .map(|result| result.broken_tests)
                .unwrap_or_default()
        }
    });
    Signal::derive(move || dry_run.get().unwrap_or_default())
}
