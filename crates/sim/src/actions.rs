//! The inputs of a run as a compact text: what the page's `run=` link parameter and a
//! [`Recording`](crate::recording::Recording) carry, and the replay of it on a [`History`].
//!
//! An [`Action`] is one input with the event number it became and its time. The same
//! settings, the same start and the same actions at the same events give the same run, so
//! the actions are all a link needs to carry.
//!
//! # The `run` format
//!
//! Each item followed by `_`, then an end mark `n` + the number of items (no actions: `n0`):
//! `3.215000c2_40.612345r2_1.0s1.set x 1_n3` (in a URL, `+` stands for each space).
//! Each item is `EVENTS.MICROS` — how many events and µs after the previous item (the first:
//! after event 0 at time 0) — then one letter for the input and its arguments:
//!
//! | item | input | | item | input |
//! |---|---|---|---|---|
//! | `c2` | crash node 2 | | `f50000` | loss, parts per million |
//! | `r2` | restart 2 | | `y10000-15000` | latency range, µs |
//! | `i2` | isolate 2 | | `w150-300-50` | election min-max, heartbeat, ms |
//! | `j2` | rejoin 2 | | `t1` / `t0` | timers on / off |
//! | `e2` | fire 2's election timer | | `v1` / `v0` | PreVote on / off |
//! | `b2` | 2 sends heartbeats | | `q1` / `q0` | CheckQuorum on / off |
//! | `p.1-2.3-4-5` | partition; `.` starts each group | | `g1no-jitter` | bug on (`g0…` off) |
//! | `h` | heal | | `s2.TEXT` | propose TEXT to node 2 |
//! | `x1-2` / `X1-2` | cut 1→2 / both ways | | `kTEXT` | a client with command TEXT |
//! | `m1-2` / `M1-2` | mend (link) 1→2 / both ways | | `d17` / `z17` | deliver / drop message 17 |
//!
//! TEXT runs to the end of its item; in it `~5F` stands for `_` and `~7E` for `~` (any
//! `~XX` with two hex digits below 80 is read as that ASCII character). Everything else in
//! TEXT is itself (percent-encoded in a URL like any value). The end mark makes a run cut
//! short (by a chat app, a length limit) an error rather than a silently different run.

use std::fmt::{self, Write as _};

use raft::{Change, NodeId};

use crate::history::History;
use crate::{BugName, Input, SimError, LONGEST_MS, MAX_NODES, PPM};

/// One input of a run: the input, the event number it became and its time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// The event (frame) number the input became; events are numbered from 1.
    pub frame: u64,
    /// The simulated time of the input, in µs.
    pub time_us: u64,
    /// The input.
    pub input: Input,
}

impl Action {
    /// The input `input`, which became event `frame` at `time_us`.
    pub fn new(frame: u64, time_us: u64, input: Input) -> Self {
        Action {
            frame,
            time_us,
            input,
        }
    }

    /// Every input of `history` so far, oldest first: what [`encode_run`] writes.
    pub fn from_history(history: &History) -> Vec<Action> {
        history
            .inputs()
            .map(|(frame, time_us, input)| Action {
                frame,
                time_us,
                input: input.clone(),
            })
            .collect()
    }
}

/// Why a run could not be read or replayed: the item concerned (as the run writes it; empty
/// when there is none) and what was wrong, as data ([`ActionProblem`]); `Display` is English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionError {
    /// The item as the run writes it, e.g. `1.0c9`, or the end mark; empty when there is none.
    pub item: String,
    /// What is wrong and what was kept.
    pub problem: ActionProblem,
}

/// What is wrong with a run, and what of it is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ActionProblem {
    /// The run is empty (not even the end mark): none is replayed.
    Empty,
    /// Item `index` (from 1) of `total` cannot be read: it and the items after it are dropped.
    Invalid {
        /// The item's number, from 1.
        index: usize,
        /// How many items the run holds.
        total: usize,
        /// Why it cannot be read.
        why: ItemProblem,
    },
    /// No end mark: the last of the `total` items is dropped, as it may have been cut.
    NoEndMark {
        /// How many items the run holds.
        total: usize,
    },
    /// The end mark counts `said` items, the run holds `total`: they are replayed.
    CountMismatch {
        /// The count of the end mark.
        said: usize,
        /// How many items the run holds.
        total: usize,
    },
    /// The end mark is not `n` and a count: the `total` items are replayed.
    BadEndMark {
        /// How many items the run holds.
        total: usize,
    },
    /// Action `index` (from 1) of `total` could not be done: the run stops before it.
    Replay {
        /// The action's number, from 1.
        index: usize,
        /// How many actions there are.
        total: usize,
        /// Why it could not be done.
        why: ReplayProblem,
    },
}

