//! The page's parts, one per file. Each renders what its props say and sends [`Action`]s;
//! none changes the model itself.

pub mod files;
pub mod help;
pub mod learn;
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
use yew::virtual_dom::{AttributeOrProperty, Attributes};

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

/// `node`, the one element an `html!` built, with its `class` set to the non-empty `names`.
///
/// Not `class={classes!(..)}`: Yew sends every computed `class` through `Classes`, an ordered
/// hash set built anew for each element on each render, and that code cost the page's gzipped
/// wasm 3 KB (Yew's own `VTag::add_attribute` moves the attributes into a hash map, nearly as
/// dear). The page's classes are a word or two and a few flags, so the class joins the
/// element's attributes as one more value, under a list of names made once per call site.
pub fn with_class(mut node: Html, names: &[&str]) -> Html {
    let mut class = String::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        if !class.is_empty() {
            class.push(' ');
        }
        class.push_str(name);
    }
    let class = Some(AttributeOrProperty::Attribute(class.into()));
    // Just built, so not shared: `get_mut` finds it without a copy.
    let Some(tag) = (match &mut node {
        Html::VTag(tag) => std::rc::Rc::get_mut(tag),
        _ => None,
    }) else {
        return node;
    };
    let (keys, mut values): (_, Vec<_>) = match std::mem::take(&mut tag.attributes) {
        Attributes::Static(pairs) => (
            with_class_key((pairs.as_ptr().cast(), pairs.len()), || {
                pairs.iter().map(|(k, _)| *k).collect()
            }),
            pairs.iter().map(|(_, v)| Some(v.clone())).collect(),
        ),
        Attributes::Dynamic { keys, values } => (
            with_class_key((keys.as_ptr().cast(), keys.len()), || keys.to_vec()),
            values.into_vec(),
        ),
        // `html!` makes a map only for `..spread` attributes, which the page does not use.
        map @ Attributes::IndexMap(_) => {
            tag.attributes = map;
            return node;
        }
    };
    values.push(class);
    tag.attributes = Attributes::Dynamic {
        keys,
        values: values.into_boxed_slice(),
    };
    node
}

/// The attribute names of an element (`names`, written once by `html!` where the element is)
/// followed by `class`. Made once per call site, of which the page has a dozen, and kept: the
/// same list each render lets Yew compare the values one by one.
fn with_class_key(
    (site, len): (*const (), usize),
    names: impl FnOnce() -> Vec<&'static str>,
) -> &'static [&'static str] {
    thread_local! {
        static MADE: std::cell::RefCell<Vec<(usize, &'static [&'static str])>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    MADE.with_borrow_mut(|made| {
        // Two sites with equal lists may share one address (constants are merged): then they
        // share the extended list too.
        let found = made
            .iter()
            .find(|(at, keys)| *at == site as usize && keys.len() == len + 1);
        if let Some((_, keys)) = found {
            return *keys;
        }
        let mut keys = names();
        keys.push("class");
        let keys: &'static [&'static str] = Box::leak(keys.into_boxed_slice());
        made.push((site as usize, keys));
        keys
    })
}

/// `name` when `on` holds, else nothing (an empty name [`with_class`] leaves out).
pub fn flag(on: bool, name: &'static str) -> &'static str {
    if on {
        name
    } else {
        ""
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

#[cfg(test)]
mod tests {
    use super::*;

    use yew::virtual_dom::{AttributeOrProperty, Attributes};

    /// What the DOM gets for attribute `name`. (Yew's own `Attributes::iter` leaves out the
    /// literal ones, though they are set on the element all the same.)
    fn attribute(node: &Html, name: &str) -> Option<String> {
        let Html::VTag(tag) = node else { return None };
        let value = match &tag.attributes {
            Attributes::Static(pairs) => pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v)?,
            Attributes::Dynamic { keys, values } => {
                let at = keys.iter().position(|k| *k == name)?;
                values[at].as_ref()?
            }
            Attributes::IndexMap(map) => map.get(name)?,
        };
        match value {
            AttributeOrProperty::Attribute(v) => Some(v.to_string()),
            AttributeOrProperty::Static(v) => Some(v.to_string()),
            AttributeOrProperty::Property(_) => None,
        }
    }

    #[test]
    fn with_class_sets_the_names_given_leaves_out_empty_ones_and_keeps_the_rest() {
        let node = with_class(
            html! { <g data-id="7" /> },
            &["node", "", flag(true, "leader"), flag(false, "down")],
        );
        assert_eq!(attribute(&node, "class").as_deref(), Some("node leader"));
        assert_eq!(attribute(&node, "data-id").as_deref(), Some("7"));
        let none = with_class(html! { <li /> }, &[flag(false, "down")]);
        assert_eq!(attribute(&none, "class").as_deref(), Some(""));
        // Built again, the same element gets the very same list of names: Yew then compares
        // the values one by one instead of as two maps.
        let keys = |node: &Html| match node {
            Html::VTag(tag) => match &tag.attributes {
                Attributes::Dynamic { keys, .. } => Some(keys.as_ptr()),
                _ => None,
            },
            _ => None,
        };
        let make = |selected: bool| {
            with_class(
                html! { <g data-id={selected.to_string()} /> },
                &["node", flag(selected, "selected")],
            )
        };
        let (a, b) = (make(true), make(false));
        assert!(keys(&a).is_some() && keys(&a) == keys(&b));
        assert_eq!(attribute(&b, "class").as_deref(), Some("node"));
        assert_eq!(attribute(&a, "data-id").as_deref(), Some("true"));
        // Not an element (a list of two): left as it is.
        let list = with_class(html! { <><p /><p /></> }, &["x"]);
        assert_eq!(attribute(&list, "class"), None);
    }
}
