//! The playground page: owns one [`Page`], advances it once per animation frame while playing,
//! and lays out its parts. Every click, key and setting reaches the page as an [`Action`],
//! through one `dispatch`. Everything lives inside the element it is mounted in: no global
//! state and no element ids, so several can share a page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use sim::{MarkerKind, Property};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cluster::{ClusterSnapshot, ClusterView};
use crate::i18n::{fill, Lang};
use crate::logview::{LogSnapshot, LogView};
use crate::model::{self, Scale};
use crate::num;
use crate::params::{Controls, Params, Theme};
use crate::state::{key_action, start_actions, Action, Effect, Frame, Page, Place};
use crate::tools;
use crate::ui::files::{files, tool_error};
use crate::ui::help::{help, legend};
use crate::ui::lesson::{caption, lesson, tour_bar, LessonView};
use crate::ui::message::message_actions;
use crate::ui::narration::Narration;
use crate::ui::network::quick_network;
use crate::ui::node::{node_actions, Member};
use crate::ui::notices::notice_view;
use crate::ui::safety::{safety, violation_banner};
use crate::ui::settings::settings;
use crate::ui::timeline::{timeline, Mark};
use crate::ui::transport::{preset_picker, transport};
use crate::ui::{flag, with_class};

/// A frame longer than this (a background tab, a debugger pause) is not caught up on.
const MAX_FRAME_MS: f64 = 100.0;

/// What embeds the app (the `<raft-playground>` element) and listens to it: the app hands it
/// its page and a way to redraw, for the element's JavaScript API, and tells it after every
/// render, for the element's events. The full page has none.
pub trait Host {
    /// The app is up: the page, how to redraw it, and its animation.
    fn attach(&self, page: Rc<RefCell<Page>>, redraw: UseForceUpdateHandle, pulse: Pulse);
    /// A render happened (the page as it is now on screen).
    fn rendered(&self, page: &Page, root: &web_sys::Element);
}

/// A [`Host`], compared by identity (props must be comparable).
#[derive(Clone)]
pub struct HostRef(pub Rc<dyn Host>);

impl PartialEq for HostRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for HostRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostRef")
    }
}

/// Carries out `action` on `page` as a click would: the effects it asks for, then a redraw.
pub fn apply_action(page: &Rc<RefCell<Page>>, redraw: &UseForceUpdateHandle, action: Action) {
    let effect = page.borrow_mut().apply(action);
    if let Some(effect) = effect {
        run(effect, page, redraw);
    }
    redraw.force_update();
}

/// How the page was opened.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct AppProps {
    /// The settings from the URL or the element's attributes.
    pub params: Params,
    /// What was wrong in them (defaults were used instead).
    pub errors: Vec<crate::params::ParamError>,
    /// The languages the browser prefers, most preferred first.
    pub browser_languages: Vec<String>,
    /// The page's address without its query, for share links.
    pub base_url: String,
    /// Whether `autoplay` was given at all: without it the full page plays at once and an
    /// embedded one waits.
    pub autoplay_given: bool,
    /// The element around the app, if it is embedded as one.
    pub host: Option<HostRef>,
    /// Where `params` came from, for the tools module to say what was wrong in them: the
    /// URL's query, or an element's attributes as `params::encode_pairs` writes them.
    pub source: String,
    /// The language asked for and why its words could not be fetched (the page is then in
    /// the other), if they could not.
    pub words_missing: Option<(Lang, String)>,
}

impl AppProps {
    /// The language to show: the one asked for, or the browser's.
    pub fn lang(&self) -> Lang {
        self.params
            .lang
            .unwrap_or_else(|| Lang::from_browser(&self.browser_languages))
    }
}