/// Why one item of a run cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemProblem {
    /// It does not start with `EVENTS.MICROS`.
    Start,
    /// It comes 0 events after the previous one.
    SameEvent,
    /// Its event number overflows.
    EventTooLarge,
    /// Its time overflows.
    TimeTooLarge,
    /// No letter after `EVENTS.MICROS`.
    NoLetter,
    /// A letter that names no action.
    NotALetter {
        /// The letter.
        letter: char,
    },
    /// A number too large to read.
    NumberTooLarge {
        /// The number's digits.
        number: String,
    },
    /// No node id where one belongs.
    NoNode,
    /// A node id no cluster has.
    NoSuchNode {
        /// The id.
        node: u64,
    },
    /// No `-` between the two nodes of a link.
    NoDash,
    /// No loss after `f`.
    NoLoss,
    /// A loss over a million parts per million.
    LossOverAll {
        /// The loss, parts per million.
        ppm: u64,
    },
    /// Not a latency range `yMIN-MAX`.
    LatencyForm,
    /// A latency range that ends before it starts.
    LatencyReversed {
        /// The minimum, µs.
        min: u64,
        /// The maximum, µs.
        max: u64,
    },
    /// Not `wMIN-MAX-HEARTBEAT`.
    TimingForm,
    /// An election range outside `1 ≤ MIN ≤ MAX ≤` an hour.
    ElectionRange {
        /// The minimum, ms.
        min: u64,
        /// The maximum, ms.
        max: u64,
    },
    /// A heartbeat of 0 or not below the shortest election timeout.
    HeartbeatRange {
        /// The heartbeat, ms.
        heartbeat: u64,
        /// The shortest election timeout, ms.
        election_min: u64,
    },
    /// Neither `1` nor `0` after the letter.
    NoBit,
    /// A bug that does not exist.
    NotABug {
        /// The name given.
        name: String,
    },
    /// No `.` between a node and its command.
    NoDot,
    /// A `~` in text that is not an escape.
    BadEscape {
        /// The `~` and what followed it (up to two characters).
        escape: String,
    },
    /// No message id after the letter.
    NoMessageId,
    /// Something after the end of the action.
    Trailing {
        /// What is left.
        rest: String,
    },
}

/// Why an action that was read could not be done again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayProblem {
    /// The simulation ran out of events before the action's.
    NothingLeft {
        /// The last event.
        after: u64,
    },
    /// The run is already past the action's event.
    AlreadyPast {
        /// The action's event.
        event: u64,
        /// Where the run is.
        at: u64,
    },
    /// The simulator refused the input.
    Refused(SimError),
    /// It became another event, or came at another time, than recorded.
    Moved {
        /// The event it became.
        event: u64,
        /// At what time, µs.
        time_us: u64,
        /// The event recorded.
        wanted_event: u64,
        /// The time recorded, µs.
        wanted_time_us: u64,
    },
}

impl ActionError {
    fn new(item: &str, problem: ActionProblem) -> Self {
        ActionError {
            item: item.to_string(),
            problem,
        }
    }
}

impl fmt::Display for ActionError {
    /// `item: message`, or the message alone without an item.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.item.is_empty() {
            write!(f, "{}: ", self.item)?;
        }
        self.problem.fmt(f)
    }
}

impl fmt::Display for ActionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ActionProblem::Empty => f.write_str(
                "the run is empty (even no actions is `n0`), so the link was probably cut \
                 short; replaying none",
            ),
            ActionProblem::Invalid { index, total, why } => write!(
                f,
                "action {index} of {total} is not valid ({why}); {}",
                dropped(index.saturating_sub(1), *total)
            ),
            ActionProblem::NoEndMark { total } => write!(
                f,
                "the run has no end mark (`n` and the number of actions), so the link was \
                 probably cut short; {}",
                dropped(total.saturating_sub(1), *total)
            ),
            ActionProblem::CountMismatch { said, total } => write!(
                f,
                "the end mark says {said} actions but the run holds {total}, so the link was \
                 changed; replaying {} there are",
                kept(*total)
            ),
            ActionProblem::BadEndMark { total } => write!(
                f,
                "the end mark should be `n{total}` (`n` and the number of actions); replaying \
                 {} there are",
                kept(*total)
            ),
            ActionProblem::Replay { index, total, why } => write!(
                f,
                "action {index} of {total} could not be replayed ({why}); the run stops before it"
            ),
        }
    }
}

