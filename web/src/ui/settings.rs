//! The run's settings: cluster size, seed, loss, latency, timings, PreVote, CheckQuorum.

use sim::{Simulation, PPM};
use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::{Action, Notice};
use crate::ui::notices::notice_view;
use crate::ui::{button, choice, on_select, parse_range, send};

fn range_text((a, b): (u64, u64)) -> String {
    format!("{a}..{b}")
}

/// The settings of `sim` as they stand, and the notice about them, if any.
pub fn settings(
    lang: Lang,
    sim: &Simulation,
    notice: Option<&Notice>,
    d: &Callback<Action>,
) -> Html {
    let text = strings(lang);
    let config = sim.config();
    let net = sim.network();
    let on_seed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetSeed(input.value()));
        })
    };
    let latency = range_text((net.latency.0 / 1000, net.latency.1 / 1000));
    let election = range_text(config.election_ms);
    let (prevote, checkquorum) = (config.pre_vote, config.check_quorum);
    html! {
        <section class="panel settings" aria-label={text.network}>
            <h2>{ text.network }</h2>
            <div class="grid">
                { choice(text.nodes, on_select(d, |v| v.parse().ok().map(Action::SetNodes)),
                    (3..=9).map(|n| (n.to_string(), n.to_string(), sim.size() == n))) }
                <label>{ text.seed }
                    <input type="text" inputmode="numeric" value={config.seed.to_string()} onchange={on_seed} />
                </label>
                { button(None, None, text.new_run, send(d, Action::NewRun)) }
                { choice(text.loss, on_select(d, |v| v.parse::<u32>().ok().map(|p| Action::SetLoss(p * (PPM / 100)))),
                    [0u32, 5, 10, 20, 30, 50].into_iter().map(|v| (v.to_string(), format!("{v}%"), net.loss_ppm == v * (PPM / 100)))) }
                { choice(text.latency, on_select(d, |v| parse_range(v).map(|(a, b)| Action::SetLatency(a, b))),
                    ["10..15", "5..50", "50..100", "100..300"].into_iter().map(|v| (v.to_string(), format!("{v} ms"), latency == v))) }
                { choice(text.election_timeout, on_select(d, |v| parse_range(v).map(|(a, b)| Action::SetElection(a, b))),
                    ["150..300", "150..151", "300..600", "1000..2000"].into_iter().map(|v| (v.to_string(), format!("{v} ms"), election == v))) }
                { choice(text.heartbeat, on_select(d, |v| v.parse().ok().map(Action::SetHeartbeat)),
                    [25u64, 50, 100].into_iter().map(|v| (v.to_string(), format!("{v} ms"), config.heartbeat_ms == v))) }
                <label class="check"><input type="checkbox" checked={prevote}
                    onclick={send(d, Action::SetPreVote(!prevote))} />{ text.prevote }</label>
                <label class="check"><input type="checkbox" checked={checkquorum}
                    onclick={send(d, Action::SetCheckQuorum(!checkquorum))} />{ text.checkquorum }</label>
            </div>
            { notice_view(notice, lang, d) }
        </section>
    }
}
