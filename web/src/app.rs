//! The playground page: owns one [`Playground`], advances it once per animation frame while
//! playing, and turns clicks and keys into its actions. Everything lives inside the element it
//! is mounted in: no global state, no element ids, so several can share a page.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use sim::raft::NodeId;
use sim::{Input, Property, PPM};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::cluster::{ClusterSnapshot, ClusterView};
use crate::i18n::{fill, strings, Lang, Strings};
use crate::logview::{LogSnapshot, LogView};
use crate::model::{self, preset_names, Playground, Settings, SPEEDS};
use crate::narrate::narrate;
use crate::num;
use crate::params::{self, Controls, Params, Theme};
use crate::seed;
use crate::tools;

/// A frame longer than this (a background tab, a debugger pause) is not caught up on.
const MAX_FRAME_MS: f64 = 100.0;

/// How the page was opened.
#[derive(Clone, Debug, PartialEq, Properties)]
pub struct AppProps {
    /// The settings from the URL or the element's attributes.
    pub params: Params,
    /// What was wrong in them (defaults were used instead).
    pub errors: Vec<String>,
    /// The languages the browser prefers, most preferred first.
    pub browser_languages: Vec<String>,
    /// The page's address without its query, for share links.
    pub base_url: String,
    /// Whether `autoplay` was given at all: without it the full page plays at once and an
    /// embedded one waits.
    pub autoplay_given: bool,
}

/// A message for the visitor, shown above the playground.
#[derive(Clone, Debug, PartialEq)]
struct Notice {
    error: bool,
    text: String,
}

struct Page {
    pg: Playground,
    lang: Lang,
    theme: Theme,
    help: bool,
    notices: Vec<Notice>,
    share_link: Option<String>,
    last_frame: Option<f64>,
    /// Narration sentences already written, by event number, in `narrated_in`: the panel
    /// shows the same thirty events for many frames in a row.
    narrated: std::collections::HashMap<u64, Rc<str>>,
    narrated_in: Lang,
    /// The history's length when the cache was last filled: shorter now means a fork.
    narrated_len: u64,
    /// The message whose fields are shown, while it is in flight.
    inspected: Option<u64>,
}

impl Page {
    fn new(props: &AppProps) -> Self {
        let lang = props
            .params
            .lang
            .unwrap_or_else(|| Lang::from_browser(&props.browser_languages));
        let mut notices: Vec<Notice> = props
            .errors
            .iter()
            .map(|e| Notice {
                error: true,
                text: e.clone(),
            })
            .collect();
        let pg = build(&props.params, props.autoplay_given).unwrap_or_else(|e| {
            notices.push(Notice {
                error: true,
                text: e,
            });
            // Display, not `expect`'s Debug: Debug formatting of strings costs the page's wasm
            // core's character-escaping tables.
            Playground::new(Settings::new(1))
                .unwrap_or_else(|e| panic!("the default settings are invalid: {e}"))
        });
        Page {
            pg,
            lang,
            theme: props.params.theme,
            help: false,
            notices,
            share_link: None,
            last_frame: None,
            narrated: std::collections::HashMap::new(),
            narrated_in: lang,
            narrated_len: 0,
            inspected: None,
        }
    }

    /// Puts a newly loaded run on screen, or says why there is none (the old run stays).
    fn show(&mut self, loaded: Result<Playground, String>) {
        match loaded {
            Ok(pg) => {
                self.pg = pg;
                self.notices.clear();
                self.narrated.clear();
            }
            Err(e) => self.report(Err::<(), _>(e)),
        }
    }

    fn report<T>(&mut self, result: Result<T, impl ToString>) {
        if let Err(e) = result {
            self.notices.push(Notice {
                error: true,
                text: e.to_string(),
            });
        }
    }
}

/// The run the parameters ask for: a preset, or a fresh cluster; then the shared actions.
fn build(p: &Params, autoplay_given: bool) -> Result<Playground, String> {
    let mut pg = match &p.scenario {
        Some(name) => {
            Playground::preset(name).ok_or_else(|| format!("no preset named {name}"))??
        }
        None => {
            let mut settings = Settings::new(p.seed.unwrap_or_else(seed::fresh));
            settings.nodes = p.nodes;
            settings.pre_vote = p.prevote.unwrap_or(false);
            settings.check_quorum = p.checkquorum.unwrap_or(false);
            if let Some(e) = p.election_ms {
                settings.election_ms = e;
            }
            if let Some(h) = p.heartbeat_ms {
                settings.heartbeat_ms = h;
            }
            if let Some(l) = p.latency_ms {
                settings.latency_ms = l;
            }
            Playground::new(settings).map_err(|e| e.to_string())?
        }
    };
    if let Some(speed) = p.speed {
        pg.set_speed_ms_per_s(speed);
    }
    if let Some(loss) = p.loss_percent {
        pg.act(Input::Loss((loss * f64::from(PPM) / 100.0) as u32))
            .map_err(|e| e.to_string())?;
    }
    let actions: Vec<_> = p
        .actions
        .iter()
        .map(|a| (a.frame, a.time_us, a.input.clone()))
        .collect();
    if !actions.is_empty() {
        pg.replay_actions(&actions)?;
    }
    // The full page comes alive at once and an embedded one waits, unless told otherwise.
    pg.set_playing(if autoplay_given { p.autoplay } else { !p.embed });
    Ok(pg)
}