impl fmt::Display for ItemProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemProblem::Start => f.write_str(
                "it should start with the events and µs since the previous action, as in \
                 `3.15000c2`",
            ),
            ItemProblem::SameEvent => {
                f.write_str("it must come at least 1 event after the previous action")
            }
            ItemProblem::EventTooLarge => f.write_str("its event number is too large"),
            ItemProblem::TimeTooLarge => f.write_str("its time is too large"),
            ItemProblem::NoLetter => f.write_str("the letter naming the action is missing"),
            ItemProblem::NotALetter { letter } => {
                write!(f, "`{letter}` is not an action letter")
            }
            ItemProblem::NumberTooLarge { number } => {
                write!(f, "the number {number} is too large")
            }
            ItemProblem::NoNode => f.write_str("expected a node id"),
            ItemProblem::NoSuchNode { node } => write!(
                f,
                "node {node} cannot exist (node ids are 1 to {MAX_NODES})"
            ),
            ItemProblem::NoDash => f.write_str("expected `-` between the two nodes"),
            ItemProblem::NoLoss => f.write_str("expected the loss in parts per million"),
            ItemProblem::LossOverAll { ppm } => write!(
                f,
                "a loss of {ppm} parts per million is more than all ({PPM})"
            ),
            ItemProblem::LatencyForm => {
                f.write_str("expected the latency range in µs, as in `y10000-15000`")
            }
            ItemProblem::LatencyReversed { min, max } => {
                write!(f, "the latency range {min}-{max} ends before it starts")
            }
            ItemProblem::TimingForm => {
                f.write_str("expected election MIN-MAX and heartbeat in ms, as in `w150-300-50`")
            }
            ItemProblem::ElectionRange { min, max } => write!(
                f,
                "the election range {min}-{max} ms should have 1 ≤ MIN ≤ MAX ≤ {LONGEST_MS}"
            ),
            ItemProblem::HeartbeatRange {
                heartbeat,
                election_min,
            } => write!(
                f,
                "the heartbeat {heartbeat} ms should be at least 1 and shorter than the \
                 shortest election timeout ({election_min} ms)"
            ),
            ItemProblem::NoBit => f.write_str("expected 1 (on) or 0 (off) after the letter"),
            ItemProblem::NotABug { name } => {
                let all: Vec<&str> = BugName::ALL.iter().map(|b| b.name()).collect();
                write!(f, "`{name}` is not a bug (the bugs are {})", all.join(", "))
            }
            ItemProblem::NoDot => f.write_str("expected `.` between the node and the command"),
            ItemProblem::BadEscape { escape } => write!(
                f,
                "`{escape}` in the text is not an escape (`~5F` stands for `_`, `~7E` for `~`)"
            ),
            ItemProblem::NoMessageId => f.write_str("expected a message id"),
            ItemProblem::Trailing { rest } => write!(f, "unexpected `{rest}` at its end"),
        }
    }
}

impl fmt::Display for ReplayProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReplayProblem::NothingLeft { after } => write!(
                f,
                "the simulation has nothing left to do after event {after}"
            ),
            ReplayProblem::AlreadyPast { event, at } => write!(
                f,
                "it should be event {event}, but the run is already at event {at}"
            ),
            ReplayProblem::Refused(e) => e.fmt(f),
            ReplayProblem::Moved {
                event,
                time_us,
                wanted_event,
                wanted_time_us,
            } => write!(
                f,
                "it became event {event} at {time_us} µs instead of event {wanted_event} at \
                 {wanted_time_us} µs"
            ),
        }
    }
}

impl std::error::Error for ActionError {}

