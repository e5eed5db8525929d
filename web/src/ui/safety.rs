//! The five safety properties, and the banner that a violation raises.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::ui::with_class;
use sim::Property;

pub fn safety(lang: Lang, broken: &[bool]) -> Html {
    let text = strings(lang);
    let items = Property::ALL.iter().zip(broken).map(|(prop, &broken)| {
        let (name, help) = text.property(*prop);
        let li = html! {
            <li title={help}>
                <span class="tick" aria-hidden="true">{ if broken { "✗" } else { "✓" } }</span>
                { name }
                <span class="visually-hidden">{ if broken { text.safety_violated } else { text.safety_ok } }</span>
            </li>
        };
        with_class(li, &[if broken { "broken" } else { "holds" }])
    });
    html! {
        <section class="panel safety" aria-label={text.safety}>
            <h2>{ text.safety }</h2>
            <ul data-testid="safety">{ for items }</ul>
        </section>
    }
}

/// Over the cluster, not above the page, so that it moves nothing when it appears.
pub fn violation_banner(lang: Lang, event: u64, what: String) -> Html {
    let text = strings(lang);
    html! {
        <div class="violation-banner" role="alert" data-testid="violation">
            { fill(text.violation_paused, &[("n", event.to_string())]) }
            { " " }{ what }
        </div>
    }
}
