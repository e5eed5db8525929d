//! The page's model and the one place that changes it.
//!
//! Everything a visitor can do is an [`Action`]; [`Page::apply`] is the only code that carries
//! one out. Buttons, keys ([`key_action`]), the URL's parameters ([`start_actions`]) and, when
//! the page is embedded, an element's attributes and its JavaScript API all produce actions, so
//! no action is implemented twice. This is the shape of Yew's `function_todomvc` (an `Action`
//! enum and a reducer), with one difference: the model lives in a `RefCell` and is changed in
//! place, where a `Reducible` returns a new `Rc<Self>`. The model holds a whole recorded
//! history with its checkpoints and is changed sixty times a second while playing; copying it
//! per action, or arguing with `Rc::make_mut` about who else holds it, buys nothing here.
//!
//! Nothing here touches the DOM: the page's [`crate::app`] renders a `Page` and runs the
//! [`Effect`]s an action asks for (a download, the clipboard), so all of this is tested natively.

use std::rc::Rc;

use sim::raft::vec_map::VecMap;
use sim::raft::{NodeId, Time};
use sim::{Input, SimError, MICROS_PER_MS};

use crate::i18n::{fill, strings, Lang};
use crate::model::{self, Acted, Jump, Playground, Settings};
use crate::narrate::narrate;
use crate::params::{self, Controls, Params, Theme};

/// Where a notice is shown: next to what caused it, not far above it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Above the playground (a bad link, a run that could not start).
    Top,
    /// By the play and step controls (jumps, forks).
    Transport,
    /// By the node and message actions and the network controls.
    Cluster,
    /// By the settings.
    Settings,
    /// By the share, export and open controls.
    Files,
}

/// A message for the visitor.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// Where it is shown.
    pub place: Place,
    /// An error (or news).
    pub error: bool,
    /// What it says.
    pub text: String,
}

/// Everything a visitor (or a link, or a host page) can ask the playground to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    // ----- Time -----
    /// Real time passed: `ms` of it (the animation frame's fast path).
    Tick(f64),
    /// Play if paused, pause if playing.
    TogglePlay,
    /// Play or pause.
    SetPlaying(bool),
    /// That many events forward.
    Step(u32),
    /// That many events back.
    Back(u32),
    /// On to the next election, within a horizon.
    NextElection,
    /// On to the next commit, within a horizon.
    NextCommit,
    /// A speed from [`model::SPEEDS`].
    SetSpeed(usize),
    /// The listed speed closest to this many simulated ms per real second.
    SetSpeedMsPerS(f64),
    /// To this point of the timeline (an event number or ms, as it is measured).
    Scrub(f64),
    /// To this event.
    Goto(u64),
    /// To this simulated time, µs, paused (where a share link was made).
    ShowAt(Time),
    /// To this simulated time, µs, forward or back, playing on if it was (the element's
    /// `seek`).
    Seek(Time),

    // ----- Nodes -----
    /// Select a node for its actions, or none.
    Select(Option<NodeId>),
    /// Select a node, or unselect it if it is selected.
    ToggleSelect(NodeId),
    /// Crash a live node, restart a crashed one.
    ToggleCrash(NodeId),
    /// Make a node's election timer fire now.
    Timeout(NodeId),
    /// Isolate a node, or end its isolation.
    ToggleIsolation(NodeId),
    /// A client sends a command to whoever leads.
    ClientRequest,
    /// The leader changes the configuration (add, promote, remove a server).
    Change(sim::raft::Change),
    /// The leader hands leadership to this node.
    Transfer(NodeId),
    /// A new, empty server joins, and the leader (if there is one) adds it as a voter.
    AddServer,

    // ----- Messages -----
    /// Pick a message in flight to see its fields and act on it, or none.
    Inspect(Option<u64>),
    /// Show message `id`'s fields, or hide them if they are shown (a click on the message).
    ToggleInspect(u64),
    /// Lose a message in flight now.
    DropMessage(u64),
    /// Deliver a message in flight now.
    DeliverMessage(u64),
    /// Put a copy of a message in flight on the wire.
    DuplicateMessage(u64),

    // ----- Network and settings -----
    /// Cut a link both ways, or restore it.
    ToggleLink(NodeId, NodeId),
    /// Partition so that the leader is in the minority.
    PartitionMinority,
    /// Partition so that the leader keeps a majority.
    PartitionMajority,
    /// Restore every link.
    Heal,
    /// Random loss, in parts per million.
    SetLoss(u32),
    /// The latency range, ms.
    SetLatency(u64, u64),
    /// The election timeout range, ms.
    SetElection(u64, u64),
    /// The heartbeat interval, ms.
    SetHeartbeat(u64),
    /// PreVote on or off.
    SetPreVote(bool),
    /// CheckQuorum on or off.
    SetCheckQuorum(bool),

    // ----- Runs -----
    /// A fresh run with these settings.
    Start(Settings),
    /// A preset by name, or a fresh free run. A preset whose run is not here yet is fetched
    /// first ([`Effect::FetchPreset`]).
    LoadPreset(Option<String>),
    /// The run of preset `name` arrived (`presets/NAME.rec`), or why it did not: open it.
    PresetFetched {
        /// The preset.
        name: String,
        /// Its recording, or which URL failed and why.
        text: Result<String, String>,
    },
    /// The same settings with a fresh seed.
    NewRun,
    /// Start over with this many nodes.
    SetNodes(usize),
    /// Start over with the seed the visitor typed.
    SetSeed(String),
    /// Replay a share link's actions: (event, µs, input) each.
    Replay(Vec<(u64, Time, Input)>),
    /// A file was read by the tools module: its name and the recording, or why not.
    Opened {
        /// The file's name.
        name: String,
        /// The recording (`sim::recording`), or what was wrong.
        result: Result<String, String>,
    },
    /// Run this scenario script (a `script=` link, an element's inline script): compiled by
    /// the tools module, then [`Action::ScriptLoaded`].
    RunScript {
        /// What to call it in messages.
        name: String,
        /// The script.
        text: String,
    },
    /// Fetch a scenario script from the page's own site (`src=`), then run it.
    FetchScript(String),
    /// A script given to the page was compiled: its recording, or what was wrong (with its
    /// line and column).
    ScriptLoaded {
        /// Its name.
        name: String,
        /// The recording, or the message.
        result: Result<String, String>,
    },
    /// Whether a script still on its way plays once it arrives.
    PlayWhenLoaded(bool),
    /// The tools module said in full what `outline` said in short (a link's or an element's
    /// bad settings): the notice, if it still says `outline`, says `text` instead.
    ParamsDescribed {
        /// What the notice said.
        outline: String,
        /// What it says now.
        text: String,
    },
    /// A preset's script was fetched for its description: the preset's name and the script,
    /// or why not.
    LessonFetched {
        /// The preset.
        name: String,
        /// Its script, or what went wrong.
        result: Result<String, String>,
    },
    /// Make a share link and copy it.
    Share,
    /// Download the run as a trace file.
    Export,

    // ----- The page -----
    /// Show this much of the controls (an element's `controls` changed).
    SetControls(Controls),
    /// Show the page in a language.
    SetLang(Lang),
    /// The other language.
    ToggleLang,
    /// A colour scheme.
    SetTheme(Theme),
    /// Light, dark, automatic in turn.
    CycleTheme,
    /// Show or hide the keyboard help.
    ToggleHelp,
    /// Open chapter N (from 0) of the guided tour ([`model::TOUR`]).
    Chapter(usize),
    /// Leave the tour: the chapter's run plays on from where it is, without its captions.
    LeaveTour,
    /// Close what is open: the help, the selection, the picked message.
    Escape,
    /// Hide the notice.
    DismissNotice,
    /// Say something where it belongs (what an effect came back with).
    Notify(Notice),
}

