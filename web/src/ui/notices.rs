//! A notice, shown next to what caused it: one at a time, replaced by the next.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::{Action, Notice};
use crate::ui::send;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    pub notice: Option<Notice>,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

/// The notice, if there is one for this place. Its slot is there either way (an empty `div`
/// of no height), so a notice that comes and goes moves nothing but what follows it in its
/// own area.
#[function_component]
pub fn NoticeView(props: &NoticeProps) -> Html {
    let text = strings(props.lang);
    html! {
        <div class="notice-slot" role="status" aria-live="polite" data-testid="notice">
            if let Some(n) = &props.notice {
                <p class={classes!("notice", n.error.then_some("error"))} role={n.error.then_some("alert")}>
                    <span>{ &n.text }</span>
                    <button type="button" class="dismiss" aria-label={text.close} onclick={send(&props.dispatch, Action::DismissNotice)}>{ "×" }</button>
                </p>
            }
        </div>
    }
}
