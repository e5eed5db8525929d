//! What the page shows and what it can do, without any browser in sight: a history of the
//! simulation, the instant on screen, playback, and every action a visitor can take.
//!
//! The components only render a `Playground` and call its methods; nothing here knows about
//! pixels or the DOM, so it is tested natively.

use std::collections::VecDeque;

use sim::actions::{Action, ActionError};
use sim::raft::{Event, NodeId, Role, Time};
use sim::Recording;
use sim::{
    Frame, FrameKind, History, Input, Marker, SimConfig, SimError, Simulation, MICROS_PER_MS,
};

/// A preset as the page carries it.
pub struct Preset {
    /// Its name (`scenarios/NAME.raft`).
    pub name: &'static str,
    /// Its title in English.
    pub title: &'static str,
    /// Its title in Chinese.
    pub title_zh: &'static str,
    /// Its run, without its texts (see `sim::recording`): its description is fetched with
    /// the script when the lesson opens ([`Playground::preset`]).
    pub recording: &'static str,
}

// The presets: every scenario under `scenarios/`, run at build time (build.rs) and built into
// the page as recordings.
include!(concat!(env!("OUT_DIR"), "/presets.rs"));

thread_local! {
    /// The presets' runs fetched so far (`presets/NAME.rec`): the page's wasm carries none of
    /// them (`Preset::recording` is empty there; see build.rs), native builds all.
    /// Kept for the page's life, as the ones a native build carries are.
    static FETCHED: std::cell::RefCell<Vec<(&'static str, &'static str)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// Whether the preset `name` must be fetched (`presets/NAME.rec`) before it can be opened.
pub fn preset_missing(name: &str) -> bool {
    PRESETS
        .iter()
        .any(|p| p.name == name && p.recording.is_empty())
        && fetched(name).is_none()
}

/// Keeps a preset's fetched run, for [`Playground::preset`].
pub fn preset_fetched(name: &str, recording: String) {
    if let Some(preset) = PRESETS.iter().find(|p| p.name == name) {
        FETCHED.with(|f| f.borrow_mut().push((preset.name, recording.leak())));
    }
}

fn fetched(name: &str) -> Option<&'static str> {
    FETCHED.with(|f| f.borrow().iter().find(|(n, _)| *n == name).map(|(_, r)| *r))
}

/// The names of the presets, in menu order.
pub fn preset_names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// The presets as the menu lists them: (name, title in `lang`).
/// (The titles are words: with `words-fetched` they come with the language's words.)
pub fn preset_titles(lang: crate::i18n::Lang) -> Vec<(&'static str, &'static str)> {
    PRESETS
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name, crate::i18n::words::preset_title(lang, i)))
        .collect()
}

/// Playback speeds, in simulated milliseconds per real second, slowest first, with labels
/// that say what they mean.
pub const SPEEDS: [(f64, &str); 7] = [
    (1.0, "1/1000×"),
    (3.0, "1/300×"),
    (10.0, "1/100×"),
    (30.0, "1/30×"),
    (100.0, "1/10×"),
    (300.0, "1/3×"),
    (1000.0, "1×"),
];

/// The speed a visitor starts at: a tenth of real time, slow enough to follow every message.
pub const DEFAULT_SPEED: usize = 4;

/// How many recent events the narration keeps.
const NARRATION_LIMIT: usize = 200;

/// How many of them the narration panel shows: after a jump, at least these are rebuilt.
pub const NARRATION_SHOWN: usize = 30;

/// A jump (`next election`, `next commit`) looks at most this many events ahead...
const JUMP_EVENTS: u64 = 50_000;
/// ...and at most this many of the longest election timeouts of simulated time: a healthy
/// leader holds an election off forever, and a jump without a horizon once ran 200,000 events
/// to 1,111 s and squashed the whole history into a sliver of the timeline.
const JUMP_TIMEOUTS: u64 = 10;

/// What a jump (`next election`, `next commit`) came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Jump {
    /// It stopped at the event it looked for.
    Found,
    /// Nothing to look for: no entry waits to be committed and no client is waiting.
    NothingPending,
    /// Not within the horizon (ms of simulated time looked ahead), while this leader led a
    /// majority the whole time; the view did not move.
    LeaderHealthy {
        /// The leader.
        leader: NodeId,
        /// Its term.
        term: sim::raft::Term,
        /// How far it looked, in ms.
        horizon_ms: u64,
    },
    /// Not within the horizon, for another reason; the view did not move.
    NotWithin {
        /// How far it looked, in ms.
        horizon_ms: u64,
    },
}

/// Who leads, as the status line says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leadership {
    /// A live leader that a majority follows in its term.
    Leader(NodeId, sim::raft::Term),
    /// A node still thinks it leads `term`, but it has no majority (others moved on to
    /// `highest`, or cannot hear it).
    Stale {
        /// The node.
        node: NodeId,
        /// The term it leads.
        term: sim::raft::Term,
        /// The highest term any node is in.
        highest: sim::raft::Term,
    },
    /// Nobody leads.
    None,
}

/// What acting did to the history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Acted {
    /// The event the input became.
    pub number: u64,
    /// Recorded events after the view that acting in the past dropped (the history forked).
    pub dropped: u64,
}

/// What a visitor chose for a fresh run.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Nodes on the ring.
    pub nodes: usize,
    /// The run's seed.
    pub seed: u64,
    /// PreVote at the start.
    pub pre_vote: bool,
    /// CheckQuorum at the start.
    pub check_quorum: bool,
    /// Election timeout range, ms.
    pub election_ms: (u64, u64),
    /// Heartbeat interval, ms.
    pub heartbeat_ms: u64,
    /// Latency range, ms.
    pub latency_ms: (u64, u64),
}

impl Settings {
    /// Five nodes with the paper's timings.
    pub fn new(seed: u64) -> Self {
        Settings {
            nodes: 5,
            seed,
            pre_vote: false,
            check_quorum: false,
            election_ms: (150, 300),
            heartbeat_ms: 50,
            latency_ms: (10, 15),
        }
    }

    /// The settings a simulation was built with.
    pub fn of(config: &SimConfig) -> Self {
        Settings {
            nodes: config.nodes,
            seed: config.seed,
            pre_vote: config.pre_vote,
            check_quorum: config.check_quorum,
            election_ms: config.election_ms,
            heartbeat_ms: config.heartbeat_ms,
            latency_ms: config.latency_ms,
        }
    }

