//! One plain sentence for every event, in the visitor's language.
//!
//! A frame is first read into a [`Story`]: the one thing worth saying about it, with its
//! numbers, independent of language. This module does that reading and nothing else. The one
//! renderer, [`tell`], then turns stories, inputs, violations and tooltips into sentences for
//! every language at once: it holds each sentence's structure and picks a template from the
//! visitor's table of [`words::Words`], [`en`] for English and [`zh`] for Chinese, which hold
//! every word and nothing else. So a sentence's logic is compiled once, not once a language;
//! where grammar differs (plurals, a capital at a sentence's start, how lists and clauses are
//! joined) the tables carry one field per case and the renderer always picks. Its exhaustive
//! matches make a story or input without words a compile error, and a missing field in either
//! table is one too. An event nobody foresaw still gets a plain, true sentence, never an empty
//! one and never a panic.
//!
//! The tests compare the narration of every preset with the golden files in
//! `web/tests/golden/`; `cargo xtask golden` rewrites them after an intended change.

mod en;
mod tell;
#[cfg(test)]
mod tests;
mod words;
mod zh;

/// How many templates a language's narration has.
pub(crate) const WORDS_COUNT: usize = words::Key::ALL.len();
/// The narration's keys, hashed (see [`crate::i18n::words`]).
pub(crate) const WORDS_LAYOUT: u64 = words::Key::LAYOUT;

/// The narration's templates built into this wasm for `lang`, as one text (see
/// [`crate::i18n::words`]).
pub(crate) fn words_text(lang: Lang) -> &'static str {
    match lang {
        Lang::En => en::EN.text(),
        Lang::Zh => zh::ZH.text(),
    }
}

use sim::raft::{
    AppendOutcome, ChangeRefusal, ConflictHint, Event, IgnoreReason, LogIndex, Message, NodeId,
    Role, Term, Time, TransferRefusal, VoteRefusal,
};
use sim::{
    ClientOutcome, Frame, FrameKind, InFlight, Input, LossCause, Violation, MICROS_PER_MS, PPM,
};

use crate::i18n::{strings, Lang};
use tell::teller;

/// The name of a message's kind, for the legend and tooltips.
pub fn message_name(lang: Lang, message: &Message) -> &'static str {
    let t = strings(lang);
    match message {
        Message::PreVote { .. } => t.pre_vote,
        Message::PreVoteResponse { granted: true } => t.pre_vote_granted,
        Message::PreVoteResponse { granted: false } => t.pre_vote_refused,
        Message::RequestVote { .. } => t.request_vote,
        Message::RequestVoteResponse { granted: true } => t.vote_granted,
        Message::RequestVoteResponse { granted: false } => t.vote_refused,
        Message::AppendEntries { entries, .. } if entries.is_empty() => t.heartbeat_msg,
        Message::AppendEntries { .. } => t.append_entries,
        Message::AppendEntriesResponse(AppendOutcome::Success { .. }) => t.append_ok,
        Message::AppendEntriesResponse(AppendOutcome::Conflict { .. }) => t.append_conflict,
        Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => t.append_stale,
        Message::TimeoutNow => t.timeout_now,
    }
}

/// A role's name, as the legend and tooltips show it.
pub fn role_name(lang: Lang, role: Role) -> &'static str {
    let s = strings(lang);
    match role {
        Role::Follower => s.follower,
        Role::PreCandidate => s.precandidate,
        Role::Candidate => s.candidate,
        Role::Leader => s.leader,
    }
}

/// The most important thing that happened in `frame`, in one sentence.
pub fn narrate(lang: Lang, frame: &Frame) -> String {
    let tell = teller(lang);
    let text = tell.story(&story(frame));
    if text.trim().is_empty() {
        // Every story has words in both languages; this only guards the promise.
        tell.event(frame.number)
    } else {
        text
    }
}

