//! A run reduced to what replays it: the settings, the nodes' state at the start, every
//! input at its event and time, and where the run ended — plus what a script said about it.
//!
//! The simulator is deterministic, so these rebuild the whole [`History`] exactly
//! ([`Recording::replay`]). A recording is a few hundred bytes of text where a trace is
//! megabytes of JSON; the page receives runs made elsewhere (a script run, an imported trace)
//! as recordings and replays them itself.
//!
//! # The text format
//!
//! Printable ASCII, one item a line, each line ending in a newline (`\r\n` is read too).
//! The `leader-crash` preset, with its `about` and some `check`s cut short here:
//!
//! ```text
//! raft-recording 1
//! about A leader crashes (Raft paper, sections 5.2 and 5.5).%0A%0AFollowers that stop hearing
//! config nodes=5 seed=2 election=150-300 heartbeat=50 latency=10-15 prevote=0 checkquorum=0 noop=1 batch=64
//! run 12.199614kset x 1_21.53319c2_15.190449kset x 2_27.101899r2_n4
//! check 11 11 1
//! check 14 32 1
//! check 32 82 1
//! end 82 593338
//! ```
//!
//! A node with a preloaded log, and a script that stopped early, add lines such as
//!
//! ```text
//! log 2 term=3 vote=1 1 1:set%20x%201 3:
//! fail split.raft:12: expect failed: leader: wanted node 4, got no leader
//! ```
//!
//! | line | what | |
//! |---|---|---|
//! | `raft-recording 1` | the format and its version | first, required |
//! | `about TEXT` | what the scenario teaches | at most one |
//! | `config nodes=N seed=S election=MIN-MAX heartbeat=MS latency=MIN-MAX prevote=0\|1 checkquorum=0\|1 noop=0\|1 batch=B` | the [`SimConfig`], every field in this order (ms) | required |
//! | `log NODE term=T vote=V ENTRY…` | a node's persistent state at the start: its current term, its vote (`-` for none) and its log, index 1 first; an entry is `TERM` (a no-op) or `TERM:TEXT` (a command) | one per preloaded node |
//! | `run RUN` | every input: the [`actions`] format | required |
//! | `check LINE EVENT 0\|1` | a script's `expect` on LINE, checked at EVENT, failed or held | any number |
//! | `fail TEXT` | why the script stopped early | at most one |
//! | `end EVENT MICROS` | the last event and the clock at the end of the run | required, last |
//!
//! The lines come in the order of the table, single spaces between fields. TEXT (in `about`,
//! `fail`, `run` and a log entry) is written with `%XX` (two hex digits) for each byte of its
//! UTF-8 that is not printable ASCII, for `%` itself, and for a space at either end of the
//! text (every space, in a log entry).
//!
//! As `end` is last and every line ends in a newline, a recording cut short is an error,
//! never a shorter run. Reading never panics: a bad recording gives a [`RecordingError`]
//! naming the line and what is wrong with it. It also checks what the simulator would not:
//! the settings pass [`SimConfig::validate`], a `log` names a node of the cluster and so does
//! its vote, its terms are 1 to [`MAX_TERM`] and never decrease, its current term is at least
//! the last entry's, and no action sets a latency past an hour.

use std::fmt::{self, Write as _};

use raft::{Entry, Log, NodeId, Payload, PersistentState, Time};

use crate::actions::{self, Action};
use crate::history::History;
use crate::scenario::{self, ParseError, MAX_TERM};
use crate::{Input, SimConfig, Simulation, MICROS_PER_MS};

/// The format version [`Recording::encode`] writes and [`Recording::decode`] reads.
pub const VERSION: u32 = 1;

/// What the first line starts with.
const MAGIC: &str = "raft-recording";

/// The longest duration a setting may have, in ms (as [`SimConfig::validate`] allows).
const LONGEST_MS: u64 = 3_600_000;