    fn sim_config(&self) -> SimConfig {
        SimConfig {
            pre_vote: self.pre_vote,
            check_quorum: self.check_quorum,
            election_ms: self.election_ms,
            heartbeat_ms: self.heartbeat_ms,
            latency_ms: self.latency_ms,
            ..SimConfig::new(self.nodes, self.seed)
        }
    }
}

/// A scenario loaded from a preset or a script.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The preset's name, if it is one.
    pub name: Option<String>,
    /// Its title (`title`), and in Chinese (`title zh:`); either may be empty.
    pub title: (String, String),
    /// What it teaches (its opening comment).
    pub description: String,
    /// What it teaches in Chinese (its opening comment's `zh:` lines); may be empty.
    pub description_zh: String,
    /// Each `expect` of the script: its line, the event it was checked at, whether it held.
    pub checkpoints: Vec<(u32, u64, bool)>,
    /// The stages the script marks (`# (a) ...`): the last event before each, and its label.
    pub marks: Vec<(u64, String)>,
    /// The script's captions (`say`): the event each comes after, its English and its
    /// Chinese (empty when the script gives none).
    pub captions: Vec<(u64, String, String)>,
    /// Why the script stopped early, if it did.
    pub failure: Option<String>,
}

impl Loaded {
    /// Its name in `lang`: the title in that language, else the English one, else the
    /// preset's (or file's) name.
    pub fn title_in(&self, lang: crate::i18n::Lang) -> String {
        // A preset's title is a word of the language (fetched with it).
        if let Some(i) = self
            .name
            .as_deref()
            .and_then(|n| PRESETS.iter().position(|p| p.name == n))
        {
            let title = crate::i18n::words::preset_title(lang, i);
            if !title.is_empty() {
                return title.to_string();
            }
        }
        let (en, zh) = &self.title;
        let wanted = if lang == crate::i18n::Lang::Zh {
            zh
        } else {
            en
        };
        [wanted, en]
            .into_iter()
            .find(|t| !t.is_empty())
            .cloned()
            .or_else(|| self.name.clone())
            .unwrap_or_default()
    }

    /// What it teaches in `lang` (the English text when there is no Chinese one).
    pub fn description_in(&self, lang: crate::i18n::Lang) -> &str {
        if lang == crate::i18n::Lang::Zh && !self.description_zh.is_empty() {
            &self.description_zh
        } else {
            &self.description
        }
    }

    /// Takes its description from its script's opening comment (a preset's, fetched).
    pub fn describe(&mut self, script: &str) {
        self.description = sim::scenario::description(script);
        self.description_zh = sim::scenario::description_zh(script);
    }
}

/// How the timeline is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// Simulated time, in ms.
    Time,
    /// Event numbers: used when the whole run happens within a millisecond, as in the scripted
    /// lessons that hold the timers and deliver each message by hand, where time would put
    /// every event at one point.
    Events,
}

/// The timeline scrubber's scale, position and length.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timeline {
    /// Its unit.
    pub scale: Scale,
    /// Where the view is.
    pub now: f64,
    /// Where the recorded run ends.
    pub end: f64,
}

/// The whole state of one playground.
#[derive(Clone, Debug)]
pub struct Playground {
    history: History,
    settings: Settings,
    /// The instant on screen, µs; at or after the current event.
    view_time: f64,
    playing: bool,
    speed: usize,
    selected: Option<NodeId>,
    /// Recent events, newest last, for the narration panel.
    recent: VecDeque<Frame>,
    loaded: Option<Loaded>,
    /// The first violation seen while playing, which paused the run.
    paused_on_violation: Option<u64>,
    /// The instant on screen before each recent `step`, so that `back` returns to exactly the
    /// view the step left (which may lie between two events).
    stepped_from: VecDeque<(u64, f64)>,
    /// Real milliseconds saved up towards the next event due at the instant on screen.
    instant_credit: f64,
    /// The run was loaded as a lesson that happens at one instant (the timers held, every
    /// message delivered by hand): its timeline counts events, even after time moves on.
    instant_lesson: bool,
}

impl Playground {
    /// A fresh run with these settings.
    pub fn new(settings: Settings) -> Result<Self, SimError> {
        let sim = Simulation::new(settings.sim_config())?;
        Ok(Self::with_history(History::new(sim), settings))
    }

    fn with_history(history: History, settings: Settings) -> Self {
        Playground {
            view_time: history.current().now() as f64,
            history,
            settings,
            playing: false,
            speed: DEFAULT_SPEED,
            selected: None,
            recent: VecDeque::new(),
            loaded: None,
            paused_on_violation: None,
            stepped_from: VecDeque::new(),
            instant_credit: 0.0,
            instant_lesson: false,
        }
    }

    /// Rebuilds a recorded run (a preset's, a visitor's script's, an imported trace's; see
    /// `sim::recording`) and rewinds to its start so the visitor can play it; acting at any
    /// point forks from there. A recording with something to teach (a script's) is shown as
    /// loaded under `name`.
    pub fn from_recording(text: &str, name: Option<&str>) -> Result<Self, sim::RecordingError> {
        let recording = Recording::decode(text)?;
        let mut history = recording.replay()?;
        // A lesson whose first caption follows only its setting-up (`timers off`, a
        // `partition` at 0 ms) opens at that caption, still at 0 ms, so the reader meets it
        // at once.
        let opening = recording.captions.first().map(|c| c.0).filter(|&at| {
            at > 0 && {
                history.goto(at);
                history.current().now() == 0
            }
        });
        history.goto(opening.unwrap_or(0));
        let settings = Settings::of(history.current().config());
        let mut playground = Self::with_history(history, settings);
        let Recording {
            title,
            title_zh,
            about,
            about_zh,
            checkpoints,
            marks,
            captions,
            failure,
            ..
        } = recording;
        if name.is_some() || !about.is_empty() || !checkpoints.is_empty() || !captions.is_empty() {
            playground.instant_lesson =
                !playground.history.is_empty() && playground.history.end_time() < MICROS_PER_MS;
            playground.loaded = Some(Loaded {
                name: name.map(str::to_string),
                title: (title, title_zh),
                description: about,
                description_zh: about_zh,
                checkpoints,
                marks,
                captions,
                failure,
            });
        }
        Ok(playground)
    }