/// What an action asks of the browser, which the model cannot do itself.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Copy this share link to the clipboard.
    CopyLink(String),
    /// Turn this recording into a trace file (in the tools module) and download it.
    Export(String),
    /// Fetch the script of this preset, for the description of its lesson (then
    /// [`Action::LessonFetched`]).
    FetchLesson(String),
    /// Have the tools module say what was wrong in this query (or, with `attributes`, in an
    /// element's encoded attributes), then [`Action::ParamsDescribed`].
    DescribeParams {
        /// The query or the encoded attributes.
        query: String,
        /// Whether they are an element's attributes.
        attributes: bool,
        /// What the notice says until then.
        outline: String,
    },
    /// Fetch the words of this language (`words/LANG.txt`), then [`Action::SetLang`] it.
    FetchWords(Lang),
    /// Fetch the run of preset `name` (`presets/NAME.rec`: the page's wasm does not carry
    /// it), then [`Action::PresetFetched`], then the actions `then`, in order (what a link
    /// asked for after the preset).
    FetchPreset {
        /// The preset.
        name: String,
        /// The actions that wait for it.
        then: Vec<Action>,
    },
    /// Compile a script in the tools module (then [`Action::ScriptLoaded`]): this text, or
    /// without one the file `name` fetched from the site.
    Script {
        /// Its name (without a text: its path on the site).
        name: String,
        /// The script, if it is given.
        text: Option<String>,
    },
}

/// How the page was opened: what stays the same for its whole life.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    /// How much of the controls it shows.
    pub controls: Controls,
    /// Inside another page (an iframe or an element): no page header, keys only when focused.
    pub embed: bool,
    /// The page's address without its query, for share links.
    pub base_url: String,
}

/// The page: the playground and everything around it.
pub struct Page {
    /// The run on screen.
    pub pg: Playground,
    /// How the page was opened.
    pub frame: Frame,
    /// The language shown.
    pub lang: Lang,
    /// The colour scheme.
    pub theme: Theme,
    /// The keyboard help is open.
    pub help: bool,
    /// The one notice shown (a new one replaces it).
    pub notice: Option<Notice>,
    /// The last share link made.
    pub share_link: Option<String>,
    /// The message picked to act on, while it is in flight.
    pub inspected: Option<u64>,
    /// Narration sentences already written, by event number, in `narrated_in`: the panel shows
    /// the same thirty events for many frames in a row.
    narrated: VecMap<u64, Rc<str>>,
    narrated_in: Lang,
    /// The history's length when the cache was last filled: shorter now means a fork.
    narrated_len: u64,
    /// The scripts of the presets fetched so far, by name, so a lesson opened again is
    /// described at once.
    scripts: VecMap<String, String>,
    /// A script on its way plays when it arrives.
    autoplay: bool,
    /// What the last script that failed said, so that the next one that runs clears it.
    script_error: Option<String>,
    /// A script given to the page is on its way (being fetched or compiled): what is on
    /// screen is not it yet.
    pub awaiting_script: bool,
    /// Opened on a preset whose run is on its way: the page shows nothing until it is here,
    /// so that the first cluster on screen is the preset's.
    pub held: bool,
    /// A chapter of the tour is open and the reader has not left the tour.
    pub touring: bool,
    /// Counts the changes of the run on screen (a new run, an act, a fork; not moving through
    /// it): the lessons panels send the tools module the run again only when it changes.
    pub generation: u64,
}

impl Page {
    /// A page opened like `frame`, in `lang`, before any action: an idle five-node run.
    pub fn new(frame: Frame, lang: Lang) -> Self {
        let pg = Playground::new(Settings::new(0))
            .unwrap_or_else(|e| panic!("the default settings are invalid: {e}"));
        Page {
            pg,
            frame,
            lang,
            theme: Theme::Auto,
            help: false,
            notice: None,
            share_link: None,
            inspected: None,
            narrated: VecMap::new(),
            narrated_in: lang,
            narrated_len: 0,
            scripts: VecMap::new(),
            autoplay: false,
            script_error: None,
            awaiting_script: false,
            held: false,
            touring: false,
            generation: 0,
        }
    }

