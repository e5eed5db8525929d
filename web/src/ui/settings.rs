//! The run's settings: cluster size, seed, loss, latency, timings, PreVote, CheckQuorum.

use sim::PPM;
use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::{Action, Notice};
use crate::ui::notices::NoticeView;
use crate::ui::{button, choice, on_select, parse_range, send};

#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    pub lang: Lang,
    pub nodes: usize,
    pub seed: u64,
    pub loss_ppm: u32,
    /// ms.
    pub latency: (u64, u64),
    pub election: (u64, u64),
    pub heartbeat: u64,
    pub prevote: bool,
    pub checkquorum: bool,
    pub notice: Option<Notice>,
    pub dispatch: Callback<Action>,
}

fn range_text((a, b): (u64, u64)) -> String {
    format!("{a}..{b}")
}

#[function_component]
pub fn Settings(props: &SettingsProps) -> Html {
    let text = strings(props.lang);
    let d = &props.dispatch;
    let on_seed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.emit(Action::SetSeed(input.value()));
        })
    };
    let latency = range_text(props.latency);
    let election = range_text(props.election);
    html! {
        <section class="panel settings" aria-label={text.network}>
            <h2>{ text.network }</h2>
            <div class="grid">
                { choice(text.nodes, on_select(d, |v| v.parse().ok().map(Action::SetNodes)),
                    (3..=9).map(|n| (n.to_string(), n.to_string(), props.nodes == n))) }
                <label>{ text.seed }
                    <input type="text" inputmode="numeric" value={props.seed.to_string()} onchange={on_seed} />
                </label>
                { button(None, None, text.new_run, send(d, Action::NewRun)) }
                { choice(text.loss, on_select(d, |v| v.parse::<u32>().ok().map(|p| Action::SetLoss(p * (PPM / 100)))),
                    [0u32, 5, 10, 20, 30, 50].into_iter().map(|v| (v.to_string(), format!("{v}%"), props.loss_ppm == v * (PPM / 100)))) }
                { choice(text.latency, on_select(d, |v| parse_range(v).map(|(a, b)| Action::SetLatency(a, b))),
                    ["10..15", "5..50", "50..100", "100..300"].into_iter().map(|v| (v.to_string(), format!("{v} ms"), latency == v))) }
                { choice(text.election_timeout, on_select(d, |v| parse_range(v).map(|(a, b)| Action::SetElection(a, b))),
                    ["150..300", "150..151", "300..600", "1000..2000"].into_iter().map(|v| (v.to_string(), format!("{v} ms"), election == v))) }
                { choice(text.heartbeat, on_select(d, |v| v.parse().ok().map(Action::SetHeartbeat)),
                    [25u64, 50, 100].into_iter().map(|v| (v.to_string(), format!("{v} ms"), props.heartbeat == v))) }
                <label class="check"><input type="checkbox" checked={props.prevote}
                    onclick={send(d, Action::SetPreVote(!props.prevote))} />{ text.prevote }</label>
                <label class="check"><input type="checkbox" checked={props.checkquorum}
                    onclick={send(d, Action::SetCheckQuorum(!props.checkquorum))} />{ text.checkquorum }</label>
            </div>
            <NoticeView notice={props.notice.clone()} lang={props.lang} dispatch={d.clone()} />
        </section>
    }
}
