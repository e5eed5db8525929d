//! Traces: a run written as JSON lines, one event a line, and read back.
//!
//! The first line (`"kind":"start"`) holds the settings and preloaded logs, so a trace alone
//! rebuilds its run: importing replays the inputs it records and checks that every other line
//! is exactly what the simulator does. A trace that was edited, truncated or made by another
//! version is refused with the line where it stops matching.

use std::io::Write as _;

use serde_json::{json, Map, Value};

use raft::{
    AppendOutcome, Entry, Event, IgnoreReason, Log, Message, NodeId, PersistentState, Role, Time,
    VoteRefusal,
};

use crate::cluster::{ClientOutcome, Frame, FrameKind, InFlight, Input, Simulation};
use crate::history::History;
use crate::scenario::BugName;
use crate::{SimConfig, SimError, MICROS_PER_MS};

/// The format version written in the start line.
pub const VERSION: u64 = 1;

/// Microseconds as (fractional) milliseconds, as traces and dumps show time.
pub fn ms(t: Time) -> f64 {
    t as f64 / MICROS_PER_MS as f64
}

/// A trace being written: a running hash of its lines, and the lines themselves kept in
/// memory, written out as they come, or dropped (a run that only wants the hash keeps no
/// more memory after an hour of events than after a second).
pub struct TraceWriter {
    sink: Sink,
    hash: u64,
}

enum Sink {
    Keep(Vec<String>),
    Drop,
    Write(Box<dyn std::io::Write>, Option<std::io::Error>),
}

impl std::fmt::Debug for TraceWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sink = match &self.sink {
            Sink::Keep(lines) => format!("keeping {} lines", lines.len()),
            Sink::Drop => "hash only".to_string(),
            Sink::Write(..) => "writing".to_string(),
        };
        write!(f, "TraceWriter({sink}, hash {:016x})", self.hash)
    }
}

impl TraceWriter {
    /// A trace of the run that starts at `start` (nothing has happened yet), kept in memory.
    pub fn new(start: &Simulation) -> Self {
        Self::with_sink(start, Sink::Keep(Vec::new()))
    }

    /// Only the hash of the trace of the run that starts at `start`: no line is kept.
    pub fn hash_only(start: &Simulation) -> Self {
        Self::with_sink(start, Sink::Drop)
    }

    /// The trace of the run that starts at `start`, written to `out` line by line. The first
    /// write error is kept for [`TraceWriter::finish`]; later lines are then only hashed.
    pub fn to_writer(start: &Simulation, out: Box<dyn std::io::Write>) -> Self {
        Self::with_sink(start, Sink::Write(out, None))
    }

    fn with_sink(start: &Simulation, sink: Sink) -> Self {
        let mut writer = TraceWriter {
            sink,
            hash: 0xcbf2_9ce4_8422_2325,
        };
        writer.push(start_line(start).to_string());
        writer
    }

    /// Adds one event.
    pub fn frame(&mut self, frame: &Frame) {
        self.push(frame_line(frame).to_string());
    }

    fn push(&mut self, line: String) {
        for b in line.bytes().chain(std::iter::once(b'\n')) {
            self.hash = (self.hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        match &mut self.sink {
            Sink::Keep(lines) => lines.push(line),
            Sink::Drop => {}
            Sink::Write(out, error @ None) => {
                if let Err(e) = writeln!(out, "{line}") {
                    *error = Some(e);
                }
            }
            Sink::Write(_, Some(_)) => {}
        }
    }

    /// The lines kept so far (none unless made by [`TraceWriter::new`]).
    pub fn lines(&self) -> &[String] {
        match &self.sink {
            Sink::Keep(lines) => lines,
            _ => &[],
        }
    }

    /// A hash of every line so far: equal traces, equal hashes.
    pub fn hash(&self) -> u64 {
        self.hash
    }

    /// The whole trace, one JSON object a line (empty unless the lines are kept).
    pub fn text(&self) -> String {
        let mut text = self.lines().join("\n");
        text.push('\n');
        text
    }

    /// Flushes a trace being written, and reports the first error writing it.
    pub fn finish(self) -> std::io::Result<()> {
        match self.sink {
            Sink::Write(_, Some(e)) => Err(e),
            Sink::Write(mut out, None) => out.flush(),
            _ => Ok(()),
        }
    }
}

/// The whole history of `history` as a trace, from its start to its end.
pub fn export(history: &History) -> String {
    let mut copy = history.clone();
    copy.goto(0);
    let mut writer = TraceWriter::new(copy.current());
    while copy.position() < history.len() {
        match copy.step() {
            Some(frame) => writer.frame(&frame),
            None => break,
        }
    }
    writer.text()
}

/// Why a trace could not be imported: the line, and what is wrong there as data
/// ([`TraceProblem`]); `Display` is English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError {
    /// The line (from 1) where reading stopped.
    pub line: usize,
    /// What was wrong there.
    pub problem: TraceProblem,
}

/// What is wrong with a trace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceProblem {
    /// The trace has no line.
    Empty,
    /// A line that is not JSON.
    NotJson {
        /// The JSON reader's own (English) description.
        detail: String,
        /// The column (from 1) where reading stopped.
        column: usize,
        /// What kind of fault it is.
        fault: JsonFault,
    },
    /// The first line is not a `start` line.
    NotStart,
    /// The start line's version is not this one's.
    Version {
        /// The version the trace gives.
        found: u64,
    },
    /// The start line has no `version`.
    NoVersion,
    /// The start line has no `config`.
    NoConfig,
    /// A `config` field of the start line is missing or of the wrong type.
    Config {
        /// The field.
        key: &'static str,
        /// What it must be.
        want: Want,
    },
    /// An item of the start line's `logs` is missing or has a wrong field.
    Log(LogProblem),
    /// The simulator refused the settings, the preloaded logs or an input.
    Sim(SimError),
    /// An input that cannot be read.
    Input(InputProblem),
    /// An input without its `time_us`.
    NoTime,
    /// A line after the simulation has nothing left to do.
    TooLong,
    /// A line that is not what the simulation did.
    Mismatch(Box<Mismatch>),
}