/// The frame callback, shared with itself so it can schedule the next frame.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `frame` on every animation frame until the returned guard is called.
fn animate(mut frame: impl FnMut(f64) + 'static) -> impl FnOnce() {
    let alive = Rc::new(Cell::new(true));
    let callback: FrameCallback = Rc::new(RefCell::new(None));
    let next = callback.clone();
    let still_alive = alive.clone();
    *callback.borrow_mut() = Some(Closure::new(move |timestamp: f64| {
        if !still_alive.get() {
            // Breaks the closure's reference to itself so it can be freed.
            next.borrow_mut().take();
            return;
        }
        frame(timestamp);
        if let Some(cb) = next.borrow().as_ref() {
            request_frame(cb);
        }
    }));
    if let Some(cb) = callback.borrow().as_ref() {
        request_frame(cb);
    }
    move || alive.set(false)
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

/// The whole playground.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let page = {
        let props = props.clone();
        use_mut_ref(move || Page::new(&props))
    };
    let redraw = use_force_update();
    let root = use_node_ref();
    // Script time of recent frames (tick + render), for the browser benchmark.
    let frame_started = use_mut_ref(|| None::<f64>);
    let titles = use_mut_ref(crate::cluster::Titles::default);

    {
        let page = page.clone();
        let redraw = redraw.clone();
        let frame_started = frame_started.clone();
        use_effect_with((), move |_| {
            animate(move |timestamp| {
                let mut p = page.borrow_mut();
                let elapsed = p
                    .last_frame
                    .map_or(0.0, |last| (timestamp - last).clamp(0.0, MAX_FRAME_MS));
                p.last_frame = Some(timestamp);
                if p.pg.playing() {
                    *frame_started.borrow_mut() = Some(now_ms());
                    p.pg.tick(elapsed);
                    drop(p);
                    redraw.force_update();
                }
            })
        });
    }
    {
        // After each render: record the frame's script time on the element, and mark the
        // first drawn cluster for the start-up benchmark.
        let root = root.clone();
        let frame_started = frame_started.clone();
        use_effect(move || {
            if let Some(element) = root.cast::<web_sys::Element>() {
                record_frame_time(&element, frame_started.borrow_mut().take());
            }
        });
    }

    let act = |f: fn(&mut Page)| {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            f(&mut page.borrow_mut());
            redraw.force_update();
        })
    };

    // The cluster's callbacks are made once, so its memoized parts (the links) can tell that
    // nothing changed and skip rendering.
    let on_select = {
        let page = page.clone();
        let redraw = redraw.clone();
        use_memo((), move |_| {
            Callback::from(move |id: NodeId| {
                let mut p = page.borrow_mut();
                let again = p.pg.selected() == Some(id);
                p.pg.select((!again).then_some(id));
                drop(p);
                redraw.force_update();
            })
        })
    };
    let on_link = {
        let page = page.clone();
        let redraw = redraw.clone();
        use_memo((), move |_| {
            Callback::from(move |(a, b): (NodeId, NodeId)| {
                let mut p = page.borrow_mut();
                let result = p.pg.toggle_link(a, b);
                p.report(result);
                drop(p);
                redraw.force_update();
            })
        })
    };
    let on_message = {
        let page = page.clone();
        let redraw = redraw.clone();
        use_memo((), move |_| {
            Callback::from(move |id: u64| {
                let mut p = page.borrow_mut();
                p.inspected = (p.inspected != Some(id)).then_some(id);
                drop(p);
                redraw.force_update();
            })
        })
    };
    let on_key = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: KeyboardEvent| {
            if is_form_field(&e) {
                return;
            }
            let handled = handle_key(&mut page.borrow_mut(), &e);
            if handled {
                e.prevent_default();
                redraw.force_update();
            }
        })
    };
    let on_speed = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(i) = input.value().parse::<usize>() {
                page.borrow_mut().pg.set_speed(i);
                redraw.force_update();
            }
        })
    };
    let on_scrub = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(value) = num::parse_decimal(&input.value()) {
                page.borrow_mut().pg.scrub(value);
                redraw.force_update();
            }
        })
    };
    let on_preset = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let name = select.value();
            let mut p = page.borrow_mut();
            let loaded = if name.is_empty() {
                Playground::new(Settings::new(seed::fresh())).map_err(|e| e.to_string())
            } else {
                Playground::preset(&name).unwrap_or_else(|| Err(format!("no preset named {name}")))
            };
            let speed = p.pg.speed();
            p.show(loaded.map(|mut pg| {
                pg.set_speed(speed);
                pg
            }));
            drop(p);
            redraw.force_update();
        })
    };
    let on_nodes = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = select.value().parse::<usize>() {
                let mut p = page.borrow_mut();
                let mut settings = p.pg.settings().clone();
                settings.nodes = n;
                let result = p.pg.restart_with(settings);
                p.report(result);
                drop(p);
                redraw.force_update();
            }
        })
    };
    let on_seed = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let mut p = page.borrow_mut();
            match input.value().trim().parse::<u64>() {
                Ok(seed) => {
                    let mut settings = p.pg.settings().clone();
                    settings.seed = seed;
                    let result = p.pg.restart_with(settings);
                    p.report(result);
                }
                Err(_) => {
                    let text = fill(strings(p.lang).bad_seed, &[("v", input.value())]);
                    p.report(Err::<(), _>(text));
                }
            }
            drop(p);
            redraw.force_update();
        })
    };
    let on_loss = setting_select(&page, &redraw, |p, v| {
        let percent = num::parse_decimal(v).ok_or_else(|| format!("loss {v}"))?;
        p.act(Input::Loss((percent * f64::from(PPM) / 100.0) as u32))
            .map(|_| ())
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let on_latency = setting_select(&page, &redraw, |p, v| {
        let (a, b) = parse_range(v)?;
        p.act(Input::Latency(a * 1000, b * 1000))
            .map(|_| ())
            .map(|_| ())
            .map_err(|e| e.to_string())
    });
    let on_election = setting_select(&page, &redraw, |p, v| {
        let range = parse_range(v)?;
        let heartbeat = p.sim().config().heartbeat_ms;
        p.act(Input::Timing {
            election_ms: range,
            heartbeat_ms: heartbeat,
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
    });
    let on_heartbeat = setting_select(&page, &redraw, |p, v| {
        let ms: u64 = v.parse().map_err(|_| format!("heartbeat {v}"))?;
        let election = p.sim().config().election_ms;
        p.act(Input::Timing {
            election_ms: election,
            heartbeat_ms: ms,
        })
        .map(|_| ())
        .map_err(|e| e.to_string())
    });
    let on_import = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let page = page.clone();
            let redraw = redraw.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                // A trace or a script becomes a recording in the tools module (fetched now if
                // need be), which the page replays.
                let recording = if is_script(&file.name(), &text) {
                    tools::compile(&text, &file.name()).await
                } else {
                    tools::import_trace(&text).await
                };
                let mut p = page.borrow_mut();
                let text = strings(p.lang);
                let loaded = recording.map_err(|e| tool_error(text, &e)).and_then(|r| {
                    Playground::from_recording(&r, None)
                        .map_err(|e| format!("{} {e}", text.bad_trace))
                });
                p.show(loaded);
                drop(p);
                redraw.force_update();
            });
        })
    };
    let on_export = {
        let page = page.clone();
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            let recording = page.borrow().pg.recording();
            let page = page.clone();
            let redraw = redraw.clone();
            // The trace file is written by the tools module (fetched now if need be).
            wasm_bindgen_futures::spawn_local(async move {
                match tools::export_trace(&recording).await {
                    Ok(text) => download("raft-trace.jsonl", &text),
                    Err(e) => {
                        let mut p = page.borrow_mut();
                        let text = tool_error(strings(p.lang), &e);
                        p.report(Err::<(), _>(text));
                        drop(p);
                        redraw.force_update();
                    }
                }
            });
        })
    };
    let on_share = {
        let page = page.clone();
        let redraw = redraw.clone();
        let base = props.base_url.clone();
        let embed = props.params.embed;
        Callback::from(move |_: MouseEvent| {
            let mut p = page.borrow_mut();
            let link = share_link(&p, &base, embed);
            if let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) {
                let _ = clipboard.write_text(&link);
            }
            p.share_link = Some(link);
            drop(p);
            redraw.force_update();
        })
    };
    let on_narration = {
        let page = page.clone();
        let redraw = redraw.clone();
        use_memo((), move |_| {
            Callback::from(move |number: u64| {
                let mut p = page.borrow_mut();
                p.pg.set_playing(false);
                p.pg.goto(number);
                drop(p);
                redraw.force_update();
            })
        })
    };
    let dismiss = act(|p| p.notices.clear());

    {
        // Refresh the sentence cache for the events on show. Replaying recorded events gives
        // the same events, so only a fork (the history got shorter), another language or
        // another run invalidates it.
        let mut p = page.borrow_mut();
        let p = &mut *p;
        let len = p.pg.history().len();
        if p.narrated_in != p.lang || len < p.narrated_len || p.narrated.len() > 400 {
            p.narrated.clear();
            p.narrated_in = p.lang;
        }
        p.narrated_len = len;
        for frame in p.pg.recent().take(30) {
            p.narrated
                .entry(frame.number)
                .or_insert_with(|| narrate(p.lang, frame).into());
        }
    }
    let p = page.borrow();
    let text = strings(p.lang);
    let controls = props.params.controls;
    let pg = &p.pg;
    let sim = pg.sim();
    let playing = pg.playing();

    let node_panel = pg.selected().map(|id| {
        let up = sim.is_up(id);
        let node_act = |f: fn(&mut Playground, NodeId) -> Result<model::Acted, sim::SimError>| {
            let page = page.clone();
            let redraw = redraw.clone();
            Callback::from(move |_: MouseEvent| {
                let mut p = page.borrow_mut();
                let result = f(&mut p.pg, id);
                p.report(result);
                drop(p);
                redraw.force_update();
            })
        };
        html! {
            <section class="panel node-actions" aria-label={fill(text.node_label, &[("n", id.to_string())])}>
                <h2>{ fill(text.node_label, &[("n", id.to_string())]) }</h2>
                <div class="buttons">
                    { button(None, None, if up { text.crash } else { text.restart }, node_act(Playground::toggle_crash)) }
                    <button disabled={!up} onclick={node_act(|pg, id| pg.act(Input::Timeout(id)))}>{ text.force_timeout }</button>
                    { button(None, None, text.client_request, node_act(|pg, _| pg.client_request())) }
                    { button(None, None, text.isolate_rejoin, node_act(Playground::toggle_isolation)) }
                </div>
            </section>
        }
    });

    let timeline = pg.timeline();
    let end = timeline.end.max(1.0);
    let now_ms = model::ms(pg.view_time());
    let clock = format!(
        "{} ms · #{}",
        num::decimal(now_ms, 1),
        pg.history().position()
    );
    // Commit markers would crowd a long run's timeline.
    let crowded = pg.end_time() >= 60_000 * sim::MICROS_PER_MS;
    let markers = pg.history().markers().iter().filter(|m| !(crowded && matches!(m.kind, sim::MarkerKind::Committed))).map(|m| {
        let x = pg.marker_at(m) / end * 100.0;
        let class = match m.kind {
            sim::MarkerKind::ElectionStarted => "election",
            sim::MarkerKind::LeaderElected => "leader",
            sim::MarkerKind::Committed => "commit",
            sim::MarkerKind::Input => "fault",
            sim::MarkerKind::Violation => "violation",
        };
        html! { <span class={classes!("marker", class)} style={format!("left:{}%", num::decimal(x, 2))}></span> }
    });

    // Only what the list shows, so that it is drawn again only when an event is added.
    let narration: Vec<Told> = pg
        .recent()
        .take(30)
        .map(|frame| Told {
            number: frame.number,
            time: frame.time,
            violation: !frame.violations.is_empty(),
            text: p.narrated.get(&frame.number).cloned(),
        })
        .collect();

    let safety = Property::ALL.iter().map(|prop| {
        let broken = sim.checker().violated(*prop);
        let (name, help) = text.property(*prop);
        html! {
            <li class={classes!(if broken { "broken" } else { "holds" })} title={help}>
                <span class="tick" aria-hidden="true">{ if broken { "✗" } else { "✓" } }</span>
                { name }
                <span class="visually-hidden">{ if broken { text.safety_violated } else { text.safety_ok } }</span>
            </li>
        }
    });

    let theme_attr = match p.theme {
        Theme::Light => "light",
        Theme::Dark => "dark",
        Theme::Auto => "auto",
    };

    let loaded = pg.loaded().cloned();
    let current_preset = loaded
        .as_ref()
        .and_then(|l| l.name.clone())
        .unwrap_or_default();

    html! {
        <div class={classes!("raft-playground", format!("controls-{}", controls_name(controls)))}
            ref={root} data-theme={theme_attr} lang={p.lang.code()} tabindex="-1" onkeydown={on_key}>
            if !props.params.embed && controls == Controls::Full {
                <header class="page-head">
                    <h1>{ text.title }</h1>
                    <p class="tagline">{ text.tagline }</p>
                </header>
            }
            if !p.notices.is_empty() {
                <div class="notices" role="alert" data-testid="errors">
                    { for p.notices.iter().map(|n| html! { <p class={classes!(n.error.then_some("error"))}>{ &n.text }</p> }) }
                    <button class="dismiss" onclick={dismiss}>{ text.close }</button>
                </div>
            }
            if let Some(number) = pg.paused_on_violation() {
                <div class="violation-banner" role="alert" data-testid="violation">
                    { fill(text.violation_paused, &[("n", number.to_string())]) }
                    { for sim.violations().first().map(|v| format!(" {}: {}", v.property.name(), v.message)) }
                </div>
            }
            if controls != Controls::None {
                <div class="transport" role="toolbar" aria-label={text.timeline}>
                    <button class="play" data-testid="play" aria-keyshortcuts="Space" onclick={act(|p| { let on = !p.pg.playing(); p.pg.set_playing(on); })}>
                        { if playing { text.pause.to_string() } else { format!("▶ {}", text.play) } }
                    </button>
                    <button data-testid="back" aria-keyshortcuts="ArrowLeft" disabled={!pg.can_go_back()} onclick={act(|p| { p.pg.set_playing(false); p.pg.back(); })}>{ format!("◀ {}", text.step_back) }</button>
                    { button(Some("step"), Some("ArrowRight"), format!("{} ▶", text.step_forward), act(|p| { p.pg.set_playing(false); p.pg.step(); })) }
                    if controls != Controls::Minimal {
                        { button(None, Some("n"), text.next_election, act(|p| { p.pg.set_playing(false); p.pg.next_election(); })) }
                        { button(None, Some("c"), text.next_commit, act(|p| { p.pg.set_playing(false); p.pg.next_commit(); })) }
                        <label class="speed">
                            <span>{ text.speed }{ " " }<strong>{ SPEEDS[pg.speed()].1 }</strong></span>
                            <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                                value={pg.speed().to_string()} onchange={on_speed}
                                aria-valuetext={format!("{} ({} {})", SPEEDS[pg.speed()].1, num::decimal(SPEEDS[pg.speed()].0, 3), text.speed_hint)} />
                        </label>
                    }
                    if controls == Controls::Full {
                        <label class="preset">{ text.presets }
                            <select data-testid="preset" onchange={on_preset.clone()}>
                                <option value="" selected={current_preset.is_empty()}>{ text.preset_none }</option>
                                { for preset_names().into_iter().map(|n| html! { <option value={n} selected={current_preset == n}>{ n }</option> }) }
                            </select>
                        </label>
                    }
                    <span class="clock" data-testid="clock">{ clock.clone() }</span>
                </div>
                if controls != Controls::Minimal {
                    <div class="timeline">
                        <input type="range" aria-label={text.timeline} min="0" max={num::decimal(end, 1)}
                            step={if timeline.scale == model::Scale::Events { "1" } else { "0.1" }}
                            value={num::decimal(timeline.now, 1)} aria-valuetext={clock} oninput={on_scrub} />
                        <div class="markers" aria-hidden="true">{ for markers }</div>
                        <p class="marker-key" aria-hidden="true">
                            { for [
                                ("marker election", text.marker_election),
                                ("marker leader", text.marker_leader),
                                ("marker commit", text.marker_commit),
                                ("marker fault", text.marker_input),
                                ("marker violation", text.marker_violation),
                            ].into_iter().map(|(class, label)| html! { <span><span class={class}></span>{ label }</span> }) }
                        </p>
                    </div>
                }
            }
            <div class="stage">
                <div class="cluster-column">
                    <ClusterView snapshot={ClusterSnapshot::of(pg, p.lang, &mut titles.borrow_mut())} lang={p.lang} on_select={(*on_select).clone()} on_link={(*on_link).clone()} on_message={(*on_message).clone()} />
                    { for p.inspected.and_then(|id| sim.in_flight().find(|m| m.id == id)).map(|m| html! {
                        <p class="inspect" data-testid="message-fields">
                            { format!("{} → {} · {} · {} {} ms → {} ms", m.envelope.from, m.envelope.to, m.summary(), text.time, num::decimal(model::ms(m.sent), 1), num::decimal(model::ms(m.arrives), 1)) }
                        </p>
                    }) }
                </div>
                <div class="side">
                    { for node_panel }
                    <section class="panel narration" aria-label={text.narration}>
                        <h2>{ text.narration }</h2>
                        <Narration events={narration} on_click={(*on_narration).clone()} />
                    </section>
                    <section class="panel safety" aria-label={text.safety}>
                        <h2>{ text.safety }</h2>
                        <ul data-testid="safety">{ for safety }</ul>
                    </section>
                </div>
            </div>
            if controls == Controls::Full || controls == Controls::Compact {
                <LogView snapshot={LogSnapshot::of(pg)} lang={p.lang} />
            }
            if controls == Controls::Full {
                <section class="panel settings" aria-label={text.network}>
                    <h2>{ text.network }</h2>
                    <div class="grid">
                        { choice(text.nodes, on_nodes, (3..=9).map(|n| (n.to_string(), n.to_string(), sim.size() == n))) }
                        <label>{ text.seed }
                            <input type="text" inputmode="numeric" value={sim.config().seed.to_string()} onchange={on_seed} />
                        </label>
                        { button(None, None, text.new_run, act(|p| { let mut s = p.pg.settings().clone(); s.seed = seed::fresh(); let r = p.pg.restart_with(s); p.report(r); })) }
                        { choice(text.loss, on_loss, [0u32, 5, 10, 20, 30, 50].into_iter().map(|v| (v.to_string(), format!("{v}%"), sim.network().loss_ppm == v * (PPM / 100)))) }
                        { choice(text.latency, on_latency, ["10..15", "5..50", "50..100", "100..300"].into_iter().map(|v| (v.to_string(), format!("{v} ms"), range_text(sim.network().latency.0 / 1000, sim.network().latency.1 / 1000) == v))) }
                        { choice(text.election_timeout, on_election, ["150..300", "150..151", "300..600", "1000..2000"].into_iter().map(|v| { let e = sim.config().election_ms; (v.to_string(), format!("{v} ms"), range_text(e.0, e.1) == v) })) }
                        { choice(text.heartbeat, on_heartbeat, [25u64, 50, 100].into_iter().map(|v| (v.to_string(), format!("{v} ms"), sim.config().heartbeat_ms == v))) }
                        <label class="check"><input type="checkbox" checked={sim.config().pre_vote}
                            onclick={act(|p| { let on = !p.pg.sim().config().pre_vote; let r = p.pg.act(Input::PreVote(on)); p.report(r); })} />{ text.prevote }</label>
                        <label class="check"><input type="checkbox" checked={sim.config().check_quorum}
                            onclick={act(|p| { let on = !p.pg.sim().config().check_quorum; let r = p.pg.act(Input::CheckQuorum(on)); p.report(r); })} />{ text.checkquorum }</label>
                    </div>
                    <div class="buttons">
                        { button(Some("partition-minority"), None, text.partition_minority, act(|p| { let r = p.pg.partition_minority(); p.report(r); })) }
                        { button(Some("partition-majority"), None, text.partition_majority, act(|p| { let r = p.pg.partition_majority(); p.report(r); })) }
                        { button(Some("heal"), None, text.heal, act(|p| { let r = p.pg.act(Input::Heal); p.report(r); })) }
                        { button(None, None, text.client_request, act(|p| { let r = p.pg.client_request(); p.report(r); })) }
                    </div>
                    if let Some(l) = &loaded {
                        <div class="description" data-testid="description">
                            { for l.description.lines().map(|line| html! { <p>{ line }</p> }) }
                        </div>
                    }
                </section>
            }
            if controls != Controls::None {
                <footer class="tools">
                    { button(None, None, text.share, on_share) }
                    { button(None, None, text.export_trace, on_export) }
                    <label class="import">{ text.import_trace }
                        <input type="file" accept=".raft,.jsonl,.json,.txt,application/json,text/plain" data-testid="import" onchange={on_import} />
                    </label>
                    <button data-testid="lang" lang={p.lang.other().code()} aria-label={format!("{}: {}", text.language, p.lang.other().native_name())} onclick={act(|p| p.lang = p.lang.other())}>{ p.lang.other().native_name() }</button>
                    <button data-testid="theme" onclick={act(|p| p.theme = next_theme(p.theme))}>
                        { format!("{}: {}", text.theme, match p.theme { Theme::Light => text.theme_light, Theme::Dark => text.theme_dark, Theme::Auto => text.theme_auto }) }
                    </button>
                    { button(None, Some("?"), text.help, act(|p| p.help = !p.help)) }
                    if let Some(link) = &p.share_link {
                        <p class="share-link">{ text.link_copied }{ " " }<input type="text" readonly=true value={link.clone()} aria-label={text.share} /></p>
                    }
                </footer>
            }
            <Legend lang={p.lang} />
            if p.help {
                <div class="help" role="dialog" aria-modal="false" aria-label={text.shortcuts}>
                    <h2>{ text.shortcuts }</h2>
                    <ul>{ for text.shortcut_lines().iter().map(|line| html! { <li>{ *line }</li> }) }</ul>
                    <button onclick={act(|p| p.help = false)}>{ text.close }</button>
                </div>
            }
        </div>
    }
}

