//! Studio-wide state shared through context: the environments and the one being worked in.

use std::future::IntoFuture;

use gatehouse_wire::{Administrators, EnvironmentInfo, SessionInfo};
use leptos::prelude::*;
use leptos::reactive::computed::ScopedFuture;

use crate::api::{self, ApiFailure};
use crate::studio_path;

/// The session's shared state; provided once by `App`, read with [`use_studio`].
#[derive(Clone, Copy)]
pub struct Studio {
    /// Who is signed in; a 401 failure means the sign-in screen is shown.
    pub session: LocalResource<Result<SessionInfo, ApiFailure>>,
    /// The environments of the signed-in administrator's organisation.
    pub environments: LocalResource<Result<Vec<EnvironmentInfo>, ApiFailure>>,
    /// The environment the address names (`/O12345AA/users`); `None` for an address without
    /// one, which the frame sends on to the first environment.
    pub selected: Memo<Option<String>>,
    /// Who administers each environment asked about so far (see [`Studio::administrators`]).
    administrators: StoredValue<Vec<(String, Administrators)>>,
}

impl Studio {
    /// Creates the state and starts loading the environments; `pathname` is the router's
    /// address, which names the environment.
    pub fn new(pathname: Memo<String>) -> Self {
        let session = LocalResource::new(api::get_session);
        let environments = LocalResource::new(move || async move {
            // Waits for the session without depending on it ([`untracked`]): a dependency would
            // fetch the list a second time when the session arrives. A new session reloads it
            // explicitly ([`Studio::reload_session`]).
            untracked(session).await?;
            api::list_environments().await
        });
        Self {
            session,
            environments,
            selected: Memo::new(move |_| {
                studio_path::split(&pathname.get())
                    .environment
                    .map(str::to_owned)
            }),
            administrators: StoredValue::new(Vec::new()),
        }
    }

    /// After a sign-in or sign-out: reload who is signed in (and so everything else).
    pub fn reload_session(&self) {
        self.administrators.update_value(Vec::clear);
        self.session.refetch();
        self.environments.refetch();
    }

    /// Whether the signed-in administrator is an account owner (tracked: a new session
    /// updates whoever reads it). `false` while the session loads or after it failed.
    pub fn is_account_owner(&self) -> bool {
        self.session
            .get()
            .and_then(Result::ok)
            .is_some_and(|s| s.user.account_owner)
    }

    /// [`Studio::is_account_owner`] without subscribing to the session.
    pub fn is_account_owner_untracked(&self) -> bool {
        self.session
            .get_untracked()
            .and_then(Result::ok)
            .is_some_and(|s| s.user.account_owner)
    }

    /// Who administers `env` (its account owners and who to ask), fetched once per
    /// environment and session.
    pub async fn administrators(self, env: &str) -> Result<Administrators, ApiFailure> {
        let known = self.administrators.with_value(|all| {
            all.iter()
                .find(|(code, _)| code == env)
                .map(|(_, a)| a.clone())
        });
        if let Some(known) = known {
            return Ok(known);
        }
        let fetched = api::get_administrators(env).await?;
        self.administrators
            .update_value(|all| all.push((env.to_owned(), fetched.clone())));
        Ok(fetched)
    }

    /// The address of `view` (`/users/12345.FSmit`) in the environment being worked in
    /// (`/O12345AA/users/12345.FSmit`). Untracked: the frame builds the views anew in
    /// another environment; read [`Studio::selected`] to follow a switch.
    pub fn path(&self, view: &str) -> String {
        match self.selected.get_untracked() {
            Some(env) => studio_path::join(&env, view),
            None => view.to_owned(),
        }
    }

    /// [`Studio::path`], tracked: for links outside the views (top bar, side navigation), which
    /// stay on screen when the environment changes.
    pub fn path_tracked(&self, view: &str) -> String {
        self.selected.track();
        self.path(view)
    }

    /// The environment being worked in, once the list has loaded; `None` while the address
    /// names an environment the administrator does not have (nothing is shown as current).
    pub fn current(&self) -> Option<EnvironmentInfo> {
        let selected = self.selected.get();
        let environments = self.environments.get()?.ok()?;
        match selected {
            Some(code) => environments.into_iter().find(|env| env.code == code),
            None => environments.into_iter().next(),
        }
    }

    /// Waits for the environments and returns the one `selected` names (or the first).
    /// Read `selected` from [`Studio::selected`] before the `async` block so it is tracked.
    pub async fn environment(
        self,
        selected: Option<String>,
    ) -> Result<EnvironmentInfo, ApiFailure> {
        // Untracked: a view's data depends on the environment it names (`selected`, read by
        // the caller), not on the list arriving, which would fetch the view's data twice.
        let environments = untracked(self.environments).await?;
        pick(&environments, selected.as_deref())
            .cloned()
            .ok_or_else(no_environments)
    }
}

/// The failure shown when the server lists no environment at all.
pub fn no_environments() -> ApiFailure {
    ApiFailure::Refused {
        status: 404,
        body: gatehouse_wire::ErrorBody {
            error: "the server has no environments yet".to_owned(),
            field: None,
        },
    }
}

/// The selected environment, or the first one when none (or an unknown one) is selected.
fn pick<'a>(
    environments: &'a [EnvironmentInfo],
    selected: Option<&str>,
) -> Option<&'a EnvironmentInfo> {
    selected
        .and_then(|code| environments.iter().find(|env| env.code == code))
        .or_else(|| environments.first())
}

/// Awaits a resource without making the resource being computed depend on it: awaiting one
/// inside another's fetcher otherwise subscribes to it, and its arrival then runs the fetcher
/// a second time (a duplicate request, and a re-render of what the first one drew).
pub fn untracked<T: Clone + 'static>(
    resource: LocalResource<T>,
) -> impl std::future::Future<Output = T> {
    ScopedFuture::new_untracked(resource.into_future())
}

/// The studio state provided by `App`.
pub fn use_studio() -> Studio {
    expect_context::<Studio>()
}

/// The address of `view` (`/users/12345.FSmit`) in the environment being worked in
/// (`/O12345AA/users/12345.FSmit`): [`Studio::path`] of the studio in context, for links.
pub fn env_href(view: &str) -> String {
    use_context::<Studio>().map_or_else(|| view.to_owned(), |studio| studio.path(view))
}