    /// A preset by name, with its title but no description yet: that is in the preset's
    /// script, which the page fetches (see [`Loaded::describe`]). `None` if there is no such
    /// preset, or its run is still to be fetched ([`preset_missing`]).
    pub fn preset(name: &str) -> Option<Result<Self, sim::RecordingError>> {
        let preset = PRESETS.iter().find(|p| p.name == name)?;
        let recording = match preset.recording {
            "" => fetched(name)?,
            carried => carried,
        };
        // Its title is the preset's, in the reader's language at the time (`Loaded::title_in`).
        let loaded = Self::from_recording(recording, Some(preset.name));
        Some(loaded)
    }

    // ----- Reading --------------------------------------------------------------------------

    /// The simulation at the current event.
    pub fn sim(&self) -> &Simulation {
        self.history.current()
    }

    /// The whole history.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The settings this run started with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The instant on screen, in µs.
    pub fn view_time(&self) -> Time {
        self.view_time as Time
    }

    /// Whether time is running.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The index into [`SPEEDS`].
    pub fn speed(&self) -> usize {
        self.speed
    }

    /// The node the visitor selected, if any.
    pub fn selected(&self) -> Option<NodeId> {
        self.selected
    }

    /// Recent events, newest first.
    pub fn recent(&self) -> impl Iterator<Item = &Frame> {
        self.recent.iter().rev()
    }

    /// The caption on screen, in `lang` (its English when it has no Chinese): the script's
    /// last `say` at or before the current event.
    pub fn caption(&self, lang: crate::i18n::Lang) -> Option<&str> {
        let position = self.history.position();
        let (_, en, zh) = self
            .loaded
            .as_ref()?
            .captions
            .iter()
            .rev()
            .find(|(at, _, _)| *at <= position)?;
        Some(if lang == crate::i18n::Lang::Zh && !zh.is_empty() {
            zh
        } else {
            en
        })
    }

    /// Drops the captions: the reader left the tour, and the run plays on without them.
    pub fn leave_captions(&mut self) {
        if let Some(loaded) = &mut self.loaded {
            loaded.captions.clear();
        }
    }

    /// Whether a caption comes after event `number`: playback stops there.
    fn captioned(&self, number: u64) -> bool {
        self.loaded
            .as_ref()
            .is_some_and(|l| l.captions.iter().any(|(at, _, _)| *at == number))
    }