/// A line of a trace that is not what the simulation did there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The event the simulation did there.
    pub event: EventSummary,
    /// The first field that differs.
    pub difference: Difference,
}

/// The kind of fault in a line that is not JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonFault {
    /// Characters that are not JSON.
    Syntax,
    /// The line ends in the middle of a value.
    Eof,
    /// JSON that is not of the expected shape.
    Data,
}

/// What a field must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// A whole number.
    Number,
    /// Two whole numbers.
    Numbers,
    /// A list `[min, max]`.
    Pair,
    /// `true` or `false`.
    Bool,
    /// A string.
    Text,
}

/// What is wrong with an item of the start line's `logs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogProblem {
    /// It has no `node`.
    NoNode,
    /// It has no `terms`.
    NoTerms,
    /// Its terms are not whole numbers.
    Terms,
    /// Its `vote` is not a node id.
    Vote,
}

/// Why an input of a trace cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputProblem {
    /// It has no `kind`.
    NoKind,
    /// A field of input `kind` is missing or of the wrong type.
    Field {
        /// The input's kind.
        kind: String,
        /// The field.
        key: &'static str,
        /// What it must be.
        want: Want,
    },
    /// A `partition` without `groups`.
    NoGroups,
    /// A partition group that is not a list of node ids.
    Group,
    /// A bug that does not exist.
    UnknownBug {
        /// Its name.
        name: String,
    },
    /// A `timing` without `election_ms`.
    NoElection,
    /// An input of a kind that does not exist.
    UnknownInput {
        /// The kind.
        kind: String,
    },
}

/// One event of a run, as an error about it names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSummary {
    /// Its number, from 1.
    pub number: u64,
    /// Its time, µs.
    pub time_us: Time,
    /// What happened.
    pub what: EventWhat,
}

/// What happened at an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventWhat {
    /// A message was delivered.
    Deliver(MessageSummary),
    /// A message was lost.
    Lose(MessageSummary),
    /// A copy of a message was put on the wire.
    Duplicate(MessageSummary),
    /// A node's timer fired.
    Timer {
        /// The node.
        node: NodeId,
    },
    /// A client's command reached a node.
    Client {
        /// The client.
        client: u64,
        /// The node.
        node: NodeId,
    },
    /// An input from outside.
    Input(Input),
}

/// A message, as an error about it names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageSummary {
    /// Its id.
    pub id: u64,
    /// Its kind (`AppendEntries`, ...).
    pub kind: &'static str,
    /// Its sender.
    pub from: NodeId,
    /// Its receiver.
    pub to: NodeId,
}

/// The first field in which a line of a trace differs from the simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Where: `entries`, `events[1].to`; empty for the line as a whole.
    pub path: String,
    /// What the trace has there.
    pub trace: Side,
    /// What the simulation gives there.
    pub simulation: Side,
}

/// One side of a [`Difference`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Side {
    /// A value, as JSON text (long text cut, with `…`).
    Value(String),
    /// A list of this many items (the lists differ in length).
    Items(usize),
    /// No such field.
    Missing,
}

impl TraceError {
    fn new(line: usize, problem: TraceProblem) -> Self {
        TraceError { line, problem }
    }
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)
    }
}

impl std::error::Error for TraceError {}

impl Want {
    fn text(self) -> &'static str {
        match self {
            Want::Number => "a whole number",
            Want::Numbers => "two whole numbers",
            Want::Pair => "[min, max]",
            Want::Bool => "true or false",
            Want::Text => "a string",
        }
    }
}

impl std::fmt::Display for TraceProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceProblem::Empty => f.write_str("the trace is empty"),
            TraceProblem::NotJson { detail, .. } => write!(f, "not a JSON object: {detail}"),
            TraceProblem::NotStart => {
                f.write_str("the first line must be the `start` line of a trace")
            }
            TraceProblem::Version { found } => write!(
                f,
                "trace version {found} is not supported (this is {VERSION})"
            ),
            TraceProblem::NoVersion => f.write_str("the start line has no `version`"),
            TraceProblem::NoConfig => f.write_str("the start line has no `config`"),
            TraceProblem::Config { key, want } => {
                write!(f, "`config.{key}` must be {}", want.text())
            }
            TraceProblem::Log(p) => f.write_str(match p {
                LogProblem::NoNode => "a `logs` item needs a `node`",
                LogProblem::NoTerms => "a `logs` item needs `terms`",
                LogProblem::Terms => "log terms must be whole numbers",
                LogProblem::Vote => "a log's `vote` must be a node id",
            }),
            TraceProblem::Sim(e) => e.fmt(f),
            TraceProblem::Input(p) => p.fmt(f),
            TraceProblem::NoTime => f.write_str("missing `time_us`"),
            TraceProblem::TooLong => {
                f.write_str("the trace goes on after the simulation has nothing left to do")
            }
            TraceProblem::Mismatch(m) => write!(
                f,
                "{}: {}; the trace may have been edited or made by another version",
                m.event, m.difference
            ),
        }
    }
}

impl std::fmt::Display for InputProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputProblem::NoKind => f.write_str("an input needs a `kind`"),
            InputProblem::Field { kind, key, want } => match want {
                Want::Bool => write!(f, "input `{kind}` needs `{key}`: true or false"),
                want => write!(f, "input `{kind}` needs {} `{key}`", want.text()),
            },
            InputProblem::NoGroups => f.write_str("input `partition` needs `groups`"),
            InputProblem::Group => f.write_str("a partition group is a list of node ids"),
            InputProblem::UnknownBug { name } => write!(f, "unknown bug `{name}`"),
            InputProblem::NoElection => {
                f.write_str("input `timing` needs `election_ms`: [min, max]")
            }
            InputProblem::UnknownInput { kind } => write!(f, "unknown input `{kind}`"),
        }
    }
}

