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
//! | `title TEXT` / `title-zh TEXT` | the lesson's name, in English / in Chinese | at most one each |
//! | `about TEXT` / `about-zh TEXT` | what the scenario teaches, in English / in Chinese | at most one each |
//! | `config nodes=N seed=S election=MIN-MAX heartbeat=MS latency=MIN-MAX prevote=0\|1 checkquorum=0\|1 noop=0\|1 batch=B [members=A,B,...]` | the [`SimConfig`], every field in this order (ms); `members` only when not every node is a voter | required |
//! | `log NODE term=T vote=V ENTRY…` | a node's persistent state at the start: its current term, its vote (`-` for none) and its log, index 1 first; an entry is `TERM` (a no-op) or `TERM:TEXT` (a command) | one per preloaded node |
//! | `run RUN` | every input: the [`actions`] format | required |
//! | `check LINE EVENT 0\|1` | a script's `expect` on LINE, checked at EVENT, failed or held | any number |
//! | `mark EVENT TEXT` | a stage the script marks (`# (a) ...`), starting after EVENT | any number |
//! | `say EVENT TEXT` | a caption (`say`), shown after EVENT | any number |
//! | `say-zh TEXT` | the Chinese of the caption just before it | at most one a caption, right after it |
//! | `fail TEXT` | why the script stopped early | at most one |
//! | `end EVENT MICROS` | the last event and the clock at the end of the run | required, last |
//!
//! The lines come in the order of the table, single spaces between fields. TEXT (in `title`,
//! `about`, `fail`, `run` and a log entry) is written with `%XX` (two hex digits) for each byte of its
//! UTF-8 that is not printable ASCII, for `%` itself, and for a space at either end of the
//! text (every space, in a log entry).
//!
//! As `end` is last and every line ends in a newline, a recording cut short is an error,
//! never a shorter run. Reading never panics: a bad recording gives a [`RecordingError`]
//! naming the line and what is wrong with it. It also checks what the simulator would not:
//! the settings pass [`SimConfig::validate`], a `log` names a node of the cluster and so does
//! its vote, its terms are 1 to [`MAX_TERM`] and never decrease, its current term is at least
//! the last entry's, and no action sets a latency past an hour.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

use raft::{Entry, Log, NodeId, Payload, PersistentState, Time};

use crate::actions::{self, Action, ActionError};
use crate::history::History;
use crate::scenario::{self, config_text, ParseError, MAX_TERM};
use crate::{Input, SimConfig, SimError, Simulation, MICROS_PER_MS};

/// The format version [`Recording::encode`] writes and [`Recording::decode`] reads.
pub const VERSION: u32 = 1;

/// What the first line starts with.
const MAGIC: &str = "raft-recording";

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
    /// The lesson's name, and its Chinese name (may be empty).
    pub title: String,
    /// The lesson's Chinese name (may be empty).
    pub title_zh: String,
    /// What the scenario teaches (may be empty).
    pub about: String,
    /// What it teaches, in Chinese (may be empty).
    pub about_zh: String,
    /// A script's `expect`s: the line, the event it was checked at, whether it held.
    pub checkpoints: Vec<(u32, u64, bool)>,
    /// The stages a script marks with a comment such as `# (a) Node 1 leads term 2`, as
    /// Figure 8's are: the last event before the stage, and its label (`(a)`).
    pub marks: Vec<(u64, String)>,
    /// A script's captions (`say`): the event each comes after, its text, and its Chinese
    /// (empty if the script gives none).
    pub captions: Vec<(u64, String, String)>,
    /// Why a script stopped early.
    pub failure: Option<String>,
}

/// Why a recording could not be read or replayed: where, and what is wrong as data
/// ([`RecordingProblem`]); `Display` is English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordingError {
    /// The line of the text (from 1) where reading stopped; `None` for a replay.
    pub line: Option<usize>,
    /// What is wrong.
    pub problem: RecordingProblem,
    /// The English text of `problem`: what [`Display`](fmt::Display) shows after the line.
    pub message: String,
}