    /// The scenario loaded, if any.
    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded.as_ref()
    }

    /// The loaded script, to describe once its text arrives.
    pub fn loaded_mut(&mut self) -> Option<&mut Loaded> {
        self.loaded.as_mut()
    }

    /// The event at which a violation paused playback, if one did.
    pub fn paused_on_violation(&self) -> Option<u64> {
        self.paused_on_violation
    }

    /// The simulated time of the end of the recorded history, µs (for the timeline).
    pub fn end_time(&self) -> Time {
        self.history.end_time().max(self.view_time())
    }

    // ----- Time -------------------------------------------------------------------------

    /// Starts or stops time.
    pub fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
        if playing {
            self.paused_on_violation = None;
        }
    }

    /// Picks a speed from [`SPEEDS`].
    pub fn set_speed(&mut self, index: usize) {
        self.speed = index.min(SPEEDS.len() - 1);
    }

    /// Advances the clock by `real_ms` of wall time at the chosen speed, running every event
    /// that falls due. Events due at the very instant on screen (a scripted scenario with its
    /// timers held puts many at one instant) are shown one at a time, at a pace that follows
    /// the speed, instead of all in one frame. A safety violation pauses playback at its
    /// event.
    pub fn tick(&mut self, real_ms: f64) {
        if !self.playing {
            return;
        }
        let now = self.view_time as Time;
        if self.history.next_time().is_some_and(|t| t <= now) {
            self.instant_credit += real_ms;
            let cost = (40_000.0 / SPEEDS[self.speed].0).clamp(40.0, 800.0);
            while self.instant_credit >= cost && self.history.next_time().is_some_and(|t| t <= now)
            {
                self.instant_credit -= cost;
                if let Some(frame) = self.history.step() {
                    let violation = !frame.violations.is_empty();
                    let number = frame.number;
                    self.remember(frame);
                    if violation {
                        self.pause_on(number);
                        return;
                    }
                    if self.captioned(number) {
                        self.playing = false;
                        return;
                    }
                }
            }
            if self.history.next_time().is_some_and(|t| t <= now) {
                return;
            }
        }
        self.instant_credit = 0.0;
        let simulated_us = real_ms * SPEEDS[self.speed].0;
        self.view_time += simulated_us;
        let target = self.view_time as Time;
        let mut violation = None;
        let mut frames = Vec::new();
        self.history.seek_with(target, &mut |frame| {
            if violation.is_none() && !frame.violations.is_empty() {
                violation = Some(frame.number);
            }
            frames.push(frame.clone());
        });
        // A caption on the way stops playback there, as a violation does (the first of them).
        let caption = frames
            .iter()
            .map(|f| f.number)
            .find(|&n| self.captioned(n))
            .filter(|&n| violation.is_none_or(|v| n < v));
        for frame in frames {
            self.remember(frame);
        }
        if let Some(number) = caption {
            self.history.goto(number);
            self.view_time = self.history.current().now() as f64;
            self.forget_after(number);
            self.playing = false;
        } else if let Some(number) = violation {
            self.history.goto(number);
            self.view_time = self.history.current().now() as f64;
            self.forget_after(number);
            self.pause_on(number);
        }
    }

    fn pause_on(&mut self, number: u64) {
        self.playing = false;
        self.paused_on_violation = Some(number);
    }

    /// One event forward (replayed if recorded, simulated if not).
    pub fn step(&mut self) -> Option<&Frame> {
        let before = (self.history.position(), self.view_time);
        let frame = self.history.step()?;
        self.stepped_from.push_back(before);
        if self.stepped_from.len() > 1000 {
            self.stepped_from.pop_front();
        }
        self.view_time = frame.time as f64;
        self.remember(frame);
        self.recent.back()
    }

    /// Whether there is anything before the view to go back to.
    pub fn can_go_back(&self) -> bool {
        self.history.position() > self.history.start().frame_count()
            || self.view_time > self.history.current().now() as f64
    }

    /// One event back: exactly the state before the current event, and after a `step`,
    /// exactly the view the step started from.
    pub fn back(&mut self) {
        self.history.back(1);
        self.after_jump();
        let position = self.history.position();
        while let Some(&(at, view)) = self.stepped_from.back() {
            if at < position {
                break;
            }
            self.stepped_from.pop_back();
            if at == position {
                self.view_time = view.max(self.view_time);
                break;
            }
        }
    }

    /// Straight to event `number` of the history.
    pub fn goto(&mut self, number: u64) {
        self.history.goto(number);
        self.after_jump();
    }

    /// Straight to simulated time `t` (µs).
    pub fn seek(&mut self, t: Time) {
        self.history.seek(t);
        self.view_time = t as f64;
        self.forget_after(self.history.position());
        self.refill_recent();
    }

    /// Makes sure the recent events end at the current one and hold the last
    /// [`NARRATION_SHOWN`] of them, however the view got here: a jump back, or a seek far
    /// forward from a checkpoint, leaves them empty or stale.
    fn refill_recent(&mut self) {
        let position = self.history.position();
        let start = self.history.start().frame_count();
        let wanted = (position - start).min(NARRATION_SHOWN as u64) as usize;
        let contiguous = match (self.recent.front(), self.recent.back()) {
            (Some(first), Some(last)) => {
                last.number == position
                    && last.number + 1 - first.number == self.recent.len() as u64
            }
            _ => wanted == 0,
        };
        if contiguous && self.recent.len() >= wanted {
            return;
        }
        let view = self.view_time;
        self.recent.clear();
        self.history.goto(position - wanted as u64);
        while self.history.position() < position {
            match self.history.step() {
                Some(frame) => self.remember(frame),
                None => break,
            }
        }
        self.history.set_clock(view as Time);
        self.view_time = view;
    }

    /// The timeline: how it is measured, where the view is on it and where it ends.
    pub fn timeline(&self) -> Timeline {
        if self.instant_lesson || self.end_time() < MICROS_PER_MS {
            Timeline {
                scale: Scale::Events,
                now: self.history.position() as f64,
                end: self.history.len() as f64,
            }
        } else {
            Timeline {
                scale: Scale::Time,
                now: ms(self.view_time()),
                end: ms(self.end_time()),
            }
        }
    }

    /// Where `marker` sits on the timeline, in its unit.
    pub fn marker_at(&self, marker: &Marker) -> f64 {
        match self.timeline().scale {
            Scale::Events => marker.frame as f64,
            Scale::Time => ms(marker.time),
        }
    }

    /// Moves the view to `value` on the timeline (an event number, or ms).
    pub fn scrub(&mut self, value: f64) {
        let value = value.max(0.0);
        match self.timeline().scale {
            Scale::Events => self.goto(value.round() as u64),
            Scale::Time => self.seek((value * MICROS_PER_MS as f64) as Time),
        }
    }

    /// Runs forward to the next event that starts an election, within a horizon.
    pub fn next_election(&mut self) -> Jump {
        self.jump_until(|f| {
            f.events.iter().any(|(_, e)| {
                matches!(
                    e,
                    Event::ElectionTimeout { .. } | Event::ForcedElection { .. }
                )
            })
        })
    }

    /// Runs forward to the next event at which a leader commits, within a horizon; at once
    /// [`Jump::NothingPending`] when nothing waits to be committed.
    pub fn next_commit(&mut self) -> Jump {
        let sim = self.sim();
        let pending = sim.pending_clients() > 0
            || sim
                .live_nodes()
                .any(|n| n.role() == Role::Leader && n.commit_index() < n.log().last_index());
        if !pending && self.history.at_end() {
            return Jump::NothingPending;
        }
        self.jump_until(|f| {
            matches!(f.kind, FrameKind::Deliver(_))
                && f.events
                    .iter()
                    .any(|(_, e)| matches!(e, Event::CommitAdvanced { .. }))
                && f.events
                    .iter()
                    .all(|(_, e)| !matches!(e, Event::EntriesAppended { .. }))
        })
    }

    fn jump_until(&mut self, found: impl Fn(&Frame) -> bool) -> Jump {
        let (start, view, recorded) = (self.history.position(), self.view_time, self.history.len());
        let horizon_us = JUMP_TIMEOUTS * self.sim().config().election_ms.1 * MICROS_PER_MS;
        let until = self.view_time() + horizon_us;
        let leader = self.sim().leader();
        let mut healthy = leader.is_some();
        let mut frames = Vec::new();
        for _ in 0..JUMP_EVENTS {
            if self.history.next_time().is_none_or(|t| t > until) {
                break;
            }
            let Some(frame) = self.history.step() else {
                break;
            };
            healthy &= self.sim().leader() == leader;
            if found(&frame) {
                self.view_time = frame.time as f64;
                for f in frames {
                    self.remember(f);
                }
                self.remember(frame);
                return Jump::Found;
            }
            frames.push(frame);
        }
        // Nothing within the horizon: back to where the view was, and forget what the look
        // ahead simulated, so the timeline keeps its scale.
        if self.history.len() > recorded {
            self.history.goto(recorded);
            self.history.drop_future();
        }
        self.history.goto(start);
        self.history.set_clock(view as Time);
        self.view_time = view;
        let horizon_ms = horizon_us / MICROS_PER_MS;
        match leader {
            Some((leader, term)) if healthy => Jump::LeaderHealthy {
                leader,
                term,
                horizon_ms,
            },
            _ => Jump::NotWithin { horizon_ms },
        }
    }

    /// Who leads, for the status line: a leader a majority follows, or a node that still
    /// thinks it leads an older term, or nobody.
    pub fn leadership(&self) -> Leadership {
        let sim = self.sim();
        if let Some((id, term)) = sim.leader() {
            return Leadership::Leader(id, term);
        }
        let highest = (1..=sim.size() as NodeId)
            .map(|id| {
                sim.node(id)
                    .map(|n| n.term())
                    .or_else(|| sim.saved_state(id).map(|s| s.current_term))
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        match self.current_leader().and_then(|id| sim.node(id)) {
            Some(n) => Leadership::Stale {
                node: n.id(),
                term: n.term(),
                highest,
            },
            None => Leadership::None,
        }
    }

    fn after_jump(&mut self) {
        self.view_time = self.history.current().now() as f64;
        self.forget_after(self.history.position());
        self.refill_recent();
        self.paused_on_violation = None;
    }

    fn remember(&mut self, frame: Frame) {
        self.recent.push_back(frame);
        while self.recent.len() > NARRATION_LIMIT {
            self.recent.pop_front();
        }
    }

    fn forget_after(&mut self, number: u64) {
        while self.recent.back().is_some_and(|f| f.number > number) {
            self.recent.pop_back();
        }
    }

    // ----- Acting ------------------------------------------------------------------------

    /// Does `input` now. In the past, the recorded future is dropped first, and the result
    /// says how many events went.
    pub fn act(&mut self, input: Input) -> Result<Acted, SimError> {
        // The visitor acts at the instant on screen, which may lie between two events.
        self.history.set_clock(self.view_time());
        let dropped = self.history.len() - self.history.position();
        let frame = self.history.apply(input)?;
        let number = frame.number;
        self.view_time = self.view_time.max(frame.time as f64);
        self.forget_after(frame.number.saturating_sub(1));
        self.remember(frame);
        if let Some(loaded) = &mut self.loaded {
            // The scripted future is gone; its remaining checks and captions no longer apply.
            let position = self.history.position();
            loaded.checkpoints.retain(|&(_, at, _)| at < position);
            loaded.captions.retain(|&(at, _, _)| at < position);
        }
        Ok(Acted { number, dropped })
    }

    /// Selects a node (or none) for the node actions.
    pub fn select(&mut self, node: Option<NodeId>) {
        self.selected = node.filter(|&n| n >= 1 && n as usize <= self.sim().size());
    }

    /// Crash a live node, restart a crashed one.
    pub fn toggle_crash(&mut self, node: NodeId) -> Result<Acted, SimError> {
        if self.sim().is_up(node) {
            self.act(Input::Crash(node))
        } else {
            self.act(Input::Restart(node))
        }
    }

    /// Isolate a connected node, rejoin an isolated one.
    pub fn toggle_isolation(&mut self, node: NodeId) -> Result<Acted, SimError> {
        if self.sim().network().is_isolated(node) {
            self.act(Input::Rejoin(node))
        } else {
            self.act(Input::Isolate(node))
        }
    }

    /// Cut a link both ways, or restore it if it was cut either way. (A link that is down only
    /// because of an isolation or a partition gets a cut of its own, which outlasts them.)
    pub fn toggle_link(&mut self, a: NodeId, b: NodeId) -> Result<Acted, SimError> {
        let net = self.sim().network();
        if net.blocked(a, b).cut || net.blocked(b, a).cut {
            self.act(Input::Link {
                from: a,
                to: b,
                both: true,
            })
        } else {
            self.act(Input::Cut {
                from: a,
                to: b,
                both: true,
            })
        }
    }

    /// A client sends `set key value` to whoever leads (it follows refusals).
    pub fn client_request(&mut self) -> Result<Acted, SimError> {
        let n = self.history.len() + 1;
        let key = ["x", "y", "z"][(n % 3) as usize];
        self.act(Input::Client(format!("set {key} {n}")))
    }

    /// A new, empty server joins with the next id, and the leader, if there is one, adds it
    /// as a voter (two inputs: the second is the leader's to make or refuse, and without a
    /// leader the new server waits as a spare for its menu).
    pub fn add_server(&mut self) -> Result<Acted, SimError> {
        let id = self.sim().size() as NodeId + 1;
        let joined = self.act(Input::AddServer(id))?;
        if self.current_leader().is_none() {
            return Ok(joined);
        }
        let added = self.act(Input::Change(sim::raft::Change::AddVoter(id)))?;
        Ok(Acted {
            dropped: joined.dropped,
            ..added
        })
    }

    /// Splits the cluster so that the current leader (or node 1) is in the minority.
    pub fn partition_minority(&mut self) -> Result<Acted, SimError> {
        let n = self.sim().size() as NodeId;
        let leader = self.current_leader().unwrap_or(1);
        // The leader and as many others as stay short of a majority: with one or two nodes,
        // the leader alone (which is no majority of two, and of one leaves nobody outside).
        let minority_size = ((n.saturating_sub(1)) / 2).max(1);
        let mut minority = vec![leader];
        minority.extend(
            (1..=n)
                .filter(|&i| i != leader)
                .take(minority_size as usize - 1),
        );
        let majority: Vec<NodeId> = (1..=n).filter(|i| !minority.contains(i)).collect();
        self.act(Input::Partition(vec![minority, majority]))
    }

    /// Splits the cluster so that the current leader (or node 1) keeps a majority.
    pub fn partition_majority(&mut self) -> Result<Acted, SimError> {
        let n = self.sim().size() as NodeId;
        let leader = self.current_leader().unwrap_or(1);
        let majority_size = n / 2 + 1;
        let mut majority = vec![leader];
        majority.extend(
            (1..=n)
                .filter(|&i| i != leader)
                .take(majority_size as usize - 1),
        );
        let minority: Vec<NodeId> = (1..=n).filter(|i| !majority.contains(i)).collect();
        self.act(Input::Partition(vec![majority, minority]))
    }

    /// The highest-term live leader, whether or not a majority follows it yet.
    pub fn current_leader(&self) -> Option<NodeId> {
        self.sim()
            .live_nodes()
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.term())
            .map(|n| n.id())
    }

    /// The configuration the cluster runs under as the page shows it: the current leader's
    /// (it makes the changes), else the latest any live node holds; and whether it is
    /// committed there.
    pub fn membership(&self) -> (sim::raft::Membership, bool) {
        let sim = self.sim();
        let node = self
            .current_leader()
            .and_then(|id| sim.node(id))
            .or_else(|| sim.live_nodes().max_by_key(|n| n.membership_index()));
        match node {
            Some(n) => (
                n.membership().clone(),
                n.membership_index() <= n.commit_index(),
            ),
            None => (
                sim::raft::Membership::new(&sim.config().voters(), &[], &[]),
                true,
            ),
        }
    }

    /// Starts over with new settings (node count, seed, initial switches).
    pub fn restart_with(&mut self, settings: Settings) -> Result<(), SimError> {
        let speed = self.speed;
        let playing = self.playing;
        *self = Self::new(settings)?;
        self.speed = speed;
        self.playing = playing;
        Ok(())
    }

    /// The whole run as a recording (see `sim::recording`): what the tools module turns into a
    /// trace file.
    pub fn recording(&self) -> String {
        Recording::of(&self.history).encode()
    }

    /// The visitor's inputs with the event number and time of each, for a shareable link.
    pub fn actions(&self) -> Vec<(u64, Time, Input)> {
        self.history
            .inputs()
            .map(|(frame, time, input)| (frame, time, input.clone()))
            .collect()
    }

    /// Replays recorded actions on a fresh run (from a shared link): each at its event number
    /// and time, as [`sim::actions::replay`] does. Stops at the first that cannot be applied,
    /// saying which and why.
    pub fn replay_actions(&mut self, actions: &[(u64, Time, Input)]) -> Result<(), ActionError> {
        let actions: Vec<Action> = actions
            .iter()
            .map(|(frame, time_us, input)| Action {
                frame: *frame,
                time_us: *time_us,
                input: input.clone(),
            })
            .collect();
        sim::actions::replay(&mut self.history, &actions)?;
        self.view_time = self.history.current().now() as f64;
        Ok(())
    }

    /// The speed as simulated milliseconds per real second.
    pub fn speed_ms_per_s(&self) -> f64 {
        SPEEDS[self.speed].0
    }

    /// Picks the listed speed closest to `ms_per_s` simulated ms per real second.
    pub fn set_speed_ms_per_s(&mut self, ms_per_s: f64) {
        let best = SPEEDS
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| {
                (a.0.ln() - ms_per_s.ln())
                    .abs()
                    .total_cmp(&(b.0.ln() - ms_per_s.ln()).abs())
            })
            .map_or(DEFAULT_SPEED, |(i, _)| i);
        self.speed = best;
    }
}

