//! The windowed grid: only the rows and columns in view (plus a margin) are in the DOM,
//! placed by fixed row height and column width from the scroll container's position, with
//! sticky user and resource headers. Cells are buttons with one tab stop (roving tabindex);
//! arrow keys, Home/End and Page Up/Down move between them.

use std::ops::Range;
use std::sync::Arc;

use gatehouse_policy::{EnvIx, PreparedPolicy, ResourceIx, ResourceKind, UserIx};
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::role_class;

/// Height of one user row, px.
const ROW_H: f64 = 36.0;
/// Width of one resource column, px.
const COL_W: f64 = 116.0;
/// Space around each cell inside its column, px.
const CELL_GAP: f64 = 3.0;
/// Height of the resource header row, px.
const HEAD_H: f64 = 72.0;
/// Rows and columns rendered beyond those in view, on each side.
const MARGIN: usize = 3;

/// Width of the user header column: narrower on a phone.
fn head_width(view_w: f64) -> f64 {
    if view_w < 520.0 {
        132.0
    } else {
        224.0
    }
}

/// The positions in `0..len` that `offset..offset + extent` shows, each of size `size`,
/// widened by [`MARGIN`].
fn window(offset: f64, extent: f64, size: f64, len: usize) -> Range<usize> {
    let first = ((offset.max(0.0) / size).floor() as usize).saturating_sub(MARGIN);
    let count = (extent.max(size) / size).ceil() as usize + 1 + 2 * MARGIN;
    first.min(len)..(first + count).min(len)
}

fn px(value: f64) -> String {
    format!("{value}px")
}

fn cell_id((row, col): (usize, usize)) -> String {
    format!("mx-{row}-{col}")
}

/// The row and column of the cell an event happened on.
fn cell_at(target: &web_sys::EventTarget) -> Option<(usize, usize)> {
    let cell = target
        .dyn_ref::<web_sys::Element>()?
        .closest("[data-testid=matrix-cell]")
        .ok()??;
    let at = |name: &str| cell.get_attribute(name)?.parse::<usize>().ok();
    Some((at("data-row")?, at("data-col")?))
}

