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

/// Why a trace could not be imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceError {
    /// The line (from 1) where reading stopped.
    pub line: usize,
    /// What was wrong there.
    pub message: String,
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for TraceError {}

/// Rebuilds the run a trace records, checking every line against the simulator.
pub fn import(text: &str) -> Result<History, TraceError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty());
    let err = |line: usize, message: String| TraceError { line, message };
    let (first, start) = lines
        .next()
        .ok_or_else(|| err(1, "the trace is empty".to_string()))?;
    let start: Value =
        serde_json::from_str(start).map_err(|e| err(first, format!("not a JSON object: {e}")))?;
    let sim = sim_from_start(&start).map_err(|m| err(first, m))?;
    let mut history = History::new(sim);
    for (n, line) in lines {
        let value: Value =
            serde_json::from_str(line).map_err(|e| err(n, format!("not a JSON object: {e}")))?;
        let frame = match value.get("input") {
            Some(input) => {
                let input = input_from_json(input).map_err(|m| err(n, m))?;
                let time = value
                    .get("time_us")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| err(n, "missing `time_us`".to_string()))?;
                history
                    .apply_at(time, input)
                    .map_err(|e| err(n, e.to_string()))?
            }
            None => history.step().ok_or_else(|| {
                err(
                    n,
                    "the trace goes on after the simulation has nothing left to do".to_string(),
                )
            })?,
        };
        let expected = frame_line(&frame);
        if expected != value {
            return Err(err(
                n,
                format!(
                    "the trace does not match the simulation here (it may have been edited or \
                     made by another version): it says {}, the simulation did {}",
                    summary(&value),
                    summary(&expected)
                ),
            ));
        }
    }
    Ok(history)
}

fn summary(value: &Value) -> String {
    let get = |k: &str| value.get(k).map(|v| v.to_string()).unwrap_or_default();
    format!(
        "event {} `{}` at {} ms",
        get("n"),
        value.get("kind").and_then(Value::as_str).unwrap_or("?"),
        get("time_ms")
    )
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
    json!({
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
    })
}

fn sim_from_start(start: &Value) -> Result<Simulation, String> {
    if start.get("kind").and_then(Value::as_str) != Some("start") {
        return Err("the first line must be the `start` line of a trace".to_string());
    }
    match start.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
                "trace version {v} is not supported (this is {VERSION})"
            ))
        }
        None => return Err("the start line has no `version`".to_string()),
    }
    let c = start
        .get("config")
        .ok_or("the start line has no `config`")?;
    let num = |k: &str| -> Result<u64, String> {
        c.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("`config.{k}` must be a whole number"))
    };
    let pair = |k: &str| -> Result<(u64, u64), String> {
        match c.get(k).and_then(Value::as_array).map(Vec::as_slice) {
            Some([a, b]) => a
                .as_u64()
                .zip(b.as_u64())
                .ok_or_else(|| format!("`config.{k}` must be two whole numbers")),
            _ => Err(format!("`config.{k}` must be [min, max]")),
        }
    };
    let flag = |k: &str| -> Result<bool, String> {
        c.get(k)
            .and_then(Value::as_bool)
            .ok_or_else(|| format!("`config.{k}` must be true or false"))
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
    };
    let mut preload = Vec::new();
    for log in start
        .get("logs")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let node = log
            .get("node")
            .and_then(Value::as_u64)
            .ok_or("a `logs` item needs a `node`")?;
        let terms = log
            .get("terms")
            .and_then(Value::as_array)
            .ok_or("a `logs` item needs `terms`")?
            .iter()
            .map(|t| t.as_u64().ok_or("log terms must be whole numbers"))
            .collect::<Result<Vec<_>, _>>()?;
        let state = PersistentState {
            current_term: log.get("term").and_then(Value::as_u64).unwrap_or(0),
            voted_for: log
                .get("vote")
                .map(|v| {
                    v.as_u64()
                        .and_then(|v| NodeId::try_from(v).ok())
                        .ok_or("a log's `vote` must be a node id")
                })
                .transpose()?,
            log: Log::from_entries(terms.into_iter().map(Entry::noop).collect()),
        };
        preload.push((node as NodeId, state));
    }
    Simulation::with_logs(config, preload).map_err(|e: SimError| e.to_string())
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
        } => json!({"last_log_index": last_log_index, "last_log_term": last_log_term}),
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
            "entries": entries.iter().map(|e| json!({"term": e.term, "cmd": e.payload.text()})).collect::<Vec<_>>(),
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
        Input::Timing {
            election_ms,
            heartbeat_ms,
        } => {
            json!({"kind": kind, "election_ms": [election_ms.0, election_ms.1], "heartbeat_ms": heartbeat_ms})
        }
    }
}

/// Reads an input written by [`input_json`].
pub fn input_from_json(v: &Value) -> Result<Input, String> {
    let kind = v
        .get("kind")
        .and_then(Value::as_str)
        .ok_or("an input needs a `kind`")?;
    let num = |k: &str| {
        v.get(k)
            .and_then(Value::as_u64)
            .ok_or_else(|| format!("input `{kind}` needs a whole number `{k}`"))
    };
    let node = |k: &str| num(k).map(|n| n as NodeId);
    let flag = |k: &str| {
        v.get(k)
            .and_then(Value::as_bool)
            .ok_or_else(|| format!("input `{kind}` needs `{k}`: true or false"))
    };
    let text = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("input `{kind}` needs a string `{k}`"))
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
                .ok_or("input `partition` needs `groups`")?;
            let groups = groups
                .iter()
                .map(|g| {
                    g.as_array()
                        .ok_or("a partition group is a list of node ids")?
                        .iter()
                        .map(|n| {
                            n.as_u64()
                                .map(|n| n as NodeId)
                                .ok_or("a partition group is a list of node ids")
                        })
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
        "bug" => {
            let name = text("bug")?;
            let bug = BugName::from_name(&name).ok_or_else(|| format!("unknown bug `{name}`"))?;
            Input::Bug(bug, flag("on")?)
        }
        "timing" => {
            let range = v
                .get("election_ms")
                .and_then(Value::as_array)
                .and_then(|a| Some((a.first()?.as_u64()?, a.get(1)?.as_u64()?)))
                .ok_or("input `timing` needs `election_ms`: [min, max]")?;
            Input::Timing {
                election_ms: range,
                heartbeat_ms: num("heartbeat_ms")?,
            }
        }
        other => return Err(format!("unknown input `{other}`")),
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
        Event::CommitAdvanced { from, to } => ("commit-advanced", json!({"from": from, "to": to})),
        Event::QuorumLost { term, active } => {
            ("quorum-lost", json!({"term": term, "active": active}))
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