/// A message's tooltip: its kind, its ends, its term and the fields that matter, e.g.
/// `RequestVote 1 → 2, term 3: last log 7 @ term 2`.
pub fn message_title(lang: Lang, message: &InFlight) -> String {
    teller(lang).message_title(message)
}

/// A safety violation in one sentence, from its fields (the checker's own message is English
/// only): the property's name, then what broke it.
pub fn violation(lang: Lang, violation: &Violation) -> String {
    teller(lang).violation(violation)
}

// ----- Reading a frame -------------------------------------------------------------------

/// What a node was before an election started, and why it started one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lead {
    /// Its election timer ran out after `timeout` µs, in `term`, while it was `was`.
    TimedOut {
        timeout: Time,
        term: Term,
        was: Role,
    },
    /// The visitor told it to.
    Forced,
}

/// Where an election start leaves the node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Campaign {
    /// A candidate of this term, voting for itself.
    Candidate(Term),
    /// Asking for pre-votes for this term.
    PreCandidate(Term),
    /// The only voter: leader of this term at once.
    Leader(Term),
    /// There is no later term to run in.
    Waits,
}

/// The one thing worth saying about a frame.
#[derive(Clone, Copy, Debug)]
enum Story<'a> {
    Violation(&'a Violation),
    Campaign {
        node: NodeId,
        lead: Lead,
        campaign: Campaign,
    },
    Heartbeats {
        node: NodeId,
    },
    QuorumLost {
        node: NodeId,
        term: Term,
        active: usize,
    },
    /// A leader, candidate or pre-candidate became a follower because of `by`'s message.
    StepDown {
        node: NodeId,
        was: Role,
        by: NodeId,
        term: Term,
        /// The message came from the leader of `term`.
        from_leader: bool,
        /// It then voted for `by`.
        voted: bool,
    },
    /// A follower moved to a later term it saw in `by`'s message.
    TermMoved {
        node: NodeId,
        by: NodeId,
        term: Term,
    },
    VoteGranted {
        voter: NodeId,
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
    },
    VoteRefused {
        voter: NodeId,
        candidate: NodeId,
        term: Term,
        pre_vote: bool,
        reason: VoteRefusal,
    },
    Elected {
        node: NodeId,
        term: Term,
        votes: usize,
    },
    PreVoteWon {
        node: NodeId,
        term: Term,
        votes: usize,
    },
    PreVoteLost {
        node: NodeId,
        term: Term,
        refusals: usize,
    },
    VoteCounted {
        node: NodeId,
        from: NodeId,
        granted: bool,
        pre_vote: bool,
        granted_total: usize,
        quorum: usize,
    },
    /// A follower handled an AppendEntries with entries.
    Replicated {
        node: NodeId,
        leader: NodeId,
        /// It learned that `leader` leads this term.
        news: Option<Term>,
        /// First index removed, how many, whether committed ones were among them.
        truncated: Option<(LogIndex, u64, bool)>,
        /// The entries it stored.
        appended: Option<(LogIndex, LogIndex)>,
        /// The entries it already held, when it stored none.
        held: Option<(LogIndex, LogIndex)>,
        commit: Option<LogIndex>,
    },
    /// A follower handled a heartbeat.
    Heard {
        node: NodeId,
        leader: NodeId,
        news: Option<Term>,
        commit: Option<LogIndex>,
    },
    Rejected {
        node: NodeId,
        leader: NodeId,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        hint: ConflictHint,
    },
    Acked {
        leader: NodeId,
        follower: NodeId,
        match_index: LogIndex,
        /// The entries this reply got committed.
        committed: Option<(LogIndex, LogIndex)>,
    },
    BackedUp {
        leader: NodeId,
        follower: NodeId,
        from: LogIndex,
        to: LogIndex,
    },
    Ignored {
        node: NodeId,
        from: NodeId,
        message: &'a Message,
        term: Term,
        reason: IgnoreReason,
    },
    Client {
        you: bool,
        node: NodeId,
        command: &'a str,
        outcome: &'a ClientOutcome,
    },
    Lost {
        message: &'a InFlight,
        cause: LossCause,
        by_you: bool,
    },
    /// The visitor put a copy of a message in flight on the wire.
    Duplicated {
        copy: &'a InFlight,
    },
    Input(&'a Input),
    /// A delivery nothing more specific describes.
    Received {
        node: NodeId,
        from: NodeId,
        message: &'a Message,
    },
    /// A timer firing nothing more specific describes.
    TimerFired {
        node: NodeId,
    },
    /// A leader left out of the configuration it committed (thesis 4.2.2).
    SteppedDown {
        node: NodeId,
        term: Term,
    },
    ChangeRefused {
        node: NodeId,
        reason: ChangeRefusal,
    },
    /// `at_once`: the target's log was complete, so TimeoutNow went out in the same step.
    TransferStarted {
        leader: NodeId,
        target: NodeId,
        at_once: bool,
    },
    TimeoutNowSent {
        leader: NodeId,
        target: NodeId,
    },
    TransferAborted {
        leader: NodeId,
        target: NodeId,
    },
    TransferRefused {
        leader: NodeId,
        reason: TransferRefusal,
    },
    TransferBlocksProposal {
        leader: NodeId,
        target: NodeId,
    },
    /// The target of a transfer campaigns at once, in `term`.
    TimeoutNow {
        node: NodeId,
        leader: NodeId,
        term: Term,
    },
}

fn story(frame: &Frame) -> Story<'_> {
    if let Some(v) = frame.violations.first() {
        return Story::Violation(v);
    }
    if let Some(story) = membership(frame) {
        return story;
    }
    match &frame.kind {
        FrameKind::Timer(node) => timer(*node, &events_of(frame, *node)),
        FrameKind::Deliver(msg) => deliver(msg, &events_of(frame, msg.envelope.to)),
        FrameKind::Duplicate(copy) => Story::Duplicated { copy },
        FrameKind::Lose(message, cause) => Story::Lost {
            message,
            cause: *cause,
            by_you: matches!(frame.cause, Some(Input::Drop(_))),
        },
        FrameKind::Client {
            client,
            node,
            command,
            outcome,
        } => Story::Client {
            you: *client == 0 || matches!(frame.cause, Some(Input::Propose(..))),
            node: *node,
            command,
            outcome,
        },
        FrameKind::Input(input) => match input {
            Input::Timeout(node) => {
                campaign(*node, &events_of(frame, *node)).unwrap_or(Story::Input(input))
            }
            _ => Story::Input(input),
        },
    }
}

