//! The keyboard help, and the legend of every mark the cluster draws.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::state::Action;
use crate::ui::{send, with_class};

pub fn help(lang: Lang, dispatch: &Callback<Action>) -> Html {
    let text = strings(lang);
    html! {
        <div class="help" role="dialog" aria-modal="false" aria-label={text.shortcuts} data-testid="help">
            <h2>{ text.shortcuts }</h2>
            <ul>{ for text.shortcut_lines().iter().map(|line| html! { <li>{ *line }</li> }) }</ul>
            <p>{ text.message_hint }</p>
            <button type="button" onclick={send(dispatch, Action::ToggleHelp)}>{ text.close }</button>
        </div>
    }
}

/// What every symbol means. Its own component: it changes only with the language.
pub fn legend(lang: Lang) -> Html {
    let text = strings(lang);
    let items = [
        ("swatch follower", "", text.follower),
        ("swatch candidate", "", text.candidate),
        ("swatch precandidate", "", text.precandidate),
        ("swatch leader", "", text.leader),
        ("swatch down", "", text.down),
        ("swatch learner", "", text.learner),
        ("swatch spare", "", text.spare),
        ("swatch rings", "", text.config_rings),
        ("glyph text", "✓3", text.voted_mark),
        ("glyph diamond vote-request", "", text.request_vote),
        ("glyph diamond prevote", "", text.pre_vote),
        ("glyph diamond vote-granted", "", text.vote_granted),
        ("glyph diamond vote-refused", "", text.vote_refused),
        ("glyph ring heartbeat", "", text.heartbeat_msg),
        ("glyph dot append", "2", text.append_entries),
        ("glyph dot append-ok", "", text.append_ok),
        ("glyph dot append-conflict", "", text.append_conflict),
        ("glyph lost", "✕", text.lost_legend),
        ("glyph wire cut", "", text.cut_link_legend),
        ("glyph wire blocked", "", text.blocked_link_legend),
        ("marker election", "", text.marker_election),
        ("marker leader", "", text.marker_leader),
        ("marker commit", "", text.marker_commit),
        ("marker fault", "", text.marker_input),
        ("marker violation", "", text.marker_violation),
    ];
    html! {
        <details class="legend" open=true>
            <summary>{ text.legend }</summary>
            <ul data-testid="legend">
                { for items.into_iter().map(|(class, mark, label)| html! {
                    <li>{ with_class(html! { <span aria-hidden="true">{ mark }</span> }, &[class]) }{ label }</li>
                }) }
            </ul>
        </details>
    }
}