/// Calls `render` with `props` once the words of their language are here (at once where the
/// wasm carries them; with the `words-fetched` feature, once `words/LANG.txt` is fetched), so
/// that nothing is drawn before them or in another language. If they cannot be fetched, the
/// app is in the other language and says why; if neither can, `fail` gets the sentence to show
/// instead (see [`tools::no_words`]).
pub fn when_words_are_here(
    mut props: AppProps,
    render: impl FnOnce(AppProps) + 'static,
    fail: impl FnOnce(String) + 'static,
) {
    let lang = props.lang();
    if crate::i18n::words::has(lang) {
        return render(props);
    }
    wasm_bindgen_futures::spawn_local(async move {
        match tools::fetch_words(lang).await {
            Ok(()) => render(props),
            Err(why) => {
                let other = lang.other();
                if tools::fetch_words(other).await.is_ok() {
                    props.params.lang = Some(other);
                    props.words_missing = Some((lang, why));
                    render(props);
                } else {
                    fail(tools::no_words(&why));
                }
            }
        }
    });
}

/// The page as the URL asks for it: each parameter becomes an action, applied like a click;
/// with what those actions ask of the browser, to do once the page is up. Opened on a preset
/// whose run is still to be fetched, the actions after it wait for it (in the
/// [`Effect::FetchPreset`]) and the page is `held` until then.
fn open(props: &AppProps) -> (Page, Vec<Effect>) {
    let lang = props.lang();
    let mut page = Page::new(
        Frame {
            controls: props.params.controls,
            embed: props.params.embed,
            base_url: props.base_url.clone(),
        },
        lang,
    );
    let mut effects = Vec::new();
    let mut actions = start_actions(&props.params, props.autoplay_given).into_iter();
    while let Some(action) = actions.next() {
        match page.apply(action) {
            Some(Effect::FetchPreset { name, .. }) => {
                page.held = true;
                effects.push(Effect::FetchPreset {
                    name,
                    then: actions.by_ref().collect(),
                });
            }
            Some(effect) => effects.push(effect),
            None => {}
        }
    }
    let lang = page.lang;
    let mut said = Vec::new();
    if let Some((missing, why)) = &props.words_missing {
        said.push(fill(
            page.text().words_unavailable,
            &[
                ("lang", missing.native_name().to_string()),
                ("why", why.clone()),
            ],
        ));
    }
    if !props.errors.is_empty() {
        // The link's own problems come first: they explain what is on screen. In short here;
        // the tools module says each in full.
        let attributes = props.host.is_some();
        let outline = crate::params::outline(&props.errors, attributes, lang);
        effects.push(Effect::DescribeParams {
            query: props.source.clone(),
            attributes,
            outline: outline.clone(),
        });
        said.push(outline);
    }
    if let Some(theirs) = props
        .params
        .version
        .as_deref()
        .filter(|v| *v != model::SIM_VERSION)
    {
        said.push(fill(
            page.text().other_version,
            &[
                ("theirs", theirs.to_string()),
                ("ours", model::SIM_VERSION.to_string()),
            ],
        ));
    }
    if !said.is_empty() {
        let text = said.join(" ");
        let notify = Action::Notify(crate::state::Notice {
            place: Place::Top,
            error: true,
            text,
        });
        // After the preset, if it is awaited: opening it would replace the notice.
        match effects.iter_mut().find_map(|e| match e {
            Effect::FetchPreset { then, .. } => Some(then),
            _ => None,
        }) {
            Some(then) => then.push(notify),
            None => {
                page.apply(notify);
            }
        }
    }
    (page, effects)
}

/// The frame callback, shared with itself so it can schedule the next frame.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// The animation loop of one app: it calls its frame function on every animation frame while
/// the app lives and is active. An element out of view makes it inactive, and then it asks
/// for no frames at all until it is active again.
#[derive(Clone)]
pub struct Pulse {
    alive: Rc<Cell<bool>>,
    active: Rc<Cell<bool>>,
    sleeping: Rc<Cell<bool>>,
    callback: FrameCallback,
}