/// The membership and transfer events, which matter more than the message that caused them.
fn membership(frame: &Frame) -> Option<Story<'static>> {
    let any = |f: &dyn Fn(NodeId, &Event) -> Option<Story<'static>>| {
        frame.events.iter().find_map(|(n, e)| f(*n, e))
    };
    any(&|node, e| match e {
        Event::SteppedDown { term } => Some(Story::SteppedDown { node, term: *term }),
        _ => None,
    })
    .or_else(|| {
        any(&|node, e| match e {
            Event::TimeoutNowReceived { leader } => Some(Story::TimeoutNow {
                node,
                leader: *leader,
                term: frame
                    .events
                    .iter()
                    .find_map(|(n, e)| match e {
                        Event::TermChanged { to, .. } if *n == node => Some(*to),
                        _ => None,
                    })
                    .unwrap_or_default(),
            }),
            _ => None,
        })
    })
    .or_else(|| {
        any(&|node, e| match e {
            Event::TransferAborted { target } => Some(Story::TransferAborted {
                leader: node,
                target: *target,
            }),
            Event::TransferRefused { reason } => Some(Story::TransferRefused {
                leader: node,
                reason: *reason,
            }),
            Event::ProposalRefusedDuringTransfer { target } => {
                Some(Story::TransferBlocksProposal {
                    leader: node,
                    target: *target,
                })
            }
            Event::ChangeRefused { reason } => Some(Story::ChangeRefused {
                node,
                reason: *reason,
            }),
            _ => None,
        })
    })
    .or_else(|| {
        let sent = |leader: NodeId| {
            frame
                .events
                .iter()
                .any(|(n, e)| *n == leader && matches!(e, Event::TimeoutNowSent { .. }))
        };
        any(&|node, e| match e {
            Event::TransferStarted { target } => Some(Story::TransferStarted {
                leader: node,
                target: *target,
                at_once: sent(node),
            }),
            _ => None,
        })
    })
    .or_else(|| {
        any(&|node, e| match e {
            Event::TimeoutNowSent { target } => Some(Story::TimeoutNowSent {
                leader: node,
                target: *target,
            }),
            _ => None,
        })
    })
}