impl EventSummary {
    /// The event `frame` is.
    pub fn of(frame: &Frame) -> Self {
        let message = |m: &InFlight| MessageSummary {
            id: m.id,
            kind: m.envelope.message.kind(),
            from: m.envelope.from,
            to: m.envelope.to,
        };
        let what = match &frame.kind {
            FrameKind::Deliver(m) => EventWhat::Deliver(message(m)),
            FrameKind::Lose(m, _) => EventWhat::Lose(message(m)),
            FrameKind::Duplicate(m) => EventWhat::Duplicate(message(m)),
            FrameKind::Timer(node) => EventWhat::Timer { node: *node },
            FrameKind::Client { client, node, .. } => EventWhat::Client {
                client: *client,
                node: *node,
            },
            FrameKind::Input(input) => EventWhat::Input(input.clone()),
        };
        EventSummary {
            number: frame.number,
            time_us: frame.time,
            what,
        }
    }

    /// The time in milliseconds as a trace writes it (`191.726`, `150`).
    pub fn time_ms(&self) -> String {
        let (ms, us) = (self.time_us / MICROS_PER_MS, self.time_us % MICROS_PER_MS);
        if us == 0 {
            return ms.to_string();
        }
        let frac = format!("{us:03}");
        format!("{ms}.{}", frac.trim_end_matches('0'))
    }
}

impl std::fmt::Display for EventSummary {
    /// `event 3 (deliver of AppendEntries message 7 from 2 to 1, at 191.726 ms)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "event {} (", self.number)?;
        let message = |f: &mut std::fmt::Formatter<'_>, verb: &str, m: &MessageSummary| {
            write!(
                f,
                "{verb} of {} message {} from {} to {}",
                m.kind, m.id, m.from, m.to
            )
        };
        match &self.what {
            EventWhat::Deliver(m) => message(f, "delivery", m)?,
            EventWhat::Lose(m) => message(f, "loss", m)?,
            EventWhat::Duplicate(m) => message(f, "copy", m)?,
            EventWhat::Timer { node } => write!(f, "timer of node {node}")?,
            EventWhat::Client { client, node } => write!(f, "client {client} at node {node}")?,
            EventWhat::Input(input) => write!(f, "input `{}`", input_name(input))?,
        }
        write!(f, ", at {} ms)", self.time_ms())
    }
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = &self.path;
        match (&self.trace, &self.simulation) {
            (Side::Items(t), Side::Items(s)) => write!(
                f,
                "the trace says \"{path}\" holds {t} items, the simulation gives {s}"
            ),
            (Side::Missing, s) => write!(
                f,
                "the trace has no \"{path}\", the simulation gives {}",
                side(s)
            ),
            (t, Side::Missing) => write!(
                f,
                "the trace says \"{path}\": {}, the simulation has no \"{path}\"",
                side(t)
            ),
            (t, s) if path.is_empty() => write!(
                f,
                "the trace says {}, the simulation gives {}",
                side(t),
                side(s)
            ),
            (t, s) => write!(
                f,
                "the trace says \"{path}\": {}, the simulation gives {}",
                side(t),
                side(s)
            ),
        }
    }
}

/// One side of a difference in English.
fn side(side: &Side) -> String {
    match side {
        Side::Value(v) => v.clone(),
        Side::Items(n) => format!("{n} items"),
        Side::Missing => "nothing".to_string(),
    }
}

/// The first difference between a line of a trace and the line the simulation gives, in the
/// simulation's order of fields; `None` when they are equal.
fn difference(trace: &Value, simulation: &Value, path: &str) -> Option<Difference> {
    let at = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match (trace, simulation) {
        (Value::Object(t), Value::Object(s)) => {
            for (key, sv) in s {
                match t.get(key) {
                    None => {
                        return Some(Difference {
                            path: at(key),
                            trace: Side::Missing,
                            simulation: Side::Value(json_text(sv)),
                        })
                    }
                    Some(tv) if tv != sv => return difference(tv, sv, &at(key)),
                    Some(_) => {}
                }
            }
            t.iter()
                .find(|(key, _)| !s.contains_key(*key))
                .map(|(key, tv)| Difference {
                    path: at(key),
                    trace: Side::Value(json_text(tv)),
                    simulation: Side::Missing,
                })
        }
        (Value::Array(t), Value::Array(s)) if t.len() != s.len() => Some(Difference {
            path: path.to_string(),
            trace: Side::Items(t.len()),
            simulation: Side::Items(s.len()),
        }),
        (Value::Array(t), Value::Array(s)) => t
            .iter()
            .zip(s)
            .enumerate()
            .find(|(_, (tv, sv))| tv != sv)
            .and_then(|(i, (tv, sv))| difference(tv, sv, &format!("{path}[{i}]"))),
        (t, s) if t != s => Some(Difference {
            path: path.to_string(),
            trace: Side::Value(json_text(t)),
            simulation: Side::Value(json_text(s)),
        }),
        _ => None,
    }
}

