//! A server sentence with its `backticked` input shown as code.

use leptos::prelude::*;

/// Splits `text` at backticks: odd parts were quoted input.
fn parts(text: &str) -> Vec<(bool, String)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (i % 2 == 1, part.to_owned()))
        .collect()
}

/// A reason as the server wrote it, quoted values in `<code>`.
#[component]
pub fn ReasonText(
    /// The sentence, e.g. "email and name of `12345.BWilliams` can only be changed in …".
    #[prop(into)]
    text: String,
) -> impl IntoView {
    parts(&text)
        .into_iter()
        .map(|(code, part)| {
            if code {
                view! { <code>{part}</code> }.into_any()
            } else {
                part.into_any()
            }
        })
        .collect_view()
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn backticked_input_becomes_code_and_the_rest_stays_text() {
        assert_eq!(
            parts("name of `12345.BWilliams` can only"),
            vec![
                (false, "name of ".to_owned()),
                (true, "12345.BWilliams".to_owned()),
                (false, " can only".to_owned()),
            ]
        );
        assert_eq!(parts("plain"), vec![(false, "plain".to_owned())]);
    }
}
