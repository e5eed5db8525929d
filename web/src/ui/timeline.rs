//! The timeline: a scrubber over the whole recorded run, with its notable events marked.

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::model::{Scale, Timeline};
use crate::num;
use crate::state::Action;
use crate::ui::with_class;

/// One mark on the timeline: where (0..=100 %) and what (a CSS class).
pub type Mark = (f64, &'static str);

pub fn timeline(
    lang: Lang,
    t: Timeline,
    marks: &[Mark],
    stages: &[(f64, AttrValue)],
    clock: AttrValue,
    dispatch: &Callback<Action>,
) -> Html {
    let Timeline { scale, now, end } = t;
    let text = strings(lang);
    let on_scrub = {
        let d = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(value) = num::parse_decimal(&input.value()) {
                d.emit(Action::Scrub(value));
            }
        })
    };
    let end = end.max(1.0);
    // In an SVG: its marks move as the run grows, and moving shapes inside an SVG shifts no
    // layout (and sets no inline style a strict Content-Security-Policy would refuse).
    let marks = marks.iter().map(|(x, class)| {
        with_class(
            html! { <rect x={num::decimal(*x * 10.0, 1)} y="0" width="3" height="10" /> },
            &["marker", class],
        )
    });
    html! {
        <div class="timeline">
            <input type="range" aria-label={text.timeline} min="0" max={num::decimal(end, 1)} data-testid="timeline"
                step={if scale == Scale::Events { "1" } else { "0.1" }}
                value={num::decimal(now, 1)} aria-valuetext={clock} oninput={on_scrub} />
            <svg class="markers" viewBox="0 0 1000 10" preserveAspectRatio="none" aria-hidden="true">{ for marks }</svg>
            if !stages.is_empty() {
                <svg class="stages" data-testid="stages" aria-hidden="true">
                    { for stages.iter().map(|(x, label)| html! {
                        <text class="stage-mark" x={format!("{}%", num::decimal(*x, 2))} y="12">{ label.clone() }</text>
                    }) }
                </svg>
            }
        </div>
    }
}
