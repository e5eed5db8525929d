//! The run's whole history, any point of which can be rebuilt exactly.
//!
//! Only two things are stored: the inputs from outside (with the event number they became and
//! the time they happened), and a checkpoint of the whole simulation every so many events.
//! Everything else is deterministic, so the state after event `k` is the nearest checkpoint at
//! or before `k` plus a replay of the events after it. Stepping back one event is such a
//! rebuild; so is seeking to a time. Acting in the past drops the recorded future first.

use raft::Time;

use crate::cluster::{Frame, FrameKind, Input, Simulation};
use crate::SimError;

/// Events between checkpoints. Replaying this many takes a few milliseconds (see the `seek`
/// benchmark); each checkpoint shares its logs with the others and costs about 50 KB, so an
/// hour (1.3 million events) keeps about 150 of them.
pub const DEFAULT_CHECKPOINT_INTERVAL: u64 = 8192;

/// About how many bytes the checkpoints may hold in all. A run that would pass it (a long one
/// with very many messages in flight, each checkpoint copying them all) drops every other
/// checkpoint and doubles the interval: seeking far back then replays more events, but memory
/// stays bounded whatever the settings.
pub const CHECKPOINT_BUDGET: usize = 128 << 20;

/// What a timeline marker points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// A node's election timer fired or it was told to campaign.
    ElectionStarted,
    /// A node became leader.
    LeaderElected,
    /// A leader's commit index advanced.
    Committed,
    /// Something was done from outside: a crash, a cut, a setting.
    Input,
    /// A safety property was violated.
    Violation,
}

/// A notable event, for the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The event number.
    pub frame: u64,
    /// When, in µs.
    pub time: Time,
    /// What.
    pub kind: MarkerKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Recorded {
    frame: u64,
    time: Time,
    input: Input,
}

/// A simulation with its past.
#[derive(Clone, Debug)]
pub struct History {
    current: Simulation,
    /// `checkpoints[0]` is the start; each later one is taken right after an event.
    checkpoints: Vec<Simulation>,
    inputs: Vec<Recorded>,
    markers: Vec<Marker>,
    /// How many events the history holds (the current position may be earlier).
    recorded: u64,
    /// When the last of them happened, µs.
    recorded_time: Time,
    interval: u64,
    /// The estimated size of the checkpoints after the first, and the most they may hold.
    checkpoint_bytes: usize,
    budget: usize,
}

impl History {
    /// A history that starts with `start`.
    pub fn new(start: Simulation) -> Self {
        Self::with_interval(start, DEFAULT_CHECKPOINT_INTERVAL)
    }

    /// A history that checkpoints every `interval` events (at least 1).
    pub fn with_interval(start: Simulation, interval: u64) -> Self {
        History {
            recorded: start.frame_count(),
            recorded_time: start.now(),
            checkpoints: vec![start.clone()],
            current: start,
            inputs: Vec::new(),
            markers: Vec::new(),
            interval: interval.max(1),
            checkpoint_bytes: 0,
            budget: CHECKPOINT_BUDGET,
        }
    }

    /// The simulation at the current position.
    pub fn current(&self) -> &Simulation {
        &self.current
    }

    /// The simulation the history starts with, before its first event.
    pub fn start(&self) -> &Simulation {
        &self.checkpoints[0]
    }

    /// The number of the last event applied at the current position.
    pub fn position(&self) -> u64 {
        self.current.frame_count()
    }

    /// How many events the history holds.
    pub fn len(&self) -> u64 {
        self.recorded
    }

    /// When the last recorded event happened, µs.
    pub fn end_time(&self) -> Time {
        self.recorded_time
    }

    /// Whether no event has happened.
    pub fn is_empty(&self) -> bool {
        self.recorded == self.checkpoints[0].frame_count()
    }

    /// Whether the position is at the end (acting or stepping simulates something new).
    pub fn at_end(&self) -> bool {
        self.position() >= self.recorded
    }