/// Does `actions` again on `history`: steps to the event before each, sets the clock to its
/// time and applies it. On failure the actions before the bad one stay applied; the error
/// (its item as the run writes it) says which and why.
pub fn replay(history: &mut History, actions: &[Action]) -> Result<(), ActionError> {
    let (mut frame, mut time) = (0, 0);
    for (i, action) in actions.iter().enumerate() {
        let fail = |why: ReplayProblem| {
            let mut item = String::new();
            write_item(&mut item, action, frame, time);
            ActionError::new(
                &item,
                ActionProblem::Replay {
                    index: i + 1,
                    total: actions.len(),
                    why,
                },
            )
        };
        while history.position() + 1 < action.frame {
            if history.step().is_none() {
                return Err(fail(ReplayProblem::NothingLeft {
                    after: history.position(),
                }));
            }
        }
        if history.position() + 1 != action.frame {
            return Err(fail(ReplayProblem::AlreadyPast {
                event: action.frame,
                at: history.position(),
            }));
        }
        let done = history
            .apply_at(action.time_us, action.input.clone())
            .map_err(|e| fail(ReplayProblem::Refused(e)))?;
        if done.number != action.frame || done.time != action.time_us {
            return Err(fail(ReplayProblem::Moved {
                event: done.number,
                time_us: done.time,
                wanted_event: action.frame,
                wanted_time_us: action.time_us,
            }));
        }
        (frame, time) = (action.frame, action.time_us);
    }
    Ok(())
}

/// The `run` text for `actions` (see the module's docs).
pub fn encode_run(actions: &[Action]) -> String {
    let mut out = String::new();
    let (mut frame, mut time) = (0, 0);
    for action in actions {
        write_item(&mut out, action, frame, time);
        out.push('_');
        (frame, time) = (action.frame, action.time_us);
    }
    let _ = write!(out, "n{}", actions.len());
    out
}

/// Reads a `run` text. At the first bad item it stops: the actions before it are returned
/// with an error naming the item, its number and the reason, for a history applied only in
/// part would mislead. A run without its end mark loses its last item, which may have been
/// cut.
pub fn parse_run(value: &str) -> (Vec<Action>, Option<ActionError>) {
    let value = value.trim();
    if value.is_empty() {
        return (Vec::new(), Some(ActionError::new("", ActionProblem::Empty)));
    }
    let items: Vec<&str> = value.split('_').collect();
    let (body, mark) = match items.split_last() {
        Some((last, body)) if last.starts_with('n') => (body, Some(*last)),
        _ => (&items[..], None),
    };
    let total = body.len();
    let mut actions = Vec::with_capacity(total);
    let (mut frame, mut time) = (0, 0);
    for (i, item) in body.iter().enumerate() {
        match parse_item(item, frame, time) {
            Ok(action) => {
                (frame, time) = (action.frame, action.time_us);
                actions.push(action);
            }
            Err(why) => {
                let problem = ActionProblem::Invalid {
                    index: i + 1,
                    total,
                    why,
                };
                return (actions, Some(ActionError::new(item, problem)));
            }
        }
    }
    let error = match mark {
        None => {
            let last = body.last().copied().unwrap_or_default();
            actions.pop();
            Some(ActionError::new(last, ActionProblem::NoEndMark { total }))
        }
        Some(mark) => match digits(&mark[1..]).and_then(|d| d.parse::<usize>().ok()) {
            Some(n) if n == total => None,
            Some(said) => Some(ActionError::new(
                mark,
                ActionProblem::CountMismatch { said, total },
            )),
            None => Some(ActionError::new(mark, ActionProblem::BadEndMark { total })),
        },
    };
    (actions, error)
}

/// What was kept of a run of `n` items.
fn kept(n: usize) -> String {
    match n {
        1 => "the 1 action".to_string(),
        n => format!("the {n} actions"),
    }
}

/// What was dropped when item `index` (from 0) of `total` is bad.
fn dropped(index: usize, total: usize) -> String {
    let after = total.saturating_sub(index + 1);
    let after = match after {
        0 => String::new(),
        n => format!(" and the {n} after it"),
    };
    let before = match index {
        0 => "none".to_string(),
        1 => "the 1 before it".to_string(),
        n => format!("the {n} before it"),
    };
    format!("dropped it{after}, replaying {before}")
}

/// `s` if it is all ASCII digits and not empty.
fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

