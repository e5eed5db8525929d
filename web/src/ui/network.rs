//! The few network actions a visitor reaches for first, right under the cluster.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::Action;
use crate::ui::{button, send};

/// `full`: the cluster has as many servers as the page draws legibly, so none can be added.
pub fn quick_network(lang: Lang, full: bool, d: &Callback<Action>) -> Html {
    let text = strings(lang);
    html! {
        <div class="quick-network buttons" role="group" aria-label={text.quick_network}>
            { button(Some("partition-minority"), None, text.partition_minority, send(d, Action::PartitionMinority)) }
            { button(Some("partition-majority"), None, text.partition_majority, send(d, Action::PartitionMajority)) }
            { button(Some("heal"), Some("h"), text.heal, send(d, Action::Heal)) }
            { button(Some("client-request"), Some("r"), text.client_request, send(d, Action::ClientRequest)) }
            <button type="button" data-testid="add-server" disabled={full} onclick={send(d, Action::AddServer)}>{ text.add_server }</button>
        </div>
    }
}