    /// The strings of the language shown.
    pub fn text(&self) -> &'static crate::i18n::Strings {
        strings(self.lang)
    }

    fn say(&mut self, place: Place, error: bool, text: String) {
        self.notice = Some(Notice { place, error, text });
    }

    /// The run of a recording the tools module made (from a file or a script), or why not.
    fn replayable(
        &self,
        recording: Result<String, String>,
        name: &str,
    ) -> Result<Playground, String> {
        recording.and_then(|recording| {
            Playground::from_recording(&recording, Some(name)).map_err(|e| {
                format!(
                    "{} {}",
                    self.text().bad_trace,
                    crate::errors::recording_error(self.lang, &e)
                )
            })
        })
    }

    /// Shows the page in `lang`, once its words are here: a language whose words this wasm
    /// does not carry is fetched first (then this action again).
    fn set_lang(&mut self, lang: Lang) -> Option<Effect> {
        if !crate::i18n::words::has(lang) {
            return Some(Effect::FetchWords(lang));
        }
        self.lang = lang;
        None
    }

    fn sim_error(&self, e: &SimError) -> String {
        crate::errors::sim_error(self.lang, e)
    }

    /// Reports what acting came to: an error where it was caused, or that a fork dropped the
    /// recorded future.
    fn acted(&mut self, place: Place, result: Result<Acted, SimError>) {
        match result {
            Ok(Acted { number, dropped }) if dropped > 0 => {
                let text = fill(
                    self.text().forked,
                    &[("n", (number - 1).to_string()), ("m", dropped.to_string())],
                );
                self.say(Place::Transport, false, text);
            }
            Ok(_) => {}
            Err(e) => {
                let text = self.sim_error(&e);
                self.say(place, true, text);
            }
        }
    }

    fn jumped(&mut self, jump: Jump) {
        let t = self.text();
        let text = match jump {
            Jump::Found => return,
            Jump::NothingPending => t.jump_nothing_pending.to_string(),
            Jump::LeaderHealthy {
                leader,
                term,
                horizon_ms,
            } => fill(
                t.jump_leader_healthy,
                &[
                    ("n", leader.to_string()),
                    ("t", term.to_string()),
                    ("ms", horizon_ms.to_string()),
                ],
            ),
            Jump::NotWithin { horizon_ms } => {
                fill(t.jump_not_within, &[("ms", horizon_ms.to_string())])
            }
        };
        self.say(Place::Transport, false, text);
    }

    /// Puts a newly loaded run on screen (keeping the speed), or says why there is none (the
    /// old run stays).
    fn show(&mut self, place: Place, loaded: Result<Playground, String>) -> bool {
        match loaded {
            Ok(mut pg) => {
                pg.set_speed(self.pg.speed());
                self.pg = pg;
                self.inspected = None;
                self.narrated.clear();
                true
            }
            Err(e) => {
                self.say(place, true, e);
                false
            }
        }
    }

    /// Describes the preset on screen from its script if it was fetched, or asks for it.
    fn describe_preset(&mut self) -> Option<Effect> {
        // Only the full controls show a lesson's text: a compact one has nothing to fetch.
        if self.frame.controls != Controls::Full {
            return None;
        }
        let loaded = self.pg.loaded_mut()?;
        let name = loaded.name.as_ref()?;
        // A visitor's own script brings its description; only a preset's is fetched.
        if !loaded.description.is_empty() || crate::model::PRESETS.iter().all(|p| p.name != name) {
            return None;
        }
        match self.scripts.get(name.as_str()) {
            Some(script) => {
                loaded.describe(script);
                None
            }
            None => Some(Effect::FetchLesson(name.clone())),
        }
    }

    fn restart(&mut self, settings: Settings) {
        let result = self.pg.restart_with(settings);
        if let Err(e) = result {
            let text = self.sim_error(&e);
            self.say(Place::Settings, true, text);
        }
        self.inspected = None;
        self.narrated.clear();
    }

    /// Carries out `action`; returns what, if anything, the browser must do next.
    pub fn apply(&mut self, action: Action) -> Option<Effect> {
        use Action as A;
        // A new notice replaces the last; an action of the same area clears it.
        if let Some(place) = place_of(&action) {
            if place != Place::Transport {
                self.generation += 1;
            }
            if self.notice.as_ref().is_some_and(|n| n.place == place) {
                self.notice = None;
            }
        }
        let pg = &mut self.pg;
        match action {
            A::Tick(ms) => pg.tick(ms),
            A::TogglePlay => {
                let on = !pg.playing();
                pg.set_playing(on);
            }
            A::SetPlaying(on) => pg.set_playing(on),
            A::Step(n) => {
                pg.set_playing(false);
                for _ in 0..n {
                    pg.step();
                }
            }
            A::Back(n) => {
                pg.set_playing(false);
                for _ in 0..n {
                    pg.back();
                }
            }
            A::NextElection => {
                pg.set_playing(false);
                let jump = pg.next_election();
                self.jumped(jump);
            }
            A::NextCommit => {
                pg.set_playing(false);
                let jump = pg.next_commit();
                self.jumped(jump);
            }
            A::SetSpeed(i) => pg.set_speed(i),
            A::SetSpeedMsPerS(v) => pg.set_speed_ms_per_s(v),
            A::Scrub(v) => pg.scrub(v),
            A::Goto(n) => {
                pg.set_playing(false);
                pg.goto(n);
            }
            A::Seek(t) => {
                let was = pg.playing();
                pg.seek(t);
                pg.set_playing(was);
            }
            A::ShowAt(t) => {
                pg.set_playing(false);
                pg.seek(t);
                let text = fill(
                    self.text().shared_at,
                    &[
                        ("ms", crate::num::decimal(model::ms(t), 1)),
                        ("n", self.pg.history().position().to_string()),
                    ],
                );
                self.say(Place::Transport, false, text);
            }
            A::Select(node) => pg.select(node),
            A::ToggleSelect(id) => {
                let again = pg.selected() == Some(id);
                pg.select((!again).then_some(id));
            }
            A::ToggleCrash(id) => {
                let r = pg.toggle_crash(id);
                self.acted(Place::Cluster, r);
            }
            A::Timeout(id) => {
                let r = pg.act(Input::Timeout(id));
                self.acted(Place::Cluster, r);
            }
            A::ToggleIsolation(id) => {
                let r = pg.toggle_isolation(id);
                self.acted(Place::Cluster, r);
            }
            A::ClientRequest => {
                let r = pg.client_request();
                self.acted(Place::Cluster, r);
            }
            // Only a leader changes the configuration or hands over: without one, say so
            // rather than record an input that does nothing.
            A::Change(_) | A::Transfer(_) if pg.current_leader().is_none() => {
                let text = self.text().change_needs_leader.to_string();
                self.say(Place::Cluster, true, text);
            }
            A::Change(change) => {
                let r = pg.act(Input::Change(change));
                self.acted(Place::Cluster, r);
            }
            A::Transfer(id) => {
                let r = pg.act(Input::Transfer(id));
                self.acted(Place::Cluster, r);
            }
            A::AddServer => {
                let r = pg.add_server();
                self.acted(Place::Cluster, r);
            }
            A::Inspect(id) => self.inspected = id,
            A::ToggleInspect(id) => {
                self.inspected = (self.inspected != Some(id)).then_some(id);
            }
            A::DropMessage(id) => {
                let r = pg.act(Input::Drop(id));
                self.inspected = None;
                self.acted(Place::Cluster, r);
            }
            A::DeliverMessage(id) => {
                let r = pg.act(Input::Deliver(id));
                self.inspected = None;
                self.acted(Place::Cluster, r);
            }
            A::DuplicateMessage(id) => {
                let r = pg.act(Input::Duplicate(id));
                self.acted(Place::Cluster, r);
            }
            A::ToggleLink(a, b) => {
                let r = pg.toggle_link(a, b);
                self.acted(Place::Cluster, r);
            }
            A::PartitionMinority => {
                let r = pg.partition_minority();
                self.acted(Place::Cluster, r);
            }
            A::PartitionMajority => {
                let r = pg.partition_majority();
                self.acted(Place::Cluster, r);
            }
            A::Heal => {
                let r = pg.act(Input::Heal);
                self.acted(Place::Cluster, r);
            }
            A::SetLoss(ppm) => {
                let r = pg.act(Input::Loss(ppm));
                self.acted(Place::Settings, r);
            }
            A::SetLatency(min, max) => {
                let r = pg.act(Input::Latency(min * MICROS_PER_MS, max * MICROS_PER_MS));
                self.acted(Place::Settings, r);
            }
            A::SetElection(min, max) => {
                let heartbeat_ms = pg.sim().config().heartbeat_ms;
                let r = pg.act(Input::Timing {
                    election_ms: (min, max),
                    heartbeat_ms,
                });
                self.acted(Place::Settings, r);
            }
            A::SetHeartbeat(ms) => {
                let election_ms = pg.sim().config().election_ms;
                let r = pg.act(Input::Timing {
                    election_ms,
                    heartbeat_ms: ms,
                });
                self.acted(Place::Settings, r);
            }
            A::SetPreVote(on) => {
                let r = pg.act(Input::PreVote(on));
                self.acted(Place::Settings, r);
            }
            A::SetCheckQuorum(on) => {
                let r = pg.act(Input::CheckQuorum(on));
                self.acted(Place::Settings, r);
            }
            A::Start(settings) => {
                let speed = pg.speed();
                match Playground::new(settings) {
                    Ok(mut fresh) => {
                        fresh.set_speed(speed);
                        self.pg = fresh;
                        self.narrated.clear();
                    }
                    Err(e) => {
                        let text = self.sim_error(&e);
                        self.say(Place::Top, true, text);
                    }
                }
            }
            A::LoadPreset(Some(name)) if model::preset_missing(&name) => {
                return Some(Effect::FetchPreset {
                    name,
                    then: Vec::new(),
                });
            }
            A::PresetFetched { name, text } => {
                self.held = false;
                match text {
                    Ok(text) => {
                        model::preset_fetched(&name, text);
                        return self.apply(A::LoadPreset(Some(name)));
                    }
                    Err(why) => {
                        let text = fill(
                            self.text().script_unavailable,
                            &[("src", name), ("why", why)],
                        );
                        self.say(Place::Top, true, text);
                    }
                }
            }
            A::LoadPreset(name) => {
                let lang = self.lang;
                let loaded = match name {
                    None => Playground::new(Settings::new(crate::seed::fresh()))
                        .map_err(|e| self.sim_error(&e)),
                    Some(name) => match Playground::preset(&name) {
                        Some(loaded) => {
                            loaded.map_err(|e| crate::errors::recording_error(lang, &e))
                        }
                        None => Err(fill(self.text().no_such_preset, &[("name", name.clone())])),
                    },
                };
                if self.show(Place::Top, loaded) {
                    self.touring = self
                        .pg
                        .loaded()
                        .and_then(|l| l.name.as_deref())
                        .is_some_and(|n| model::TOUR.contains(&n));
                    return self.describe_preset();
                }
            }
            A::NewRun => {
                let mut settings = pg.settings().clone();
                settings.seed = crate::seed::fresh();
                self.restart(settings);
            }
            A::SetNodes(n) => {
                let mut settings = pg.settings().clone();
                settings.nodes = n;
                self.restart(settings);
            }
            A::SetSeed(typed) => match typed.trim().parse::<u64>() {
                Ok(seed) => {
                    let mut settings = pg.settings().clone();
                    settings.seed = seed;
                    self.restart(settings);
                }
                Err(_) => {
                    let text = fill(self.text().bad_seed, &[("v", typed)]);
                    self.say(Place::Settings, true, text);
                }
            },
            A::Replay(actions) => {
                if let Err(e) = pg.replay_actions(&actions) {
                    // A run that reads well but does not replay here: the link was made on
                    // another run (another build says so too, by its version).
                    let text = match e.problem {
                        sim::actions::ActionProblem::Replay { index, total, .. } => fill(
                            self.text().replay_stopped,
                            &[("i", index.to_string()), ("n", total.to_string())],
                        ),
                        _ => self.text().replay_stopped_at_start.to_string(),
                    };
                    self.say(Place::Top, true, text);
                }
            }
            A::Opened { name, result } => {
                let loaded = self.replayable(result, &name);
                if self.show(Place::Files, loaded) {
                    let checks = self.pg.loaded().map_or(0, |l| l.checkpoints.len());
                    let text = fill(
                        self.text().opened,
                        &[
                            ("name", name),
                            ("events", self.pg.history().len().to_string()),
                            ("checks", checks.to_string()),
                        ],
                    );
                    self.say(Place::Files, false, text);
                }
            }
            A::RunScript { name, text } => {
                self.pg.set_playing(false);
                self.awaiting_script = true;
                return Some(Effect::Script {
                    name,
                    text: Some(text),
                });
            }
            A::FetchScript(src) => {
                self.pg.set_playing(false);
                self.awaiting_script = true;
                return Some(Effect::Script {
                    name: src,
                    text: None,
                });
            }
            A::PlayWhenLoaded(on) => self.autoplay = on,
            A::ParamsDescribed { outline, text } => {
                if let Some(n) = self.notice.as_mut() {
                    if let Some(rest) = n.text.strip_prefix(outline.as_str()) {
                        n.text = format!("{text}{rest}");
                    }
                }
            }
            A::ScriptLoaded { name, result } => {
                self.awaiting_script = false;
                let loaded = self.replayable(result, &name);
                let play = self.autoplay || self.pg.playing();
                // The last script's error no longer holds once another runs; a bad
                // attribute's, shown in the same place, still does.
                let previous = self.script_error.take();
                let stale = previous.is_some()
                    && self.notice.as_ref().map(|n| &n.text) == previous.as_ref();
                self.script_error = loaded.as_ref().err().cloned();
                if self.show(Place::Top, loaded) {
                    if stale {
                        self.notice = None;
                    }
                    self.pg.set_playing(play);
                }
            }
            A::LessonFetched { name, result } => match result {
                Ok(script) => {
                    self.scripts.insert(name, script);
                    self.describe_preset();
                }
                Err(why) => {
                    let text = fill(self.text().lesson_unavailable, &[("why", why)]);
                    self.say(Place::Top, true, text);
                }
            },
            A::Share => {
                let link = share_link(self);
                self.share_link = Some(link.clone());
                return Some(Effect::CopyLink(link));
            }
            A::Export => return Some(Effect::Export(pg.recording())),
            A::SetControls(controls) => {
                self.frame.controls = controls;
                return self.describe_preset();
            }
            A::SetLang(lang) => return self.set_lang(lang),
            A::ToggleLang => return self.set_lang(self.lang.other()),
            A::SetTheme(theme) => self.theme = theme,
            A::CycleTheme => {
                self.theme = match self.theme {
                    Theme::Auto => Theme::Dark,
                    Theme::Dark => Theme::Light,
                    Theme::Light => Theme::Auto,
                }
            }
            A::ToggleHelp => self.help = !self.help,
            A::Chapter(i) => {
                if let Some(name) = model::TOUR.get(i) {
                    return self.apply(A::LoadPreset(Some(name.to_string())));
                }
            }
            A::LeaveTour => {
                self.touring = false;
                pg.leave_captions();
                pg.set_playing(true);
            }
            A::Escape => {
                self.help = false;
                self.inspected = None;
                pg.select(None);
            }
            A::DismissNotice => self.notice = None,
            A::Notify(notice) => self.notice = Some(notice),
        }
        None
    }

    /// The question that explains what is picked (a message, a node), if anything is: the
    /// lessons' box under its panel asks it (see [`crate::ui::learn`]).
    pub fn picked(&self) -> Option<String> {
        match (self.inspected_message(), self.pg.selected()) {
            (Some(m), _) => Some(format!("message {}", m.id)),
            (None, Some(n)) => Some(format!("node {n}")),
            _ => None,
        }
    }

    /// The message picked to act on, while it is still in flight.
    pub fn inspected_message(&self) -> Option<&sim::InFlight> {
        let id = self.inspected?;
        self.pg.sim().in_flight().find(|m| m.id == id)
    }

    /// The narration of the events the panel shows, newest first, each written once.
    pub fn narration(&mut self) -> Vec<Told> {
        let len = self.pg.history().len();
        if self.narrated_in != self.lang || len < self.narrated_len || self.narrated.len() > 400 {
            self.narrated.clear();
            self.narrated_in = self.lang;
        }
        self.narrated_len = len;
        let lang = self.lang;
        let mut told = Vec::with_capacity(model::NARRATION_SHOWN);
        for frame in self.pg.recent().take(model::NARRATION_SHOWN) {
            let text = match self.narrated.get(&frame.number) {
                Some(text) => text.clone(),
                None => {
                    let text: Rc<str> = narrate(lang, frame).into();
                    self.narrated.insert(frame.number, text.clone());
                    text
                }
            };
            told.push(Told {
                number: frame.number,
                time: frame.time,
                violation: !frame.violations.is_empty(),
                text,
            });
        }
        told
    }
}

