//! Placeholder rows shown while a table loads.

use leptos::prelude::*;

/// `rows` × `columns` shimmering cells inside a `<tbody>`, hidden from screen readers
/// (the table's `aria-busy` says it is loading).
#[component]
pub fn SkeletonRows(
    /// How many rows to draw.
    rows: usize,
    /// How many cells per row.
    columns: usize,
) -> impl IntoView {
    view! {
        <tbody class="skeleton" aria-hidden="true" data-testid="loading">
            {(0..rows)
                .map(|row| {
                    view! {
                        <tr>
                            {(0..columns)
                                .map(|col| {
                                    let width = 40 + ((row * 7 + col * 13) % 5) * 12;
                                    view! {
                                        <td>
                                            <span class="skeleton-bar" style:width=format!("{width}%")></span>
                                        </td>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    }
                })
                .collect_view()}
        </tbody>
    }
}
