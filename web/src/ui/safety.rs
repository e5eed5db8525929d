//! The five safety properties, and the banner that a violation raises.

use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use sim::Property;

#[derive(Properties, PartialEq)]
pub struct SafetyProps {
    pub lang: Lang,
    /// Which properties have been found broken, in [`Property::ALL`]'s order.
    pub broken: Vec<bool>,
}

#[function_component]
pub fn Safety(props: &SafetyProps) -> Html {
    let text = strings(props.lang);
    let items = Property::ALL.iter().zip(&props.broken).map(|(prop, &broken)| {
        let (name, help) = text.property(*prop);
        html! {
            <li class={classes!(if broken { "broken" } else { "holds" })} title={help}>
                <span class="tick" aria-hidden="true">{ if broken { "✗" } else { "✓" } }</span>
                { name }
                <span class="visually-hidden">{ if broken { text.safety_violated } else { text.safety_ok } }</span>
            </li>
        }
    });
    html! {
        <section class="panel safety" aria-label={text.safety}>
            <h2>{ text.safety }</h2>
            <ul data-testid="safety">{ for items }</ul>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct BannerProps {
    pub lang: Lang,
    /// The event that broke a property.
    pub event: u64,
    /// What broke, in the visitor's language.
    pub what: AttrValue,
}

/// Over the cluster, not above the page, so that it moves nothing when it appears.
#[function_component]
pub fn ViolationBanner(props: &BannerProps) -> Html {
    let text = strings(props.lang);
    html! {
        <div class="violation-banner" role="alert" data-testid="violation">
            { fill(text.violation_paused, &[("n", props.event.to_string())]) }
            { " " }{ props.what.clone() }
        </div>
    }
}