/// One narrated event as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Told {
    /// The event's number.
    pub number: u64,
    /// When it happened, µs.
    pub time: Time,
    /// It broke a safety property.
    pub violation: bool,
    /// What happened.
    pub text: Rc<str>,
}

/// The area an action belongs to, for notices (see [`Page::apply`]).
fn place_of(action: &Action) -> Option<Place> {
    use Action as A;
    Some(match action {
        A::Tick(_)
        | A::Inspect(_)
        | A::ToggleInspect(_)
        | A::Select(_)
        | A::ToggleSelect(_)
        | A::Notify(_) => return None,
        A::TogglePlay
        | A::SetPlaying(_)
        | A::Step(_)
        | A::Back(_)
        | A::NextElection
        | A::NextCommit
        | A::SetSpeed(_)
        | A::SetSpeedMsPerS(_)
        | A::Scrub(_)
        | A::Goto(_)
        | A::ShowAt(_)
        | A::Seek(_) => Place::Transport,
        A::ToggleCrash(_)
        | A::Timeout(_)
        | A::ToggleIsolation(_)
        | A::ClientRequest
        | A::Change(_)
        | A::Transfer(_)
        | A::AddServer
        | A::DropMessage(_)
        | A::DeliverMessage(_)
        | A::DuplicateMessage(_)
        | A::ToggleLink(..)
        | A::PartitionMinority
        | A::PartitionMajority
        | A::Heal => Place::Cluster,
        A::SetLoss(_)
        | A::SetLatency(..)
        | A::SetElection(..)
        | A::SetHeartbeat(_)
        | A::SetPreVote(_)
        | A::SetCheckQuorum(_)
        | A::NewRun
        | A::SetNodes(_)
        | A::SetSeed(_) => Place::Settings,
        A::Start(_)
        | A::LoadPreset(_)
        | A::PresetFetched { .. }
        | A::Replay(_)
        | A::Chapter(_)
        | A::LeaveTour => Place::Top,
        A::Opened { .. } | A::Share | A::Export => Place::Files,
        A::LessonFetched { .. }
        | A::RunScript { .. }
        | A::FetchScript(_)
        | A::ScriptLoaded { .. }
        | A::PlayWhenLoaded(_)
        | A::ParamsDescribed { .. }
        | A::SetControls(_)
        | A::SetLang(_)
        | A::ToggleLang
        | A::SetTheme(_)
        | A::CycleTheme
        | A::ToggleHelp
        | A::Escape
        | A::DismissNotice => return None,
    })
}

