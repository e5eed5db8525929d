//! A notice, shown next to what caused it: one at a time, replaced by the next.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::{Action, Notice};
use crate::ui::{flag, send, with_class};

/// The notice, if there is one for this place. Its slot is there either way (an empty `div`
/// of no height), so a notice that comes and goes moves nothing but what follows it in its
/// own area.
pub fn notice_view(notice: Option<&Notice>, lang: Lang, dispatch: &Callback<Action>) -> Html {
    let text = strings(lang);
    html! {
        <div class="notice-slot" role="status" aria-live="polite" data-testid="notice">
            if let Some(n) = notice {
                { with_class(html! {
                    <p role={n.error.then_some("alert")}>
                        <span>{ &n.text }</span>
                        <button type="button" class="dismiss" aria-label={text.close} onclick={send(dispatch, Action::DismissNotice)}>{ "×" }</button>
                    </p>
                }, &["notice", flag(n.error, "error")]) }
            }
        </div>
    }
}
