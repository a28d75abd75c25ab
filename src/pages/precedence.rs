//! The precedence rule (`/precedence`): how the grants of All Users, groups and the user
//! combine, an organisation setting. The account owner picks a rule, sees whose access would
//! change (computed in the browser with the policy crate's `decide`, as the server decides the
//! save) and the access tests it would break, and saves it as a change set (refused for
//! broken tests unless the account owner overrides); everyone else reads it.

use gatehouse_policy::{Policy, Precedence as Rule, SetChange};
use gatehouse_wire::{ChangeRequest, ChangeSetRequest, Precedence};
use leptos::prelude::*;

use super::permissions::{actor, preview_all, Impact, ImpactSummary};
use crate::api::{self, ApiFailure};
use crate::components::{use_broken_tests, BrokenTestsList, BrokenTestsRefusal, ErrorState};
use crate::studio::use_studio;

/// The two rules, with what each means for the people it governs.
const RULES: [(Precedence, &str, &str); 2] = [
    (
        Precedence::HighestWins,
        "Highest wins",
        "The highest role among All Users, the person's groups and their own grant counts: \
         All Users' Editor outranks a person's own Preview Only.",
    ),
    (
        Precedence::MostSpecificWins,
        "Most specific wins",
        "A person's own grant counts first; without one, their groups' highest; only then \
         All Users. Lets you give one person less than everyone else has.",
    ),
];

/// The precedence view.
#[component]
pub fn PrecedencePage() -> impl IntoView {
    let studio = use_studio();
    let policy: LocalResource<Result<(String, Policy), ApiFailure>> =
        LocalResource::new(move || {
            let selected = studio.selected.get();
            async move {
                let env = studio.environment(selected).await?;
                Ok((env.code.clone(), api::get_policy(&env.code).await?))
            }
        });
    view! {
        <section class="page" aria-labelledby="page-title">
            <header class="page-header">
                <h1 id="page-title" class="page-title">"Precedence rule"</h1>
                <p class="page-lede">"How the grants of All Users, a person's groups and their own grant combine. One rule for every environment of your organisation."</p>
            </header>
            {move || match policy.get() {
                None => view! { <p class="muted" role="status">"Loading the policy…"</p> }.into_any(),
                Some(Err(f)) => view! { <ErrorState title=f.title().to_owned() detail=f.detail() on_retry=Callback::new(move |()| policy.refetch())/> }.into_any(),
                Some(Ok((env, loaded))) => view! {
                    <PrecedenceEditor env policy=loaded on_saved=Callback::new(move |()| {
                        studio.environments.refetch();
                        policy.refetch();
                    })/>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PrecedenceEditor(env: String, policy: Policy, on_saved: Callback<()>) -> impl IntoView {
    let studio = use_studio();
    let current: Precedence = policy.precedence.into();
    let chosen = RwSignal::new(current);
    let is_owner = move || studio.is_account_owner();
    let names: Vec<(String, String)> = policy
        .resources
        .iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect();
    let env_s = StoredValue::new(env);
    let policy_s = StoredValue::new(policy);
    let pending = Memo::new(move |_| usize::from(chosen.get() != current));
    let impact: Memo<Option<Impact>> = Memo::new(move |_| {
        let rule: Rule = chosen.get().into();
        let changes = if chosen.get() == current {
            Vec::new()
        } else {
            vec![SetChange::SetPrecedence { precedence: rule }]
        };
        policy_s.with_value(|policy| {
            let actor = studio.session.with(|s| {
                let session = s.as_ref().and_then(|s| s.as_ref().ok());
                env_s.with_value(|env| actor(policy, session, env))
            })?;
            Some(preview_all(policy, &actor, &changes))
        })
    });
    // The access tests the new rule would break, from a dry run of the same set.
    let broken = use_broken_tests(move || {
        let rule = chosen.get();
        (rule != current).then(|| {
            let changes = vec![ChangeRequest::SetPrecedence { precedence: rule }];
            (env_s.get_value(), changes)
        })
    });
    // With `true`: saved even though it breaks access tests (the account owner's override).
    let save = Action::new_local(move |(rule, override_tests): &(Precedence, bool)| {
        let request = ChangeSetRequest {
            override_tests: *override_tests,
            dry_run: false,
            changes: vec![ChangeRequest::SetPrecedence { precedence: *rule }],
        };
        async move {
            api::apply_changes(&env_s.get_value(), &request)
                .await
                .map(drop)
        }
    });
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let refused = move || impact.with(|i| i.as_ref().is_some_and(|i| i.refusal.is_some()));
    // The rule last sent: a refusal for broken tests is about it while it is still chosen.
    let last_sent = StoredValue::new(None::<Precedence>);
    let send = move |override_tests: bool| {
        let rule = chosen.get_untracked();
        last_sent.set_value(Some(rule));
        save.dispatch((rule, override_tests));
    };
    let tests_refusal = move || {
        let failure = save.value().get().and_then(Result::err)?;
        let same = last_sent.get_value() == Some(chosen.get());
        (failure.broken_tests().is_some() && same).then_some(failure)
    };
    let failure = move || {
        save.value()
            .get()
            .and_then(Result::err)
            .filter(|f| f.broken_tests().is_none())
    };
    view! {
        <fieldset class="rule-choice" data-testid="precedence-rules" disabled=move || !is_owner()>
            <legend class="section-title">"The rule in force"</legend>
            {RULES.into_iter().map(|(rule, label, detail)| view! {
                <label class="rule-option" data-testid="precedence-rule" data-rule=label>
                    <input type="radio" name="precedence" prop:checked=move || chosen.get() == rule
                        on:change=move |_| chosen.set(rule)/>
                    <span><strong>{label}</strong>{(rule == current).then_some(" (now)")}<br/><span class="hint">{detail}</span></span>
                </label>
            }).collect_view()}
        </fieldset>
        {move || (!is_owner()).then(|| view! {
            <p class="hint" data-testid="precedence-read-only">"Only the account owner changes the precedence rule."</p>
        })}
        <Show when=is_owner>
            <div class="member-draft" data-testid="precedence-impact">
                <div>
                    <ImpactSummary impact=Signal::from(impact) pending=Signal::from(pending) resource_names=names.clone()
                        broken_tests=Signal::derive(move || broken.with(Vec::len))/>
                    <p class="hint">{format!("Shown for this environment, {}; the rule applies to every environment of the organisation.", env_s.get_value())}</p>
                </div>
                <div class="footer-actions">
                    <button class="button" data-testid="precedence-cancel" disabled=move || pending.get() == 0
                        on:click=move |_| chosen.set(current)>"Keep the rule"</button>
                    <button class="button primary" data-testid="precedence-save"
                        disabled=move || pending.get() == 0 || refused() || save.pending().get()
                        on:click=move |_| send(false)>
                        {move || if save.pending().get() { "Saving…" } else { "Save for the organisation" }}
                    </button>
                </div>
            </div>
            {move || failure().map(|f| view! {
                <p class="form-error" role="alert" data-testid="precedence-error">{f.reason()}</p>
            })}
            {move || match tests_refusal() {
                Some(f) => view! {
                    <BrokenTestsRefusal broken=f.broken_tests().unwrap_or_default().to_vec() message=f.reason()
                        account_owner=Signal::derive(is_owner) overriding=save.pending()
                        on_override=Callback::new(move |()| send(true))/>
                }.into_any(),
                None => view! { <BrokenTestsList broken with_heading=true/> }.into_any(),
            }}
        </Show>
    }
}
