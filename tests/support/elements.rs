//! What tests do with the page: read, click, type, choose, and wait for a condition. Every
//! helper goes through the retry loop in `retry.rs`, so a test never holds an element the
//! studio may re-render, never sleeps, and never reads before the studio has settled.

use std::future::Future;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::Locator;

use super::retry::{Miss, Target};
use super::Browser;

impl Browser {
    /// Waits until the studio has settled and an element matching `target` is there.
    pub async fn wait_for<'a>(&self, target: impl Into<Target<'a>>) {
        self.retry(target.into(), "appear", |_| async { Ok(()) })
            .await;
    }

    /// Waits until the studio has settled and nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) {
        self.poll(&format!("`{css}`: go away"), || async move {
            self.ready().await?;
            match self.client.find_all(Locator::Css(css)).await?.len() {
                0 => Ok(()),
                n => Err(Miss::Retry(format!("{n} elements still match"))),
            }
        })
        .await;
    }

    /// Waits until `check` holds (after the studio has settled), e.g. where the focus is.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = bool>,
    {
        self.poll(what, || {
            let holds = check();
            async move {
                self.ready().await?;
                match holds.await {
                    true => Ok(()),
                    false => Err(Miss::Retry("it did not hold".to_owned())),
                }
            }
        })
        .await;
    }

    /// The text of the element matching `target`.
    pub async fn text<'a>(&self, target: impl Into<Target<'a>>) -> String {
        self.retry(target.into(), "read its text", |e| async move {
            Ok(e.text().await?)
        })
        .await
    }

    /// Waits until the element matching `target` has text containing `part`, and returns it.
    pub async fn text_containing<'a>(&self, target: impl Into<Target<'a>>, part: &str) -> String {
        let what = format!("have text containing `{part}`");
        self.retry(target.into(), &what, |e| async move {
            let text = e.text().await?;
            match text.contains(part) {
                true => Ok(text),
                false => Err(Miss::Retry(format!("its text is {text:?}"))),
            }
        })
        .await
    }

    /// The texts of every element matching `css` (none is fine), once the studio has settled.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        self.poll(&format!("`{css}`: read the texts"), || async move {
            self.ready().await?;
            self.texts_now(css).await
        })
        .await
    }

    /// Waits until exactly `n` elements match `css`, and returns their texts.
    pub async fn count_eventually(&self, css: &str, n: usize) -> Vec<String> {
        self.poll(&format!("`{css}`: match {n} elements"), || async move {
            self.ready().await?;
            let texts = self.texts_now(css).await?;
            match texts.len() == n {
                true => Ok(texts),
                false => Err(Miss::Retry(format!("{} match: {texts:?}", texts.len()))),
            }
        })
        .await
    }

    /// One read of the texts of every element matching `css`.
    async fn texts_now(&self, css: &str) -> Result<Vec<String>, Miss> {
        let mut texts = Vec::new();
        for element in self.client.find_all(Locator::Css(css)).await? {
            texts.push(element.text().await?);
        }
        Ok(texts)
    }

    /// The DOM property `name` of the element matching `target` (`None` when unset).
    pub async fn prop<'a>(&self, target: impl Into<Target<'a>>, name: &str) -> Option<String> {
        self.retry(
            target.into(),
            &format!("read property `{name}`"),
            |e| async move { Ok(e.prop(name).await?) },
        )
        .await
    }

    /// The property `name` of every element matching `css` (none is fine).
    pub async fn props(&self, css: &str, name: &str) -> Vec<Option<String>> {
        self.poll(&format!("`{css}`: read property `{name}`"), || async move {
            self.ready().await?;
            let mut values = Vec::new();
            for element in self.client.find_all(Locator::Css(css)).await? {
                values.push(element.prop(name).await?);
            }
            Ok(values)
        })
        .await
    }

    /// Waits until the property `name` of the element matching `target` is `expected`.
    pub async fn prop_eventually<'a>(
        &self,
        target: impl Into<Target<'a>>,
        name: &str,
        expected: &str,
    ) {
        let what = format!("have property `{name}` = {expected:?}");
        self.retry(target.into(), &what, |e| async move {
            match e.prop(name).await? {
                Some(value) if value == expected => Ok(()),
                other => Err(Miss::Retry(format!("`{name}` is {other:?}"))),
            }
        })
        .await;
    }

    /// The HTML attribute `name` of the element matching `target` (`None` when absent).
    pub async fn attr<'a>(&self, target: impl Into<Target<'a>>, name: &str) -> Option<String> {
        self.retry(
            target.into(),
            &format!("read attribute `{name}`"),
            |e| async move { Ok(e.attr(name).await?) },
        )
        .await
    }

    /// Whether the checkbox (or radio button) matching `target` is checked.
    pub async fn checked<'a>(&self, target: impl Into<Target<'a>>) -> bool {
        self.prop(target, "checked").await.as_deref() == Some("true")
    }

    /// The current value of the input or select matching `target`.
    pub async fn value<'a>(&self, target: impl Into<Target<'a>>) -> String {
        self.prop(target, "value").await.unwrap_or_default()
    }

    /// Whether the control matching `target` is enabled.
    pub async fn enabled<'a>(&self, target: impl Into<Target<'a>>) -> bool {
        self.retry(
            target.into(),
            "read whether it is enabled",
            |e| async move { Ok(e.is_enabled().await?) },
        )
        .await
    }

    /// Clicks the element matching `target`.
    pub async fn click<'a>(&self, target: impl Into<Target<'a>>) {
        self.retry(
            target.into(),
            "click",
            |e| async move { Ok(e.click().await?) },
        )
        .await;
    }

    /// Types `text` into the element matching `target`, after what it already holds.
    pub async fn type_into<'a>(&self, target: impl Into<Target<'a>>, text: &str) {
        self.retry(target.into(), &format!("type {text:?}"), |e| async move {
            Ok(e.send_keys(text).await?)
        })
        .await;
    }

    /// Empties the input matching `target` and types `text` into it.
    pub async fn fill<'a>(&self, target: impl Into<Target<'a>>, text: &str) {
        self.retry(
            target.into(),
            &format!("fill in {text:?}"),
            |e| async move {
                e.clear().await?;
                Ok(e.send_keys(text).await?)
            },
        )
        .await;
    }

    /// Presses `key` on the element matching `target` (focusing it first).
    pub async fn press<'a>(&self, target: impl Into<Target<'a>>, key: Key) {
        let key = char::from(key).to_string();
        let key = key.as_str();
        self.retry(target.into(), "press a key on it", |e| async move {
            Ok(e.send_keys(key).await?)
        })
        .await;
    }

    /// Presses `key` on whatever has the focus, once the studio has settled.
    pub async fn press_key(&self, key: Key) {
        let key = char::from(key);
        self.poll("press a key on the focused element", || async move {
            self.ready().await?;
            let keys = KeyActions::new("keyboard".to_owned())
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
            Ok(self.client.perform_actions(keys).await?)
        })
        .await;
    }

    /// Chooses the option with value `value` in the select matching `target`.
    pub async fn select_value<'a>(&self, target: impl Into<Target<'a>>, value: &str) {
        self.retry(
            target.into(),
            &format!("choose value {value:?}"),
            |e| async move { Ok(e.select_by_value(value).await?) },
        )
        .await;
    }

    /// Chooses the option labelled `label` in the select matching `target`.
    pub async fn select_label<'a>(&self, target: impl Into<Target<'a>>, label: &str) {
        self.retry(
            target.into(),
            &format!("choose {label:?}"),
            |e| async move { Ok(e.select_by_label(label).await?) },
        )
        .await;
    }
}