/// A run reduced to what replays it (see the module's docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recording {
    /// The settings the run started with.
    pub config: SimConfig,
    /// The nodes' persistent state at the start (preloaded logs), as
    /// [`Simulation::with_logs`] takes it; nodes not listed start empty.
    pub preload: Vec<(NodeId, PersistentState)>,
    /// Every input, at its event number and time.
    pub actions: Vec<Action>,
    /// The last event number and the clock at the end of the run, µs.
    pub end: (u64, Time),
    /// What the scenario teaches (may be empty).
    pub about: String,
    /// A script's `expect`s: the line, the event it was checked at, whether it held.
    pub checkpoints: Vec<(u32, u64, bool)>,
    /// Why a script stopped early.
    pub failure: Option<String>,
}

/// Why a recording could not be read or replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingError {
    /// The line of the text (from 1) where reading stopped; `None` for a replay.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl RecordingError {
    fn at(line: usize, message: String) -> Self {
        RecordingError {
            line: Some(line),
            message,
        }
    }

    fn replay(message: String) -> Self {
        RecordingError {
            line: None,
            message,
        }
    }
}

impl fmt::Display for RecordingError {
    /// `line N: message`, or the message alone for a replay.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for RecordingError {}

impl Recording {
    /// The run `history` holds, from its start to its end (wherever its position is), with
    /// `about`, `checkpoints` and `failure` empty.
    ///
    /// `history` must start from a fresh simulation, event 0 at time 0 (as every history a
    /// script, a trace or the page builds does): the start is recorded as its settings and
    /// the nodes' persistent state. The clock at the end is the current one when the
    /// position is at the end, else the time of the last event.
    pub fn of(history: &History) -> Recording {
        let start = history.start();
        let preload = (1..=start.size() as NodeId)
            .filter_map(|id| {
                let state = start.node(id)?.persistent();
                (*state != PersistentState::default()).then(|| (id, state.clone()))
            })
            .collect();
        let end_clock = if history.at_end() {
            history.current().now().max(history.end_time())
        } else {
            history.end_time()
        };
        Recording {
            config: start.config().clone(),
            preload,
            actions: Action::from_history(history),
            end: (history.len(), end_clock),
            about: String::new(),
            checkpoints: Vec::new(),
            failure: None,
        }
    }

    /// Parses and runs a script, as the page runs a preset: the run it made, what its opening
    /// comment says ([`scenario::description`]), its `expect`s and its failure if it stopped
    /// early. `file` names the script in messages.
    pub fn from_script(text: &str, file: &str) -> Result<Recording, ParseError> {
        let script = scenario::parse(text, file)?;
        let report = scenario::run(&script, file, &mut |_| {});
        Ok(Recording {
            about: scenario::description(text),
            checkpoints: report.checkpoints,
            failure: report.failure.map(|f| f.to_string()),
            ..Recording::of(&report.history)
        })
    }

    /// Rebuilds the run: the cluster from the settings and preloaded state, every action at
    /// its event and time, then events up to the last one, and the clock set to the end. The
    /// history is left at its end.
    pub fn replay(&self) -> Result<History, RecordingError> {
        let sim = Simulation::with_logs(self.config.clone(), self.preload.clone())
            .map_err(|e| RecordingError::replay(format!("the cluster cannot be built: {e}")))?;
        let mut history = History::new(sim);
        actions::replay(&mut history, &self.actions)
            .map_err(|e| RecordingError::replay(format!("the run does not replay: {e}")))?;
        let (last, clock) = self.end;
        if history.position() > last {
            return Err(RecordingError::replay(format!(
                "the run ends at event {last}, before its last action (event {})",
                history.position()
            )));
        }
        while history.position() < last {
            if history.step().is_none() {
                return Err(RecordingError::replay(format!(
                    "the simulation has nothing left to do after event {}, but the run ends at \
                     event {last}",
                    history.position()
                )));
            }
        }
        let now = history.current().now();
        if now > clock {
            return Err(RecordingError::replay(format!(
                "event {last} happens at {now} µs, after the end of the run ({clock} µs)"
            )));
        }
        history.set_clock(clock);
        Ok(history)
    }