impl Pulse {
    /// Calls `frame` on every animation frame until [`Pulse::stop`].
    fn start(mut frame: impl FnMut(f64) + 'static) -> Pulse {
        let pulse = Pulse {
            alive: Rc::new(Cell::new(true)),
            active: Rc::new(Cell::new(true)),
            sleeping: Rc::new(Cell::new(false)),
            callback: Rc::new(RefCell::new(None)),
        };
        let p = pulse.clone();
        *pulse.callback.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
            if !p.alive.get() {
                // Breaks the closure's reference to itself so it can be freed.
                p.callback.borrow_mut().take();
                return;
            }
            if !p.active.get() {
                p.sleeping.set(true);
                return;
            }
            frame(timestamp);
            if let Some(cb) = p.callback.borrow().as_ref() {
                request_frame(cb);
            }
        }));
        if let Some(cb) = pulse.callback.borrow().as_ref() {
            request_frame(cb);
        }
        pulse
    }

    /// Runs (`true`) or rests (`false`): resting, no frame is asked for.
    pub fn set_active(&self, on: bool) {
        self.active.set(on);
        if on && self.alive.get() && self.sleeping.replace(false) {
            if let Some(cb) = self.callback.borrow().as_ref() {
                request_frame(cb);
            }
        }
    }

    fn stop(&self) {
        self.alive.set(false);
        if self.sleeping.get() {
            self.callback.borrow_mut().take();
        }
    }
}

