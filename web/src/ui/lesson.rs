//! A loaded scenario as a lesson: its name, what it teaches, and how to start it; near the top,
//! where a visitor who just opened it looks.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub lang: Lang,
    pub name: AttrValue,
    pub description: AttrValue,
    pub checks: usize,
    /// Nothing has been played yet: say how to start.
    pub at_start: bool,
    /// Why the script stopped early, if it did.
    pub failure: Option<AttrValue>,
}

#[function_component]
pub fn Lesson(props: &LessonProps) -> Html {
    let text = strings(props.lang);
    html! {
        <section class="panel lesson" aria-label={text.lesson} data-testid="lesson">
            <h2>{ text.lesson }{ ": " }<span class="lesson-name">{ props.name.clone() }</span></h2>
            <div class="description" data-testid="description">
                { for props.description.lines().map(|line| html! { <p>{ line.to_string() }</p> }) }
            </div>
            if props.checks > 0 {
                <p class="hint">{ fill(text.lesson_checks, &[("n", props.checks.to_string())]) }</p>
            }
            // Hidden, not removed, once the lesson starts: removing it would move the page.
            <p class={classes!("hint", "start", (!props.at_start).then_some("gone"))} data-testid="lesson-hint"
                aria-hidden={(!props.at_start).then_some("true")}>{ text.lesson_hint }</p>
            if let Some(failure) = &props.failure {
                <p class="notice error">{ failure.clone() }</p>
            }
        </section>
    }
}