    /// Notable events so far, oldest first.
    pub fn markers(&self) -> &[Marker] {
        &self.markers
    }

    /// The inputs so far with the event number each became, oldest first.
    pub fn inputs(&self) -> impl Iterator<Item = (u64, Time, &Input)> {
        self.inputs.iter().map(|r| (r.frame, r.time, &r.input))
    }

    /// The number of checkpoints held.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The time of the next event from the current position, recorded or not.
    pub fn next_time(&mut self) -> Option<Time> {
        if !self.at_end() {
            if let Some(r) = self.recorded_input(self.position() + 1) {
                return Some(r.time);
            }
        }
        self.current.next_event_time()
    }

    fn recorded_input(&self, frame: u64) -> Option<&Recorded> {
        self.inputs
            .binary_search_by_key(&frame, |r| r.frame)
            .ok()
            .map(|i| &self.inputs[i])
    }

    /// Goes one event forward: replays the recorded next event, or simulates a new one.
    pub fn step(&mut self) -> Option<Frame> {
        if !self.at_end() {
            return self.redo();
        }
        let frame = self.current.step()?;
        self.record(&frame);
        Some(frame)
    }

    fn redo(&mut self) -> Option<Frame> {
        let next = self.position() + 1;
        match self.recorded_input(next).cloned() {
            Some(r) => {
                self.current.set_clock(r.time);
                self.current.apply(r.input).ok()
            }
            None => self.current.step(),
        }
    }

    /// Moves the clock forward to `t` (µs) without any event happening.
    pub fn set_clock(&mut self, t: Time) {
        self.current.set_clock(t);
    }

    /// Does `input` now. In the past, the recorded future is dropped first (history forks).
    pub fn apply(&mut self, input: Input) -> Result<Frame, SimError> {
        self.truncate_future();
        let frame = self.current.apply(input.clone())?;
        self.inputs.push(Recorded {
            frame: frame.number,
            time: frame.time,
            input,
        });
        self.record(&frame);
        Ok(frame)
    }

    /// Drops everything recorded after the current position: the next step simulates anew.
    /// (Acting in the past does this first; a look ahead that found nothing undoes itself
    /// with it.)
    pub fn drop_future(&mut self) {
        self.truncate_future();
    }

    /// Drops everything recorded after the current position.
    fn truncate_future(&mut self) {
        let position = self.position();
        if position >= self.recorded {
            return;
        }
        self.inputs.retain(|r| r.frame <= position);
        self.markers.retain(|m| m.frame <= position);
        self.checkpoints
            .truncate(1 + self.checkpoints[1..].partition_point(|c| c.frame_count() <= position));
        self.checkpoint_bytes = self.checkpoints[1..]
            .iter()
            .map(Simulation::approx_bytes)
            .sum();
        self.recorded = position;
        self.recorded_time = self.current.now();
    }

    fn record(&mut self, frame: &Frame) {
        self.recorded = frame.number;
        self.recorded_time = frame.time;
        self.markers.extend(markers_of(frame));
        if frame.number % self.interval == 0 {
            self.checkpoint_bytes += self.current.approx_bytes();
            self.checkpoints.push(self.current.clone());
            while self.checkpoint_bytes > self.budget && self.checkpoints.len() > 2 {
                self.thin_checkpoints();
            }
        }
    }

    /// Keeps the start and every other checkpoint, and checkpoints half as often from now on.
    fn thin_checkpoints(&mut self) {
        self.interval = self.interval.saturating_mul(2);
        let interval = self.interval;
        let mut i = 0;
        self.checkpoints.retain(|c| {
            i += 1;
            i == 1 || c.frame_count() % interval == 0
        });
        self.checkpoint_bytes = self.checkpoints[1..]
            .iter()
            .map(Simulation::approx_bytes)
            .sum();
    }