/// The action a key asks for, as the keyboard help lists them. `selected` is the node the
/// node keys act on.
pub fn key_action(key: &str, shift: bool, selected: Option<NodeId>) -> Option<Action> {
    let times = if shift { 10 } else { 1 };
    Some(match key {
        " " => Action::TogglePlay,
        "ArrowRight" => Action::Step(times),
        "ArrowLeft" => Action::Back(times),
        "n" => Action::NextElection,
        "c" => Action::NextCommit,
        "?" => Action::ToggleHelp,
        "Escape" => Action::Escape,
        "l" => Action::ToggleLang,
        "d" => Action::CycleTheme,
        "h" => Action::Heal,
        "r" => Action::ClientRequest,
        "x" => Action::ToggleCrash(selected?),
        "t" => Action::Timeout(selected?),
        "i" => Action::ToggleIsolation(selected?),
        digit if digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() => {
            match u32::from(digit.as_bytes()[0] - b'0') {
                0 => Action::Select(None),
                n => Action::ToggleSelect(n),
            }
        }
        _ => return None,
    })
}

/// What the URL (or an element's attributes) asks for, as actions: the run, its speed and
/// settings, a shared link's actions and moment, and whether to play.
pub fn start_actions(p: &Params, autoplay_given: bool) -> Vec<Action> {
    let mut actions = vec![Action::SetTheme(p.theme)];
    if let Some(lang) = p.lang {
        actions.push(Action::SetLang(lang));
    }
    // A script of the link's own (or the element's) wins over a preset; a fresh run stands
    // still on screen until it arrives.
    let script = p.script.is_some() || p.src.is_some();
    match &p.scenario {
        Some(name) if !script => actions.push(Action::LoadPreset(Some(name.clone()))),
        _ => {
            let seed = p.seed.unwrap_or_else(crate::seed::fresh);
            let mut config = sim::SimConfig::new(p.nodes, seed);
            p.apply_to(&mut config);
            actions.push(Action::Start(Settings::of(&config)));
        }
    }
    if let Some(speed) = p.speed {
        actions.push(Action::SetSpeedMsPerS(speed));
    }
    if let Some(ppm) = p.loss_ppm() {
        actions.push(Action::SetLoss(ppm));
    }
    if let Some(text) = &p.script {
        actions.push(Action::RunScript {
            name: "script".into(),
            text: text.clone(),
        });
    } else if let Some(src) = &p.src {
        actions.push(Action::FetchScript(src.clone()));
    }
    if !p.actions.is_empty() {
        actions.push(Action::Replay(
            p.actions
                .iter()
                .map(|a| (a.frame, a.time_us, a.input.clone()))
                .collect(),
        ));
    }
    match p.at_us {
        // A share link opens at the moment it was made, paused unless told to play.
        Some(t) => {
            actions.push(Action::ShowAt(t));
            if autoplay_given && p.autoplay {
                actions.push(Action::SetPlaying(true));
            }
        }
        // The full page comes alive at once and an embedded one waits, unless told otherwise;
        // a lesson waits for its reader.
        None => {
            let lesson = p.scenario.is_some() || script;
            // With controls to press, a lesson and an embedded playground wait for their
            // reader; with (almost) none, nothing else could start them.
            let bare = matches!(p.controls, Controls::Minimal | Controls::None);
            let play = if autoplay_given {
                p.autoplay
            } else {
                bare || (!p.embed && !lesson)
            };
            if script {
                actions.push(Action::PlayWhenLoaded(play));
            } else {
                actions.push(Action::SetPlaying(play));
            }
        }
    }
    actions
}