    /// The recording as text (see the module's docs); [`Recording::decode`] reads it back.
    pub fn encode(&self) -> String {
        let mut out = format!("{MAGIC} {VERSION}\n");
        if !self.about.is_empty() {
            out.push_str("about ");
            escape(&mut out, &self.about, false);
            out.push('\n');
        }
        let c = &self.config;
        let bit = |on: bool| u8::from(on);
        let _ = writeln!(
            out,
            "config nodes={} seed={} election={}-{} heartbeat={} latency={}-{} prevote={} \
             checkquorum={} noop={} batch={}",
            c.nodes,
            c.seed,
            c.election_ms.0,
            c.election_ms.1,
            c.heartbeat_ms,
            c.latency_ms.0,
            c.latency_ms.1,
            bit(c.pre_vote),
            bit(c.check_quorum),
            bit(c.noop),
            c.batch
        );
        for (node, state) in &self.preload {
            let _ = write!(out, "log {node} term={} vote=", state.current_term);
            match state.voted_for {
                Some(v) => {
                    let _ = write!(out, "{v}");
                }
                None => out.push('-'),
            }
            for entry in state.log.entries() {
                let _ = write!(out, " {}", entry.term);
                if let Payload::Command(text) = &entry.payload {
                    out.push(':');
                    escape(&mut out, text, true);
                }
            }
            out.push('\n');
        }
        out.push_str("run ");
        escape(&mut out, &actions::encode_run(&self.actions), false);
        out.push('\n');
        for (line, event, held) in &self.checkpoints {
            let _ = writeln!(out, "check {line} {event} {}", u8::from(*held));
        }
        if let Some(failure) = &self.failure {
            out.push_str("fail ");
            escape(&mut out, failure, false);
            out.push('\n');
        }
        let _ = writeln!(out, "end {} {}", self.end.0, self.end.1);
        out
    }

    /// Reads a recording written by [`Recording::encode`]. Anything else (another version, a
    /// recording cut short or edited into nonsense, random bytes) is an error naming the line
    /// and what is wrong; this never panics.
    pub fn decode(text: &str) -> Result<Recording, RecordingError> {
        Reader::default().read(text)
    }
}

/// The kinds of line, in the order they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    About,
    Config,
    Log,
    Run,
    Check,
    Fail,
    End,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::About,
        Kind::Config,
        Kind::Log,
        Kind::Run,
        Kind::Check,
        Kind::Fail,
        Kind::End,
    ];

    fn word(self) -> &'static str {
        match self {
            Kind::About => "about",
            Kind::Config => "config",
            Kind::Log => "log",
            Kind::Run => "run",
            Kind::Check => "check",
            Kind::Fail => "fail",
            Kind::End => "end",
        }
    }

    /// Whether a recording may hold more than one line of this kind.
    fn repeats(self) -> bool {
        matches!(self, Kind::Log | Kind::Check)
    }
}

/// What has been read so far.
#[derive(Default)]
struct Reader {
    config: Option<SimConfig>,
    preload: Vec<(NodeId, PersistentState)>,
    actions: Option<Vec<Action>>,
    end: Option<(u64, Time)>,
    about: Option<String>,
    checkpoints: Vec<(u32, u64, bool)>,
    failure: Option<String>,
    last: Option<Kind>,
}