/// What is wrong with a recording.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordingProblem {
    /// A line without its newline: the recording was cut short.
    NoNewline,
    /// A line that is not printable ASCII.
    NotAscii,
    /// The first line is not `raft-recording 1`.
    NotRecording,
    /// A line whose first word is no kind of line.
    UnknownKind,
    /// No `end` line: the recording was cut short.
    NoEnd,
    /// A line of a known kind that is wrong.
    BadLine {
        /// The kind of line.
        kind: LineKind,
        /// What is wrong with it.
        why: LineProblem,
    },
    /// The settings and preloaded state do not make a cluster.
    Build(SimError),
    /// An action could not be done again.
    Replay(Box<ActionError>),
    /// The run ends at an event before its last action's.
    EndsBeforeLastAction {
        /// The run's last event.
        end: u64,
        /// The event of its last action.
        last_action: u64,
    },
    /// The simulation ran out of events before the run's end.
    NothingLeft {
        /// The last event there was.
        after: u64,
        /// The run's last event.
        end: u64,
    },
    /// The run's last event comes after the clock at its end.
    EndsBeforeClock {
        /// The run's last event.
        event: u64,
        /// Its time, µs.
        time_us: Time,
        /// The clock at the end, µs.
        clock_us: Time,
    },
}

/// The kinds of line of a recording, in the order they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// `title TEXT`.
    Title,
    /// `title-zh TEXT`.
    TitleZh,
    /// `about TEXT`.
    About,
    /// `about-zh TEXT`.
    AboutZh,
    /// `config ...`.
    Config,
    /// `log NODE ...`.
    Log,
    /// `run RUN`.
    Run,
    /// `check LINE EVENT 0|1`.
    Check,
    /// `mark EVENT TEXT`.
    Mark,
    /// `say EVENT TEXT`.
    Say,
    /// `say-zh TEXT`.
    SayZh,
    /// `fail TEXT`.
    Fail,
    /// `end EVENT MICROS`.
    End,
}

impl LineKind {
    /// Every kind, in order.
    pub const ALL: [LineKind; 13] = [
        LineKind::Title,
        LineKind::TitleZh,
        LineKind::About,
        LineKind::AboutZh,
        LineKind::Config,
        LineKind::Log,
        LineKind::Run,
        LineKind::Check,
        LineKind::Mark,
        LineKind::Say,
        LineKind::SayZh,
        LineKind::Fail,
        LineKind::End,
    ];

    /// The word the line starts with.
    pub const fn word(self) -> &'static str {
        KINDS[self as usize]
    }

    /// What a line of this kind looks like, as `config nodes=N …` (empty for the kinds whose
    /// only field is text).
    pub const fn form(self) -> &'static str {
        FORMS[self as usize]
    }
}

/// What is wrong with one line of a known kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineProblem {
    /// It is not in its kind's form ([`LineKind::form`]).
    Form,
    /// It is out of order or repeated, or a line before it is missing.
    OutOfOrder,
    /// The settings are invalid.
    Config(SimError),
    /// The terms of a `log` line decrease or are out of range.
    Terms,
    /// A `log` line names a node or a vote outside the cluster.
    NotInCluster,
    /// A second `log` line for the same node.
    SecondLog,
    /// The `run` line cannot be read.
    Run(Box<ActionError>),
    /// An action sets a latency over a minute.
    LatencyOverMinute,
    /// A bad `%XX` escape, or text that is not UTF-8.
    BadText,
    /// The run ends before its last action.
    EndsBeforeLastAction,
}

impl RecordingError {
    fn at(line: usize, problem: RecordingProblem) -> Self {
        RecordingError {
            line: Some(line),
            message: problem.to_string(),
            problem,
        }
    }

    fn replay(problem: RecordingProblem) -> Self {
        RecordingError {
            line: None,
            message: problem.to_string(),
            problem,
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

impl fmt::Display for RecordingProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordingProblem::NoNewline => f.write_str("no newline at its end: cut short"),
            RecordingProblem::NotAscii => f.write_str("not printable ASCII"),
            RecordingProblem::NotRecording => write!(f, "expected `{MAGIC} {VERSION}`"),
            RecordingProblem::UnknownKind => f.write_str("unknown kind of line"),
            RecordingProblem::NoEnd => f.write_str("no `end` line: cut short"),
            RecordingProblem::BadLine { kind, why } => {
                write!(f, "bad `{}` line: ", kind.word())?;
                match why {
                    LineProblem::Form if !kind.form().is_empty() => {
                        write!(f, "expected `{}`", kind.form())
                    }
                    why => why.fmt(f),
                }
            }
            RecordingProblem::Build(e) => write!(f, "the cluster cannot be built: {e}"),
            RecordingProblem::Replay(e) => write!(f, "the run does not replay: {e}"),
            RecordingProblem::EndsBeforeLastAction { end, last_action } => write!(
                f,
                "the run ends at event {end}, before its last action (event {last_action})"
            ),
            RecordingProblem::NothingLeft { after, end } => write!(
                f,
                "the simulation has nothing left to do after event {after}, but the run ends \
                 at event {end}"
            ),
            RecordingProblem::EndsBeforeClock {
                event,
                time_us,
                clock_us,
            } => write!(
                f,
                "event {event} happens at {time_us} µs, after the end of the run ({clock_us} µs)"
            ),
        }
    }
}