fn events_of(frame: &Frame, node: NodeId) -> Vec<&Event> {
    frame
        .events
        .iter()
        .filter(|(n, _)| *n == node)
        .map(|(_, e)| e)
        .collect()
}

/// The first event `f` picks out.
fn find<'a, T>(events: &[&'a Event], f: impl FnMut(&'a Event) -> Option<T>) -> Option<T> {
    events.iter().copied().find_map(f)
}

/// An election start: a timeout, or one the visitor forced.
fn campaign(node: NodeId, events: &[&Event]) -> Option<Story<'static>> {
    let (timeout, term) = find(events, |e| match e {
        Event::ElectionTimeout { term, timeout } => Some((Some(*timeout), *term)),
        Event::ForcedElection { term } => Some((None, *term)),
        _ => None,
    })?;
    let first_role = find(events, |e| match e {
        Event::RoleChanged { from, .. } => Some(*from),
        _ => None,
    });
    let leader_term = find(events, |e| match e {
        Event::RoleChanged {
            to: Role::Leader,
            term,
            ..
        } => Some(*term),
        _ => None,
    });
    let new_term = find(events, |e| match e {
        Event::TermChanged {
            to, cause: None, ..
        } => Some(*to),
        _ => None,
    });
    let campaign = match (leader_term, new_term, term.checked_add(1)) {
        (Some(t), _, _) => Campaign::Leader(t),
        (None, Some(t), _) => Campaign::Candidate(t),
        (None, None, Some(t)) => Campaign::PreCandidate(t),
        (None, None, None) => Campaign::Waits,
    };
    let was = first_role.unwrap_or(match campaign {
        Campaign::Candidate(_) => Role::Candidate,
        Campaign::PreCandidate(_) => Role::PreCandidate,
        Campaign::Leader(_) | Campaign::Waits => Role::Follower,
    });
    let lead = match timeout {
        Some(timeout) => Lead::TimedOut { timeout, term, was },
        None => Lead::Forced,
    };
    Some(Story::Campaign {
        node,
        lead,
        campaign,
    })
}

fn timer(node: NodeId, events: &[&Event]) -> Story<'static> {
    if let Some(story) = campaign(node, events) {
        return story;
    }
    if let Some(story) = find(events, |e| match e {
        Event::QuorumLost { term, active } => Some(Story::QuorumLost {
            node,
            term: *term,
            active: *active,
        }),
        _ => None,
    }) {
        return story;
    }
    if events.is_empty() {
        // A leader's timer: heartbeats go out without a word from the node.
        Story::Heartbeats { node }
    } else {
        Story::TimerFired { node }
    }
}

