//! The message picked in flight: its fields, and dropping, delivering or duplicating it.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::Action;
use crate::ui::{button, send};

pub fn message_actions(lang: Lang, id: u64, fields: String, d: &Callback<Action>) -> Html {
    let text = strings(lang);
    let title = fill(text.message_heading, &[("id", id.to_string())]);
    html! {
        <section class="panel message-actions" aria-label={title.clone()} data-testid="message-actions">
            <h2>{ title }</h2>
            <p class="inspect" data-testid="message-fields">{ fields }</p>
            <div class="buttons">
                { button(Some("drop-message"), None, text.drop_message, send(d, Action::DropMessage(id))) }
                { button(Some("deliver-message"), None, text.deliver_message, send(d, Action::DeliverMessage(id))) }
                { button(Some("duplicate-message"), None, text.duplicate_message, send(d, Action::DuplicateMessage(id))) }
                <button type="button" class="dismiss" aria-label={text.close} onclick={send(d, Action::Inspect(None))}>{ "×" }</button>
            </div>
        </section>
    }
}
