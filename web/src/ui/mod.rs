//! The page's parts, one per file. Each renders what its props say and sends [`Action`]s;
//! none changes the model itself.

pub mod files;
pub mod help;
pub mod lesson;
pub mod message;
pub mod narration;
pub mod network;
pub mod node;
pub mod notices;
pub mod safety;
pub mod settings;
pub mod timeline;
pub mod transport;

use yew::prelude::*;

use crate::state::Action;

/// A button; most of the page's are alike, and one function renders them all (every `html!`
/// element is code in the wasm).
pub fn button(
    testid: Option<&'static str>,
    keys: Option<&'static str>,
    label: impl Into<AttrValue>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" data-testid={testid} aria-keyshortcuts={keys} {onclick}>{ label.into() }</button>
    }
}

/// A labelled `<select>` of `(value, text, selected)` options.
pub fn choice(
    label: &'static str,
    onchange: Callback<Event>,
    options: impl Iterator<Item = (String, String, bool)>,
) -> Html {
    html! {
        <label>{ label }
            <select {onchange}>
                { for options.map(|(value, text, selected)| html! { <option {value} {selected}>{ text }</option> }) }
            </select>
        </label>
    }
}

/// A click handler that sends `action`.
pub fn send(dispatch: &Callback<Action>, action: Action) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_: MouseEvent| dispatch.emit(action.clone()))
}

/// A `<select>` change handler that turns the chosen value into an action (or nothing).
pub fn on_select(
    dispatch: &Callback<Action>,
    to_action: fn(&str) -> Option<Action>,
) -> Callback<Event> {
    let dispatch = dispatch.clone();
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        if let Some(action) = to_action(&select.value()) {
            dispatch.emit(action);
        }
    })
}

/// `MIN..MAX` in ms. Split at a `char`: searching for the `&str` `".."` would link in the
/// substring searcher (about 800 bytes of the page's gzipped wasm) for this alone.
pub fn parse_range(v: &str) -> Option<(u64, u64)> {
    let (a, b) = v.split_once('.')?;
    let b = b.strip_prefix('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}