fn write_item(out: &mut String, action: &Action, frame: u64, time: u64) {
    let _ = write!(
        out,
        "{}.{}",
        action.frame.wrapping_sub(frame),
        action.time_us.wrapping_sub(time)
    );
    let bit = |on: bool| if on { '1' } else { '0' };
    let _ = match &action.input {
        Input::Crash(n) => write!(out, "c{n}"),
        Input::Restart(n) => write!(out, "r{n}"),
        Input::Isolate(n) => write!(out, "i{n}"),
        Input::Rejoin(n) => write!(out, "j{n}"),
        Input::Timeout(n) => write!(out, "e{n}"),
        Input::Heartbeat(n) => write!(out, "b{n}"),
        Input::Partition(groups) => {
            out.push('p');
            for group in groups {
                out.push('.');
                for (i, n) in group.iter().enumerate() {
                    if i > 0 {
                        out.push('-');
                    }
                    let _ = write!(out, "{n}");
                }
            }
            Ok(())
        }
        Input::Heal => write!(out, "h"),
        Input::Cut { from, to, both } => {
            write!(out, "{}{from}-{to}", if *both { 'X' } else { 'x' })
        }
        Input::Link { from, to, both } => {
            write!(out, "{}{from}-{to}", if *both { 'M' } else { 'm' })
        }
        Input::Loss(ppm) => write!(out, "f{ppm}"),
        Input::Latency(min, max) => write!(out, "y{min}-{max}"),
        Input::Timing {
            election_ms: (min, max),
            heartbeat_ms,
        } => write!(out, "w{min}-{max}-{heartbeat_ms}"),
        Input::Timers(on) => write!(out, "t{}", bit(*on)),
        Input::PreVote(on) => write!(out, "v{}", bit(*on)),
        Input::CheckQuorum(on) => write!(out, "q{}", bit(*on)),
        Input::Bug(bug, on) => write!(out, "g{}{}", bit(*on), bug.name()),
        Input::Propose(n, text) => {
            let _ = write!(out, "s{n}.");
            push_text(out, text);
            Ok(())
        }
        Input::Client(text) => {
            out.push('k');
            push_text(out, text);
            Ok(())
        }
        Input::Deliver(id) => write!(out, "d{id}"),
        Input::Drop(id) => write!(out, "z{id}"),
        Input::Duplicate(id) => write!(out, "u{id}"),
        Input::Transfer(n) => write!(out, "at{n}"),
        Input::AddServer(n) => write!(out, "an{n}"),
        Input::Change(change) => match change {
            Change::AddVoter(n) => write!(out, "av{n}"),
            Change::AddLearner(n) => write!(out, "al{n}"),
            Change::Promote(n) => write!(out, "ap{n}"),
            Change::Remove(n) => write!(out, "ar{n}"),
            Change::Joint(voters) => {
                out.push_str("aj");
                for (i, n) in voters.iter().enumerate() {
                    let _ = write!(out, "{}{n}", if i == 0 { "" } else { "-" });
                }
                Ok(())
            }
        },
    };
}

fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '_' => out.push_str("~5F"),
            '~' => out.push_str("~7E"),
            c => out.push(c),
        }
    }
}

fn read_text(text: &str) -> Result<String, ItemProblem> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        let hex: String = chars.by_ref().take(2).collect();
        let byte = (hex.len() == 2 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u8::from_str_radix(&hex, 16).ok())
            .flatten()
            .filter(u8::is_ascii);
        match byte {
            Some(b) => out.push(char::from(b)),
            None => {
                return Err(ItemProblem::BadEscape {
                    escape: format!("~{hex}"),
                })
            }
        }
    }
    Ok(out)
}