impl Reader {
    fn read(mut self, text: &str) -> Result<Recording, RecordingError> {
        if text.is_empty() {
            return Err(RecordingError::at(1, "the recording is empty".to_string()));
        }
        // Every line ends in a newline: what follows the last one is empty, or a line cut.
        let mut lines: Vec<&str> = text.split('\n').collect();
        let tail = lines.pop().unwrap_or_default();
        if !tail.is_empty() {
            return Err(RecordingError::at(
                lines.len() + 1,
                "the line has no newline at its end, so the recording was probably cut short"
                    .to_string(),
            ));
        }
        for (i, line) in lines.iter().enumerate() {
            let n = i + 1;
            let line: &str = line.strip_suffix('\r').unwrap_or(line);
            let at = |message: String| RecordingError::at(n, message);
            if let Some((col, c)) = line
                .char_indices()
                .find(|&(_, c)| !(' '..='~').contains(&c))
            {
                return Err(at(format!(
                    "{} at column {} is not printable ASCII (a recording writes such \
                     characters in its text as %XX)",
                    char_name(c),
                    line[..col].chars().count() + 1
                )));
            }
            if n == 1 {
                read_version(line).map_err(at)?;
                continue;
            }
            if self.end.is_some() {
                if line.is_empty() {
                    continue;
                }
                return Err(at(
                    "nothing may follow the `end` line, which ends a recording".to_string(),
                ));
            }
            self.line(line).map_err(at)?;
        }
        let missing = |kind: Kind| {
            RecordingError::at(
                lines.len().max(1),
                format!(
                    "the recording has no `{}` line, so it was probably cut short",
                    kind.word()
                ),
            )
        };
        let end = self.end.ok_or_else(|| missing(Kind::End))?;
        // `end` is only accepted after `config` and `run` (see `line`).
        let (Some(config), Some(actions)) = (self.config, self.actions) else {
            return Err(missing(Kind::Run));
        };
        Ok(Recording {
            config,
            preload: self.preload,
            actions,
            end,
            about: self.about.unwrap_or_default(),
            checkpoints: self.checkpoints,
            failure: self.failure,
        })
    }

    /// Reads one line after the first.
    fn line(&mut self, line: &str) -> Result<(), String> {
        if line.is_empty() {
            return Err("the line is empty".to_string());
        }
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let kind = Kind::ALL
            .into_iter()
            .find(|k| k.word() == word)
            .ok_or_else(|| {
                format!(
                    "`{}` is not a kind of line (they are {})",
                    shorten(word),
                    Kind::ALL.map(Kind::word).join(", ")
                )
            })?;
        if let Some(last) = self.last {
            if kind < last || (kind == last && !kind.repeats()) {
                let what = if kind == last {
                    format!("a second `{}` line", kind.word())
                } else {
                    format!("a `{}` line after `{}`", kind.word(), last.word())
                };
                return Err(format!(
                    "{what}: a recording holds its lines in the order {}, with `log` and \
                     `check` the only ones repeated",
                    Kind::ALL.map(Kind::word).join(", ")
                ));
            }
        }
        let need = |what: Kind, before: Kind| {
            format!(
                "a `{}` line must come before `{}`",
                what.word(),
                before.word()
            )
        };
        if kind > Kind::Config && self.config.is_none() {
            return Err(need(Kind::Config, kind));
        }
        if kind > Kind::Run && self.actions.is_none() {
            return Err(need(Kind::Run, kind));
        }
        self.last = Some(kind);
        match kind {
            Kind::About => self.about = Some(unescape(rest)?),
            Kind::Config => self.config = Some(read_config(rest)?),
            Kind::Log => {
                let nodes = self.config.as_ref().map_or(0, |c| c.nodes);
                let (node, state) = read_log(rest, nodes)?;
                if self.preload.iter().any(|(n, _)| *n == node) {
                    return Err(format!("node {node} already has a `log` line"));
                }
                self.preload.push((node, state));
            }
            Kind::Run => {
                let run = unescape(rest)?;
                let (actions, error) = actions::parse_run(&run);
                if let Some(e) = error {
                    return Err(format!("the run is not valid: {e}"));
                }
                // The simulator takes any latency; one past an hour overflows its clock.
                let longest = LONGEST_MS * MICROS_PER_MS;
                if let Some((i, max)) =
                    actions.iter().enumerate().find_map(|(i, a)| match a.input {
                        Input::Latency(_, max) if max > longest => Some((i, max)),
                        _ => None,
                    })
                {
                    return Err(format!(
                        "the run is not valid: action {} sets a latency of up to {max} µs, more \
                         than an hour ({longest} µs)",
                        i + 1
                    ));
                }
                self.actions = Some(actions);
            }
            Kind::Check => {
                let [line, event, held] = fields(rest, "check LINE EVENT 0|1")?;
                let line = number(line, "the script line")?;
                let line = u32::try_from(line)
                    .map_err(|_| format!("the script line {line} is too large"))?;
                let event = number(event, "the event")?;
                self.checkpoints
                    .push((line, event, bit(held, "the outcome")?));
            }
            Kind::Fail => self.failure = Some(unescape(rest)?),
            Kind::End => {
                let [event, time] = fields(rest, "end EVENT MICROS")?;
                let event = number(event, "the last event")?;
                let time = number(time, "the time at the end")?;
                let last = self.actions.as_ref().and_then(|a| a.last());
                if let Some(a) = last.filter(|a| a.frame > event) {
                    return Err(format!(
                        "the run ends at event {event}, before its last action (event {})",
                        a.frame
                    ));
                }
                self.end = Some((event, time));
            }
        }
        Ok(())
    }
}

