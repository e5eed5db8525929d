//! The lessons: Figure 2 live, break a rule, and the explanation of what is picked. Their
//! contents are worked out by the tools module (`web/tools/src/learn`), fetched the first
//! time a reader opens a lesson, and drawn by `tools.js` (see [`crate::tools::learn`]) into
//! the places the page leaves for them: this panel, which carries the words its tabs need,
//! the picked node's or message's panel (`data-ask`), and the log (an entry's explanation).
//! The page does what the buttons in them say (`data-goto`, `data-preset`).

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::Action;

/// What a click inside a lesson asks for (the page's one handler for them all): a button's `data-goto` (an event) or `data-preset`
/// (a lesson).
pub fn follow(d: &Callback<Action>) -> Callback<MouseEvent> {
    let d = d.clone();
    Callback::from(move |e: MouseEvent| {
        let Some(target) = e.target_dyn_into::<web_sys::Element>() else {
            return;
        };
        let Ok(Some(button)) = target.closest("[data-goto],[data-preset]") else {
            return;
        };
        if let Some(n) = button
            .get_attribute("data-goto")
            .and_then(|v| v.parse().ok())
        {
            d.emit(Action::Goto(n));
        } else if let Some(name) = button.get_attribute("data-preset") {
            d.emit(Action::LoadPreset(Some(name)));
        }
    })
}

/// The lessons panel, empty: `tools.js` draws its tabs from the words it carries.
pub fn learn_panel(lang: Lang) -> Html {
    let t = strings(lang);
    html! {
        <section class="panel learn" aria-label={t.learn} data-testid="learn" data-title={t.learn}
            data-rules={t.learn_rules} data-bugs={t.learn_bugs} data-wait={t.learn_wait}
            data-failed={t.learn_failed} data-entry={t.entry_heading} data-close={t.close}></section>
    }
}