/// Reads one item of `run`, the previous one having been at `frame` and `time`.
fn parse_item(item: &str, frame: u64, time: u64) -> Result<Action, ItemProblem> {
    let mut c = Cursor { rest: item };
    let df = c.uint(ItemProblem::Start)?;
    c.expect('.', ItemProblem::Start)?;
    let dt = c.uint(ItemProblem::Start)?;
    if df == 0 {
        return Err(ItemProblem::SameEvent);
    }
    let frame = frame.checked_add(df).ok_or(ItemProblem::EventTooLarge)?;
    let time = time.checked_add(dt).ok_or(ItemProblem::TimeTooLarge)?;
    let kind = c.next().ok_or(ItemProblem::NoLetter)?;
    let input = match kind {
        'c' => Input::Crash(c.node()?),
        'r' => Input::Restart(c.node()?),
        'i' => Input::Isolate(c.node()?),
        'j' => Input::Rejoin(c.node()?),
        'e' => Input::Timeout(c.node()?),
        'b' => Input::Heartbeat(c.node()?),
        'p' => {
            let mut groups = Vec::new();
            while c.eat('.') {
                let mut group = Vec::new();
                if c.rest.starts_with(|ch: char| ch.is_ascii_digit()) {
                    group.push(c.node()?);
                    while c.eat('-') {
                        group.push(c.node()?);
                    }
                }
                groups.push(group);
            }
            Input::Partition(groups)
        }
        'h' => Input::Heal,
        'x' | 'X' | 'm' | 'M' => {
            let from = c.node()?;
            c.expect('-', ItemProblem::NoDash)?;
            let to = c.node()?;
            let both = kind.is_ascii_uppercase();
            if kind.eq_ignore_ascii_case(&'x') {
                Input::Cut { from, to, both }
            } else {
                Input::Link { from, to, both }
            }
        }
        'f' => {
            let ppm = c.uint(ItemProblem::NoLoss)?;
            if ppm > u64::from(PPM) {
                return Err(ItemProblem::LossOverAll { ppm });
            }
            Input::Loss(ppm as u32)
        }
        'y' => {
            let min = c.uint(ItemProblem::LatencyForm)?;
            c.expect('-', ItemProblem::LatencyForm)?;
            let max = c.uint(ItemProblem::LatencyForm)?;
            if max < min {
                return Err(ItemProblem::LatencyReversed { min, max });
            }
            Input::Latency(min, max)
        }
        'w' => {
            let min = c.uint(ItemProblem::TimingForm)?;
            c.expect('-', ItemProblem::TimingForm)?;
            let max = c.uint(ItemProblem::TimingForm)?;
            c.expect('-', ItemProblem::TimingForm)?;
            let heartbeat = c.uint(ItemProblem::TimingForm)?;
            check_timing((min, max), heartbeat)?;
            Input::Timing {
                election_ms: (min, max),
                heartbeat_ms: heartbeat,
            }
        }
        't' => Input::Timers(c.bit()?),
        'v' => Input::PreVote(c.bit()?),
        'q' => Input::CheckQuorum(c.bit()?),
        'g' => {
            let on = c.bit()?;
            let name = std::mem::take(&mut c.rest);
            let bug = BugName::from_name(name).ok_or_else(|| ItemProblem::NotABug {
                name: name.to_string(),
            })?;
            Input::Bug(bug, on)
        }
        's' => {
            let node = c.node()?;
            c.expect('.', ItemProblem::NoDot)?;
            Input::Propose(node, read_text(std::mem::take(&mut c.rest))?)
        }
        'k' => Input::Client(read_text(std::mem::take(&mut c.rest))?),
        'd' => Input::Deliver(c.uint(ItemProblem::NoMessageId)?),
        'z' => Input::Drop(c.uint(ItemProblem::NoMessageId)?),
        'u' => Input::Duplicate(c.uint(ItemProblem::NoMessageId)?),
        'a' if c.eat('t') => Input::Transfer(c.node()?),
        'a' if c.eat('n') => Input::AddServer(c.node()?),
        'a' => {
            let change = if c.eat('v') {
                Change::AddVoter(c.node()?)
            } else if c.eat('l') {
                Change::AddLearner(c.node()?)
            } else if c.eat('p') {
                Change::Promote(c.node()?)
            } else if c.eat('r') {
                Change::Remove(c.node()?)
            } else if c.eat('j') {
                let mut voters = vec![c.node()?];
                while c.eat('-') {
                    voters.push(c.node()?);
                }
                Change::Joint(voters)
            } else {
                return Err(ItemProblem::NotALetter { letter: 'a' });
            };
            Input::Change(change)
        }
        other => return Err(ItemProblem::NotALetter { letter: other }),
    };
    if !c.rest.is_empty() {
        return Err(ItemProblem::Trailing {
            rest: c.rest.to_string(),
        });
    }
    Ok(Action {
        frame,
        time_us: time,
        input,
    })
}

/// The rules of [`SimConfig::validate`](crate::SimConfig::validate) for an election range
/// and heartbeat, in ms.
fn check_timing((min, max): (u64, u64), heartbeat: u64) -> Result<(), ItemProblem> {
    if min == 0 || max < min || max > LONGEST_MS {
        Err(ItemProblem::ElectionRange { min, max })
    } else if heartbeat == 0 || heartbeat >= min {
        Err(ItemProblem::HeartbeatRange {
            heartbeat,
            election_min: min,
        })
    } else {
        Ok(())
    }
}

