//! The page: owns the running simulation and advances it once per animation frame.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use sim::{SimConfig, SimError, Simulation, MICROS_PER_MS};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::seed;
use crate::view::{ClusterView, Snapshot};

/// Simulated milliseconds per real millisecond, from slowest to fastest.
const SPEEDS: [(f64, &str); 5] = [
    (0.01, "1/100×"),
    (0.03, "1/30×"),
    (0.1, "1/10×"),
    (0.3, "1/3×"),
    (1.0, "1×"),
];
const DEFAULT_SPEED: usize = 2;
/// A frame longer than this (a background tab, a debugger pause) is not caught up on.
const MAX_FRAME_MS: f64 = 100.0;

/// One run of the cluster and the instant being shown.
struct Run {
    sim: Result<Simulation, SimError>,
    /// The instant on screen in µs: between events, so messages can be drawn mid-flight.
    view_time: f64,
    playing: bool,
    speed: usize,
    last_frame: Option<f64>,
}

impl Run {
    fn new(seed: u64) -> Self {
        Run {
            sim: Simulation::new(SimConfig::new(5, seed)),
            view_time: 0.0,
            playing: true,
            speed: DEFAULT_SPEED,
            last_frame: None,
        }
    }

    fn advance(&mut self, timestamp: f64) {
        let elapsed = self
            .last_frame
            .map_or(0.0, |last| (timestamp - last).clamp(0.0, MAX_FRAME_MS));
        self.last_frame = Some(timestamp);
        if !self.playing {
            return;
        }
        self.view_time += elapsed * SPEEDS[self.speed].0 * MICROS_PER_MS as f64;
        if let Ok(sim) = &mut self.sim {
            sim.run_until(self.view_time as u64);
        }
    }
}

/// The frame callback, shared with itself so it can schedule the next frame.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Calls `frame` on every animation frame until the returned guard is dropped.
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

/// The whole page.
#[function_component]
pub fn App() -> Html {
    let run = use_mut_ref(|| Run::new(seed::fresh()));
    let redraw = use_force_update();
    {
        let run = run.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            animate(move |timestamp| {
                run.borrow_mut().advance(timestamp);
                redraw.force_update();
            })
        });
    }

    let toggle = {
        let run = run.clone();
        let redraw = redraw.clone();
        Callback::from(move |_| {
            let mut run = run.borrow_mut();
            run.playing = !run.playing;
            redraw.force_update();
        })
    };
    let restart = {
        let run = run.clone();
        Callback::from(move |_| {
            let speed = run.borrow().speed;
            let mut fresh = Run::new(seed::fresh());
            fresh.speed = speed;
            *run.borrow_mut() = fresh;
        })
    };
    let set_speed = {
        let run = run.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(i) = select.value().parse::<usize>() {
                run.borrow_mut().speed = i.min(SPEEDS.len() - 1);
            }
        })
    };

    let run = run.borrow();
    let body = match &run.sim {
        Ok(sim) => {
            let snapshot = Snapshot::of(sim, run.view_time as u64);
            html! { <ClusterView {snapshot} /> }
        }
        Err(e) => {
            html! { <p class="error" role="alert">{ format!("Cannot start the cluster: {e}") }</p> }
        }
    };
    let seed = run.sim.as_ref().map_or(0, |s| s.config().seed);

    html! {
        <main class="playground">
            <header>
                <h1>{ "Raft Playground" }</h1>
                <p class="tagline">{ "Five servers elect a leader. Each circle is a server; dots are messages on their way." }</p>
            </header>
            <div class="controls" role="toolbar" aria-label="Simulation controls">
                <button onclick={toggle}>{ if run.playing { "Pause" } else { "Play" } }</button>
                <label>
                    { "Speed " }
                    <select onchange={set_speed} aria-label="Speed">
                        { for SPEEDS.iter().enumerate().map(|(i, (_, label))| html! {
                            <option value={i.to_string()} selected={i == run.speed}>{ *label }</option>
                        }) }
                    </select>
                </label>
                <button onclick={restart}>{ "New run" }</button>
                <span class="seed">{ format!("seed {seed}") }</span>
            </div>
            { body }
        </main>
    }
}