/// One narrated event as the list shows it.
#[derive(Clone, PartialEq)]
struct Told {
    number: u64,
    time: sim::raft::Time,
    violation: bool,
    text: Option<Rc<str>>,
}

#[derive(Properties, PartialEq)]
struct NarrationProps {
    events: Vec<Told>,
    on_click: Callback<u64>,
}

/// The narration list, newest first; a click goes to that event. Its own component: while
/// time runs between two events it stays as it is and is not drawn again.
#[function_component]
fn Narration(props: &NarrationProps) -> Html {
    let items = props.events.iter().map(|e| {
        let onclick = {
            let cb = props.on_click.clone();
            let number = e.number;
            Callback::from(move |_: MouseEvent| cb.emit(number))
        };
        html! {
            <li key={e.number}>
                <button class={classes!("event", e.violation.then_some("violation"))} {onclick}>
                    <span class="when">{ format!("{} ms", num::decimal(model::ms(e.time), 1)) }</span>
                    { e.text.clone().map(AttrValue::Rc).unwrap_or_default() }
                </button>
            </li>
        }
    });
    html! {
        <ol class="events" aria-live="polite" aria-relevant="additions">{ for items }</ol>
    }
}

#[derive(Properties, PartialEq)]
struct LegendProps {
    lang: Lang,
}