/// Focuses the cell at `at` if it is rendered.
pub fn focus_active(at: (usize, usize)) {
    request_animation_frame(move || {
        if let Some(el) = document()
            .get_element_by_id(&cell_id(at))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The grid of effective roles.
#[component]
pub fn Grid(
    /// The prepared snapshot.
    prepared: StoredValue<Arc<PreparedPolicy>>,
    /// The user rows, in order.
    users: Memo<Vec<UserIx>>,
    /// The resource columns, in order.
    resources: Memo<Vec<ResourceIx>>,
    /// The data environment shown (`None`: the highest over all).
    env: Memo<Option<EnvIx>>,
    /// The cell whose explanation is open.
    selected: RwSignal<Option<(UserIx, ResourceIx)>>,
    /// The cell that holds the tab stop (row and column position).
    active: RwSignal<(usize, usize)>,
) -> impl IntoView {
    let scroller = NodeRef::<Div>::new();
    let (top, left) = (RwSignal::new(0.0), RwSignal::new(0.0));
    let (view_w, view_h) = (RwSignal::new(1024.0), RwSignal::new(640.0));
    let measure = move || {
        if let Some(el) = scroller.get_untracked() {
            view_w.set(f64::from(el.client_width()));
            view_h.set(f64::from(el.client_height()));
            top.set(f64::from(el.scroll_top()));
            left.set(f64::from(el.scroll_left()));
        }
    };
    // The container's size follows the window and how many rows there are.
    Effect::new(move |_| {
        users.track();
        resources.track();
        if scroller.get().is_some() {
            request_animation_frame(measure);
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let head_w = Memo::new(move |_| head_width(view_w.get()));
    let rows = Memo::new(move |_| {
        let (extent, len) = (view_h.get() - HEAD_H, users.with(Vec::len));
        window(top.get(), extent, ROW_H, len)
    });
    let cols = Memo::new(move |_| {
        let (extent, len) = (view_w.get() - head_w.get(), resources.with(Vec::len));
        window(left.get(), extent, COL_W, len)
    });
    let shown_rows = Memo::new(move |_| {
        users.with(|u| {
            rows.get()
                .filter_map(|p| Some((p, *u.get(p)?)))
                .collect::<Vec<_>>()
        })
    });
    let shown_cols = Memo::new(move |_| {
        resources.with(|r| {
            cols.get()
                .filter_map(|p| Some((p, *r.get(p)?)))
                .collect::<Vec<_>>()
        })
    });
    // The tab stop: the active cell, or the first one in view when it has scrolled away.
    let tab_stop = Memo::new(move |_| {
        let (row, col) = active.get();
        let (rows, cols) = (rows.get(), cols.get());
        if rows.contains(&row) && cols.contains(&col) {
            (row, col)
        } else {
            (rows.start, cols.start)
        }
    });
    let canvas_w = move || px(head_w.get() + resources.with(Vec::len) as f64 * COL_W);
    let canvas_h = move || px(HEAD_H + users.with(Vec::len) as f64 * ROW_H);

    // Moves the tab stop, scrolls it into view and focuses it.
    let move_to = move |(row, col): (usize, usize)| {
        active.set((row, col));
        if let Some(el) = scroller.get_untracked() {
            let (y, x) = (row as f64 * ROW_H, col as f64 * COL_W);
            let (t, l) = (top.get_untracked(), left.get_untracked());
            let (h, w) = (
                view_h.get_untracked() - HEAD_H,
                view_w.get_untracked() - head_w.get_untracked(),
            );
            let t = if y < t {
                y
            } else if y + ROW_H > t + h {
                y + ROW_H - h
            } else {
                t
            };
            let l = if x < l {
                x
            } else if x + COL_W > l + w {
                x + COL_W - w
            } else {
                l
            };
            el.set_scroll_top(t as i32);
            el.set_scroll_left(l as i32);
            top.set(t);
            left.set(l);
        }
        focus_active((row, col));
    };
    // One set of handlers on the grid for every cell (cells carry their position), so a
    // scroll step makes plain elements and no closures.
    let pick = move |(row, col): (usize, usize)| {
        let user = users.with_untracked(|u| u.get(row).copied());
        let resource = resources.with_untracked(|r| r.get(col).copied());
        if let (Some(user), Some(resource)) = (user, resource) {
            active.set((row, col));
            selected.set(Some((user, resource)));
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let Some(at) = ev.target().as_ref().and_then(cell_at) {
            pick(at);
        }
    };
    let on_focus = move |ev: web_sys::FocusEvent| {
        if let Some(at) = ev.target().as_ref().and_then(cell_at) {
            active.set(at);
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let Some((row, col)) = ev.target().as_ref().and_then(cell_at) else {
            return;
        };
        let last_row = users.with_untracked(Vec::len).saturating_sub(1);
        let last_col = resources.with_untracked(Vec::len).saturating_sub(1);
        let page = ((view_h.get_untracked() - HEAD_H) / ROW_H).floor().max(1.0) as usize;
        let ctrl = ev.ctrl_key() || ev.meta_key();
        if matches!(ev.key().as_str(), "Enter" | " ") {
            ev.prevent_default();
            pick((row, col));
            return;
        }
        let to = match ev.key().as_str() {
            "ArrowUp" => (row.saturating_sub(1), col),
            "ArrowDown" => ((row + 1).min(last_row), col),
            "ArrowLeft" => (row, col.saturating_sub(1)),
            "ArrowRight" => (row, (col + 1).min(last_col)),
            "Home" if ctrl => (0, 0),
            "End" if ctrl => (last_row, last_col),
            "Home" => (row, 0),
            "End" => (row, last_col),
            "PageUp" => (row.saturating_sub(page), col),
            "PageDown" => ((row + page).min(last_row), col),
            _ => return,
        };
        ev.prevent_default();
        move_to(to);
    };

    view! {
        <div class="mx-scroll" node_ref=scroller role="grid" tabindex="-1"
            aria-label="Access matrix: users by resources"
            aria-rowcount=move || users.with(Vec::len) + 1
            aria-colcount=move || resources.with(Vec::len) + 1
            data-testid="matrix-grid"
            on:scroll=move |_| measure()
            on:click=on_click
            on:focusin=on_focus
            on:keydown=on_key>
            <div class="mx-canvas" style:width=canvas_w style:height=canvas_h>
                <div class="mx-head" role="row" aria-rowindex="1" style:height=px(HEAD_H) style:width=canvas_w>
                    <div class="mx-corner" role="columnheader" aria-colindex="1" style:width=move || px(head_w.get())>"User"</div>
                    // Columns sit in a strip that starts after the user column, so each one's
                    // position is fixed when it is made.
                    <div class="mx-strip" style:left=move || px(head_w.get())>
                        <For each=move || shown_cols.get() key=|c| *c let((pos, resource))>
                            <ColumnHeader prepared pos resource/>
                        </For>
                    </div>
                </div>
                <For each=move || shown_rows.get() key=|r| *r let((row, user))>
                    <Row prepared row user shown_cols head_w canvas_w=Signal::derive(canvas_w)
                        env selected tab_stop/>
                </For>
            </div>
        </div>
    }
}

#[component]
fn ColumnHeader(
    prepared: StoredValue<Arc<PreparedPolicy>>,
    pos: usize,
    resource: ResourceIx,
) -> impl IntoView {
    let (name, kind) = prepared.with_value(|p| {
        let r = p.policy().resources.get(resource.index());
        (
            r.map(|r| r.name.clone()).unwrap_or_default(),
            match r.map(|r| r.kind) {
                Some(ResourceKind::Connector) => "Connector",
                _ => "App",
            },
        )
    });
    let title = name.clone();
    view! {
        <div class="mx-colhead" role="columnheader" aria-colindex=pos + 2 title=title
            style:left=px(pos as f64 * COL_W) style:width=px(COL_W) data-testid="matrix-colhead">
            <span class="mx-res-name">{name}</span>
            <span class="mx-res-kind">{kind}</span>
        </div>
    }
}

#[component]
fn Row(
    prepared: StoredValue<Arc<PreparedPolicy>>,
    row: usize,
    user: UserIx,
    shown_cols: Memo<Vec<(usize, ResourceIx)>>,
    head_w: Memo<f64>,
    canvas_w: Signal<String>,
    env: Memo<Option<EnvIx>>,
    selected: RwSignal<Option<(UserIx, ResourceIx)>>,
    tab_stop: Memo<(usize, usize)>,
) -> impl IntoView {
    let (name, code, active_user) = prepared.with_value(|p| {
        let u = p.policy().users.get(user.index());
        (
            u.map(|u| u.name.clone()).unwrap_or_default(),
            u.and_then(|u| u.code.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            u.is_some_and(|u| u.is_active()),
        )
    });
    let user_name = name.clone();
    let (row_code, cell_code, title) = (code.clone(), code.clone(), format!("{name} ({code})"));
    view! {
        <div class="mx-row" role="row" aria-rowindex=row + 2 data-testid="matrix-row" data-user=row_code
            style:top=px(HEAD_H + row as f64 * ROW_H) style:width=move || canvas_w.get()>
            <div class="mx-rowhead" role="rowheader" aria-colindex="1" title=title
                style:width=move || px(head_w.get())>
                <span class="mx-user-name">{name}</span>
                <span class="mx-user-code">{code}{(!active_user).then_some(" · deactivated")}</span>
            </div>
            // Made again when the data environment changes: each cell's role is then fixed, so
            // a cell holds no computation that scrolling would have to keep alive.
            <div class="mx-strip" style:left=move || px(head_w.get())>
                <For each=move || { let e = env.get(); shown_cols.get().into_iter().map(move |(c, r)| (c, r, e)).collect::<Vec<_>>() }
                    key=|c| *c let((col, resource, env))>
                    <Cell prepared row col user resource env user_name=user_name.clone() user_code=cell_code.clone()
                        selected tab_stop/>
                </For>
            </div>
        </div>
    }
}

/// One cell: a single focusable grid cell (the grid pattern's roving tab stop) whose role
/// is fixed when it is made; the grid handles its clicks and keys.
#[component]
fn Cell(
    prepared: StoredValue<Arc<PreparedPolicy>>,
    row: usize,
    col: usize,
    user: UserIx,
    resource: ResourceIx,
    env: Option<EnvIx>,
    user_name: String,
    user_code: String,
    selected: RwSignal<Option<(UserIx, ResourceIx)>>,
    tab_stop: Memo<(usize, usize)>,
) -> impl IntoView {
    let (label, resource_id, role) = prepared.with_value(|p| {
        let r = p.policy().resources.get(resource.index());
        let role = gatehouse_app::matrix_role(p, user, resource, env);
        (
            format!(
                "{user_name} on {}: {}",
                r.map(|r| r.name.as_str()).unwrap_or_default(),
                role.label()
            ),
            r.map(|r| r.id.to_string()).unwrap_or_default(),
            role,
        )
    });
    view! {
        <div role="gridcell" aria-colindex=col + 2 id=cell_id((row, col)) data-row=row data-col=col
            class=format!("mx-cell {}", role_class(role))
            data-testid="matrix-cell" data-user=user_code data-resource=resource_id
            aria-selected=move || (selected.get() == Some((user, resource))).to_string()
            tabindex=move || if tab_stop.get() == (row, col) { "0" } else { "-1" }
            aria-label=label
            style:left=px(col as f64 * COL_W + CELL_GAP) style:width=px(COL_W - 2.0 * CELL_GAP)>
            {role.label()}
        </div>
    }
}
