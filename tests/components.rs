//! Studio components mounted in real headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use gatehouse_studio::components::{ErrorState, UsersTable};
use gatehouse_studio::user_query::SortKey;
use gatehouse_wire::{GroupRef, UserFlags, UserStatus, UserSummary};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn user(code: &str, name: &str, status: UserStatus, email: Option<&str>) -> UserSummary {
    UserSummary {
        id: code.to_owned(),
        code: code.to_owned(),
        name: name.to_owned(),
        email: email.map(str::to_owned),
        status,
        account_owner: false,
        flags: UserFlags::default(),
        groups: vec![GroupRef {
            id: "grp-ict".into(),
            name: "ICT".into(),
        }],
        version: 1,
        kind: Default::default(),
        person: None,
        collaborator: false,
    }
}

fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div.unchecked_into()
}

#[wasm_bindgen_test]
async fn users_table_draws_a_row_per_user_and_reports_header_clicks() {
    let root = container();
    let clicked = RwSignal::new(None::<SortKey>);
    let users = vec![
        user(
            "12345.BWilliams",
            "Britt Williams",
            UserStatus::Active,
            Some("b@x.example"),
        ),
        user("12345.HBos", "Hana Bos", UserStatus::Deactivated, None),
    ];
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <UsersTable
                users=Signal::stored(users.clone())
                sort=Signal::stored((SortKey::Name, false))
                on_sort=Callback::new(move |key| clicked.set(Some(key)))
            />
        }
    });
    leptos::task::tick().await;

    let rows = root.query_selector_all("[data-testid=user-row]").unwrap();
    assert_eq!(rows.length(), 2);
    let text = root.text_content().unwrap();
    assert!(text.contains("Britt Williams") && text.contains("12345.HBos"));
    assert!(text.contains("Deactivated"));
    assert!(text.contains("No email"));
    let deactivated = root
        .query_selector("tr.row-deactivated")
        .unwrap()
        .expect("deactivated row is marked");
    assert_eq!(
        deactivated.get_attribute("data-code").as_deref(),
        Some("12345.HBos")
    );
    let name_header = root
        .query_selector("th[aria-sort=ascending]")
        .unwrap()
        .expect("sorted column is announced");
    assert!(name_header.text_content().unwrap().contains("Name"));

    let buttons = root.query_selector_all(".sort-button").unwrap();
    let code_button: web_sys::HtmlElement = buttons.item(1).unwrap().unchecked_into();
    code_button.click();
    leptos::task::tick().await;
    assert_eq!(clicked.get_untracked(), Some(SortKey::Code));
}

#[wasm_bindgen_test]
async fn users_table_shows_skeleton_rows_while_loading() {
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <UsersTable
                users=Signal::stored(Vec::new())
                sort=Signal::stored((SortKey::Name, false))
                on_sort=Callback::new(|_| {})
                loading=true
            />
        }
    });
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=loading]")
        .unwrap()
        .is_some());
    let table = root.query_selector("table").unwrap().unwrap();
    assert_eq!(table.get_attribute("aria-busy").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
async fn error_state_shows_the_reason_and_retries() {
    let root = container();
    let retries = RwSignal::new(0);
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ErrorState
                title="Cannot reach the Gatehouse server"
                detail="The server did not answer."
                on_retry=Callback::new(move |()| retries.update(|n| *n += 1))
            />
        }
    });
    leptos::task::tick().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("error is announced");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("The server did not answer."));
    let retry: web_sys::HtmlElement = root
        .query_selector("[data-testid=retry]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    retry.click();
    retry.click();
    assert_eq!(retries.get_untracked(), 2);
}

#[wasm_bindgen_test]
async fn ten_thousand_users_render_only_the_rows_in_view() {
    let root = container();
    let users: Vec<UserSummary> = (0..10_000)
        .map(|i| {
            user(
                &format!("12345.U{i:05}"),
                &format!("User {i:05}"),
                UserStatus::Active,
                None,
            )
        })
        .collect();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <UsersTable
                users=Signal::stored(users.clone())
                sort=Signal::stored((SortKey::Name, false))
                on_sort=Callback::new(|_| {})
            />
        }
    });
    leptos::task::tick().await;
    let rendered = root
        .query_selector_all("[data-testid=user-row]")
        .unwrap()
        .length();
    assert!(rendered > 10 && rendered < 100, "rendered {rendered} rows");
    let spacers = root.query_selector_all("tr.spacer").unwrap();
    let bottom: web_sys::HtmlElement = spacers.item(1).unwrap().unchecked_into();
    let height = bottom.style().get_property_value("height").unwrap();
    let px: f64 = height.trim_end_matches("px").parse().unwrap();
    assert!(
        (px - (10_000 - rendered) as f64 * 41.0).abs() < 1.0,
        "bottom spacer {height}"
    );
}