impl fmt::Display for LineProblem {
    /// What is wrong; [`LineProblem::Form`] is the form of its kind, which this does not know.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineProblem::Form => f.write_str("not in the form of its kind"),
            LineProblem::OutOfOrder => {
                f.write_str("out of order, repeated, or a line before it is missing")
            }
            LineProblem::Config(e) => e.fmt(f),
            LineProblem::Terms => f.write_str(TERMS),
            LineProblem::NotInCluster => f.write_str("node or vote not in the cluster"),
            LineProblem::SecondLog => f.write_str("a second `log` line for the node"),
            LineProblem::Run(e) => e.fmt(f),
            LineProblem::LatencyOverMinute => f.write_str("a latency over a minute"),
            LineProblem::BadText => f.write_str("a bad `%XX` escape or text not UTF-8"),
            LineProblem::EndsBeforeLastAction => f.write_str("the run ends before its last action"),
        }
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
            title: String::new(),
            title_zh: String::new(),
            about: String::new(),
            about_zh: String::new(),
            checkpoints: Vec::new(),
            marks: Vec::new(),
            captions: Vec::new(),
            failure: None,
        }
    }

    /// Parses and runs a script, as the page runs a preset: the run it made, what its opening
    /// comment says ([`scenario::description`]), its `expect`s and its failure if it stopped
    /// early. `file` names the script in messages.
    pub fn from_script(text: &str, file: &str) -> Result<Recording, ParseError> {
        let script = scenario::parse(text, file)?;
        let report = scenario::run(&script, file, &mut |_| {});
        let title = |t: &Option<scenario::Spanned<String>>| {
            t.as_ref().map(|t| t.value.clone()).unwrap_or_default()
        };
        Ok(Recording {
            title: title(&script.header.title),
            title_zh: title(&script.header.title_zh),
            about: scenario::description(text),
            about_zh: scenario::description_zh(text),
            marks: stage_marks(text, &report.starts),
            captions: report
                .captions
                .into_iter()
                .map(|(event, _, c)| (event, c.en, c.zh.unwrap_or_default()))
                .collect(),
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
            .map_err(|e| RecordingError::replay(RecordingProblem::Build(e)))?;
        let mut history = History::new(sim);
        actions::replay(&mut history, &self.actions)
            .map_err(|e| RecordingError::replay(RecordingProblem::Replay(Box::new(e))))?;
        let (last, clock) = self.end;
        if history.position() > last {
            return Err(RecordingError::replay(
                RecordingProblem::EndsBeforeLastAction {
                    end: last,
                    last_action: history.position(),
                },
            ));
        }
        while history.position() < last {
            if history.step().is_none() {
                return Err(RecordingError::replay(RecordingProblem::NothingLeft {
                    after: history.position(),
                    end: last,
                }));
            }
        }
        let now = history.current().now();
        if now > clock {
            return Err(RecordingError::replay(RecordingProblem::EndsBeforeClock {
                event: last,
                time_us: now,
                clock_us: clock,
            }));
        }
        history.set_clock(clock);
        Ok(history)
    }

    /// A preset's recording as the page fetches it (`presets/NAME.rec` in `dist/`, written by
    /// `raft-sim presets`): the run without its titles and descriptions, which the page has
    /// (the titles) or fetches with the script (the descriptions).
    pub fn preset_text(&self) -> String {
        Recording {
            title: String::new(),
            title_zh: String::new(),
            about: String::new(),
            about_zh: String::new(),
            ..self.clone()
        }
        .encode()
    }

    /// The recording as text (see the module's docs); [`Recording::decode`] reads it back.
    pub fn encode(&self) -> String {
        let mut out = format!("{MAGIC} {VERSION}\n");
        for (word, text) in [
            ("title", &self.title),
            ("title-zh", &self.title_zh),
            ("about", &self.about),
            ("about-zh", &self.about_zh),
        ] {
            if !text.is_empty() {
                out.push_str(word);
                out.push(' ');
                escape(&mut out, text, false);
                out.push('\n');
            }
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
        if let Some(members) = &c.members {
            // Before the newline `writeln!` wrote: the members belong to the config line.
            out.pop();
            let _ = writeln!(out, " members={}", config_text(&[], members));
        }
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
        for (event, label) in &self.marks {
            let _ = write!(out, "mark {event} ");
            escape(&mut out, label, false);
            out.push('\n');
        }
        for (event, en, zh) in &self.captions {
            let _ = write!(out, "say {event} ");
            escape(&mut out, en, false);
            out.push('\n');
            if !zh.is_empty() {
                out.push_str("say-zh ");
                escape(&mut out, zh, false);
                out.push('\n');
            }
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
        Reader::read(text)
    }
}

/// The kinds of line, in the order they come; `log` and `check` may repeat.
const KINDS: [&str; 13] = [
    "title", "title-zh", "about", "about-zh", "config", "log", "run", "check", "mark", "say",
    "say-zh", "fail", "end",
];

/// Where some kinds sit in [`KINDS`]: what comes after `config` needs it, and so does what
/// comes after `run`.
const CONFIG_LINE: usize = 4;
const LOG_LINE: usize = 5;
const RUN_LINE: usize = 6;
const CHECK_LINE: usize = 7;
const MARK_LINE: usize = 8;
const SAY_LINE: usize = 9;
const SAY_ZH_LINE: usize = 10;

/// What a line of each kind looks like, for the error about a line not in its form (empty
/// for the kinds whose only field is text, which have no such error).
const FORMS: [&str; 13] = [
    "",
    "",
    "",
    "",
    "config nodes=N seed=S election=MIN-MAX heartbeat=MS latency=MIN-MAX prevote=0|1 \
     checkquorum=0|1 noop=0|1 batch=B [members=A,B,...]",
    "log NODE term=T vote=V|- TERM[:TEXT]…",
    "",
    "check LINE EVENT 0|1",
    "mark EVENT TEXT",
    "say EVENT TEXT",
    "",
    "",
    "end EVENT MICROS",
];

/// What precedes each number of a `config` line.
const CONFIG: [&str; 11] = [
    "nodes=",
    " seed=",
    " election=",
    "-",
    " heartbeat=",
    " latency=",
    "-",
    " prevote=",
    " checkquorum=",
    " noop=",
    " batch=",
];

/// Reads a recording line by line into a [`Recording`].
struct Reader {
    /// What has been read so far.
    read: Recording,
    /// The first kind (an index into [`KINDS`]) the next line may be; 7 after `end`.
    next: usize,
}

impl Reader {
    fn read(text: &str) -> Result<Recording, RecordingError> {
        let mut reader = Reader {
            read: Recording {
                config: SimConfig::new(1, 0),
                preload: Vec::new(),
                actions: Vec::new(),
                end: (0, 0),
                title: String::new(),
                title_zh: String::new(),
                about: String::new(),
                about_zh: String::new(),
                checkpoints: Vec::new(),
                marks: Vec::new(),
                captions: Vec::new(),
                failure: None,
            },
            next: 0,
        };
        let mut n = 0;
        for line in text.split_inclusive('\n') {
            n += 1;
            reader
                .line(n, line)
                .map_err(|problem| RecordingError::at(n, problem))?;
        }
        if reader.next < KINDS.len() {
            return Err(RecordingError::at(n.max(1), RecordingProblem::NoEnd));
        }
        Ok(reader.read)
    }

    /// Reads line `n`, with its newline.
    fn line(&mut self, n: usize, line: &str) -> Result<(), RecordingProblem> {
        let line = line.strip_suffix('\n').ok_or(RecordingProblem::NoNewline)?;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            return Err(RecordingProblem::NotAscii);
        }
        if n == 1 {
            return match line.strip_prefix(MAGIC) {
                Some(" 1") => Ok(()),
                _ => Err(RecordingProblem::NotRecording),
            };
        }
        if line.is_empty() && self.next == KINDS.len() {
            return Ok(());
        }
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
        let kind = KINDS
            .iter()
            .position(|k| *k == word)
            .ok_or(RecordingProblem::UnknownKind)?;
        self.kind(kind, rest)
            .map_err(|why| RecordingProblem::BadLine {
                kind: LineKind::ALL[kind],
                why,
            })
    }

    /// Reads what follows the word of a line of `kind`.
    fn kind(&mut self, kind: usize, rest: &str) -> Result<(), LineProblem> {
        // What comes after `config` needs it, and so does what comes after `run`.
        let next = self.next;
        if kind < next
            || (kind > CONFIG_LINE && next <= CONFIG_LINE)
            || (kind > RUN_LINE && next <= RUN_LINE)
        {
            return Err(LineProblem::OutOfOrder);
        }
        // A caption's Chinese is on the line after it, if anywhere, and captions repeat.
        if kind == SAY_ZH_LINE && self.read.captions.last().is_none_or(|c| !c.2.is_empty()) {
            return Err(LineProblem::OutOfOrder);
        }
        self.next = match kind {
            LOG_LINE | CHECK_LINE | MARK_LINE | SAY_LINE => kind,
            SAY_ZH_LINE => SAY_LINE,
            _ => kind + 1,
        };
        let r = &mut self.read;
        let mut c = Cursor(rest);
        match kind {
            0 => r.title = unescape(rest)?,
            1 => r.title_zh = unescape(rest)?,
            2 => r.about = unescape(rest)?,
            3 => r.about_zh = unescape(rest)?,
            4 => {
                let mut v = [0; 11];
                for (v, lit) in v.iter_mut().zip(CONFIG) {
                    *v = c.num(lit)?;
                }
                let members = if c.eat(" members=") {
                    let id = |c: &mut Cursor<'_>, lit| {
                        NodeId::try_from(c.num(lit)?).map_err(|_| LineProblem::Form)
                    };
                    let mut ids = vec![id(&mut c, "")?];
                    while c.0.starts_with(',') {
                        ids.push(id(&mut c, ",")?);
                    }
                    Some(ids)
                } else {
                    None
                };
                c.done()?;
                let [nodes, seed, e0, e1, heartbeat, l0, l1, prevote, checkquorum, noop, batch] = v;
                if prevote.max(checkquorum).max(noop) > 1 {
                    return Err(LineProblem::Form);
                }
                r.config = SimConfig {
                    nodes: usize::try_from(nodes).map_err(|_| LineProblem::Form)?,
                    seed,
                    election_ms: (e0, e1),
                    heartbeat_ms: heartbeat,
                    latency_ms: (l0, l1),
                    pre_vote: prevote == 1,
                    check_quorum: checkquorum == 1,
                    noop: noop == 1,
                    batch: usize::try_from(batch).map_err(|_| LineProblem::Form)?,
                    members,
                };
                r.config.validate().map_err(LineProblem::Config)?;
            }
            5 => {
                let node = c.num("")?;
                let current_term = c.num(" term=")?;
                let vote = if c.eat(" vote=-") {
                    None
                } else {
                    Some(c.num(" vote=")?)
                };
                let mut entries = Vec::new();
                let mut last = 0;
                while !c.0.is_empty() {
                    let term = c.num(" ")?;
                    if term < last.max(1) || term > MAX_TERM {
                        return Err(LineProblem::Terms);
                    }
                    last = term;
                    let payload = if c.eat(":") {
                        Payload::command(&unescape(c.word())?)
                    } else {
                        Payload::Noop
                    };
                    entries.push(Entry { term, payload });
                }
                if current_term < last || current_term > MAX_TERM {
                    return Err(LineProblem::Terms);
                }
                let member = |id: u64| (1..=r.config.nodes as u64).contains(&id);
                if !member(node) || !vote.is_none_or(member) {
                    return Err(LineProblem::NotInCluster);
                }
                // Both are at most `MAX_NODES`.
                let node = node as NodeId;
                if r.preload.iter().any(|(n, _)| *n == node) {
                    return Err(LineProblem::SecondLog);
                }
                let state = PersistentState {
                    current_term,
                    voted_for: vote.map(|v| v as NodeId),
                    log: Log::from_entries(entries),
                };
                r.preload.push((node, state));
            }
            6 => {
                let (actions, error) = actions::parse_run(&unescape(rest)?);
                if let Some(e) = error {
                    return Err(LineProblem::Run(Box::new(e)));
                }
                let longest = crate::MAX_LATENCY_MS * MICROS_PER_MS;
                if actions
                    .iter()
                    .any(|a| matches!(a.input, Input::Latency(_, max) if max > longest))
                {
                    return Err(LineProblem::LatencyOverMinute);
                }
                r.actions = actions;
            }
            7 => {
                let line = c.num("")?;
                let event = c.num(" ")?;
                let held = c.num(" ")?;
                c.done()?;
                let line = u32::try_from(line).map_err(|_| LineProblem::Form)?;
                if held > 1 {
                    return Err(LineProblem::Form);
                }
                r.checkpoints.push((line, event, held == 1));
            }
            8 => {
                let event = c.num("")?;
                let label = c.0.strip_prefix(' ').ok_or(LineProblem::Form)?;
                r.marks.push((event, unescape(label)?));
            }
            SAY_LINE => {
                let event = c.num("")?;
                let text = c.0.strip_prefix(' ').ok_or(LineProblem::Form)?;
                r.captions.push((event, unescape(text)?, String::new()));
            }
            SAY_ZH_LINE => {
                if let Some(caption) = r.captions.last_mut() {
                    caption.2 = unescape(rest)?;
                }
            }
            11 => r.failure = Some(unescape(rest)?),
            _ => {
                let event = c.num("")?;
                let time = c.num(" ")?;
                c.done()?;
                if r.actions.last().is_some_and(|a| a.frame > event) {
                    return Err(LineProblem::EndsBeforeLastAction);
                }
                r.end = (event, time);
            }
        }
        Ok(())
    }
}

/// The stages a script marks with comments like `# (a) ...`: each label with the last event
/// before the first command after it (`starts`: each command's line and that event).
fn stage_marks(text: &str, starts: &[(u32, u64)]) -> Vec<(u64, String)> {
    let mut marks = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix('#') else {
            continue;
        };
        let rest = rest.trim_start();
        let label = rest
            .strip_prefix('(')
            .and_then(|r| r.split_once(')'))
            .filter(|(inside, _)| {
                (1..=3).contains(&inside.len()) && inside.chars().all(|c| c.is_ascii_alphanumeric())
            });
        let Some((inside, _)) = label else {
            continue;
        };
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if let Some(&(_, event)) = starts.iter().find(|(l, _)| *l > line_no) {
            marks.push((event, format!("({inside})")));
        }
    }
    marks
}