fn read_version(line: &str) -> Result<(), String> {
    let expected = format!("{MAGIC} {VERSION}");
    if line == expected {
        return Ok(());
    }
    match line.strip_prefix(MAGIC).and_then(|r| r.strip_prefix(' ')) {
        Some(version) => Err(format!(
            "recording version `{}` cannot be read here (this reads version {VERSION})",
            shorten(version)
        )),
        None => Err(format!(
            "not a recording: the first line should be `{expected}`"
        )),
    }
}

fn read_config(rest: &str) -> Result<SimConfig, String> {
    const FORM: &str = "config nodes=N seed=S election=MIN-MAX heartbeat=MS latency=MIN-MAX \
                        prevote=0|1 checkquorum=0|1 noop=0|1 batch=B";
    const NAMES: [&str; 9] = [
        "nodes",
        "seed",
        "election",
        "heartbeat",
        "latency",
        "prevote",
        "checkquorum",
        "noop",
        "batch",
    ];
    let fields: [&str; 9] = fields(rest, FORM)?;
    let mut values = [""; 9];
    for ((name, field), value) in NAMES.iter().zip(fields).zip(&mut values) {
        *value = field
            .strip_prefix(name)
            .and_then(|v| v.strip_prefix('='))
            .ok_or_else(|| {
                format!(
                    "expected `{name}=` where it says `{}` (the form is `{FORM}`)",
                    shorten(field)
                )
            })?;
    }
    let [nodes, seed, election, heartbeat, latency, prevote, checkquorum, noop, batch] = values;
    let range = |value: &str, what: &str| -> Result<(u64, u64), String> {
        let (a, b) = value
            .split_once('-')
            .ok_or_else(|| format!("{what} should be MIN-MAX, not `{}`", shorten(value)))?;
        Ok((number(a, what)?, number(b, what)?))
    };
    let size = |value: &str, what: &str| -> Result<usize, String> {
        let n = number(value, what)?;
        usize::try_from(n).map_err(|_| format!("{what} {n} is too large"))
    };
    let config = SimConfig {
        nodes: size(nodes, "the node count")?,
        seed: number(seed, "the seed")?,
        election_ms: range(election, "the election range")?,
        heartbeat_ms: number(heartbeat, "the heartbeat")?,
        latency_ms: range(latency, "the latency range")?,
        pre_vote: bit(prevote, "prevote")?,
        check_quorum: bit(checkquorum, "checkquorum")?,
        noop: bit(noop, "noop")?,
        batch: size(batch, "the batch size")?,
    };
    config
        .validate()
        .map_err(|e| format!("the settings cannot run: {e}"))?;
    Ok(config)
}