/// A JSON value as text for a message, cut after 60 characters.
fn json_text(value: &Value) -> String {
    const MAX: usize = 60;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn not_json(e: &serde_json::Error) -> TraceProblem {
    TraceProblem::NotJson {
        detail: e.to_string(),
        column: e.column(),
        fault: match e.classify() {
            serde_json::error::Category::Syntax => JsonFault::Syntax,
            serde_json::error::Category::Eof => JsonFault::Eof,
            serde_json::error::Category::Data | serde_json::error::Category::Io => JsonFault::Data,
        },
    }
}

/// Rebuilds the run a trace records, checking every line against the simulator.
pub fn import(text: &str) -> Result<History, TraceError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let err = TraceError::new;
    let (first, start) = lines.next().ok_or_else(|| err(1, TraceProblem::Empty))?;
    let start: Value = serde_json::from_str(start).map_err(|e| err(first, not_json(&e)))?;
    let sim = sim_from_start(&start).map_err(|p| err(first, p))?;
    let mut history = History::new(sim);
    for (n, line) in lines {
        let value: Value = serde_json::from_str(line).map_err(|e| err(n, not_json(&e)))?;
        let frame = match value.get("input") {
            Some(input) => {
                let input = input_from_json(input).map_err(|p| err(n, TraceProblem::Input(p)))?;
                let time = value
                    .get("time_us")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| err(n, TraceProblem::NoTime))?;
                history
                    .apply_at(time, input)
                    .map_err(|e| err(n, TraceProblem::Sim(e)))?
            }
            None => history
                .step()
                .ok_or_else(|| err(n, TraceProblem::TooLong))?,
        };
        let expected = frame_line(&frame);
        if expected != value {
            let difference = difference(&value, &expected, "").unwrap_or_else(|| Difference {
                path: String::new(),
                trace: Side::Value(json_text(&value)),
                simulation: Side::Value(json_text(&expected)),
            });
            return Err(err(
                n,
                TraceProblem::Mismatch(Box::new(Mismatch {
                    event: EventSummary::of(&frame),
                    difference,
                })),
            ));
        }
    }
    Ok(history)
}

fn start_line(sim: &Simulation) -> Value {
    let c = sim.config();
    let logs: Vec<Value> = (1..=sim.size() as NodeId)
        .filter_map(|id| {
            let node = sim.node(id)?;
            let state = node.persistent();
            (state.current_term > 0 || !state.log.is_empty()).then(|| {
                let mut o = json!({
                    "node": id,
                    "term": state.current_term,
                    "terms": state.log.entries().iter().map(|e| e.term).collect::<Vec<_>>(),
                });
                if let Some(vote) = state.voted_for {
                    o["vote"] = vote.into();
                }
                o
            })
        })
        .collect();
    let mut start = json!({
        "kind": "start",
        "version": VERSION,
        "time_ms": ms(sim.now()),
        "config": {
            "nodes": c.nodes,
            "seed": c.seed,
            "election_ms": [c.election_ms.0, c.election_ms.1],
            "heartbeat_ms": c.heartbeat_ms,
            "latency_ms": [c.latency_ms.0, c.latency_ms.1],
            "prevote": c.pre_vote,
            "checkquorum": c.check_quorum,
            "noop": c.noop,
            "batch": c.batch,
        },
        "logs": logs,
    });
    // Only when some node is a spare, so that every other trace reads as before.
    if let Some(members) = &c.members {
        start["config"]["members"] = json!(members);
    }
    start
}

fn sim_from_start(start: &Value) -> Result<Simulation, TraceProblem> {
    if start.get("kind").and_then(Value::as_str) != Some("start") {
        return Err(TraceProblem::NotStart);
    }
    match start.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(found) => return Err(TraceProblem::Version { found }),
        None => return Err(TraceProblem::NoVersion),
    }
    let c = start.get("config").ok_or(TraceProblem::NoConfig)?;
    let wrong = |key: &'static str, want: Want| TraceProblem::Config { key, want };
    let num = |k: &'static str| -> Result<u64, TraceProblem> {
        c.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| wrong(k, Want::Number))
    };
    let pair = |k: &'static str| -> Result<(u64, u64), TraceProblem> {
        match c.get(k).and_then(Value::as_array).map(Vec::as_slice) {
            Some([a, b]) => a
                .as_u64()
                .zip(b.as_u64())
                .ok_or_else(|| wrong(k, Want::Numbers)),
            _ => Err(wrong(k, Want::Pair)),
        }
    };
    let flag = |k: &'static str| -> Result<bool, TraceProblem> {
        c.get(k)
            .and_then(Value::as_bool)
            .ok_or_else(|| wrong(k, Want::Bool))
    };
    let config = SimConfig {
        nodes: num("nodes")? as usize,
        seed: num("seed")?,
        election_ms: pair("election_ms")?,
        heartbeat_ms: num("heartbeat_ms")?,
        latency_ms: pair("latency_ms")?,
        pre_vote: flag("prevote")?,
        check_quorum: flag("checkquorum")?,
        noop: flag("noop")?,
        batch: num("batch")? as usize,
        members: match c.get("members") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                v.as_array()
                    .ok_or_else(|| wrong("members", Want::Numbers))?
                    .iter()
                    .map(|id| {
                        id.as_u64()
                            .and_then(|id| NodeId::try_from(id).ok())
                            .ok_or_else(|| wrong("members", Want::Numbers))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        },
    };
    let mut preload = Vec::new();
    for log in start
        .get("logs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let bad = TraceProblem::Log;
        let node = log
            .get("node")
            .and_then(Value::as_u64)
            .ok_or(bad(LogProblem::NoNode))?;
        let terms = log
            .get("terms")
            .and_then(Value::as_array)
            .ok_or(bad(LogProblem::NoTerms))?
            .iter()
            .map(|t| t.as_u64().ok_or(bad(LogProblem::Terms)))
            .collect::<Result<Vec<_>, _>>()?;
        let state = PersistentState {
            current_term: log.get("term").and_then(Value::as_u64).unwrap_or(0),
            voted_for: log
                .get("vote")
                .map(|v| {
                    v.as_u64()
                        .and_then(|v| NodeId::try_from(v).ok())
                        .ok_or(bad(LogProblem::Vote))
                })
                .transpose()?,
            log: Log::from_entries(terms.into_iter().map(Entry::noop).collect()),
        };
        preload.push((node as NodeId, state));
    }
    Simulation::with_logs(config, preload).map_err(TraceProblem::Sim)
}

