//! The `<raft-playground>` element's wasm. `raft-playground.js` (web/element/) defines the
//! custom element and calls [`mount`] once per element, into the element's shadow root; every
//! element on a page shares this one module instance. Each is the same app as the page, with
//! its settings from the element's attributes, and this file adds what only an element needs:
//! its JavaScript API (each call one [`Action`], as a click would send) and its events.
//!
//! It is a binary of its own so that the page's wasm does not carry serde_json and
//! serde-wasm-bindgen, which `state()` and the events need.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use raft_playground::app::{
    apply_action, when_words_are_here, App, AppProps, Host, HostRef, Pulse,
};
use raft_playground::i18n::Lang;
use raft_playground::params::{self, Params};
use raft_playground::state::{Action, Page};
use raft_playground::{model, panic, tools};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::UseForceUpdateHandle;

fn main() {
    panic::install_hook();
}

/// At most this many `raft-event`s for one render: a long jump forward tells its last events.
const MAX_EVENTS_PER_RENDER: u64 = 200;

/// The app once it is up: its page, how to redraw it, its animation.
type Attached = (Rc<RefCell<Page>>, UseForceUpdateHandle, Pulse);

/// One element: its host, the app once it is up, and what it last told its page.
struct Element {
    host: web_sys::HtmlElement,
    app: RefCell<Option<Attached>>,
    /// API calls made before the app was up, applied once it is.
    queued: RefCell<Vec<Action>>,
    /// Whether the app should animate (the element is in view).
    visible: Cell<bool>,
    ready: Cell<bool>,
    /// The event on screen when the page was last told: (history length, position).
    shown: Cell<Option<(u64, u64)>>,
    /// The error notice last reported, so that each is reported once.
    error: RefCell<Option<String>>,
    /// How many violations were reported.
    violations: Cell<usize>,
    browser_languages: Vec<String>,
}

impl Element {
    /// Sends `name` with `detail` (a plain object) from the host, bubbling out of the shadow
    /// root so a page can listen on `document`.
    fn fire(&self, name: &str, detail: &JsValue) {
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(detail);
        if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
            let _ = self.host.dispatch_event(&event);
        }
    }

    fn act(&self, action: Action) {
        let app = self.app.borrow().clone();
        match app {
            Some((page, redraw, _)) => apply_action(&page, &redraw, action),
            None => self.queued.borrow_mut().push(action),
        }
    }

    fn page(&self) -> Option<Rc<RefCell<Page>>> {
        self.app.borrow().as_ref().map(|(page, _, _)| page.clone())
    }
}

impl Host for Element {
    fn attach(&self, page: Rc<RefCell<Page>>, redraw: UseForceUpdateHandle, pulse: Pulse) {
        pulse.set_active(self.visible.get());
        *self.app.borrow_mut() = Some((page.clone(), redraw.clone(), pulse));
        for action in self.queued.take() {
            apply_action(&page, &redraw, action);
        }
    }

    fn rendered(&self, page: &Page, _root: &web_sys::Element) {
        // Ready once the cluster on screen is the element's own: a script it was given has
        // arrived (or failed and said so).
        if page.awaiting_script {
            return;
        }
        if !self.ready.replace(true) {
            self.fire("raft-ready", &js_sys::Object::new());
        }
        let history = page.pg.history();
        let now = (history.len(), history.position());
        let before = self.shown.replace(Some(now));
        if before != Some(now) {
            // Forward along the same history: every event passed (the last ones of a long
            // jump); anything else (back, a seek, a new run): the event now on screen.
            let from = match before {
                Some((len, pos)) if len <= now.0 && pos < now.1 => {
                    (pos + 1).max(now.1.saturating_sub(MAX_EVENTS_PER_RENDER - 1))
                }
                _ => now.1,
            };
            let mut frames: Vec<_> = page
                .pg
                .recent()
                .take_while(|f| f.number >= from)
                .filter(|f| f.number <= now.1)
                .collect();
            frames.reverse();
            for frame in frames {
                self.fire("raft-event", &to_js(&sim::trace::frame_line(frame)));
            }
        }
        let error = page
            .notice
            .as_ref()
            .filter(|n| n.error)
            .map(|n| n.text.clone());
        if error.is_some() && *self.error.borrow() != error {
            let detail = js_sys::Object::new();
            set(
                &detail,
                "message",
                &error.clone().unwrap_or_default().into(),
            );
            self.fire("raft-error", &detail);
        }
        *self.error.borrow_mut() = error;
        let violations = page.pg.sim().violations();
        if violations.len() < self.violations.get() {
            // Stepped back before them (or a new run): they count again when they recur.
            self.violations.set(violations.len());
        }
        for v in &violations[self.violations.get()..] {
            let detail = js_sys::Object::new();
            set(&detail, "property", &v.property.name().into());
            set(&detail, "message", &v.message.as_str().into());
            set(&detail, "event", &(v.frame as f64).into());
            let nodes: js_sys::Array = v.nodes.iter().map(|&n| JsValue::from(n)).collect();
            set(&detail, "nodes", &nodes);
            self.fire("raft-violation", &detail);
        }
        self.violations.set(violations.len());
    }
}

