//! The Raft Playground page (`index.html`): the app mounted into the document, with its
//! settings from the URL.

use raft_playground::app::{when_words_are_here, App, AppProps};
use raft_playground::{model, panic, params};

fn main() {
    panic::install_hook();
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let location = window.location();
    let query = location.search().unwrap_or_default();
    let (params, errors) = params::parse(&query, &model::preset_names());
    let browser_languages: Vec<String> = window
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let base_url = format!(
        "{}{}",
        location.origin().unwrap_or_default(),
        location.pathname().unwrap_or_default()
    );
    // `autoplay` given at all (with any value) overrides the page's own default.
    let autoplay_given = query
        .trim_start_matches('?')
        .split('&')
        .any(|pair| pair.split('=').next() == Some("autoplay"));
    let props = AppProps {
        autoplay_given,
        params,
        errors,
        browser_languages,
        base_url,
        host: None,
        source: query.clone(),
        words_missing: None,
    };
    // The app mounts into an element of its own, so the same component can later be mounted
    // into any element a host page gives it.
    let Some(body) = document.body() else {
        return;
    };
    let Ok(root) = document.create_element("main") else {
        return;
    };
    let _ = body.append_child(&root);
    let shown = root.clone();
    when_words_are_here(
        props,
        move |props| {
            yew::Renderer::<App>::with_root_and_props(root, props).render();
        },
        move |message| shown.set_text_content(Some(&message)),
    );
}