/// What every symbol means. Its own component: it changes only with the language.
#[function_component]
fn Legend(props: &LegendProps) -> Html {
    let text = strings(props.lang);
    html! {
            <details class="legend" open=true>
            <summary>{ text.legend }</summary>
            <ul>
                { for [
                    ("swatch follower", text.follower),
                    ("swatch candidate", text.candidate),
                    ("swatch precandidate", text.precandidate),
                    ("swatch leader", text.leader),
                    ("swatch down", text.down),
                    ("glyph diamond vote-request", text.request_vote),
                    ("glyph diamond prevote", text.pre_vote),
                    ("glyph diamond vote-granted", text.vote_granted),
                    ("glyph diamond vote-refused", text.vote_refused),
                    ("glyph dot heartbeat", text.heartbeat_msg),
                    ("glyph dot append", text.append_entries),
                    ("glyph dot append-ok", text.append_ok),
                    ("glyph dot append-conflict", text.append_conflict),
                    ("glyph lost", text.lost),
                ].into_iter().map(|(class, label)| html! {
                    <li><span class={class}>{ if class == "glyph lost" { "✕" } else { "" } }</span>{ label }</li>
                }) }
            </ul>
        </details>
    }
}

/// A button; most of the page's are alike, and one function renders them all (every `html!`
/// element is code in the wasm).
fn button(
    testid: Option<&'static str>,
    keys: Option<&'static str>,
    label: impl Into<AttrValue>,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button data-testid={testid} aria-keyshortcuts={keys} {onclick}>{ label.into() }</button>
    }
}

