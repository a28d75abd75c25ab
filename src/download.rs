//! Downloads made in the browser: a text file handed to the browser's download with a name,
//! from a Blob URL (so the static demo, with no server, downloads alike).

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `content` as a download called `filename` of type `mime` (e.g.
/// `text/csv;charset=utf-8`); the reason when the browser refuses.
pub fn download(filename: &str, content: &str, mime: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not make the file".to_owned())?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not offer the file".to_owned())?;
    let document = leptos::prelude::document();
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "the browser could not offer the file".to_owned())?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// Reads the file chosen in a file input as text (UTF-8), with its name; `None` when none is
/// chosen; refused unread when it is larger than an import takes.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Option<Result<(String, String), String>> {
    let file = input.files()?.get(0)?;
    let (name, size) = (file.name(), file.size());
    if size > gatehouse_app::MAX_IMPORT_BYTES as f64 {
        return Some(Err(format!(
            "{name} is {}; the most an import takes is {}",
            megabytes(size),
            megabytes(gatehouse_app::MAX_IMPORT_BYTES as f64)
        )));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
    Some(match text.ok().and_then(|t| t.as_string()) {
        Some(text) => Ok((name, text)),
        None => Err(format!("{name} could not be read as text")),
    })
}

fn megabytes(bytes: f64) -> String {
    format!("{:.1} MB", bytes / 1_048_576.0)
}
