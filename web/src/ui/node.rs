//! What can be done to the selected node, shown right under the cluster (on a phone, in view
//! of the finger that tapped it).

use sim::raft::NodeId;
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::Action;
use crate::ui::{button, send};

pub fn node_actions(
    lang: Lang,
    id: NodeId,
    up: bool,
    isolated: bool,
    d: &Callback<Action>,
) -> Html {
    let text = strings(lang);
    let title = fill(text.node_label, &[("n", id.to_string())]);
    html! {
        <section class="panel node-actions" aria-label={title.clone()} data-testid="node-actions">
            <h2>{ title }</h2>
            <div class="buttons">
                { button(Some("crash"), Some("x"), if up { text.crash } else { text.restart }, send(d, Action::ToggleCrash(id))) }
                <button type="button" data-testid="timeout" aria-keyshortcuts="t" disabled={!up} onclick={send(d, Action::Timeout(id))}>{ text.force_timeout }</button>
                { button(Some("isolate"), Some("i"), if isolated { text.rejoin } else { text.isolate }, send(d, Action::ToggleIsolation(id))) }
                { button(None, Some("r"), text.client_request, send(d, Action::ClientRequest)) }
                <button type="button" class="dismiss" aria-label={text.close} onclick={send(d, Action::Select(None))}>{ "×" }</button>
            </div>
        </section>
    }
}