/// `NODE term=T vote=V ENTRY…` for a cluster of `nodes`.
fn read_log(rest: &str, nodes: usize) -> Result<(NodeId, PersistentState), String> {
    const FORM: &str = "log NODE term=T vote=V|- ENTRY… (an entry is TERM or TERM:TEXT)";
    let mut words = rest.split(' ');
    let mut next = |what: &str| {
        words
            .next()
            .filter(|w| !w.is_empty())
            .ok_or_else(|| format!("expected {what} (the form is `{FORM}`)"))
    };
    let member = |value: &str, what: &str| -> Result<NodeId, String> {
        let n = number(value, what)?;
        match NodeId::try_from(n) {
            Ok(id) if (1..=nodes as u64).contains(&n) => Ok(id),
            _ => Err(format!(
                "{what} is {n}, but the cluster's nodes are 1 to {nodes}"
            )),
        }
    };
    let node = member(next("the node")?, "the node")?;
    let term = next("`term=`")?;
    let term = term
        .strip_prefix("term=")
        .ok_or_else(|| format!("expected `term=` (the form is `{FORM}`)"))?;
    let current_term = number(term, "the term")?;
    let vote = next("`vote=`")?;
    let vote = vote
        .strip_prefix("vote=")
        .ok_or_else(|| format!("expected `vote=` (the form is `{FORM}`)"))?;
    let voted_for = match vote {
        "-" => None,
        v => Some(member(v, "the vote")?),
    };
    let mut entries = Vec::new();
    for (i, word) in words.enumerate() {
        let what = format!("entry {}", i + 1);
        let (term, text) = match word.split_once(':') {
            Some((term, text)) => (term, Some(text)),
            None => (word, None),
        };
        let term = number(term, &format!("the term of {what}"))?;
        let previous = entries.last().map_or(1, |e: &Entry| e.term);
        if !(previous..=MAX_TERM).contains(&term) {
            return Err(format!(
                "the term of {what} is {term}: terms are {previous} (the term before it) to \
                 {MAX_TERM}"
            ));
        }
        let payload = match text {
            None => Payload::Noop,
            Some(text) => Payload::command(&unescape(text).map_err(|e| format!("{what}: {e}"))?),
        };
        entries.push(Entry { term, payload });
    }
    let last = entries.last().map_or(0, |e| e.term);
    if !(last..=MAX_TERM).contains(&current_term) {
        return Err(format!(
            "the term is {current_term}: it is at least the last entry's ({last}) and at most \
             {MAX_TERM}"
        ));
    }
    let state = PersistentState {
        current_term,
        voted_for,
        log: Log::from_entries(entries),
    };
    Ok((node, state))
}

/// Exactly `N` fields separated by single spaces.
fn fields<'a, const N: usize>(rest: &'a str, form: &str) -> Result<[&'a str; N], String> {
    let words: Vec<&str> = rest.split(' ').collect();
    let count = if rest.is_empty() { 0 } else { words.len() };
    <[&str; N]>::try_from(words)
        .ok()
        .filter(|w| w.iter().all(|w| !w.is_empty()))
        .ok_or_else(|| {
            format!(
                "expected {N} fields separated by single spaces, found {count} (the form is \
                 `{form}`)"
            )
        })
}

/// A whole number in decimal.
fn number(value: &str, what: &str) -> Result<u64, String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{what} should be a whole number, not `{}`",
            shorten(value)
        ));
    }
    value
        .parse()
        .map_err(|_| format!("{what} {} is too large", shorten(value)))
}

fn bit(value: &str, what: &str) -> Result<bool, String> {
    match value {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(format!("{what} should be 1 or 0, not `{}`", shorten(value))),
    }
}