/// A labelled `<select>` of `(value, text, selected)` options.
fn choice(
    label: &'static str,
    onchange: Callback<Event>,
    options: impl Iterator<Item = (String, String, bool)>,
) -> Html {
    html! {
        <label>{ label }
            <select {onchange}>
                { for options.map(|(value, text, selected)| html! { <option {value} {selected}>{ text }</option> }) }
            </select>
        </label>
    }
}

fn controls_name(c: Controls) -> &'static str {
    match c {
        Controls::Full => "full",
        Controls::Compact => "compact",
        Controls::Minimal => "minimal",
        Controls::None => "none",
    }
}

fn next_theme(t: Theme) -> Theme {
    match t {
        Theme::Auto => Theme::Dark,
        Theme::Dark => Theme::Light,
        Theme::Light => Theme::Auto,
    }
}

fn range_text(a: u64, b: u64) -> String {
    format!("{a}..{b}")
}

fn parse_range(v: &str) -> Result<(u64, u64), String> {
    let (a, b) = v.split_once("..").ok_or_else(|| format!("bad range {v}"))?;
    Ok((
        a.parse().map_err(|_| format!("bad range {v}"))?,
        b.parse().map_err(|_| format!("bad range {v}"))?,
    ))
}

/// A `<select>` change handler that applies one setting and reports what went wrong.
fn setting_select(
    page: &Rc<RefCell<Page>>,
    redraw: &UseForceUpdateHandle,
    apply: fn(&mut Playground, &str) -> Result<(), String>,
) -> Callback<Event> {
    let page = page.clone();
    let redraw = redraw.clone();
    Callback::from(move |e: Event| {
        let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let mut p = page.borrow_mut();
        let result = apply(&mut p.pg, &select.value());
        p.report(result);
        drop(p);
        redraw.force_update();
    })
}