/// One event as a JSON object.
pub fn frame_line(frame: &Frame) -> Value {
    let mut o = Map::new();
    o.insert("n".into(), frame.number.into());
    o.insert("time_ms".into(), ms(frame.time).into());
    o.insert("time_us".into(), frame.time.into());
    match &frame.kind {
        FrameKind::Deliver(m) => {
            o.insert("kind".into(), "deliver".into());
            message_fields(&mut o, m);
        }
        FrameKind::Lose(m, cause) => {
            o.insert("kind".into(), "lose".into());
            message_fields(&mut o, m);
            o.insert("cause".into(), cause.name().into());
        }
        FrameKind::Duplicate(m) => {
            o.insert("kind".into(), "duplicate".into());
            message_fields(&mut o, m);
        }
        FrameKind::Timer(node) => {
            o.insert("kind".into(), "timer".into());
            o.insert("node".into(), (*node).into());
        }
        FrameKind::Client {
            client,
            node,
            command,
            outcome,
        } => {
            o.insert("kind".into(), "client".into());
            o.insert("client".into(), (*client).into());
            o.insert("node".into(), (*node).into());
            o.insert("cmd".into(), command.as_str().into());
            let (result, detail) = match outcome {
                ClientOutcome::Accepted(i) => ("accepted", json!({ "index": i })),
                ClientOutcome::Redirected(l) => ("redirected", json!({ "leader": l })),
                ClientOutcome::NodeDown => ("node-down", json!({})),
            };
            o.insert("outcome".into(), result.into());
            if let Value::Object(detail) = detail {
                o.extend(detail);
            }
        }
        FrameKind::Input(input) => {
            o.insert("kind".into(), input_name(input).into());
            if let Value::Object(fields) = input_json(input) {
                for (k, v) in fields {
                    if k != "kind" {
                        o.insert(k, v);
                    }
                }
            }
        }
    }
    if let Some(input) = frame_input(frame) {
        o.insert("input".into(), input_json(input));
    }
    if !frame.events.is_empty() {
        let events: Vec<Value> = frame
            .events
            .iter()
            .map(|(node, e)| event_json(*node, e))
            .collect();
        o.insert("events".into(), events.into());
    }
    if !frame.violations.is_empty() {
        let v: Vec<Value> = frame
            .violations
            .iter()
            .map(|v| json!({"property": v.property.name(), "nodes": v.nodes, "message": v.message}))
            .collect();
        o.insert("violations".into(), v.into());
    }
    Value::Object(o)
}

/// The input that caused a frame, if one did.
fn frame_input(frame: &Frame) -> Option<&Input> {
    frame.cause.as_ref()
}

fn message_fields(o: &mut Map<String, Value>, m: &InFlight) {
    let e = &m.envelope;
    o.insert("id".into(), m.id.into());
    o.insert("from".into(), e.from.into());
    o.insert("to".into(), e.to.into());
    o.insert("msg".into(), e.message.kind().into());
    o.insert("term".into(), e.term.into());
    o.insert("sent_ms".into(), ms(m.sent).into());
    let detail = match &e.message {
        Message::PreVote {
            last_log_index,
            last_log_term,
        }
        | Message::RequestVote {
            last_log_index,
            last_log_term,
            transfer: false,
        } => json!({"last_log_index": last_log_index, "last_log_term": last_log_term}),
        Message::RequestVote {
            last_log_index,
            last_log_term,
            transfer: true,
        } => json!({
            "last_log_index": last_log_index,
            "last_log_term": last_log_term,
            "transfer": true,
        }),
        Message::TimeoutNow => json!({}),
        Message::PreVoteResponse { granted } | Message::RequestVoteResponse { granted } => {
            json!({ "granted": granted })
        }
        Message::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            leader_commit,
        } => json!({
            "prev_log_index": prev_log_index,
            "prev_log_term": prev_log_term,
            "entries": entries.iter().map(|e| json!({"term": e.term, "cmd": match &e.payload {
                crate::raft::Payload::Config(m) => m.describe(),
                other => other.text().to_string(),
            }})).collect::<Vec<_>>(),
            "leader_commit": leader_commit,
        }),
        Message::AppendEntriesResponse(AppendOutcome::Success { match_index }) => {
            json!({"success": true, "match_index": match_index})
        }
        Message::AppendEntriesResponse(AppendOutcome::Conflict {
            prev_log_index,
            hint,
        }) => json!({
            "success": false,
            "prev_log_index": prev_log_index,
            "conflict_term": hint.term,
            "conflict_index": hint.first_index,
        }),
        Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => {
            json!({"success": false, "stale_term": true})
        }
    };
    if let Value::Object(detail) = detail {
        o.extend(detail);
    }
}

fn input_name(input: &Input) -> &'static str {
    match input {
        Input::Crash(_) => "crash",
        Input::Restart(_) => "restart",
        Input::Isolate(_) => "isolate",
        Input::Rejoin(_) => "rejoin",
        Input::Partition(_) => "partition",
        Input::Heal => "heal",
        Input::Cut { .. } => "cut",
        Input::Link { .. } => "link",
        Input::Loss(_) => "loss",
        Input::Latency(..) => "latency",
        Input::Timers(_) => "timers",
        Input::Timeout(_) => "timeout",
        Input::Heartbeat(_) => "heartbeat",
        Input::Propose(..) => "propose",
        Input::Client(_) => "client-start",
        Input::Deliver(_) => "deliver",
        Input::Drop(_) => "drop",
        Input::Duplicate(_) => "duplicate",
        Input::Change(c) => match c {
            crate::raft::Change::AddVoter(_) => "add",
            crate::raft::Change::AddLearner(_) => "add-learner",
            crate::raft::Change::Promote(_) => "promote",
            crate::raft::Change::Remove(_) => "remove",
            crate::raft::Change::Joint(_) => "reconfig",
        },
        Input::Transfer(_) => "transfer",
        Input::AddServer(_) => "add-server",
        Input::Bug(..) => "bug",
        Input::PreVote(_) => "prevote",
        Input::CheckQuorum(_) => "checkquorum",
        Input::Timing { .. } => "timing",
    }
}