    /// The number of events between checkpoints now (it doubles when they pass the budget).
    pub fn checkpoint_interval(&self) -> u64 {
        self.interval
    }

    /// The estimated bytes the checkpoints hold, beyond the start.
    pub fn checkpoint_bytes(&self) -> usize {
        self.checkpoint_bytes
    }

    /// Sets the most the checkpoints may hold ([`CHECKPOINT_BUDGET`] unless told otherwise).
    pub fn set_checkpoint_budget(&mut self, bytes: usize) {
        self.budget = bytes;
    }

    /// Goes back `n` events, to exactly the state after event `position - n`.
    pub fn back(&mut self, n: u64) {
        let target = self.position().saturating_sub(n);
        self.goto(target);
    }

    /// Goes to exactly the state after event `target` (clipped to what is recorded).
    pub fn goto(&mut self, target: u64) {
        let start = self.checkpoints[0].frame_count();
        let target = target.clamp(start, self.recorded);
        if target < self.position() || target - self.position() > self.interval {
            let i = self
                .checkpoints
                .partition_point(|c| c.frame_count() <= target);
            self.current = self.checkpoints[i.saturating_sub(1)].clone();
        }
        while self.position() < target {
            if self.redo().is_none() {
                break;
            }
        }
    }

    /// Goes to simulated time `t` (µs), forward or backward: every event at or before `t` has
    /// happened, none after. Past the recorded end, new events are simulated. The clock then
    /// reads `t`. Returns how many events were replayed or simulated on the way.
    pub fn seek(&mut self, t: Time) -> u64 {
        self.seek_with(t, &mut |_| {})
    }

    /// [`History::seek`], showing `observe` each event replayed or simulated on the way. A long
    /// jump starts from the nearest checkpoint, so the events before it are not shown.
    pub fn seek_with(&mut self, t: Time, observe: &mut dyn FnMut(&Frame)) -> u64 {
        // The latest checkpoint at or before `t`, if it saves replaying from here.
        let i = self.checkpoints.partition_point(|c| c.now() <= t);
        if let Some(checkpoint) = i.checked_sub(1).map(|i| &self.checkpoints[i]) {
            let behind = t < self.current.now();
            if behind || checkpoint.frame_count() > self.position() {
                self.current = checkpoint.clone();
            }
        }
        let mut count = 0;
        while self.next_time().is_some_and(|next| next <= t) {
            match self.step() {
                Some(frame) => {
                    observe(&frame);
                    count += 1;
                }
                None => break,
            }
        }
        self.current.set_clock(t);
        count
    }
}

fn markers_of(frame: &Frame) -> impl Iterator<Item = Marker> + '_ {
    use raft::{Event, Role};
    let mark = move |kind| Marker {
        frame: frame.number,
        time: frame.time,
        kind,
    };
    let input = matches!(frame.kind, FrameKind::Input(_)).then(|| mark(MarkerKind::Input));
    let events = frame.events.iter().filter_map(move |(_, e)| match e {
        Event::ElectionTimeout { .. } | Event::ForcedElection { .. } => {
            Some(mark(MarkerKind::ElectionStarted))
        }
        Event::RoleChanged {
            to: Role::Leader, ..
        } => Some(mark(MarkerKind::LeaderElected)),
        _ => None,
    });
    // A leader commits when it counts an acknowledgement: a delivered AppendEntries answer.
    let leader_commit = matches!(
        &frame.kind,
        FrameKind::Deliver(m) if matches!(m.envelope.message, raft::Message::AppendEntriesResponse(_))
    ) && frame
        .events
        .iter()
        .any(|(_, e)| matches!(e, Event::CommitAdvanced { .. }));
    let committed = leader_commit.then(|| mark(MarkerKind::Committed));
    let violation = (!frame.violations.is_empty()).then(|| mark(MarkerKind::Violation));
    input
        .into_iter()
        .chain(events)
        .chain(committed)
        .chain(violation)
}