/// A link that replays the exact run, opening at the moment on screen.
fn share_link(page: &Page) -> String {
    let pg = &page.pg;
    let config = pg.sim().config();
    // Only a preset can be named in a link; a script's run is linked as the run it is.
    let loaded = pg
        .loaded()
        .and_then(|l| l.name.clone())
        .filter(|n| crate::model::PRESETS.iter().any(|p| p.name == n));
    let params = Params {
        embed: page.frame.embed,
        scenario: loaded,
        nodes: config.nodes,
        seed: Some(pg.settings().seed),
        speed: Some(pg.speed_ms_per_s()),
        lang: Some(page.lang),
        theme: page.theme,
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
        at_us: Some(pg.view_time()),
        version: Some(crate::model::SIM_VERSION.to_string()),
        ..Params::default()
    };
    format!("{}?{}", page.frame.base_url, params::encode(&params))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A preset's run that could not be fetched says which and why at the top, and the page
    /// is held no longer; one that arrived opens.
    #[test]
    fn a_fetched_preset_opens_and_a_failed_one_says_why() {
        let mut p = page();
        p.held = true;
        p.apply(Action::PresetFetched {
            name: "figure-8".into(),
            text: Err("presets/figure-8.rec: HTTP 404".into()),
        });
        assert!(!p.held);
        let notice = p.notice.clone().expect("a notice");
        assert_eq!(notice.place, Place::Top);
        assert!(
            notice.error && notice.text.contains("figure-8") && notice.text.contains("HTTP 404")
        );
        let run = model::Playground::preset("election")
            .and_then(Result::ok)
            .map(|pg| pg.recording())
            .expect("carried natively");
        p.held = true;
        p.apply(Action::PresetFetched {
            name: "election".into(),
            text: Ok(run),
        });
        assert!(!p.held);
        assert_eq!(
            p.pg.loaded().and_then(|l| l.name.as_deref()),
            Some("election")
        );
    }

    fn page() -> Page {
        let mut page = Page::new(
            Frame {
                controls: Controls::Full,
                embed: false,
                base_url: "http://x/y/".into(),
            },
            Lang::En,
        );
        page.apply(Action::Start(Settings::new(1)));
        page
    }

    /// Without a leader, a change or a transfer from the node's menu says why nothing happens
    /// and records nothing; with one, it is the leader's input, and "Add server" is two.
    #[test]
    fn membership_actions_need_a_leader() {
        let mut p = page();
        assert!(p.pg.current_leader().is_none(), "time 0: nobody leads yet");
        for action in [
            Action::Change(sim::raft::Change::Remove(2)),
            Action::Transfer(2),
        ] {
            let before = p.pg.history().len();
            p.apply(action);
            assert_eq!(p.pg.history().len(), before, "nothing recorded");
            let notice = p.notice.clone().expect("a notice says why");
            assert!(notice.text.contains("No server leads"), "{}", notice.text);
        }
        for _ in 0..10_000 {
            if p.pg.current_leader().is_some() {
                break;
            }
            p.apply(Action::Step(1));
        }
        assert!(p.pg.current_leader().is_some());
        let before = p.pg.history().len();
        p.apply(Action::AddServer);
        assert_eq!(p.pg.sim().size(), 6);
        assert_eq!(
            p.pg.history().len(),
            before + 2,
            "the server joins, the leader adds it"
        );
        p.apply(Action::Change(sim::raft::Change::Remove(6)));
        assert_eq!(p.pg.history().len(), before + 3);
    }

    #[test]
    fn every_key_in_the_help_is_an_action() {
        assert_eq!(key_action(" ", false, None), Some(Action::TogglePlay));
        assert_eq!(key_action("ArrowLeft", true, None), Some(Action::Back(10)));
        assert_eq!(
            key_action("x", false, Some(3)),
            Some(Action::ToggleCrash(3))
        );
        assert_eq!(key_action("x", false, None), None, "no node selected");
        assert_eq!(key_action("4", false, None), Some(Action::ToggleSelect(4)));
        assert_eq!(key_action("q", false, None), None);
        // The keys the help lists all do something.
        for key in [
            " ",
            "ArrowRight",
            "ArrowLeft",
            "n",
            "c",
            "?",
            "l",
            "d",
            "h",
            "r",
        ] {
            assert!(key_action(key, false, Some(1)).is_some(), "{key}");
        }
    }

    #[test]
    fn a_new_notice_replaces_the_old_one_and_sits_where_it_was_caused() {
        let mut p = page();
        p.apply(Action::SetSeed("abc".into()));
        let first = p.notice.clone().unwrap();
        assert_eq!((first.place, first.error), (Place::Settings, true));
        p.apply(Action::SetSeed("def".into()));
        assert!(p.notice.as_ref().unwrap().text.contains("def"));
        p.apply(Action::SetSeed("7".into()));
        assert_eq!(p.notice, None, "a setting that worked clears its error");
        p.apply(Action::NextCommit);
        let n = p.notice.clone().unwrap();
        assert_eq!((n.place, n.error), (Place::Transport, false));
    }

    fn script(name: &str) -> String {
        let path = format!("{}/../scenarios/{name}.raft", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(path).unwrap()
    }

    fn description(p: &Page) -> String {
        p.pg.loaded().unwrap().description_in(p.lang).to_string()
    }

    #[test]
    fn a_lesson_is_described_once_its_script_arrives_and_at_once_the_next_time() {
        let mut p = page();
        let effect = p.apply(Action::LoadPreset(Some("figure-8".into())));
        assert_eq!(effect, Some(Effect::FetchLesson("figure-8".into())));
        assert_eq!(description(&p), "");
        // The visitor moved on before the script came: it is kept, the lesson on screen is not
        // given another's text.
        assert!(p
            .apply(Action::LoadPreset(Some("election".into())))
            .is_some());
        let fetched = |name: &str| Action::LessonFetched {
            name: name.into(),
            result: Ok(script(name)),
        };
        assert_eq!(p.apply(fetched("figure-8")), None);
        assert_eq!(description(&p), "");
        assert_eq!(p.apply(fetched("election")), None);
        assert!(
            description(&p).starts_with("Leader election"),
            "{}",
            description(&p)
        );
        p.apply(Action::SetLang(Lang::Zh));
        assert!(
            description(&p).starts_with("选举领导者"),
            "{}",
            description(&p)
        );
        assert_eq!(
            p.apply(Action::LoadPreset(Some("figure-8".into()))),
            None,
            "kept"
        );
        assert!(description(&p).contains("图 8"), "{}", description(&p));
        assert_eq!(p.notice, None);
    }

    #[test]
    fn a_lesson_whose_script_cannot_be_fetched_still_plays_and_says_why() {
        let mut p = page();
        p.apply(Action::LoadPreset(Some("split-vote".into())));
        p.apply(Action::LessonFetched {
            name: "split-vote".into(),
            result: Err("scenarios/split-vote.raft: HTTP 404".into()),
        });
        let n = p.notice.clone().unwrap();
        assert_eq!((n.place, n.error), (Place::Top, true));
        assert!(
            n.text.contains("HTTP 404") && n.text.contains("Play"),
            "{}",
            n.text
        );
        assert_eq!(p.pg.loaded().unwrap().name.as_deref(), Some("split-vote"));
        p.apply(Action::Step(3));
        assert_eq!(p.pg.history().position(), 3);
        // Asking again tries again.
        let again = p.apply(Action::LoadPreset(Some("split-vote".into())));
        assert_eq!(again, Some(Effect::FetchLesson("split-vote".into())));
    }

    #[test]
    fn a_script_that_runs_clears_the_last_scripts_error_but_not_a_bad_attributes() {
        let recording = crate::model::PRESETS[0].recording.to_string();
        let mut p = page();
        p.apply(Action::ScriptLoaded {
            name: "script".into(),
            result: Err("script:2:5: unknown word".into()),
        });
        assert!(p
            .notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("2:5")));
        p.apply(Action::ScriptLoaded {
            name: "script".into(),
            result: Ok(recording.clone()),
        });
        assert_eq!(p.notice, None, "the old error went with its script");

        let mut p = page();
        p.apply(Action::Notify(Notice {
            place: Place::Top,
            error: true,
            text: "nodes=12: ...".into(),
        }));
        p.apply(Action::ScriptLoaded {
            name: "script".into(),
            result: Ok(recording),
        });
        assert!(p
            .notice
            .as_ref()
            .is_some_and(|n| n.text.starts_with("nodes=12")));
    }

    #[test]
    fn a_script_given_to_the_page_waits_for_the_tools_module_then_plays_if_asked() {
        let params = Params {
            script: Some("cluster 3\nrun 1s\n".into()),
            controls: Controls::None,
            embed: true,
            ..Params::default()
        };
        let actions = start_actions(&params, false);
        assert!(
            actions.contains(&Action::PlayWhenLoaded(true)),
            "{actions:?}"
        );
        let mut p = page();
        let effects: Vec<_> = actions.into_iter().filter_map(|a| p.apply(a)).collect();
        assert!(
            effects
                .iter()
                .any(|e| matches!(e, Effect::Script { text: Some(_), .. })),
            "{effects:?}"
        );
        assert!(!p.pg.playing(), "nothing plays before the script arrives");
        p.apply(Action::ScriptLoaded {
            name: "script".into(),
            result: Ok(crate::model::PRESETS[0].recording.to_string()),
        });
        assert!(p.pg.playing(), "controls=none plays on its own");
    }

    #[test]
    fn acting_in_the_past_says_what_was_dropped() {
        let mut p = page();
        p.apply(Action::Step(40));
        p.apply(Action::Goto(10));
        p.apply(Action::ToggleCrash(1));
        let n = p.notice.clone().unwrap();
        assert_eq!(
            n.text,
            "You acted at event #10: the 30 events recorded after it were dropped, and the run goes on from here."
        );
    }

    #[test]
    fn a_share_link_opens_paused_at_its_moment() {
        let mut p = page();
        p.apply(Action::Step(25));
        p.apply(Action::Heal);
        p.apply(Action::Step(5));
        let Some(Effect::CopyLink(link)) = p.apply(Action::Share) else {
            panic!("no link");
        };
        let query = link.split_once('?').unwrap().1;
        let (params, errors) = params::parse(query, &model::preset_names());
        assert!(errors.is_empty(), "{errors:?}");
        let mut q = page();
        for action in start_actions(&params, false) {
            q.apply(action);
        }
        assert!(!q.pg.playing());
        assert_eq!(q.pg.view_time(), p.pg.view_time());
        assert_eq!(q.pg.history().position(), p.pg.history().position());
        assert!(q.pg.sim() == p.pg.sim());
    }

    #[test]
    fn the_narration_is_there_after_a_click_on_the_timeline() {
        let mut p = page();
        p.apply(Action::SetSpeed(model::SPEEDS.len() - 1));
        p.apply(Action::SetPlaying(true));
        for _ in 0..300 {
            p.apply(Action::Tick(16.0));
        }
        p.apply(Action::SetPlaying(false));
        let end = p.pg.timeline().end;
        for fraction in [0.2, 0.6, 0.95] {
            p.apply(Action::Scrub(end * fraction));
            let told = p.narration();
            assert_eq!(told.len(), model::NARRATION_SHOWN, "at {fraction}");
            assert_eq!(told[0].number, p.pg.history().position());
        }
    }
}