/// What is left of an item to read.
struct Cursor<'a> {
    rest: &'a str,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<char> {
        let mut chars = self.rest.chars();
        let c = chars.next()?;
        self.rest = chars.as_str();
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        match self.rest.strip_prefix(c) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    fn expect(&mut self, c: char, what: ItemProblem) -> Result<(), ItemProblem> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(what)
        }
    }

    /// A whole number in decimal; `what` says what was expected when there is none.
    fn uint(&mut self, what: ItemProblem) -> Result<u64, ItemProblem> {
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        let (number, rest) = self.rest.split_at(end);
        if number.is_empty() {
            return Err(what);
        }
        let n = number.parse().map_err(|_| ItemProblem::NumberTooLarge {
            number: number.to_string(),
        })?;
        self.rest = rest;
        Ok(n)
    }

    fn node(&mut self) -> Result<NodeId, ItemProblem> {
        let n = self.uint(ItemProblem::NoNode)?;
        match NodeId::try_from(n) {
            Ok(id) if (1..=MAX_NODES as u64).contains(&n) => Ok(id),
            _ => Err(ItemProblem::NoSuchNode { node: n }),
        }
    }

    fn bit(&mut self) -> Result<bool, ItemProblem> {
        if self.eat('1') {
            Ok(true)
        } else if self.eat('0') {
            Ok(false)
        } else {
            Err(ItemProblem::NoBit)
        }
    }
}

