//! Play, step, jump and speed: the controls of time.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::model::{preset_titles, SPEEDS};

/// The scenario menu: the presets, or a free run.
pub fn preset_picker(lang: Lang, preset: &str, dispatch: &Callback<Action>) -> Html {
    let text = strings(lang);
    let on_preset = {
        let d = dispatch.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            d.emit(Action::LoadPreset((!name.is_empty()).then_some(name)));
        })
    };
    let titles = preset_titles(lang);
    // A script or a trace is no preset: the menu says "none" rather than whatever it last showed.
    let none = !titles.iter().any(|(n, _)| *n == preset);
    // One option element for both groups (every `html!` element is code in the wasm).
    let (mut lessons, mut chapters) = (Vec::new(), Vec::new());
    for (n, title) in titles {
        let option = html! { <option value={n} selected={preset == n}>{ title }</option> };
        if n.starts_with("tour/") {
            chapters.push(option);
        } else {
            lessons.push(option);
        }
    }
    html! {
        <label class="preset"><span class="label-text">{ text.presets }</span>
            <select data-testid="preset" onchange={on_preset}>
                <option value="" selected={none}>{ text.preset_none }</option>
                { for lessons }
                // The tour's chapters, in order: choosing one enters the tour there.
                <optgroup label={text.tour}>{ for chapters }</optgroup>
            </select>
        </label>
    }
}
use crate::num;
use crate::params::Controls;
use crate::state::Action;
use crate::ui::send;

pub fn transport(
    lang: Lang,
    controls: Controls,
    playing: bool,
    can_back: bool,
    speed: usize,
    clock: AttrValue,
    d: &Callback<Action>,
) -> Html {
    let text = strings(lang);
    // The jumps are for the full page (and keys, everywhere); a compact or minimal playground
    // keeps play and one step each way, the compact one its speed too.
    let jumps = controls == Controls::Full;
    let speed_shown = controls != Controls::Minimal;
    let on_speed = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(i) = input.value().parse::<usize>() {
                d.emit(Action::SetSpeed(i));
            }
        })
    };
    let (speed_ms, speed_label) = SPEEDS[speed.min(SPEEDS.len() - 1)];
    html! {
        <div class="transport" role="toolbar" aria-label={text.timeline}>
            <button type="button" class="play" data-testid="play" aria-keyshortcuts="Space" aria-pressed={playing.to_string()}
                onclick={send(d, Action::TogglePlay)}>
                { if playing { format!("❚❚ {}", text.pause) } else { format!("▶ {}", text.play) } }
            </button>
            <button type="button" data-testid="back" aria-keyshortcuts="ArrowLeft" disabled={!can_back}
                aria-label={text.step_back} title={text.step_back} onclick={send(d, Action::Back(1))}>
                <span aria-hidden="true">{ "◀" }</span><span class="label">{ text.step_back }</span>
            </button>
            <button type="button" data-testid="step" aria-keyshortcuts="ArrowRight"
                aria-label={text.step_forward} title={text.step_forward} onclick={send(d, Action::Step(1))}>
                <span class="label">{ text.step_forward }</span><span aria-hidden="true">{ "▶" }</span>
            </button>
            if jumps {
                <button type="button" data-testid="next-election" aria-keyshortcuts="n" onclick={send(d, Action::NextElection)}>{ text.next_election }</button>
                <button type="button" data-testid="next-commit" aria-keyshortcuts="c" onclick={send(d, Action::NextCommit)}>{ text.next_commit }</button>
            }
            if speed_shown {
                <label class="speed">
                    <span>{ text.speed }{ " " }<strong>{ speed_label }</strong></span>
                    <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                        value={speed.to_string()} onchange={on_speed}
                        aria-valuetext={format!("{speed_label} ({} {})", num::decimal(speed_ms, 3), text.speed_hint)} />
                </label>
            }
            <output class="clock" data-testid="clock">{ clock }</output>
        </div>
    }
}
