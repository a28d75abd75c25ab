//! The one retry loop of the browser helpers: every attempt waits for the studio to settle,
//! finds its element again by CSS selector, and acts; a missing, stale or not yet interactable
//! element (or a condition that does not hold yet) is tried again until [`WAIT`] has passed,
//! and then the test fails with the selector, the last error, the page text and a screenshot.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::Locator;

use super::{Browser, WAIT};

/// The pause between two attempts.
const POLL: Duration = Duration::from_millis(75);

/// Which element a helper acts on: the first match of a CSS selector, or the `n`th (from 0).
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    css: &'a str,
    index: usize,
}

/// The `n`th (from 0) element matching `css`, in document order.
pub fn nth(css: &str, n: usize) -> Target<'_> {
    Target { css, index: n }
}

impl<'a> From<&'a str> for Target<'a> {
    fn from(css: &'a str) -> Self {
        Target { css, index: 0 }
    }
}

impl<'a> From<&'a String> for Target<'a> {
    fn from(css: &'a String) -> Self {
        Target::from(css.as_str())
    }
}

impl fmt::Display for Target<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.index {
            0 => write!(f, "`{}`", self.css),
            n => write!(f, "match {n} (from 0) of `{}`", self.css),
        }
    }
}

/// Why an attempt did not succeed.
pub(super) enum Miss {
    /// Worth another attempt: the studio is busy, the element is missing, stale or not
    /// interactable yet, or the condition does not hold yet. Says what was seen.
    Retry(String),
    /// Will not get better by waiting (the WebDriver session is gone, a bad selector).
    Fatal(String),
}

impl From<CmdError> for Miss {
    fn from(err: CmdError) -> Self {
        let transient = matches!(
            &err,
            CmdError::Standard(wd) if matches!(
                wd.error,
                ErrorStatus::NoSuchElement
                    | ErrorStatus::StaleElementReference
                    | ErrorStatus::ElementNotInteractable
                    | ErrorStatus::ElementClickIntercepted
                    | ErrorStatus::InvalidElementState
                    // A script run while the page navigates (a reload the studio started).
                    | ErrorStatus::JavascriptError
                    | ErrorStatus::UnknownError
            )
        );
        if transient {
            Miss::Retry(err.to_string())
        } else {
            Miss::Fatal(err.to_string())
        }
    }
}

impl Browser {
    /// Runs `attempt` until it succeeds; a [`Miss::Retry`] waits [`POLL`] and tries again
    /// until [`WAIT`] has passed. On failure: a screenshot, then a panic naming `what`, the
    /// last miss and the page text.
    pub(super) async fn poll<T, F, Fut>(&self, what: &str, mut attempt: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, Miss>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            let last = match attempt().await {
                Ok(value) => return value,
                Err(Miss::Fatal(err)) => self.fail(what, &err).await,
                Err(Miss::Retry(seen)) => seen,
            };
            if Instant::now() >= deadline {
                self.fail(what, &format!("still after {WAIT:?}: {last}"))
                    .await
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Runs `op` on the element `target` names, found again on every attempt once the studio
    /// has settled (see [`Browser::poll`]).
    pub(super) async fn retry<T, F, Fut>(&self, target: Target<'_>, what: &str, op: F) -> T
    where
        F: Fn(Element) -> Fut,
        Fut: Future<Output = Result<T, Miss>>,
    {
        let op = &op;
        self.poll(&format!("{target}: {what}"), move || async move {
            self.ready().await?;
            op(self.find(target).await?).await
        })
        .await
    }

    /// Succeeds when the studio is settled: `<html data-busy="false">`. An absent attribute
    /// (the studio has not started yet, or a page is loading) is not settled.
    pub(super) async fn ready(&self) -> Result<(), Miss> {
        let busy = self
            .client
            .execute(
                "return document.documentElement.dataset.busy ?? null",
                vec![],
            )
            .await?;
        match busy.as_str() {
            Some("false") => Ok(()),
            _ => Err(Miss::Retry(format!(
                "the studio has not settled (data-busy: {busy})"
            ))),
        }
    }

    /// The element `target` names, or a miss.
    async fn find(&self, target: Target<'_>) -> Result<Element, Miss> {
        let css = Locator::Css(target.css);
        if target.index == 0 {
            return Ok(self.client.find(css).await?);
        }
        let all = self.client.find_all(css).await?;
        let count = all.len();
        all.into_iter()
            .nth(target.index)
            .ok_or_else(|| Miss::Retry(format!("only {count} elements match")))
    }

    /// Saves a screenshot named `failure` and fails the test with what was being waited for,
    /// what was last seen and the page's text.
    async fn fail(&self, what: &str, last: &str) -> ! {
        self.screenshot("failure").await;
        let page = self
            .client
            .execute(
                "return document.body ? document.body.innerText : '(no body)'",
                vec![],
            )
            .await
            .map(|text| text.as_str().unwrap_or_default().to_owned())
            .unwrap_or_else(|err| format!("(cannot read the page: {err})"));
        panic!(
            "{what}: {last}\nscreenshot: target/e2e-screenshots/failure.png\npage text:\n{page}"
        );
    }
}