/// One of every kind of input, with awkward text (separators, escapes, non-ASCII, extremes):
/// what the codec tests here and the page's URL tests run through the format.
#[doc(hidden)]
pub fn sample_inputs() -> Vec<Input> {
    vec![
        Input::Crash(3),
        Input::Restart(3),
        Input::Isolate(1),
        Input::Rejoin(15),
        Input::Partition(vec![vec![1, 2], vec![3, 4, 5]]),
        Input::Partition(vec![]),
        Input::Partition(vec![vec![]]),
        Input::Partition(vec![vec![], vec![2], vec![]]),
        Input::Heal,
        Input::Cut {
            from: 1,
            to: 2,
            both: false,
        },
        Input::Cut {
            from: 2,
            to: 1,
            both: true,
        },
        Input::Link {
            from: 4,
            to: 5,
            both: false,
        },
        Input::Link {
            from: 5,
            to: 4,
            both: true,
        },
        Input::Loss(0),
        Input::Loss(PPM),
        Input::Latency(10_000, 15_000),
        Input::Latency(0, u64::MAX),
        Input::Timing {
            election_ms: (150, 300),
            heartbeat_ms: 50,
        },
        Input::Timers(false),
        Input::Timers(true),
        Input::Change(raft::Change::AddVoter(4)),
        Input::Change(raft::Change::AddLearner(15)),
        Input::Change(raft::Change::Promote(3)),
        Input::Change(raft::Change::Remove(1)),
        Input::Change(raft::Change::Joint(vec![3, 4, 5])),
        Input::Transfer(2),
        Input::AddServer(6),
        Input::Timeout(2),
        Input::Heartbeat(4),
        Input::Propose(2, "set x 1".into()),
        Input::Propose(1, String::new()),
        Input::Propose(1, "set a_b ~~_%20+&=#?.n3_".into()),
        Input::Client("del 键 ü 😀\n\t\"'<>\\".into()),
        Input::Client(String::new()),
        Input::Client("_".into()),
        Input::Client("~5F".into()),
        Input::Deliver(0),
        Input::Deliver(u64::MAX),
        Input::Drop(17),
        Input::Duplicate(3),
        Input::Bug(BugName::NoJitter, true),
        Input::Bug(BugName::VoteIgnoresLog, false),
        Input::PreVote(true),
        Input::PreVote(false),
        Input::CheckQuorum(true),
        Input::CheckQuorum(false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SimConfig, Simulation};

    fn action(frame: u64, time_us: u64, input: Input) -> Action {
        Action::new(frame, time_us, input)
    }

    fn every_input() -> Vec<Input> {
        sample_inputs()
    }

    #[test]
    fn the_run_format_is_as_documented() {
        let actions = vec![
            action(3, 215_000, Input::Crash(2)),
            action(43, 827_345, Input::Restart(2)),
            action(44, 827_345, Input::Propose(1, "set x 1".into())),
        ];
        let run = encode_run(&actions);
        assert_eq!(run, "3.215000c2_40.612345r2_1.0s1.set x 1_n3");
        assert_eq!(parse_run(&run), (actions, None));
        assert_eq!(encode_run(&[]), "n0");
    }

    #[test]
    fn every_input_round_trips() {
        let actions: Vec<Action> = every_input()
            .into_iter()
            .enumerate()
            .map(|(i, input)| action(1 + 3 * i as u64, 1000 * i as u64, input))
            .collect();
        let run = encode_run(&actions);
        assert_eq!(parse_run(&run), (actions.clone(), None), "{run}");
        for a in &actions {
            let one = std::slice::from_ref(a);
            assert_eq!(parse_run(&encode_run(one)), (one.to_vec(), None));
        }
    }

    #[test]
    fn every_input_has_a_letter() {
        // A new `Input` variant fails to compile in `write_item`; this checks the letters
        // do not collide.
        let mut letters: Vec<char> = every_input()
            .iter()
            .map(|input| {
                let mut s = String::new();
                write_item(&mut s, &action(1, 0, input.clone()), 0, 0);
                s.chars().nth(3).unwrap_or('?')
            })
            .collect();
        letters.sort_unstable();
        letters.dedup();
        assert_eq!(letters.len(), 25, "{letters:?}");
        assert!(!letters.contains(&'n'));
    }

    #[test]
    fn a_bad_item_is_named_with_the_reason() {
        let (kept, error) = parse_run("1.0c1_1.5q_1.0h_1.0h_n4");
        assert_eq!(kept.len(), 1);
        let error = error.unwrap();
        assert_eq!(error.item, "1.5q");
        assert_eq!(
            error.to_string(),
            "1.5q: action 2 of 4 is not valid (expected 1 (on) or 0 (off) after the letter); \
             dropped it and the 2 after it, replaying the 1 before it"
        );
        let (kept, error) = parse_run("");
        assert!(kept.is_empty());
        let error = error.unwrap();
        assert_eq!(error.item, "");
        assert!(error.to_string().starts_with("the run is empty"), "{error}");
        for run in ["1.0c1", "1.0c1_n2", "1.0c1_nx", "1.0c16_n1", "1.0kset~_n1"] {
            assert!(parse_run(run).1.is_some(), "{run}");
        }
    }

    #[test]
    fn a_cut_run_is_an_error_and_keeps_a_prefix() {
        let actions: Vec<Action> = every_input()
            .into_iter()
            .enumerate()
            .map(|(i, input)| action(2 + 5 * i as u64, 12_345 * i as u64, input))
            .collect();
        let run = encode_run(&actions);
        for cut in 1..run.len() {
            if !run.is_char_boundary(cut) {
                continue;
            }
            let (kept, error) = parse_run(&run[..cut]);
            assert!(error.is_some(), "{}", &run[..cut]);
            assert_eq!(kept[..], actions[..kept.len()], "{}", &run[..cut]);
        }
    }

    #[test]
    fn a_history_replays_from_its_actions() {
        let mut history = History::new(Simulation::new(SimConfig::new(5, 7)).unwrap());
        for _ in 0..20 {
            history.step();
        }
        let now = history.current().now();
        history.apply_at(now + 1_234, Input::Crash(2)).unwrap();
        for _ in 0..20 {
            history.step();
        }
        let now = history.current().now();
        history
            .apply_at(now + 99, Input::Client("set x_1".into()))
            .unwrap();
        let actions = Action::from_history(&history);
        assert_eq!(actions.len(), 2);
        let (read, error) = parse_run(&encode_run(&actions));
        assert_eq!((&read, error), (&actions, None));

        let mut again = History::new(Simulation::new(SimConfig::new(5, 7)).unwrap());
        replay(&mut again, &read).unwrap();
        assert_eq!(again.position(), history.position());
        assert!(again.current() == history.current());

        // Too few nodes: the first impossible action stops the replay, named.
        let mut small = History::new(Simulation::new(SimConfig::new(3, 7)).unwrap());
        let error = replay(&mut small, &[action(1, 0, Input::Crash(9))]).unwrap_err();
        assert_eq!(error.item, "1.0c9");
        assert!(
            error
                .to_string()
                .starts_with("1.0c9: action 1 of 1 could not be replayed (node 9"),
            "{error}"
        );
        // An action at an event already past.
        let mut late = History::new(Simulation::new(SimConfig::new(3, 7)).unwrap());
        let twice = [action(5, 0, Input::Heal), action(5, 0, Input::Heal)];
        assert!(replay(&mut late, &twice).is_err());
    }
}