fn deliver<'a>(msg: &'a InFlight, events: &[&Event]) -> Story<'a> {
    let env = &msg.envelope;
    let (from, to) = (env.from, env.to);
    let newer_term = find(events, |e| match e {
        Event::TermChanged {
            to, cause: Some(_), ..
        } => Some(*to),
        _ => None,
    });
    let stepped_down = find(events, |e| match e {
        Event::RoleChanged {
            from: was,
            to: Role::Follower,
            term,
        } if *was != Role::Follower => Some((*was, *term)),
        _ => None,
    });
    let step_down = |from_leader: bool, voted: bool| {
        stepped_down.map(|(was, term)| Story::StepDown {
            node: to,
            was,
            by: from,
            term: newer_term.unwrap_or(term),
            from_leader,
            voted,
        })
    };
    let term_moved = newer_term.map(|term| Story::TermMoved {
        node: to,
        by: from,
        term,
    });
    let received = Story::Received {
        node: to,
        from,
        message: &env.message,
    };
    let commit = find(events, |e| match e {
        Event::CommitAdvanced { to, .. } => Some(*to),
        _ => None,
    });
    let ignored = find(events, |e| match e {
        Event::MessageIgnored {
            from: sender,
            term,
            reason,
        } => Some(Story::Ignored {
            node: to,
            from: *sender,
            message: &env.message,
            term: *term,
            reason: *reason,
        }),
        _ => None,
    });
    if let Some(ignored) = ignored {
        // A reply that came too late can still carry a later term, which matters more.
        return step_down(false, false).or(term_moved).unwrap_or(ignored);
    }

    match &env.message {
        Message::PreVote { .. } | Message::RequestVote { .. } => {
            let granted = find(events, |e| match e {
                Event::VoteGranted {
                    candidate,
                    term,
                    pre_vote,
                    ..
                } => Some(Story::VoteGranted {
                    voter: to,
                    candidate: *candidate,
                    term: *term,
                    pre_vote: *pre_vote,
                }),
                _ => None,
            });
            let refused = find(events, |e| match e {
                Event::VoteRefused {
                    candidate,
                    term,
                    pre_vote,
                    reason,
                } => Some(Story::VoteRefused {
                    voter: to,
                    candidate: *candidate,
                    term: *term,
                    pre_vote: *pre_vote,
                    reason: *reason,
                }),
                _ => None,
            });
            let voted = matches!(
                granted,
                Some(Story::VoteGranted {
                    pre_vote: false,
                    ..
                })
            );
            step_down(false, voted)
                .or(granted)
                .or(refused)
                .or(term_moved)
                .unwrap_or(received)
        }
        Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. } => {
            let counted = find(events, |e| match e {
                Event::VoteCounted {
                    from,
                    granted,
                    pre_vote,
                    granted_total,
                    refused_total,
                    quorum,
                } => Some((
                    *from,
                    *granted,
                    *pre_vote,
                    *granted_total,
                    *refused_total,
                    *quorum,
                )),
                _ => None,
            });
            let Some((voter, granted, pre_vote, granted_total, refused_total, quorum)) = counted
            else {
                return step_down(false, false).or(term_moved).unwrap_or(received);
            };
            let became = |role: Role| {
                find(events, |e| match e {
                    Event::RoleChanged { to, term, .. } if *to == role => Some(*term),
                    _ => None,
                })
            };
            if let Some(term) = became(Role::Leader) {
                Story::Elected {
                    node: to,
                    term,
                    votes: granted_total,
                }
            } else if let (true, Some(term)) = (pre_vote, became(Role::Candidate)) {
                Story::PreVoteWon {
                    node: to,
                    term,
                    votes: granted_total,
                }
            } else if let (true, Some(term)) = (pre_vote, became(Role::Follower)) {
                Story::PreVoteLost {
                    node: to,
                    term,
                    refusals: refused_total,
                }
            } else {
                Story::VoteCounted {
                    node: to,
                    from: voter,
                    granted,
                    pre_vote,
                    granted_total,
                    quorum,
                }
            }
        }
        Message::AppendEntries {
            prev_log_index,
            entries,
            ..
        } => {
            if let Some(story) = step_down(true, false) {
                return story;
            }
            if let Some(story) = find(events, |e| match e {
                Event::AppendRejected {
                    leader,
                    prev_log_index,
                    prev_log_term,
                    hint,
                } => Some(Story::Rejected {
                    node: to,
                    leader: *leader,
                    prev_log_index: *prev_log_index,
                    prev_log_term: *prev_log_term,
                    hint: *hint,
                }),
                _ => None,
            }) {
                return story;
            }
            let news = find(events, |e| match e {
                Event::LeaderChanged {
                    leader: Some(l),
                    term,
                } if *l == from => Some(*term),
                _ => None,
            });
            if entries.is_empty() {
                return Story::Heard {
                    node: to,
                    leader: from,
                    news,
                    commit,
                };
            }
            let truncated = find(events, |e| match e {
                Event::EntriesTruncated {
                    from,
                    count,
                    committed,
                } => Some((*from, *count, *committed)),
                _ => None,
            });
            let appended = find(events, |e| match e {
                Event::EntriesAppended { first, last, .. } => Some((*first, *last)),
                _ => None,
            });
            let held = appended.is_none().then(|| {
                let first = prev_log_index.saturating_add(1);
                let last = prev_log_index.saturating_add(entries.len() as LogIndex);
                (first, last)
            });
            Story::Replicated {
                node: to,
                leader: from,
                news,
                truncated,
                appended,
                held,
                commit,
            }
        }
        Message::AppendEntriesResponse(outcome) => {
            if let Some(story) = step_down(false, false).or(term_moved) {
                return story;
            }
            if let Some(story) = find(events, |e| match e {
                Event::NextIndexBackedUp { follower, from, to } => Some(Story::BackedUp {
                    leader: env.to,
                    follower: *follower,
                    from: *from,
                    to: *to,
                }),
                _ => None,
            }) {
                return story;
            }
            match outcome {
                AppendOutcome::Success { match_index } => Story::Acked {
                    leader: to,
                    follower: from,
                    match_index: *match_index,
                    committed: find(events, |e| match e {
                        Event::CommitAdvanced { from, to, .. } => {
                            Some((from.saturating_add(1), *to))
                        }
                        _ => None,
                    }),
                },
                _ => received,
            }
        }
        // Told by `membership` when it starts a campaign.
        Message::TimeoutNow => step_down(false, false).or(term_moved).unwrap_or(received),
    }
}