/// An input as a JSON object (`kind` plus its fields).
pub fn input_json(input: &Input) -> Value {
    let kind = input_name(input);
    match input {
        Input::Crash(n)
        | Input::Restart(n)
        | Input::Isolate(n)
        | Input::Rejoin(n)
        | Input::Timeout(n)
        | Input::Heartbeat(n) => json!({"kind": kind, "node": n}),
        Input::Partition(groups) => json!({"kind": kind, "groups": groups}),
        Input::Heal => json!({ "kind": kind }),
        Input::Cut { from, to, both } | Input::Link { from, to, both } => {
            json!({"kind": kind, "from": from, "to": to, "both": both})
        }
        Input::Loss(ppm) => json!({"kind": kind, "ppm": ppm}),
        Input::Latency(min, max) => json!({"kind": kind, "min_us": min, "max_us": max}),
        Input::Timers(on) | Input::PreVote(on) | Input::CheckQuorum(on) => {
            json!({"kind": kind, "on": on})
        }
        Input::Propose(n, cmd) => json!({"kind": kind, "node": n, "cmd": cmd}),
        Input::Client(cmd) => json!({"kind": kind, "cmd": cmd}),
        Input::Deliver(id) | Input::Drop(id) | Input::Duplicate(id) => {
            json!({"kind": kind, "id": id})
        }
        Input::Bug(bug, on) => json!({"kind": kind, "bug": bug.name(), "on": on}),
        Input::Change(crate::raft::Change::Joint(voters)) => {
            json!({"kind": kind, "voters": voters})
        }
        Input::Change(
            crate::raft::Change::AddVoter(n)
            | crate::raft::Change::AddLearner(n)
            | crate::raft::Change::Promote(n)
            | crate::raft::Change::Remove(n),
        )
        | Input::Transfer(n)
        | Input::AddServer(n) => json!({"kind": kind, "node": n}),
        Input::Timing {
            election_ms,
            heartbeat_ms,
        } => {
            json!({"kind": kind, "election_ms": [election_ms.0, election_ms.1], "heartbeat_ms": heartbeat_ms})
        }
    }
}

