//! The last calls the identity provider made to the SCIM service, newest first: when, with
//! which token, what, and how it was answered.

use gatehouse_wire::ScimCallView;
use leptos::prelude::*;

use super::moment_ms;
use crate::components::EmptyState;

/// The words and badge class of an HTTP status: success, warning (refused, 4xx) or error
/// (failed, 5xx). The words carry the meaning; the colour only repeats it.
fn status_words(status: u16) -> (&'static str, &'static str) {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        204 => "No content",
        202..=299 => "Success",
        400 => "Bad request",
        401 => "Unauthorised",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        412 => "Changed meanwhile",
        413 => "Too large",
        415 => "Wrong content type",
        429 => "Too many calls",
        402 | 405..=499 => "Refused",
        500..=599 => "Server error",
        _ => "Other",
    };
    let class = match status {
        200..=299 => "badge badge-active",
        400..=499 => "badge badge-warning",
        500..=599 => "badge badge-error",
        _ => "badge",
    };
    (reason, class)
}

/// The calls table, or its empty state.
#[component]
pub fn CallsTable(
    /// The calls, newest first.
    #[prop(into)]
    calls: Signal<Vec<ScimCallView>>,
) -> impl IntoView {
    let rows = move || {
        calls
            .get()
            .into_iter()
            .map(|c| {
                let (reason, class) = status_words(c.status);
                let token = match c.token_name {
                    Some(name) => view! { <span>{name}</span> }.into_any(),
                    None => view! { <span class="muted">"No valid token"</span> }.into_any(),
                };
                view! {
                    <tr data-testid="scim-call-row" data-method=c.method.clone() data-status=c.status.to_string()>
                        <td>{moment_ms(c.at_ms)}</td>
                        <td>{token}</td>
                        <td class="mono">{c.method.clone()}</td>
                        <td class="mono scim-path">{c.path.clone()}</td>
                        <td><span class=class data-testid="scim-call-status">{format!("{} {reason}", c.status)}</span></td>
                        <td class="scim-outcome">{c.outcome.clone()}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || calls.with(|c| !c.is_empty())
            fallback=|| view! { <EmptyState title="No calls yet" detail="When your identity provider connects, each call and its result shows here."/> }>
            <div class="table-wrap">
                <table class="data-table scim-calls" data-testid="scim-calls-table">
                    <caption class="visually-hidden">"Recent provisioning calls, newest first"</caption>
                    <thead><tr>
                        <th scope="col">"Time"</th><th scope="col">"Token"</th><th scope="col">"Method"</th>
                        <th scope="col">"Path"</th><th scope="col">"Status"</th><th scope="col">"Outcome"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::status_words;

    #[test]
    fn statuses_read_as_words_coloured_by_their_class() {
        assert_eq!(status_words(201), ("Created", "badge badge-active"));
        assert_eq!(status_words(401), ("Unauthorised", "badge badge-warning"));
        assert_eq!(status_words(418), ("Refused", "badge badge-warning"));
        assert_eq!(status_words(503), ("Server error", "badge badge-error"));
    }
}