/// Why a `log` line's terms are wrong.
const TERMS: &str = "terms decrease or are not 1 to 1000000000";

/// The part of a line not read yet: the one tokenizer for every kind of line. Its errors are
/// [`LineProblem::Form`].
struct Cursor<'a>(&'a str);

impl<'a> Cursor<'a> {
    /// Whether the text goes on with `lit`, then past it.
    fn eat(&mut self, lit: &str) -> bool {
        match self.0.strip_prefix(lit) {
            Some(rest) => {
                self.0 = rest;
                true
            }
            None => false,
        }
    }

    /// `lit`, then a whole number in decimal.
    fn num(&mut self, lit: &str) -> Result<u64, LineProblem> {
        if !self.eat(lit) {
            return Err(LineProblem::Form);
        }
        let mut n = None;
        while let Some(d) = self.0.bytes().next().filter(u8::is_ascii_digit) {
            self.0 = &self.0[1..];
            let next = n.unwrap_or(0u64).checked_mul(10);
            n = Some(
                next.and_then(|n| n.checked_add(u64::from(d - b'0')))
                    .ok_or(LineProblem::Form)?,
            );
        }
        n.ok_or(LineProblem::Form)
    }

    /// Up to the next space.
    fn word(&mut self) -> &'a str {
        let (word, rest) = self.0.split_at(self.0.find(' ').unwrap_or(self.0.len()));
        self.0 = rest;
        word
    }

    fn done(&self) -> Result<(), LineProblem> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(LineProblem::Form)
        }
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
fn unescape(text: &str) -> Result<String, LineProblem> {
    const BAD: LineProblem = LineProblem::BadText;
    let hex = |b: Option<u8>| char::from(b?).to_digit(16);
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.bytes();
    while let Some(b) = bytes.next() {
        out.push(if b == b'%' {
            match (hex(bytes.next()), hex(bytes.next())) {
                (Some(hi), Some(lo)) => (hi * 16 + lo) as u8,
                _ => return Err(BAD),
            }
        } else {
            b
        });
    }
    // (`from_utf8_lossy` borrows exactly when the bytes are UTF-8; the page has its code.)
    match String::from_utf8_lossy(&out) {
        Cow::Borrowed(text) => Ok(text.to_string()),
        Cow::Owned(_) => Err(BAD),
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
            title: "A test".into(),
            title_zh: "测试".into(),
            about: " Hi,\nthere ".into(),
            about_zh: "你好".into(),
            checkpoints: vec![(5, 3, true), (7, 10, false)],
            marks: vec![(3, "(a)".into()), (8, "(b) é".into())],
            captions: vec![
                (0, "Five # servers.".into(), "五台服务器。".into()),
                (4, "No Chinese".into(), String::new()),
            ],
            failure: Some("x.raft:7: no".into()),
        }
    }

    const SAMPLE: &str = "raft-recording 1