/// Reads an input written by [`input_json`].
pub fn input_from_json(v: &Value) -> Result<Input, InputProblem> {
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .ok_or(InputProblem::NoKind)?;
    let wrong = |key: &'static str, want: Want| InputProblem::Field {
        kind: kind.to_string(),
        key,
        want,
    };
    let num = |k: &'static str| {
        v.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| wrong(k, Want::Number))
    };
    let node = |k: &'static str| num(k).map(|n| n as NodeId);
    let flag = |k: &'static str| {
        v.get(k)
            .and_then(Value::as_bool)
            .ok_or_else(|| wrong(k, Want::Bool))
    };
    let text = |k: &'static str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| wrong(k, Want::Text))
    };
    Ok(match kind {
        "crash" => Input::Crash(node("node")?),
        "restart" => Input::Restart(node("node")?),
        "isolate" => Input::Isolate(node("node")?),
        "rejoin" => Input::Rejoin(node("node")?),
        "timeout" => Input::Timeout(node("node")?),
        "heartbeat" => Input::Heartbeat(node("node")?),
        "heal" => Input::Heal,
        "partition" => {
            let groups = v
                .get("groups")
                .and_then(Value::as_array)
                .ok_or(InputProblem::NoGroups)?;
            let groups = groups
                .iter()
                .map(|g| {
                    g.as_array()
                        .ok_or(InputProblem::Group)?
                        .iter()
                        .map(|n| n.as_u64().map(|n| n as NodeId).ok_or(InputProblem::Group))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            Input::Partition(groups)
        }
        "cut" => Input::Cut {
            from: node("from")?,
            to: node("to")?,
            both: flag("both")?,
        },
        "link" => Input::Link {
            from: node("from")?,
            to: node("to")?,
            both: flag("both")?,
        },
        "loss" => Input::Loss(num("ppm")?.min(u64::from(u32::MAX)) as u32),
        "latency" => Input::Latency(num("min_us")?, num("max_us")?),
        "timers" => Input::Timers(flag("on")?),
        "prevote" => Input::PreVote(flag("on")?),
        "checkquorum" => Input::CheckQuorum(flag("on")?),
        "propose" => Input::Propose(node("node")?, text("cmd")?),
        "client-start" => Input::Client(text("cmd")?),
        "deliver" => Input::Deliver(num("id")?),
        "drop" => Input::Drop(num("id")?),
        "duplicate" => Input::Duplicate(num("id")?),
        "add" => Input::Change(crate::raft::Change::AddVoter(node("node")?)),
        "add-learner" => Input::Change(crate::raft::Change::AddLearner(node("node")?)),
        "promote" => Input::Change(crate::raft::Change::Promote(node("node")?)),
        "remove" => Input::Change(crate::raft::Change::Remove(node("node")?)),
        "transfer" => Input::Transfer(node("node")?),
        "add-server" => Input::AddServer(node("node")?),
        "reconfig" => {
            let voters = v
                .get("voters")
                .and_then(Value::as_array)
                .and_then(|a| {
                    a.iter()
                        .map(|n| n.as_u64().map(|n| n as NodeId))
                        .collect::<Option<Vec<_>>>()
                })
                .ok_or(InputProblem::Group)?;
            Input::Change(crate::raft::Change::Joint(voters))
        }
        "bug" => {
            let name = text("bug")?;
            let bug = BugName::from_name(&name).ok_or(InputProblem::UnknownBug { name })?;
            Input::Bug(bug, flag("on")?)
        }
        "timing" => {
            let range = v
                .get("election_ms")
                .and_then(Value::as_array)
                .and_then(|a| Some((a.first()?.as_u64()?, a.get(1)?.as_u64()?)))
                .ok_or(InputProblem::NoElection)?;
            Input::Timing {
                election_ms: range,
                heartbeat_ms: num("heartbeat_ms")?,
            }
        }
        other => {
            return Err(InputProblem::UnknownInput {
                kind: other.to_string(),
            })
        }
    })
}

/// One node event as a JSON object: `node`, `event` (its name) and its fields.
pub fn event_json(node: NodeId, event: &Event) -> Value {
    let role = |r: &Role| r.name();
    let (name, fields) = match event {
        Event::ElectionTimeout { term, timeout } => (
            "election-timeout",
            json!({"term": term, "timeout_ms": ms(*timeout)}),
        ),
        Event::ForcedElection { term } => ("forced-election", json!({ "term": term })),
        Event::RoleChanged { from, to, term } => (
            "role-changed",
            json!({"from": role(from), "to": role(to), "term": term}),
        ),
        Event::TermChanged { from, to, cause } => (
            "term-changed",
            json!({"from": from, "to": to, "cause": cause}),
        ),
        Event::LeaderChanged { leader, term } => {
            ("leader-changed", json!({"leader": leader, "term": term}))
        }
        Event::VoteGranted {
            candidate,
            term,
            pre_vote,
            ..
        } => (
            "vote-granted",
            json!({"candidate": candidate, "term": term, "pre_vote": pre_vote}),
        ),
        Event::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let why = match reason {
                VoteRefusal::StaleTerm { current } => {
                    json!({"reason": "stale-term", "current": current})
                }
                VoteRefusal::AlreadyVoted { voted_for } => {
                    json!({"reason": "already-voted", "voted_for": voted_for})
                }
                VoteRefusal::HasLeader { leader } => {
                    json!({"reason": "has-leader", "leader": leader})
                }
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term,
                    candidate_last_index,
                    last_term,
                    last_index,
                } => json!({
                    "reason": "log-not-up-to-date",
                    "candidate_last_term": candidate_last_term,
                    "candidate_last_index": candidate_last_index,
                    "last_term": last_term,
                    "last_index": last_index,
                }),
                VoteRefusal::LeaderActive { leader } => {
                    json!({"reason": "leader-active", "leader": leader})
                }
            };
            let mut f = json!({"candidate": candidate, "term": term, "pre_vote": pre_vote});
            merge(&mut f, why);
            ("vote-refused", f)
        }
        Event::VoteCounted {
            from,
            granted,
            pre_vote,
            granted_total,
            refused_total,
            quorum,
        } => (
            "vote-counted",
            json!({"from": from, "granted": granted, "pre_vote": pre_vote,
                   "granted_total": granted_total, "refused_total": refused_total, "quorum": quorum}),
        ),
        Event::EntriesAppended {
            leader,
            first,
            last,
        } => (
            "entries-appended",
            json!({"leader": leader, "first": first, "last": last}),
        ),
        Event::EntriesTruncated {
            from,
            count,
            committed,
        } => (
            "entries-truncated",
            json!({"from": from, "count": count, "committed": committed}),
        ),
        Event::AppendRejected {
            leader,
            prev_log_index,
            prev_log_term,
            hint,
        } => (
            "append-rejected",
            json!({"leader": leader, "prev_log_index": prev_log_index, "prev_log_term": prev_log_term,
                   "conflict_term": hint.term, "conflict_index": hint.first_index}),
        ),
        Event::NextIndexBackedUp { follower, from, to } => (
            "next-index-backed-up",
            json!({"follower": follower, "from": from, "to": to}),
        ),
        Event::Proposed { index, term } => ("proposed", json!({"index": index, "term": term})),
        Event::ProposalRefused { leader } => ("proposal-refused", json!({ "leader": leader })),
        Event::CommitAdvanced { from, to, .. } => {
            ("commit-advanced", json!({"from": from, "to": to}))
        }
        Event::QuorumLost { term, active } => {
            ("quorum-lost", json!({"term": term, "active": active}))
        }
        Event::ConfigurationChanged { index } => {
            ("configuration-changed", json!({ "index": index }))
        }
        Event::ChangeRefused { reason } => (
            "change-refused",
            json!({ "reason": crate::raft::ProposeError::Change(*reason).to_string() }),
        ),
        Event::SteppedDown { term } => ("stepped-down", json!({ "term": term })),
        Event::TransferStarted { target } => ("transfer-started", json!({ "target": target })),
        Event::TransferRefused { reason } => {
            ("transfer-refused", json!({ "reason": reason.to_string() }))
        }
        Event::TimeoutNowSent { target } => ("timeout-now-sent", json!({ "target": target })),
        Event::TransferAborted { target } => ("transfer-aborted", json!({ "target": target })),
        Event::ProposalRefusedDuringTransfer { target } => {
            ("proposal-refused-transferring", json!({ "target": target }))
        }
        Event::TimeoutNowReceived { leader } => {
            ("timeout-now-received", json!({ "leader": leader }))
        }
        Event::MessageIgnored { from, term, reason } => {
            let reason = match reason {
                IgnoreReason::StaleTerm => "stale-term",
                IgnoreReason::NotExpected => "not-expected",
                IgnoreReason::StaleAppendResponse => "stale-append-response",
                IgnoreReason::NotAMember => "not-a-member",
            };
            (
                "message-ignored",
                json!({"from": from, "term": term, "reason": reason}),
            )
        }
    };
    let mut v = json!({"node": node, "event": name});
    merge(&mut v, fields);
    v
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(into), Value::Object(from)) = (into, from) {
        into.extend(from);
    }
}

