//! What can be done to the selected node, shown right under the cluster (on a phone, in view
//! of the finger that tapped it).

use sim::raft::{Change, NodeId};
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::Action;
use crate::ui::{button, send};

/// A server's place in the configuration the page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    Voter,
    Learner,
    Spare,
}

/// `transfer`: a leader other than this voter could hand leadership to it.
pub fn node_actions(
    lang: Lang,
    id: NodeId,
    up: bool,
    isolated: bool,
    member: Member,
    transfer: bool,
    d: &Callback<Action>,
) -> Html {
    let text = strings(lang);
    let title = fill(text.node_label, &[("n", id.to_string())]);
    let change =
        |testid, label, c: Change| button(Some(testid), None, label, send(d, Action::Change(c)));
    let membership = match member {
        Member::Voter => change("remove", text.remove_server, Change::Remove(id)),
        Member::Learner => html! {
            <>
                { change("promote", text.promote, Change::Promote(id)) }
                { change("remove", text.remove_server, Change::Remove(id)) }
            </>
        },
        Member::Spare => html! {
            <>
                { change("add-voter", text.add_voter, Change::AddVoter(id)) }
                { change("add-learner", text.add_learner, Change::AddLearner(id)) }
            </>
        },
    };
    html! {
        <section class="panel node-actions" aria-label={title.clone()} data-testid="node-actions">
            <h2>{ title }</h2>
            <div class="buttons">
                { button(Some("crash"), Some("x"), if up { text.crash } else { text.restart }, send(d, Action::ToggleCrash(id))) }
                <button type="button" data-testid="timeout" aria-keyshortcuts="t" disabled={!up} onclick={send(d, Action::Timeout(id))}>{ text.force_timeout }</button>
                { button(Some("isolate"), Some("i"), if isolated { text.rejoin } else { text.isolate }, send(d, Action::ToggleIsolation(id))) }
                { button(None, Some("r"), text.client_request, send(d, Action::ClientRequest)) }
                { membership }
                if transfer {
                    { button(Some("transfer"), None, text.transfer_here, send(d, Action::Transfer(id))) }
                }
                <button type="button" class="dismiss" aria-label={text.close} onclick={send(d, Action::Select(None))}>{ "×" }</button>
            </div>
        </section>
    }
}
