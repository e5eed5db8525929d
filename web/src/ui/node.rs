//! What can be done to the selected node, shown right under the cluster (on a phone, in view
//! of the finger that tapped it).

use sim::raft::NodeId;
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::Action;
use crate::ui::{button, send};

#[derive(Properties, PartialEq)]
pub struct NodeProps {
    pub lang: Lang,
    pub id: NodeId,
    pub up: bool,
    pub isolated: bool,
    pub dispatch: Callback<Action>,
}

#[function_component]
pub fn NodeActions(props: &NodeProps) -> Html {
    let text = strings(props.lang);
    let (d, id) = (&props.dispatch, props.id);
    let title = fill(text.node_label, &[("n", id.to_string())]);
    html! {
        <section class="panel node-actions" aria-label={title.clone()} data-testid="node-actions">
            <h2>{ title }</h2>
            <div class="buttons">
                { button(Some("crash"), Some("x"), if props.up { text.crash } else { text.restart }, send(d, Action::ToggleCrash(id))) }
                <button type="button" data-testid="timeout" aria-keyshortcuts="t" disabled={!props.up} onclick={send(d, Action::Timeout(id))}>{ text.force_timeout }</button>
                { button(Some("isolate"), Some("i"), if props.isolated { text.rejoin } else { text.isolate }, send(d, Action::ToggleIsolation(id))) }
                { button(None, Some("r"), text.client_request, send(d, Action::ClientRequest)) }
                <button type="button" class="dismiss" aria-label={text.close} onclick={send(d, Action::Select(None))}>{ "×" }</button>
            </div>
        </section>
    }
}
