//! "Leave without saving?": the question asked before unsaved edits are left behind. Stay is
//! the default (focused first, and what Esc does).

use leptos::prelude::*;

use super::Modal;

/// The dialog; the owner renders it while a question is open.
#[component]
pub fn LeaveDialog(
    /// What would be lost ("You have 2 unsaved changes on the permissions of CRM Portal. …").
    #[prop(into)]
    message: Signal<String>,
    /// Keep editing (also Esc).
    on_stay: Callback<()>,
    /// Throw the edits away and go on.
    on_leave: Callback<()>,
) -> impl IntoView {
    view! {
        <Modal labelled_by="leave-title" return_focus="[data-leave-return]" on_close=on_stay testid="leave-dialog">
            <header class="modal-header">
                <h2 id="leave-title" class="modal-title">"Leave without saving?"</h2>
            </header>
            <div class="modal-body">
                <p class="leave-message" data-testid="leave-message">{message}</p>
            </div>
            <footer class="modal-footer leave-footer">
                <button type="button" class="button danger" data-testid="leave-discard"
                    on:click=move |_| on_leave.run(())>"Discard changes and leave"</button>
                <button type="button" class="button primary" data-testid="leave-stay" data-autofocus=""
                    on:click=move |_| on_stay.run(())>"Stay"</button>
            </footer>
        </Modal>
    }
}
