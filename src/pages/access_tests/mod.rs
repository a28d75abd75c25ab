//! Access tests (`/access-tests`): saved expectations about access ("members of ICT have at
//! most Editor on CRM Portal in Production"), each with how it fares now — passed, failed
//! with the people who break it, or broken (it names something that is gone). Every change set
//! is checked against them before it is saved. The account owner adds, changes and deletes
//! them; resource owners read them.

mod card;
mod fields;
mod form;
mod pickers;

use gatehouse_policy::Policy;
use gatehouse_wire::{AccessTestView, TestStatus};
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::{EmptyState, ErrorState, SkeletonRows};
use crate::studio::use_studio;
use card::TestCard;
use form::TestDialog;

/// The environment's code and its tests, as loaded.
type Loaded = (String, Vec<AccessTestView>);

/// What the dialog is open for.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    New,
    Test(Box<AccessTestView>),
}

/// The Access tests view.
#[component]
pub fn AccessTestsPage() -> impl IntoView {
    let studio = use_studio();
    let owner = move || studio.is_account_owner();
    let tests: LocalResource<Result<Loaded, ApiFailure>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await?;
            let tests = api::list_access_tests(&env.code).await?;
            Ok((env.code.clone(), tests))
        }
    });
    // The snapshot the form's pickers list people, groups, resources and environments from.
    let policy: LocalResource<Option<Policy>> = LocalResource::new(move || {
        let selected = studio.selected.get();
        async move {
            let env = studio.environment(selected).await.ok()?;
            api::get_policy(&env.code).await.ok()
        }
    });
    let editing = RwSignal::new(None::<Editing>);
    let marked = RwSignal::new(None::<String>);
    let toast = RwSignal::new(None::<String>);
    let open = Callback::new(move |what: Editing| {
        marked.set(match &what {
            Editing::New => None,
            Editing::Test(t) => Some(t.id.clone()),
        });
        toast.set(None);
        editing.set(Some(what));
    });
    let close = Callback::new(move |()| editing.set(None));
    let saved = Callback::new(move |message: String| {
        editing.set(None);
        toast.set(Some(message));
        tests.refetch();
    });
    let env_code = move || {
        tests.with(|t| {
            t.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|(e, _)| e.clone())
        })
    };

    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header page-header-actions">
                <div>
                    <h1 id="page-title" class="page-title">"Access tests"</h1>
                    <p class="page-lede">"Expectations about access that auditors rely on. Every change to permissions or memberships is checked against them before it is saved; a change that breaks one is refused unless the account owner overrides it."</p>
                </div>
                <div class="header-actions">
                    <Show when=owner>
                        <button class="button primary" data-testid="add-test" data-return-focus=move || marked.get().is_none().then_some("")
                            on:click=move |_| open.run(Editing::New)>"Add access test"</button>
                    </Show>
                </div>
            </header>
            <Show when=move || !owner()>
                <p class="banner banner-info" role="note" data-testid="tests-read-only">"Read only: only the account owner can add, change or delete access tests."</p>
            </Show>
            {move || toast.get().map(|m| view! { <div class="toast" role="status" data-testid="toast">{m}</div> })}
            {move || match tests.get() {
                None => view! { <div class="table-wrap" data-testid="tests-loading"><table class="data-table"><SkeletonRows rows=3 columns=3/></table></div> }.into_any(),
                Some(Err(failure)) => view! {
                    <ErrorState title=failure.title().to_owned() detail=failure.detail() on_retry=Callback::new(move |()| tests.refetch())/>
                }.into_any(),
                Some(Ok((_, list))) if list.is_empty() => view! {
                    <EmptyState title="No access tests yet"
                        detail="An access test is an expectation such as “members of Support have at most Editor on CRM Portal in Production”. Once saved, any change that would break it is refused before it happens, and the test shows who breaks it today.">
                        <Show when=owner fallback=|| view! { <p class="muted">"Ask the account owner to add the first one."</p> }>
                            <button class="button primary" data-testid="add-first-test" on:click=move |_| open.run(Editing::New)>"Add access test"</button>
                        </Show>
                    </EmptyState>
                }.into_any(),
                Some(Ok((env, list))) => {
                    let of = |status| list.iter().filter(|t| t.status == status).count();
                    let (failing, broken) = (of(TestStatus::Failed), of(TestStatus::Broken));
                    let mut count = format!("{} test{}", list.len(), if list.len() == 1 { "" } else { "s" });
                    match (failing, broken) {
                        (0, 0) => count.push_str(" · all passing"),
                        (f, b) => {
                            if f > 0 { count.push_str(&format!(" · {f} failing")); }
                            if b > 0 { count.push_str(&format!(" · {b} broken")); }
                        }
                    }
                    view! {
                        <p class="count muted" data-testid="tests-count" aria-live="polite">{count}</p>
                        <ul class="test-list" data-testid="test-list">
                            {list.into_iter().map(|test| view! {
                                <TestCard env=env.clone() test owner=Signal::derive(owner) marked=marked.into()
                                    on_edit=Callback::new(move |t| open.run(Editing::Test(Box::new(t))))
                                    on_deleted=saved/>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            {move || editing.get().zip(env_code()).map(|(what, env)| {
                let test = match what { Editing::New => None, Editing::Test(t) => Some(*t) };
                view! { <TestDialog env test policy=Signal::derive(move || policy.get().flatten()) on_close=close on_saved=saved/> }
            })}
        </section>
    }
}