/// Appends `text` with `%XX` for every byte that is not printable ASCII, for `%`, and for a
/// space at either end (every space when `spaces`).
fn escape(out: &mut String, text: &str, spaces: bool) {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let edge = i == 0 || i + 1 == bytes.len();
        let plain = match b {
            b' ' => !spaces && !edge,
            b'%' => false,
            b => (b'!'..=b'~').contains(&b),
        };
        if plain {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Reads text written by [`escape`]: each `%XX` is that byte, and the bytes must be UTF-8.
fn unescape(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = bytes.get(i + 1..i + 3).unwrap_or(&bytes[i + 1..]);
        let byte = std::str::from_utf8(hex)
            .ok()
            .filter(|h| h.len() == 2 && h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match byte {
            Some(b) => out.push(b),
            None => {
                return Err(format!(
                    "`%{}` in the text is not an escape (`%` is followed by two hex digits)",
                    String::from_utf8_lossy(hex)
                ))
            }
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| "the text, unescaped, is not UTF-8".to_string())
}

/// `text` for a message: at most 32 characters.
fn shorten(text: &str) -> String {
    const MAX: usize = 32;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(MAX - 1).collect();
        s.push('…');
        s
    }
}

/// A character for a message: as itself when printable, else its code point.
fn char_name(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Recording {
        Recording {
            config: SimConfig::new(3, 9),
            preload: vec![(
                2,
                PersistentState {
                    current_term: 3,
                    voted_for: Some(1),
                    log: Log::from_entries(vec![
                        Entry::noop(1),
                        Entry {
                            term: 1,
                            payload: Payload::command("set x 1"),
                        },
                        Entry {
                            term: 3,
                            payload: Payload::command(""),
                        },
                    ]),
                },
            )],
            actions: vec![
                Action {
                    frame: 3,
                    time_us: 215_000,
                    input: Input::Crash(2),
                },
                Action {
                    frame: 4,
                    time_us: 215_000,
                    input: Input::Client("a_b\nc% é".into()),
                },
            ],
            end: (10, 300_000),
            about: " Hi,\nthere ".into(),
            checkpoints: vec![(5, 3, true), (7, 10, false)],
            failure: Some("x.raft:7: no".into()),
        }
    }

    const SAMPLE: &str = "raft-recording 1
about %20Hi,%0Athere%20
config nodes=3 seed=9 election=150-300 heartbeat=50 latency=10-15 prevote=0 checkquorum=0 noop=1 batch=64
log 2 term=3 vote=1 1 1:set%20x%201 3:
run 3.215000c2_1.0ka~5Fb%0Ac%25 %C3%A9_n2
check 5 3 1
check 7 10 0
fail x.raft:7: no
end 10 300000
";

    #[test]
    fn the_format_is_as_documented() {
        assert_eq!(sample().encode(), SAMPLE);
        assert_eq!(Recording::decode(SAMPLE), Ok(sample()));
        let bare = Recording {
            preload: Vec::new(),
            actions: Vec::new(),
            about: String::new(),
            checkpoints: Vec::new(),
            failure: None,
            ..sample()
        };
        let text = bare.encode();
        assert_eq!(
            text,
            "raft-recording 1\nconfig nodes=3 seed=9 election=150-300 heartbeat=50 \
             latency=10-15 prevote=0 checkquorum=0 noop=1 batch=64\nrun n0\nend 10 300000\n"
        );
        assert_eq!(Recording::decode(&text), Ok(bare));
    }

    #[test]
    fn text_escapes_round_trip() {
        for text in [
            "",
            " ",
            "  a  ",
            "%",
            "%25",
            "a b",
            "\n\r\t\u{0}\u{7f}",
            "é键😀",
            "~_:,-",
        ] {
            for spaces in [false, true] {
                let mut out = String::new();
                escape(&mut out, text, spaces);
                assert!(out.bytes().all(|b| (b'!'..=b'~').contains(&b) || b == b' '));
                assert!(!out.starts_with(' ') && !out.ends_with(' '), "{out:?}");
                assert!(!spaces || !out.contains(' '), "{out:?}");
                assert_eq!(unescape(&out).as_deref(), Ok(text), "{out:?}");
            }
        }
        assert!(unescape("%4").is_err());
        assert!(unescape("%G0").is_err());
        assert!(unescape("%FF").is_err(), "not UTF-8");
        assert_eq!(unescape("%c3%a9").as_deref(), Ok("é"));
    }

    #[test]
    fn errors_name_their_line() {
        let error = Recording::decode("raft-recording 1\nconfig nodes=3\n").unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(
            error.to_string().starts_with("line 2: expected 9 fields"),
            "{error}"
        );
        let error =
            Recording::decode(&SAMPLE.replace("raft-recording 1", "raft-recording 7")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "line 1: recording version `7` cannot be read here (this reads version 1)"
        );
        let replay = RecordingError::replay("why".into());
        assert_eq!(replay.to_string(), "why");
    }
}