fn is_form_field(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
}

/// The keyboard shortcuts listed in the help overlay.
fn handle_key(p: &mut Page, e: &KeyboardEvent) -> bool {
    let pg = &mut p.pg;
    let selected = pg.selected();
    let times = if e.shift_key() { 10 } else { 1 };
    match e.key().as_str() {
        " " => {
            let on = !pg.playing();
            pg.set_playing(on);
        }
        "ArrowRight" => {
            pg.set_playing(false);
            for _ in 0..times {
                pg.step();
            }
        }
        "ArrowLeft" => {
            pg.set_playing(false);
            for _ in 0..times {
                pg.back();
            }
        }
        "n" => {
            pg.set_playing(false);
            pg.next_election();
        }
        "c" => {
            pg.set_playing(false);
            pg.next_commit();
        }
        "?" => p.help = !p.help,
        "Escape" => {
            p.help = false;
            pg.select(None);
        }
        "l" => p.lang = p.lang.other(),
        "d" => p.theme = next_theme(p.theme),
        "h" => {
            let r = pg.act(Input::Heal);
            p.report(r);
        }
        "r" => {
            let r = pg.client_request();
            p.report(r);
        }
        "x" if selected.is_some() => {
            let r = pg.toggle_crash(selected.unwrap_or(1));
            p.report(r);
        }
        "t" if selected.is_some() => {
            let r = pg.act(Input::Timeout(selected.unwrap_or(1)));
            p.report(r);
        }
        "i" if selected.is_some() => {
            let r = pg.toggle_isolation(selected.unwrap_or(1));
            p.report(r);
        }
        digit if digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() => {
            let n = u32::from(digit.as_bytes()[0] - b'0');
            let again = pg.selected() == Some(n);
            pg.select((!again && n >= 1).then_some(n));
        }
        _ => return false,
    }
    true
}

