//! "What happened": the narration of recent events, newest first; a click goes to that event.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::model::{self, Scale};
use crate::num;
use crate::state::{Action, Told};
use crate::ui::{flag, with_class};

#[derive(Properties, PartialEq)]
pub struct NarrationProps {
    pub lang: Lang,
    pub events: Vec<Told>,
    /// How the timeline counts: a lesson at one instant is told by event number, not "0 ms".
    pub scale: Scale,
    pub dispatch: Callback<Action>,
}

/// Its own component: while time runs between two events the list stays as it is and is not
/// drawn again. The panel keeps its size; the list scrolls inside it.
#[function_component]
pub fn Narration(props: &NarrationProps) -> Html {
    let text = strings(props.lang);
    let items = props.events.iter().map(|e| {
        let onclick = {
            let d = props.dispatch.clone();
            let number = e.number;
            Callback::from(move |_: MouseEvent| d.emit(Action::Goto(number)))
        };
        let when = match props.scale {
            Scale::Events => fill(text.event_no, &[("n", e.number.to_string())]),
            Scale::Time => format!("{} ms", num::decimal(model::ms(e.time), 1)),
        };
        html! {
            <li key={e.number} data-event={e.number.to_string()}>
                { with_class(html! {
                    <button type="button" {onclick}>
                        <span class="when">{ when }</span>
                        { AttrValue::Rc(e.text.clone()) }
                    </button>
                }, &["event", flag(e.violation, "violation")]) }
            </li>
        }
    });
    html! {
        <section class="panel narration" part="narration" aria-label={text.narration}>
            <h2>{ text.narration }</h2>
            if props.events.is_empty() {
                <p class="empty">{ text.no_events_yet }</p>
            }
            <ol class="events" data-testid="narration" aria-live="polite" aria-relevant="additions">{ for items }</ol>
        </section>
    }
}