/// Simulated milliseconds of `t` µs, for display.
pub fn ms(t: Time) -> f64 {
    t as f64 / MICROS_PER_MS as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn fresh() -> Playground {
        Playground::new(Settings::new(1)).unwrap()
    }

    /// A lesson's captions stop playback at their event and show until the next; stepping back
    /// before one shows the one before; a reader in Chinese reads the Chinese one.
    #[test]
    fn captions_stop_playback_where_the_script_says_them() {
        let script = "cluster 3 seed=2\nsay Waiting.\nsay zh: 等待。\nrun until leader\n\
                      say A leader.\nrun 500ms\nsay Half a second on.\nrun 500ms\n";
        let recording = sim::Recording::from_script(script, "t.raft")
            .unwrap()
            .encode();
        let mut p = Playground::from_recording(&recording, None).unwrap();
        let events: Vec<u64> = p.loaded().unwrap().captions.iter().map(|c| c.0).collect();
        assert_eq!(events.len(), 3);
        assert_eq!(p.caption(Lang::En), Some("Waiting."));
        assert_eq!(p.caption(Lang::Zh), Some("等待。"));
        p.set_playing(true);
        for (i, &at) in events.iter().enumerate().skip(1) {
            let mut ticks = 0;
            while p.playing() && ticks < 10_000 {
                p.tick(50.0);
                ticks += 1;
            }
            assert!(!p.playing(), "stopped at caption {i}");
            assert_eq!(p.history().position(), at, "at the caption's own event");
            let expected = ["", "A leader.", "Half a second on."][i];
            assert_eq!(p.caption(Lang::En), Some(expected));
            // A Chinese reader gets the English one when the script gives no Chinese.
            assert_eq!(p.caption(Lang::Zh), Some(expected));
            p.set_playing(true);
        }
        // Back before the last caption: the one before is shown again.
        p.set_playing(false);
        p.back();
        assert_eq!(p.caption(Lang::En), Some("A leader."));
        // Playing on stops at it again.
        p.set_playing(true);
        while p.playing() {
            p.tick(50.0);
        }
        assert_eq!(p.history().position(), events[2]);
    }

    #[test]
    fn playing_advances_time_at_the_chosen_speed_and_elects_a_leader() {
        let mut p = fresh();
        p.tick(1000.0);
        assert_eq!(p.view_time(), 0, "paused: time stands still");
        p.set_playing(true);
        p.set_speed(DEFAULT_SPEED); // 100 simulated ms per real second
        for _ in 0..60 {
            p.tick(100.0);
        }
        assert_eq!(p.view_time(), 600_000);
        assert!(p.sim().leader().is_some(), "a leader within 600 ms");
        assert!(p.recent().count() > 5);
    }

    #[test]
    fn back_after_step_restores_the_exact_state() {
        let mut p = fresh();
        for _ in 0..30 {
            p.step();
        }
        let before = p.sim().clone();
        let frame = p.step().unwrap().clone();
        assert_ne!(p.sim(), &before);
        p.back();
        assert!(p.sim() == &before);
        let again = p.step().unwrap().clone();
        assert_eq!(frame, again);
    }

    #[test]
    fn back_after_step_from_between_two_events_restores_that_instant() {
        let mut p = fresh();
        p.set_playing(true);
        for _ in 0..20 {
            p.tick(37.0);
        }
        p.set_playing(false);
        let (before, view) = (p.history().position(), p.view_time());
        p.step();
        assert_ne!(p.view_time(), view);
        p.back();
        assert_eq!((p.history().position(), p.view_time()), (before, view));
    }

    #[test]
    fn events_due_at_one_instant_play_one_at_a_time() {
        let mut p = Playground::preset("figure-8").unwrap().unwrap();
        p.set_playing(true);
        p.tick(16.0);
        assert_eq!(
            p.history().position(),
            0,
            "a 16 ms frame is too short for an event"
        );
        for _ in 0..30 {
            p.tick(16.0);
        }
        let position = p.history().position();
        assert!(
            (1..=3).contains(&position),
            "{position} events in half a second"
        );
        // 113 events at 400 ms each (the default speed): under 50 s of real time.
        for _ in 0..3200 {
            p.tick(16.0);
        }
        assert_eq!(
            p.history().position(),
            p.history().len(),
            "it does reach the end"
        );
    }

    #[test]
    fn acting_in_the_past_forks_history() {
        let mut p = fresh();
        for _ in 0..50 {
            p.step();
        }
        p.goto(20);
        p.act(Input::Crash(1)).unwrap();
        assert_eq!(p.history().len(), 21);
        assert!(!p.sim().is_up(1));
    }

    #[test]
    fn crashing_the_leader_leads_to_a_new_one() {
        let mut p = fresh();
        p.set_playing(true);
        p.set_speed(SPEEDS.len() - 1);
        while p.sim().leader().is_none() {
            p.tick(50.0);
        }
        let (old, term) = p.sim().leader().unwrap();
        p.toggle_crash(old).unwrap();
        for _ in 0..40 {
            p.tick(50.0);
        }
        let (new, new_term) = p.sim().leader().expect("a new leader within 2 s");
        assert_ne!(new, old);
        assert!(new_term > term);
    }

    #[test]
    fn partition_presets_put_the_leader_on_the_named_side() {
        let mut p = fresh();
        while p.sim().leader().is_none() {
            p.step();
        }
        let (leader, _) = p.sim().leader().unwrap();
        p.partition_minority().unwrap();
        let cut_from_leader = (1..=5)
            .filter(|&o| o != leader && p.sim().network().is_cut(leader, o))
            .count();
        assert_eq!(cut_from_leader, 3, "leader plus one in the minority");
        p.act(Input::Heal).unwrap();
        p.partition_majority().unwrap();
        let cut_from_leader = (1..=5)
            .filter(|&o| o != leader && p.sim().network().is_cut(leader, o))
            .count();
        assert_eq!(cut_from_leader, 2, "leader with two others in the majority");
    }

    #[test]
    fn partitions_work_for_every_cluster_size_the_language_allows() {
        for n in 1..=sim::MAX_NODES {
            let mut p = Playground::new(Settings::of(&sim::SimConfig::new(n, 3))).unwrap();
            while p.sim().leader().is_none() && p.sim().now() < 10_000 * sim::MICROS_PER_MS {
                p.step();
            }
            let leader = p.current_leader().unwrap_or(1);
            p.partition_minority().unwrap();
            let with_leader = (1..=n as NodeId)
                .filter(|&o| o == leader || !p.sim().network().is_cut(leader, o))
                .count();
            assert!(
                with_leader * 2 <= n.max(2),
                "{n} nodes: {with_leader} with the leader"
            );
            p.act(Input::Heal).unwrap();
            p.partition_majority().unwrap();
            let with_leader = (1..=n as NodeId)
                .filter(|&o| o == leader || !p.sim().network().is_cut(leader, o))
                .count();
            assert!(
                with_leader * 2 > n,
                "{n} nodes: {with_leader} with the leader"
            );
        }
    }

    #[test]
    fn every_preset_loads_rewound_with_its_description_and_passing_checks() {
        for name in preset_names() {
            let mut p = Playground::preset(name).unwrap().unwrap();
            let loaded = p.loaded_mut().unwrap();
            assert!(loaded.failure.is_none(), "{name}: {:?}", loaded.failure);
            assert!(
                loaded.title_in(Lang::Zh) != loaded.title_in(Lang::En),
                "{name}"
            );
            // The description comes with the script, as the page fetches it from dist/.
            assert!(loaded.description.is_empty(), "{name}: built in");
            let path = format!("{}/../scenarios/{name}.raft", env!("CARGO_MANIFEST_DIR"));
            loaded.describe(&std::fs::read_to_string(path).unwrap());
            assert!(loaded.description.len() > 40, "{name}: no description");
            assert!(
                loaded.description_zh.len() > 40,
                "{name}: no Chinese description"
            );
            assert!(!loaded.description_zh.contains("zh:"), "{name}");
            assert!(!loaded.description.contains("zh:"), "{name}");
            let loaded = p.loaded().unwrap();
            assert!(!loaded.checkpoints.is_empty());
            assert!(loaded.checkpoints.iter().all(|c| c.2), "{name}");
            // At the beginning: event 0, or the first caption if only setting-up at 0 ms
            // comes before it.
            assert_eq!(p.sim().now(), 0, "{name} starts at the beginning");
            let first = loaded.captions.first().map_or(0, |c| c.0);
            assert!(
                p.history().position() == 0 || p.history().position() == first,
                "{name}"
            );
            assert!(!p.history().is_empty());
        }
        assert!(Playground::preset("nope").is_none());
    }

    #[test]
    fn a_violation_pauses_playback_at_its_event() {
        let mut p = Playground::preset("bug-forget-vote").unwrap().unwrap();
        p.set_playing(true);
        p.set_speed(SPEEDS.len() - 1);
        for _ in 0..100 {
            p.tick(100.0);
            if !p.playing() {
                break;
            }
        }
        let at = p.paused_on_violation().expect("paused on the violation");
        assert!(!p.playing());
        assert_eq!(p.history().position(), at);
        assert!(!p.sim().violations().is_empty());
    }

    #[test]
    fn shared_actions_replay_the_same_run() {
        let mut p = fresh();
        for _ in 0..40 {
            p.step();
        }
        p.act(Input::Crash(2)).unwrap();
        for _ in 0..30 {
            p.step();
        }
        p.client_request().unwrap();
        for _ in 0..30 {
            p.step();
        }
        let actions = p.actions();
        assert_eq!(actions.len(), 2);
        let mut q = fresh();
        q.replay_actions(&actions).unwrap();
        for _ in 0..30 {
            q.step();
        }
        assert!(q.sim() == p.sim());
    }

    #[test]
    fn a_run_rebuilds_from_its_recording_and_a_broken_one_is_refused() {
        let mut p = fresh();
        while p.current_leader().is_none() {
            p.step();
        }
        let leader = p.current_leader().unwrap();
        p.act(Input::Crash(leader)).unwrap();
        for _ in 0..30 {
            p.step();
        }
        let text = p.recording();
        let mut again = Playground::from_recording(&text, None).unwrap();
        assert!(
            again.loaded().is_none(),
            "a bare run has nothing to show as loaded"
        );
        assert_eq!(again.history().position(), 0, "rewound to its start");
        again.goto(p.history().position());
        assert_eq!(again.sim(), p.sim());
        assert_eq!(again.recording(), text);
        let err = Playground::from_recording(&text[..text.len() / 2], None).unwrap_err();
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn the_timeline_counts_events_when_a_run_happens_at_one_instant() {
        // figure-8 holds the timers and delivers by hand: all 113 events at t = 0.
        let mut p = Playground::preset("figure-8").unwrap().unwrap();
        let t = p.timeline();
        assert_eq!((t.scale, t.now, t.end), (Scale::Events, 0.0, 113.0));
        p.scrub(50.4);
        assert_eq!(p.history().position(), 50);
        assert_eq!(p.timeline().now, 50.0);
        let marker = *p.history().markers().last().unwrap();
        assert_eq!(p.marker_at(&marker), marker.frame as f64);
        p.scrub(-3.0);
        assert_eq!(p.history().position(), 0);

        // A run in real time is measured in ms, and scrubbing seeks to the instant.
        let mut p = Playground::preset("election").unwrap().unwrap();
        let t = p.timeline();
        assert_eq!(t.scale, Scale::Time);
        assert_eq!(t.end, ms(p.history().end_time()));
        assert!(t.end > 1000.0, "{t:?}");
        p.scrub(200.5);
        assert_eq!(p.view_time(), 200_500);
        assert_eq!(p.timeline().now, 200.5);
        let marker = p.history().markers()[0];
        assert_eq!(p.marker_at(&marker), ms(marker.time));
    }

    #[test]
    fn the_narration_holds_the_events_up_to_the_view_however_it_got_there() {
        let mut p = fresh();
        p.set_playing(true);
        p.set_speed(SPEEDS.len() - 1);
        for _ in 0..200 {
            p.tick(16.0);
        }
        p.set_playing(false);
        let end = p.timeline().end;
        let check = |p: &Playground, how: &str| {
            let position = p.history().position();
            let numbers: Vec<u64> = p.recent().map(|f| f.number).collect();
            let wanted = position.min(NARRATION_SHOWN as u64) as usize;
            assert!(
                numbers.len() >= wanted,
                "{how}: {} of {wanted}",
                numbers.len()
            );
            assert_eq!(
                numbers.first().copied(),
                (position > 0).then_some(position),
                "{how}"
            );
            assert!(
                numbers.windows(2).all(|w| w[0] == w[1] + 1),
                "{how}: {numbers:?}"
            );
        };
        for fraction in [0.2, 0.6, 0.95, 0.0, 1.0, 0.3] {
            p.scrub(end * fraction);
            check(&p, &format!("scrub to {fraction}"));
        }
        p.goto(3);
        check(&p, "goto 3");
        for _ in 0..5 {
            p.back();
            check(&p, "back");
        }
        assert!(!p.can_go_back(), "at the start");
        p.goto(p.history().len());
        check(&p, "end");
    }

    #[test]
    fn a_jump_with_nothing_to_find_says_why_and_stays_put() {
        let mut p = fresh();
        while p.sim().leader().is_none() {
            p.step();
        }
        for _ in 0..20 {
            p.step();
        }
        let (position, view, len) = (p.history().position(), p.view_time(), p.history().len());
        let (leader, term) = p.sim().leader().unwrap();
        assert_eq!(
            p.next_election(),
            Jump::LeaderHealthy {
                leader,
                term,
                horizon_ms: 3000
            }
        );
        assert_eq!(
            (p.history().position(), p.view_time(), p.history().len()),
            (position, view, len),
            "the look ahead left no trace"
        );
        assert_eq!(p.next_commit(), Jump::NothingPending);
        p.client_request().unwrap();
        assert_eq!(p.next_commit(), Jump::Found);
        p.toggle_crash(leader).unwrap();
        assert_eq!(p.next_election(), Jump::Found);
    }

    #[test]
    fn acting_in_the_past_says_how_many_events_it_dropped() {
        let mut p = fresh();
        for _ in 0..50 {
            p.step();
        }
        p.goto(20);
        let acted = p.act(Input::Crash(1)).unwrap();
        assert_eq!(
            acted,
            Acted {
                number: 21,
                dropped: 30
            }
        );
        let acted = p.act(Input::Restart(1)).unwrap();
        assert_eq!(acted.dropped, 0);
    }

    #[test]
    fn a_lesson_at_one_instant_keeps_counting_events_after_time_moves_on() {
        let mut p = Playground::preset("figure-8").unwrap().unwrap();
        p.goto(p.history().len());
        p.act(Input::Timers(true)).unwrap();
        for _ in 0..200 {
            p.step();
        }
        assert!(p.end_time() > 100 * MICROS_PER_MS);
        assert_eq!(p.timeline().scale, Scale::Events);
        assert_eq!(p.timeline().end, p.history().len() as f64);
    }

    #[test]
    fn the_status_tells_a_stale_leader_from_none() {
        let mut p = fresh();
        assert_eq!(p.leadership(), Leadership::None);
        while p.sim().leader().is_none() {
            p.step();
        }
        let (old, term) = p.sim().leader().unwrap();
        assert_eq!(p.leadership(), Leadership::Leader(old, term));
        p.toggle_isolation(old).unwrap();
        while p.sim().leader().is_none_or(|(l, _)| l == old) {
            p.step();
        }
        p.toggle_isolation(old).unwrap();
        // The old leader still leads its term until a message from the new term reaches it.
        let stale = p.sim().node(old).unwrap().role() == Role::Leader;
        if stale {
            assert!(matches!(p.leadership(), Leadership::Leader(n, _) if n != old));
        }
        p.toggle_crash(p.sim().leader().unwrap().0).unwrap();
        let leadership = p.leadership();
        assert!(
            matches!(leadership, Leadership::None | Leadership::Stale { .. }),
            "{leadership:?}"
        );
    }

    #[test]
    fn speeds_snap_to_the_nearest_listed_one() {
        let mut p = fresh();
        p.set_speed_ms_per_s(90.0);
        assert_eq!(p.speed_ms_per_s(), 100.0);
        p.set_speed_ms_per_s(1e9);
        assert_eq!(p.speed_ms_per_s(), 1000.0);
        p.set_speed(99);
        assert_eq!(p.speed(), SPEEDS.len() - 1);
    }
}