fn request_frame(callback: &Closure<dyn FnMut(f64)>) {
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.as_ref().unchecked_ref());
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Keys from a field the visitor types into, or with a modifier the browser owns, are not
/// shortcuts.
fn is_shortcut(e: &KeyboardEvent) -> bool {
    if e.ctrl_key() || e.meta_key() || e.alt_key() {
        return false;
    }
    !e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// The whole playground.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let pending = use_mut_ref(Vec::<Effect>::new);
    let page = {
        let props = props.clone();
        let pending = pending.clone();
        use_mut_ref(move || {
            let (page, effects) = open(&props);
            *pending.borrow_mut() = effects;
            page
        })
    };
    let redraw = use_force_update();
    {
        let page = page.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            for effect in pending.take() {
                run(effect, &page, &redraw);
            }
        });
    }
    let root = use_node_ref();
    // Script time of recent frames (tick + render), for the browser benchmark.
    let frame_started = use_mut_ref(|| None::<f64>);
    let last_frame = use_mut_ref(|| None::<f64>);
    let titles = use_mut_ref(crate::cluster::Titles::default);
    let marks = use_mut_ref(|| (0usize, 0.0f64, Scale::Time, Rc::new(Vec::<Mark>::new())));

    // The one way in: every part of the page sends actions here.
    let dispatch = {
        let page = page.clone();
        let redraw = redraw.clone();
        use_memo((), move |_| {
            Callback::from(move |action: Action| apply_action(&page, &redraw, action))
        })
    };
    let dispatch: Callback<Action> = (*dispatch).clone();

    {
        let page = page.clone();
        let redraw = redraw.clone();
        let frame_started = frame_started.clone();
        let host = props.host.clone();
        let (page_, redraw_) = (page.clone(), redraw.clone());
        use_effect_with((), move |_| {
            let pulse = Pulse::start(move |timestamp| {
                let elapsed = last_frame
                    .borrow()
                    .map_or(0.0, |last| (timestamp - last).clamp(0.0, MAX_FRAME_MS));
                *last_frame.borrow_mut() = Some(timestamp);
                let mut p = page.borrow_mut();
                if p.pg.playing() {
                    *frame_started.borrow_mut() = Some(now_ms());
                    // The fast path: the same action a click would send, without a re-render
                    // of anything but what changed.
                    p.apply(Action::Tick(elapsed));
                    drop(p);
                    redraw.force_update();
                }
            });
            if let Some(host) = host {
                host.0.attach(page_, redraw_, pulse.clone());
            }
            move || pulse.stop()
        });
    }
    {
        // After each render: the lessons' boxes on screen (`data-ask`) are filled by the tools
        // module, told the run again only when it changed.
        let root = root.clone();
        let page = page.clone();
        let sent = use_mut_ref(|| u64::MAX);
        use_effect(move || {
            let p = page.borrow();
            let Some(element) = root.cast::<web_sys::Element>() else {
                return;
            };
            let fresh = *sent.borrow() != p.generation;
            let recording = fresh.then(|| p.pg.recording());
            *sent.borrow_mut() = p.generation;
            let preset = p.pg.loaded().and_then(|l| l.name.as_deref()).unwrap_or("-");
            let position = p.pg.history().position();
            tools::learn(
                &element,
                p.generation,
                recording,
                position,
                p.lang.code(),
                preset,
            );
        });
    }
    {
        // After each render: record the frame's script time on the element, and mark the
        // first drawn cluster for the start-up benchmark.
        let root = root.clone();
        let frame_started = frame_started.clone();
        let host = props.host.clone();
        let page = page.clone();
        use_effect(move || {
            if page.borrow().held {
                return;
            }
            if let Some(element) = root.cast::<web_sys::Element>() {
                record_frame_time(&element, frame_started.borrow_mut().take());
                if let Some(host) = &host {
                    host.0.rendered(&page.borrow(), &element);
                }
            }
        });
    }
    {
        // In an iframe, the parent page is told the playground's height, so that an author
        // need not guess it.
        let root = root.clone();
        let iframe = props.params.embed && props.host.is_none();
        use_effect_with((), move |_| {
            if let (true, Some(element)) = (iframe, root.cast::<web_sys::Element>()) {
                tools::report_height(&element);
            }
        });
    }
    let embed = props.params.embed;
    {
        // The full page takes its keys from the whole document, so that they work before the
        // visitor clicks anywhere; an embedded one only while it has the focus (its host page
        // has keys of its own).
        let dispatch = dispatch.clone();
        let page = page.clone();
        use_effect_with(embed, move |&embed| {
            let listener = (!embed).then(|| {
                let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(move |e: KeyboardEvent| {
                    on_key(&e, &page, &dispatch);
                });
                if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                    let _ = document.add_event_listener_with_callback(
                        "keydown",
                        closure.as_ref().unchecked_ref(),
                    );
                }
                closure
            });
            move || {
                if let (Some(closure), Some(document)) =
                    (listener, web_sys::window().and_then(|w| w.document()))
                {
                    let _ = document.remove_event_listener_with_callback(
                        "keydown",
                        closure.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let lang = page.borrow().lang;
    use_effect_with((lang, embed), move |&(lang, embed)| {
        // The document's language follows the page's, for screen readers and fonts.
        if !embed {
            if let Some(html) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = html.set_attribute("lang", lang.code());
            }
        }
    });
    let on_key_local = {
        let dispatch = dispatch.clone();
        let page = page.clone();
        Callback::from(move |e: KeyboardEvent| {
            if embed {
                on_key(&e, &page, &dispatch);
            }
        })
    };

    let mut p = page.borrow_mut();
    let narration = p.narration();
    let p = &*p;
    let text = p.text();
    let controls = p.frame.controls;
    let pg = &p.pg;
    let sim = pg.sim();
    let model::Timeline { scale, end, .. } = pg.timeline();
    let position = pg.history().position();
    let clock: AttrValue = match scale {
        Scale::Events => fill(text.event_no, &[("n", position.to_string())]).into(),
        Scale::Time => format!(
            "{} ms · #{position}",
            num::decimal(model::ms(pg.view_time()), 1)
        )
        .into(),
    };
    let marks = {
        let markers = pg.history().markers();
        let mut cache = marks.borrow_mut();
        if cache.0 != markers.len() || cache.1 != end || cache.2 != scale {
            let end = end.max(1.0);
            // Commit marks would crowd a long run's timeline.
            let crowded = pg.end_time() >= 60_000 * sim::MICROS_PER_MS;
            let list: Vec<Mark> = markers
                .iter()
                .filter(|m| !(crowded && m.kind == MarkerKind::Committed))
                .map(|m| {
                    let class = match m.kind {
                        MarkerKind::ElectionStarted => "election",
                        MarkerKind::LeaderElected => "leader",
                        MarkerKind::Committed => "commit",
                        MarkerKind::Input => "fault",
                        MarkerKind::Violation => "violation",
                    };
                    (pg.marker_at(m) / end * 100.0, class)
                })
                .collect();
            *cache = (markers.len(), end, scale, Rc::new(list));
        }
        cache.3.clone()
    };
    let stages: Rc<Vec<(f64, AttrValue)>> = Rc::new(
        pg.loaded()
            // Stages are marked by event; a lesson measured in time has none to show.
            .filter(|_| scale == Scale::Events)
            .map(|l| {
                let end = end.max(1.0);
                l.marks
                    .iter()
                    .map(|(event, label)| {
                        (*event as f64 / end * 100.0, AttrValue::from(label.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    );
    let notice_at = |place: Place| p.notice.as_ref().filter(|n| n.place == place);
    let loaded = pg.loaded();
    let preset: AttrValue = loaded
        .and_then(|l| l.name.clone())
        .unwrap_or_default()
        .into();
    let theme_attr = match p.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
        Theme::Auto => "auto",
    };
    let broken: Vec<bool> = Property::ALL
        .iter()
        .map(|prop| sim.checker().violated(*prop))
        .collect();
    let violation = pg.paused_on_violation().map(|number| {
        let what = sim
            .violations()
            .first()
            .map(|v| crate::narrate::violation(p.lang, v))
            .unwrap_or_default();
        violation_banner(p.lang, number, what)
    });
    let node_panel = pg.selected().map(|id| {
        let (membership, _) = pg.membership();
        let member = if membership.is_voter(id) {
            Member::Voter
        } else if membership.contains(id) {
            Member::Learner
        } else {
            Member::Spare
        };
        let transfer = member == Member::Voter && pg.current_leader().is_some_and(|l| l != id);
        node_actions(
            p.lang,
            id,
            sim.is_up(id),
            sim.network().is_isolated(id),
            member,
            transfer,
            &dispatch,
        )
    });
    let message_panel = p.inspected_message().map(|m| {
        let fields = format!(
            "{} · {} {} ms → {} ms",
            crate::narrate::message_title(p.lang, m),
            text.time,
            num::decimal(model::ms(m.sent), 1),
            num::decimal(model::ms(m.arrives), 1)
        );
        message_actions(p.lang, m.id, fields, &dispatch)
    });
    let full = controls == Controls::Full;
    let lesson = loaded.filter(|_| full).map(|l| {
        let view = LessonView {
            name: l.title_in(p.lang),
            description: l.description_in(p.lang),
            checks: l.checkpoints.len(),
            at_start: position == 0 && !pg.playing(),
            failure: l.failure.as_deref(),
            caption: (!l.captions.is_empty()).then(|| pg.caption(p.lang)),
            tour: l
                .name
                .as_deref()
                .and_then(|n| model::TOUR.iter().position(|c| *c == n))
                .filter(|_| p.touring)
                .map(|chapter| tour_bar(p.lang, chapter, &dispatch)),
        };
        lesson(p.lang, view)
    });
    let d = &dispatch;

    let view = html! {
        <div ref={root} data-theme={theme_attr} lang={p.lang.code()} tabindex="-1" onkeydown={on_key_local}
            onclick={crate::ui::learn::follow(d)}>
            if !embed && controls == Controls::Full {
                <header class="page-head">
                    <div>
                        <h1>{ text.title }</h1>
                        <p class="tagline">{ text.tagline }</p>
                    </div>
                    { preset_picker(p.lang, &preset, d) }
                </header>
            } else if controls == Controls::Full {
                <div class="page-head">
                    { preset_picker(p.lang, &preset, d) }
                </div>
            }
            { notice_view(notice_at(Place::Top), p.lang, d) }
            if controls != Controls::None {
                <div class="time-area" part="controls">
                    { transport(p.lang, controls, pg.playing(), pg.can_go_back(), pg.speed(), clock.clone(), d) }
                    if controls != Controls::Minimal {
                        { timeline(p.lang, pg.timeline(), &marks, &stages, clock, d) }
                    }
                    { notice_view(notice_at(Place::Transport), p.lang, d) }
                </div>
            }
            { for lesson }
            <div class="stage">
                <div class="cluster-column">
                    <div class="cluster-wrap" part="cluster">
                        <ClusterView snapshot={ClusterSnapshot::of(pg, p.lang, &mut titles.borrow_mut())} lang={p.lang}
                            dispatch={dispatch.clone()} />
                        if !full {
                            { for pg.caption(p.lang).map(caption) }
                        }
                        { for violation }
                    </div>
                    // One slot for the picked message or the selected node, of a fixed height, so
                    // that one coming or going (a message arriving while it is picked) moves
                    // nothing; on a phone it is a sheet at the bottom of the screen instead.
                    if full {
                        <div class="context-slot">
                            if let Some(panel) = message_panel.or(node_panel) {
                                // The explanation goes in the empty box (tools.js fills it; see ui::learn).
                                <div class="picked" data-ask={p.picked()}>
                                    { panel }
                                    <div class="learn-slot"></div>
                                </div>
                            } else {
                                <p class="hint">{ text.message_hint }</p>
                            }
                        </div>
                    }
                    if controls == Controls::Full {
                        { quick_network(p.lang, sim.size() >= crate::params::MAX_PAGE_NODES, d) }
                    }
                    { notice_view(notice_at(Place::Cluster), p.lang, d) }
                </div>
                if controls != Controls::None {
                    <div class="side">
                        if full {
                            <LogView snapshot={LogSnapshot::of(pg, p.lang)} lang={p.lang} />
                        }
                        <Narration lang={p.lang} events={narration} scale={scale} dispatch={d.clone()} />
                        if full {
                            { safety(p.lang, &broken) }
                        }
                    </div>
                }
            </div>
            if full {
                { crate::ui::learn::learn_panel(p.lang) }
            }
            if controls == Controls::Full {
                { settings(p.lang, sim, notice_at(Place::Settings), d) }
            }
            if full {
                { files(p.lang, p.theme, p.share_link.as_deref(), notice_at(Place::Files), d) }
                { legend(p.lang) }
            }
            if p.help {
                { help(p.lang, d) }
            }
        </div>
    };
    with_class(
        view,
        &[
            "raft-playground",
            &format!("controls-{}", controls.name()),
            flag(embed, "embedded"),
            flag(props.host.is_some(), "hosted"),
            flag(p.held, "held"),
        ],
    )
}

fn on_key(e: &KeyboardEvent, page: &Rc<RefCell<Page>>, dispatch: &Callback<Action>) {
    if !is_shortcut(e) {
        return;
    }
    let selected = page.borrow().pg.selected();
    if let Some(action) = key_action(&e.key(), e.shift_key(), selected) {
        e.prevent_default();
        dispatch.emit(action);
    }
}

/// Does what an action asked of the browser.
fn run(effect: Effect, page: &Rc<RefCell<Page>>, redraw: &UseForceUpdateHandle) {
    match effect {
        Effect::CopyLink(link) => {
            if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
                let _ = clipboard.write_text(&link);
            }
        }
        Effect::FetchPreset { name, then } => {
            let (page, redraw) = (page.clone(), redraw.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let text = tools::fetch_text(&format!("presets/{name}.rec")).await;
                // What waited for the preset applies to it, not to whatever is shown instead.
                let then = if text.is_ok() { then } else { Vec::new() };
                apply_action(&page, &redraw, Action::PresetFetched { name, text });
                for action in then {
                    apply_action(&page, &redraw, action);
                }
            });
        }
        Effect::FetchWords(lang) => {
            let (page, redraw) = (page.clone(), redraw.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let action = match tools::fetch_words(lang).await {
                    Ok(()) => Action::SetLang(lang),
                    Err(why) => {
                        let shown = page.borrow().lang;
                        Action::Notify(crate::state::Notice {
                            place: Place::Files,
                            error: true,
                            text: fill(
                                crate::i18n::strings(shown).words_unavailable,
                                &[("lang", lang.native_name().to_string()), ("why", why)],
                            ),
                        })
                    }
                };
                apply_action(&page, &redraw, action);
            });
        }
        Effect::Script { name, text } => {
            let page = page.clone();
            let redraw = redraw.clone();
            // One future for both: a script given as text, or fetched from the site first.
            wasm_bindgen_futures::spawn_local(async move {
                let lang = page.borrow().lang;
                let text = match text {
                    Some(text) => Ok(text),
                    None => tools::fetch_site(&name).await.map_err(|why| {
                        fill(
                            crate::i18n::strings(lang).script_unavailable,
                            &[("src", name.clone()), ("why", why)],
                        )
                    }),
                };
                let result = match text {
                    Ok(text) => tools::compile(&text, &name, lang.code())
                        .await
                        .map_err(|e| crate::ui::files::script_error(lang, &e)),
                    Err(e) => Err(e),
                };
                apply_action(&page, &redraw, Action::ScriptLoaded { name, result });
            });
        }
        Effect::DescribeParams {
            query,
            attributes,
            outline,
        } => {
            let page = page.clone();
            let redraw = redraw.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let lang = page.borrow().lang;
                // Offline, the outline stays: each bad setting as it was given.
                if let Ok(text) = tools::describe_params(&query, attributes, lang.code()).await {
                    apply_action(&page, &redraw, Action::ParamsDescribed { outline, text });
                }
            });
        }
        Effect::FetchLesson(name) => {
            let page = page.clone();
            let redraw = redraw.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = tools::fetch_text(&format!("scenarios/{name}.raft")).await;
                let effect = page
                    .borrow_mut()
                    .apply(Action::LessonFetched { name, result });
                if let Some(effect) = effect {
                    run(effect, &page, &redraw);
                }
                redraw.force_update();
            });
        }
        Effect::Export(recording) => {
            let page = page.clone();
            let redraw = redraw.clone();
            // The trace file is written by the tools module (fetched now if need be).
            wasm_bindgen_futures::spawn_local(async move {
                match tools::export_trace(&recording).await {
                    Ok(text) => download("raft-trace.jsonl", &text),
                    Err(e) => {
                        let lang = page.borrow().lang;
                        page.borrow_mut()
                            .apply(Action::Notify(crate::state::Notice {
                                place: Place::Files,
                                error: true,
                                text: tool_error(lang, &e),
                            }));
                        redraw.force_update();
                    }
                }
            });
        }
    }
}

fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/jsonl");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Keeps the script time of the last frames on the element (`raftFrameTimes`, ms), and marks
/// the first render that drew the cluster (`raft-first-draw`), for the browser benchmark.
fn record_frame_time(element: &web_sys::Element, started: Option<f64>) {
    let key = wasm_bindgen::JsValue::from_str("raftFrameTimes");
    let times = js_sys::Reflect::get(element, &key)
        .ok()
        .and_then(|v| v.dyn_into::<js_sys::Array>().ok());
    let times = match times {
        Some(t) => t,
        None => {
            let t = js_sys::Array::new();
            let _ = js_sys::Reflect::set(element, &key, &t);
            if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
                let _ = perf.mark("raft-first-draw");
            }
            t
        }
    };
    if let Some(start) = started {
        times.push(&(now_ms() - start).into());
        if times.length() > 600 {
            times.shift();
        }
    }
}