fn set(object: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &key.into(), value);
}

/// JSON as a plain JavaScript object (objects, arrays, numbers, strings: no `Map`s).
fn to_js(value: &serde_json::Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// One `<raft-playground>`: what its JavaScript API calls.
#[wasm_bindgen]
pub struct Embedded {
    element: Rc<Element>,
    /// The app, once mounted: an element shown in a language whose words are fetched first
    /// mounts when they are here, unless it was destroyed by then (`None` in the cell).
    app: Rc<RefCell<Option<Option<yew::AppHandle<App>>>>>,
}

/// Mounts the app into `root` (inside `host`'s shadow root) with `attributes` (an array of
/// `[name, value]`), the inline script if the element has one, and `base` (the playground's
/// `index.html`, for share links).
#[wasm_bindgen]
pub fn mount(
    root: web_sys::Element,
    host: web_sys::HtmlElement,
    attributes: js_sys::Array,
    script: Option<String>,
    base: String,
) -> Embedded {
    let pairs: Vec<(String, String)> = attributes
        .iter()
        .filter_map(|pair| {
            let pair: js_sys::Array = pair.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    let autoplay_given = pairs
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("autoplay"));
    let source = params::encode_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    let (mut params, errors) = params::from_attributes(pairs, &model::preset_names());
    if let Some(text) = script.filter(|t| !t.trim().is_empty()) {
        params.script = Some(text);
    }
    let browser_languages: Vec<String> = web_sys::window()
        .map(|w| {
            w.navigator()
                .languages()
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    let element = Rc::new(Element {
        host,
        app: RefCell::new(None),
        queued: RefCell::new(Vec::new()),
        visible: Cell::new(true),
        ready: Cell::new(false),
        shown: Cell::new(None),
        error: RefCell::new(None),
        violations: Cell::new(0),
        browser_languages: browser_languages.clone(),
    });
    let props = AppProps {
        params,
        errors,
        browser_languages,
        base_url: base,
        autoplay_given,
        host: Some(HostRef(element.clone())),
        source,
        words_missing: None,
    };
    let app = Rc::new(RefCell::new(Some(None)));
    let slot = app.clone();
    let (shown, failed) = (root.clone(), element.clone());
    when_words_are_here(
        props,
        move |props| {
            if let Some(handle) = slot.borrow_mut().as_mut() {
                *handle = Some(yew::Renderer::<App>::with_root_and_props(root, props).render());
            }
        },
        move |message| {
            shown.set_text_content(Some(&message));
            let detail = js_sys::Object::new();
            set(&detail, "message", &message.into());
            failed.fire("raft-error", &detail);
        },
    );
    Embedded { element, app }
}

#[wasm_bindgen]
impl Embedded {
    /// Starts the animation.
    pub fn play(&self) {
        self.element.act(Action::SetPlaying(true));
    }

    /// Stops it.
    pub fn pause(&self) {
        self.element.act(Action::SetPlaying(false));
    }

    /// `n` events forward.
    pub fn step(&self, n: u32) {
        self.element.act(Action::Step(n));
    }

    /// `n` events back, exactly.
    pub fn back(&self, n: u32) {
        self.element.act(Action::Back(n));
    }

    /// To `ms` of simulated time, forward or back.
    pub fn seek(&self, ms: f64) {
        if ms.is_finite() {
            let us = (ms.clamp(0.0, params::LONGEST_MS as f64) * 1000.0).round();
            self.element.act(Action::Seek(us as sim::raft::Time));
        }
    }

    /// The simulated time on screen, ms.
    pub fn time(&self) -> f64 {
        self.element
            .page()
            .map_or(0.0, |p| model::ms(p.borrow().pg.view_time()))
    }

    /// The cluster on screen, in the `dump` schema (the same object `raft-sim`'s `dump`
    /// prints for the same script at the same time).
    pub fn state(&self) -> JsValue {
        match self.element.page() {
            Some(page) => to_js(&sim::scenario::dump_value(page.borrow().pg.sim())),
            None => JsValue::UNDEFINED,
        }
    }

    /// Replaces the scenario with `text`: resolves once it runs, rejects with an `Error`
    /// naming the line and column when it does not parse (and shows it in the element).
    pub fn load(&self, text: String) -> js_sys::Promise {
        let element = self.element.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let lang = element.page().map_or(Lang::En, |p| p.borrow().lang);
            let result = tools::compile(&text, "script", lang.code())
                .await
                .map_err(|e| raft_playground::ui::files::script_error(lang, &e));
            let outcome = result.clone();
            element.act(Action::ScriptLoaded {
                name: "script".into(),
                result,
            });
            match outcome {
                Ok(_) => Ok(JsValue::UNDEFINED),
                Err(message) => Err(js_sys::Error::new(&message).into()),
            }
        })
    }

    /// An attribute changed (`None`: removed): the element follows `lang`, `theme`,
    /// `controls`, `scenario`, `speed` and `script`; a bad value is shown like any.
    pub fn set(&self, name: &str, value: Option<String>) {
        let name = name.to_ascii_lowercase();
        let given = value.is_some();
        let value_text = value.clone().unwrap_or_default();
        let (p, errors): (Params, _) = match value {
            Some(v) => params::from_attributes([(name.clone(), v)], &model::preset_names()),
            None => (Params::default(), Vec::new()),
        };
        if let Some(lang) = self.element.page().map(|p| p.borrow().lang) {
            if !errors.is_empty() {
                // In short now, in full once the tools module has said it.
                let outline = params::outline(&errors, true, lang);
                self.element
                    .act(Action::Notify(raft_playground::state::Notice {
                        place: raft_playground::state::Place::Top,
                        error: true,
                        text: outline.clone(),
                    }));
                let query = params::encode_pairs([(name.as_str(), value_text.as_str())]);
                let element = self.element.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(text) = tools::describe_params(&query, true, lang.code()).await {
                        element.act(Action::ParamsDescribed { outline, text });
                    }
                });
                return;
            }
        }
        let action = match name.as_str() {
            "lang" => Action::SetLang(
                p.lang
                    .unwrap_or_else(|| Lang::from_browser(&self.element.browser_languages)),
            ),
            "theme" => Action::SetTheme(p.theme),
            "controls" => Action::SetControls(p.controls),
            "scenario" if given => match p.scenario {
                Some(name) => Action::LoadPreset(Some(name)),
                None => return,
            },
            "speed" => match p.speed {
                Some(speed) => Action::SetSpeedMsPerS(speed),
                None => return,
            },
            "script" => match p.script {
                Some(text) => Action::RunScript {
                    name: "script".into(),
                    text,
                },
                None => return,
            },
            _ => return,
        };
        self.element.act(action);
    }

    /// In view (`true`) or not: out of view it asks for no animation frames.
    #[wasm_bindgen(js_name = setVisible)]
    pub fn set_visible(&self, on: bool) {
        self.element.visible.set(on);
        if let Some((_, _, pulse)) = self.element.app.borrow().as_ref() {
            pulse.set_active(on);
        }
    }

    /// Unmounts the app (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(Some(app)) = self.app.borrow_mut().take() {
            app.destroy();
        }
        self.element.app.borrow_mut().take();
    }
}
