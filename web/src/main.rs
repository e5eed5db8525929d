//! The Raft Playground page.
//!
//! The page only renders and forwards intent: the protocol lives in `raft`, time, the network
//! and history in `sim`, and what a visitor can do in [`model`].

mod app;
mod cluster;
mod errors;
mod i18n;
mod logview;
mod model;
mod narrate;
mod num;
mod panic;
mod params;
mod seed;
mod state;
mod tools;
mod ui;

use app::{App, AppProps};

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
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