title A test
title-zh %E6%B5%8B%E8%AF%95
about %20Hi,%0Athere%20
about-zh %E4%BD%A0%E5%A5%BD
config nodes=3 seed=9 election=150-300 heartbeat=50 latency=10-15 prevote=0 checkquorum=0 noop=1 batch=64
log 2 term=3 vote=1 1 1:set%20x%201 3:
run 3.215000c2_1.0ka~5Fb%0Ac%25 %C3%A9_n2
check 5 3 1
check 7 10 0
mark 3 (a)
mark 8 (b) %C3%A9
say 0 Five # servers.
say-zh %E4%BA%94%E5%8F%B0%E6%9C%8D%E5%8A%A1%E5%99%A8%E3%80%82
say 4 No Chinese
fail x.raft:7: no
end 10 300000
";

    #[test]
    fn a_captions_chinese_comes_right_after_it_and_once() {
        let with = |lines: &str| SAMPLE.replace("say 4 No Chinese\n", lines);
        assert!(Recording::decode(&with("say 4 No Chinese\nsay-zh %E4%B8%80\n")).is_ok());
        for bad in ["say-zh %E4%B8%80\n", "say 4 x\nsay-zh a\nsay-zh b\n"] {
            let text = SAMPLE.replace("say 0 Five # servers.\nsay-zh %E4%BA%94%E5%8F%B0%E6%9C%8D%E5%8A%A1%E5%99%A8%E3%80%82\nsay 4 No Chinese\n", bad);
            let e = Recording::decode(&text).expect_err(bad);
            assert!(
                matches!(
                    e.problem,
                    RecordingProblem::BadLine {
                        why: LineProblem::OutOfOrder,
                        ..
                    }
                ),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn the_format_is_as_documented() {
        assert_eq!(sample().encode(), SAMPLE);
        assert_eq!(Recording::decode(SAMPLE), Ok(sample()));
        let bare = Recording {
            preload: Vec::new(),
            actions: Vec::new(),
            title: String::new(),
            title_zh: String::new(),
            about: String::new(),
            about_zh: String::new(),
            checkpoints: Vec::new(),
            marks: Vec::new(),
            captions: Vec::new(),
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
            error
                .to_string()
                .starts_with("line 2: bad `config` line: expected `config nodes=N"),
            "{error}"
        );
        let error =
            Recording::decode(&SAMPLE.replace("raft-recording 1", "raft-recording 7")).unwrap_err();
        assert_eq!(error.to_string(), "line 1: expected `raft-recording 1`");
        let replay = RecordingError::replay(RecordingProblem::NothingLeft { after: 3, end: 9 });
        assert_eq!(
            replay.to_string(),
            "the simulation has nothing left to do after event 3, but the run ends at event 9"
        );
    }

    #[test]
    fn messages_match_the_constants() {
        assert_eq!(format!("{MAGIC} {VERSION}"), "raft-recording 1");
        assert!(TERMS.ends_with(&format!(" 1 to {MAX_TERM}")));
        for lit in CONFIG {
            assert!(FORMS[CONFIG_LINE].contains(lit.trim_start()), "{lit}");
        }
    }
}