impl History {
    /// Does `input` at time `t` (µs): the clock moves there first, as it had when the input
    /// was recorded.
    pub fn apply_at(&mut self, t: Time, input: Input) -> Result<Frame, SimError> {
        self.set_clock(t);
        self.apply(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trace with a client write: elections, AppendEntries with entries, a client.
    fn trace() -> Vec<String> {
        let text = "cluster 3 seed=1\nrun until leader\nclient set x 1\nrun until applied=2\n";
        let script = crate::scenario::parse(text, "t.raft").unwrap();
        let report = crate::scenario::run(&script, "t.raft", &mut |_| {});
        export(&report.history)
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The trace with line `i` (from 0) changed by `edit`, imported: its error.
    fn edited(lines: &[String], i: usize, edit: impl FnOnce(&mut Map<String, Value>)) -> String {
        let mut lines = lines.to_vec();
        let mut value: Value = serde_json::from_str(&lines[i]).unwrap();
        edit(value.as_object_mut().unwrap());
        lines[i] = value.to_string();
        let e = import(&lines.join("\n")).unwrap_err();
        assert_eq!(e.line, i + 1, "{e}");
        e.to_string()
    }

    #[test]
    fn a_tampered_line_names_the_first_field_that_differs_and_both_values() {
        let lines = trace();
        let i = lines
            .iter()
            .position(|l| {
                l.contains("\"kind\":\"deliver\"")
                    && l.contains("\"msg\":\"AppendEntries\"")
                    && l.contains("\"entries\":[{")
            })
            .expect("an AppendEntries with entries is delivered");
        let line: Value = serde_json::from_str(&lines[i]).unwrap();
        let (n, id, from, to) = (
            line["n"].clone(),
            line["id"].clone(),
            line["from"].clone(),
            line["to"].clone(),
        );
        let e = edited(&lines, i, |o| {
            let entries = o["entries"].as_array_mut().unwrap();
            entries.push(entries[0].clone());
        });
        let event = format!(
            "line {}: event {n} (delivery of AppendEntries message {id} from {from} to {to}, at ",
            i + 1
        );
        assert!(e.starts_with(&event), "{e}");
        assert!(
            e.contains("): the trace says \"entries\" holds 2 items, the simulation gives 1; "),
            "{e}"
        );
        let e = edited(&lines, i, |o| o["entries"][0]["cmd"] = "set x 2".into());
        assert!(
            e.contains(
                "the trace says \"entries[0].cmd\": \"set x 2\", the simulation gives \"noop\""
            ),
            "{e}"
        );
        let e = edited(&lines, i, |o| o["term"] = 7.into());
        assert!(
            e.contains("the trace says \"term\": 7, the simulation gives "),
            "{e}"
        );
        let e = edited(&lines, i, |o| {
            o.remove("leader_commit");
        });
        assert!(
            e.contains("the trace has no \"leader_commit\", the simulation gives "),
            "{e}"
        );
        let e = edited(&lines, i, |o| {
            o.insert("colour".into(), "red".into());
        });
        assert!(
            e.contains("the trace says \"colour\": \"red\", the simulation has no \"colour\""),
            "{e}"
        );
        // A field of a node's event, deep in the line.
        let j = lines
            .iter()
            .position(|l| l.contains("\"event\":\"role-changed\""))
            .unwrap();
        let e = edited(&lines, j, |o| {
            let events = o["events"].as_array_mut().unwrap();
            let k = events
                .iter()
                .position(|e| e["event"] == "role-changed")
                .unwrap();
            events[k]["to"] = "boss".into();
        });
        assert!(
            e.contains(".to\": \"boss\", the simulation gives \""),
            "{e}"
        );
        assert!(e.contains("the trace says \"events["), "{e}");
        // A line that is not an object at all.
        let mut short = lines.clone();
        short[1] = "5".to_string();
        let e = import(&short.join("\n")).unwrap_err();
        assert_eq!(e.line, 2);
        let TraceProblem::Mismatch(m) = &e.problem else {
            panic!("{e}");
        };
        assert_eq!(m.difference.path, "");
        assert_eq!(m.difference.trace, Side::Value("5".into()));
        assert_eq!(m.event.number, 1);
        assert!(
            e.to_string()
                .contains("the trace says 5, the simulation gives {\""),
            "{e}"
        );
    }

    #[test]
    fn times_read_as_a_trace_writes_them() {
        let at = |time_us| EventSummary {
            number: 1,
            time_us,
            what: EventWhat::Timer { node: 1 },
        };
        for us in [0, 1, 150_000, 191_726, 191_700, 1_000_001, 123_456_789] {
            assert_eq!(at(us).time_ms(), ms(us).to_string(), "{us}");
        }
        assert_eq!(
            at(191_726).to_string(),
            "event 1 (timer of node 1, at 191.726 ms)"
        );
    }

    #[test]
    fn bad_start_lines_and_inputs_say_what_is_wrong() {
        let lines = trace();
        let start = |edit: &dyn Fn(&mut Value)| {
            let mut v: Value = serde_json::from_str(&lines[0]).unwrap();
            edit(&mut v);
            import(&v.to_string()).unwrap_err()
        };
        let e = start(&|v| v["config"]["nodes"] = "three".into());
        assert_eq!(
            e.problem,
            TraceProblem::Config {
                key: "nodes",
                want: Want::Number
            }
        );
        assert_eq!(
            e.to_string(),
            "line 1: `config.nodes` must be a whole number"
        );
        let e = start(&|v| v["config"]["latency_ms"] = json!([10, 70_000]));
        assert!(
            matches!(
                e.problem,
                TraceProblem::Sim(SimError::LatencyTooLong(70_000))
            ),
            "{e}"
        );
        let e = start(&|v| v["logs"] = json!([{"node": 1, "terms": [1, "x"]}]));
        assert_eq!(e.to_string(), "line 1: log terms must be whole numbers");
        assert_eq!(
            import("{\"kind\":\"start\",\"version\":99}")
                .unwrap_err()
                .problem,
            TraceProblem::Version { found: 99 }
        );
        let e = import("{\"kind\":").unwrap_err();
        assert!(
            matches!(
                e.problem,
                TraceProblem::NotJson {
                    fault: JsonFault::Eof,
                    ..
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string().starts_with("line 1: not a JSON object: EOF"),
            "{e}"
        );
        assert_eq!(
            input_from_json(&json!({"kind": "crash"})),
            Err(InputProblem::Field {
                kind: "crash".into(),
                key: "node",
                want: Want::Number
            })
        );
        assert_eq!(
            input_from_json(&json!({"kind": "cut", "from": 1, "to": 2}))
                .unwrap_err()
                .to_string(),
            "input `cut` needs `both`: true or false"
        );
        assert_eq!(
            input_from_json(&json!({"kind": "fly"}))
                .unwrap_err()
                .to_string(),
            "unknown input `fly`"
        );
    }
}