// ----- Numbers, the same in every language -----------------------------------------------

/// Milliseconds, rounded: election timeouts are drawn to the microsecond.
fn ms_rounded(us: Time) -> u64 {
    us.saturating_add(MICROS_PER_MS / 2) / MICROS_PER_MS
}

/// Milliseconds with as many decimals as needed: `10`, `12.5`.
fn ms_exact(us: Time) -> String {
    let (whole, frac) = (us / MICROS_PER_MS, us % MICROS_PER_MS);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:03}")
            .trim_end_matches('0')
            .to_string()
    }
}

/// A loss probability in percent: `10`, `0.5`.
fn percent(ppm: u32) -> String {
    let per_percent = PPM / 100;
    let (whole, frac) = (ppm / per_percent, ppm % per_percent);
    if frac == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:04}")
            .trim_end_matches('0')
            .to_string()
    }
}

fn latency_range(min: Time, max: Time) -> String {
    if min == max {
        ms_exact(min)
    } else {
        format!("{}–{}", ms_exact(min), ms_exact(max))
    }
}

/// A range of whole milliseconds: `150–300`, or `150` when both ends agree.
fn ms_range(min: u64, max: u64) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min}–{max}")
    }
}

/// `{1, 2, 3}`.
fn group(nodes: &[NodeId]) -> String {
    let ids: Vec<String> = nodes.iter().map(NodeId::to_string).collect();
    format!("{{{}}}", ids.join(", "))
}

fn partition_groups(groups: &[Vec<NodeId>]) -> Vec<String> {
    groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| group(g))
        .collect()
}
