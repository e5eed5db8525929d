//! A loaded scenario as a lesson: its name, what it teaches, and how to start it; near the top,
//! where a visitor who just opened it looks.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::state::Action;
use crate::ui::{flag, send, with_class};

/// A script's comment block as paragraphs: blank lines separate them, and the lines of one are
/// joined (with a space, except between two Chinese characters, which take none).
pub fn paragraphs(text: &str) -> Vec<String> {
    let cjk =
        |c: char| ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let joins_tight =
            current.chars().last().is_some_and(cjk) && line.chars().next().is_some_and(cjk);
        if !current.is_empty() && !joins_tight {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What the lesson panel shows of a loaded lesson.
pub struct LessonView<'a> {
    /// Its title in the reader's language.
    pub name: String,
    /// Its description.
    pub description: &'a str,
    /// How many `expect`s it has.
    pub checks: usize,
    /// Nothing played yet (say how to start).
    pub at_start: bool,
    /// Why the script stopped early, if it did.
    pub failure: Option<&'a str>,
    /// For a lesson with captions, the one on screen (its slot is there for the whole lesson,
    /// so one coming moves nothing).
    pub caption: Option<Option<&'a str>>,
    /// The tour bar, when the lesson is a chapter of the tour (which then shows no description
    /// or hints: its captions guide the reader).
    pub tour: Option<Html>,
}

/// The lesson panel.
pub fn lesson(lang: Lang, view: LessonView<'_>) -> Html {
    let LessonView {
        name,
        description,
        checks,
        at_start,
        failure,
        caption,
        tour,
    } = view;
    let text = strings(lang);
    // In the tour the captions guide the reader: the chapter shows its bar and its caption,
    // not the description and hints of a lesson opened on its own (the cluster stays in view
    // on a phone).
    let touring = tour.is_some();
    html! {
        <section class="panel lesson" aria-label={text.lesson} data-testid="lesson">
            { for tour }
            <h2>{ text.lesson }{ ": " }<span class="lesson-name">{ name }</span></h2>
            if !touring {
                <div class="description" data-testid="description">
                    { for paragraphs(description).into_iter().map(|p| html! { <p>{ p }</p> }) }
                </div>
                if checks > 0 {
                    <p class="hint">{ fill(text.lesson_checks, &[("n", checks.to_string())]) }</p>
                }
                // Hidden, not removed, once the lesson starts: removing it would move the page.
                { with_class(html! {
                    <p data-testid="lesson-hint" aria-hidden={(!at_start).then_some("true")}>{ text.lesson_hint }</p>
                }, &["hint", "start", flag(!at_start, "gone")]) }
            }
            if let Some(caption) = caption {
                <div class="caption-slot" role="status" aria-live="polite" data-testid="caption">
                    { caption.unwrap_or_default().to_string() }
                </div>
            }
            if let Some(failure) = failure {
                <p class="notice error">{ failure.to_string() }</p>
            }
        </section>
    }
}

/// Where the reader is in the guided tour (`chapter` of [`crate::model::TOUR`], from 0), with
/// the way to the chapters either side and out of the tour.
pub fn tour_bar(lang: Lang, chapter: usize, dispatch: &Callback<Action>) -> Html {
    let text = strings(lang);
    let count = crate::model::TOUR.len();
    // One button element for the three.
    let button = |testid: &'static str, label: &'static str, off: bool, action: Action| {
        html! { <button type="button" data-testid={testid} disabled={off} onclick={send(dispatch, action)}>{ label }</button> }
    };
    html! {
        <nav class="tour" aria-label={text.tour} data-testid="tour">
            <span class="tour-where">{ fill(text.tour_chapter, &[("n", (chapter + 1).to_string()), ("m", count.to_string())]) }</span>
            { button("tour-previous", text.tour_previous, chapter == 0, Action::Chapter(chapter.saturating_sub(1))) }
            { button("tour-next", text.tour_next, chapter + 1 >= count, Action::Chapter(chapter + 1)) }
            { button("tour-leave", text.tour_leave, false, Action::LeaveTour) }
        </nav>
    }
}

/// A lesson's caption (`say`) where there is no lesson panel (an element's compact controls):
/// over the top of the cluster, so that it moves nothing. Playback stops when one comes, and
/// the play button goes on.
pub fn caption(text: &str) -> Html {
    html! {
        <div class="caption" role="status" aria-live="polite" data-testid="caption">
            <p>{ text.to_string() }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn comment_lines_join_into_paragraphs() {
        assert_eq!(
            paragraphs("One line\nand its rest.\n\nTwo."),
            vec!["One line and its rest.", "Two."]
        );
        assert_eq!(
            paragraphs("节点 1 即将成为领导者，\n追随者会告诉它。\n\n第二段"),
            vec!["节点 1 即将成为领导者，追随者会告诉它。", "第二段"]
        );
        assert_eq!(paragraphs("有 (a)\nand b"), vec!["有 (a) and b"]);
        assert!(paragraphs("\n\n").is_empty());
    }
}