fn share_link(p: &Page, base: &str, embed: bool) -> String {
    let pg = &p.pg;
    let config = pg.sim().config();
    let loaded = pg.loaded().and_then(|l| l.name.clone());
    let params = Params {
        embed,
        scenario: loaded,
        nodes: config.nodes,
        seed: Some(pg.settings().seed),
        speed: Some(pg.speed_ms_per_s()),
        lang: Some(p.lang),
        theme: p.theme,
        prevote: Some(pg.settings().pre_vote),
        checkquorum: Some(pg.settings().check_quorum),
        election_ms: Some(pg.settings().election_ms),
        heartbeat_ms: Some(pg.settings().heartbeat_ms),
        latency_ms: Some(pg.settings().latency_ms),
        actions: pg
            .actions()
            .into_iter()
            .map(|(frame, time_us, input)| params::Action {
                frame,
                time_us,
                input,
            })
            .collect(),
        ..Params::default()
    };
    format!("{base}?{}", params::encode(&params))
}

/// What to tell the visitor when the tools module gave no answer.
fn tool_error(text: &Strings, e: &tools::ToolError) -> String {
    match e {
        tools::ToolError::Refused(why) => format!("{} {why}", text.bad_trace),
        tools::ToolError::Unavailable(why) => format!("{} {why}", text.tools_unavailable),
    }
}

/// Whether an opened file is a scenario script rather than a trace: by its name, or failing
/// that by its first character (a trace is JSON lines).
fn is_script(name: &str, text: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".raft") || name.ends_with(".txt") {
        return true;
    }
    if name.ends_with(".jsonl") || name.ends_with(".json") {
        return false;
    }
    !text.trim_start().starts_with('{')
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

#[cfg(test)]
mod tests {
    use super::is_script;

    #[test]
    fn opened_files_are_told_apart_by_name_then_content() {
        assert!(is_script("mine.raft", "{ not json anyway"));
        assert!(is_script("notes.TXT", "cluster 3"));
        assert!(!is_script("run.jsonl", "this is not a trace"));
        assert!(!is_script("run.json", ""));
        assert!(!is_script("download", "  {\"kind\":\"start\"}"));
        assert!(is_script("download", "# a scenario\ncluster 3\n"));
    }
}
