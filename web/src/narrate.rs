//! One plain sentence for every event, in the visitor's language.
//!
//! A frame is first read into a [`Story`]: the one thing worth saying about it, with its
//! numbers, independent of language. Each language then tells that story in its own words, so
//! both always cover the same cases. An event nobody foresaw still gets a plain, true
//! sentence, never an empty one and never a panic.

use sim::raft::{
    AppendOutcome, ConflictHint, Event, IgnoreReason, LogIndex, Message, NodeId, Role, Term, Time,
    VoteRefusal,
};
use sim::{
    BugName, ClientOutcome, Frame, FrameKind, InFlight, Input, LossCause, Property, Violation,
    MICROS_PER_MS, PPM,
};

use crate::i18n::{strings, Lang};

/// The name of a message's kind, for the legend and tooltips.
pub fn message_name(lang: Lang, message: &Message) -> &'static str {
    use sim::raft::AppendOutcome;
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
    let story = story(frame);
    let text = match lang {
        Lang::En => en(&story),
        Lang::Zh => zh(&story),
    };
    if text.trim().is_empty() {
        // Every story has words in both languages; this only guards the promise.
        match lang {
            Lang::En => format!("Event {} happens.", frame.number),
            Lang::Zh => format!("发生了第 {} 个事件。", frame.number),
        }
    } else {
        text
    }
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
}

fn story(frame: &Frame) -> Story<'_> {
    if let Some(v) = frame.violations.first() {
        return Story::Violation(v);
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
                        Event::CommitAdvanced { from, to } => Some((from.saturating_add(1), *to)),
                        _ => None,
                    }),
                },
                _ => received,
            }
        }
    }
}

// ----- Small pieces of text ---------------------------------------------------------------

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

/// `a`, `a and b`, `a, b and c`.
fn join_en(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `a`、`a 和 b`、`a、b 和 c`.
fn list_zh(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} 和 {last}", init.join("、")),
    }
}

/// Clauses of one sentence: `a，b，并c`.
fn clauses_zh(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}，并{last}", init.join("，")),
    }
}

fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn entries_en((first, last): (LogIndex, LogIndex)) -> String {
    if first >= last {
        format!("entry {last}")
    } else {
        format!("entries {first}–{last}")
    }
}

fn entries_zh((first, last): (LogIndex, LogIndex)) -> String {
    if first >= last {
        format!("条目 {last}")
    } else {
        format!("条目 {first}–{last}")
    }
}

fn role_word(lang: Lang, role: Role) -> String {
    // English role names are ASCII and Chinese has no case: no Unicode tables needed.
    role_name(lang, role).to_ascii_lowercase()
}

fn partition_groups(groups: &[Vec<NodeId>]) -> Vec<String> {
    groups
        .iter()
        .filter(|g| !g.is_empty())
        .map(|g| group(g))
        .collect()
}

// ----- English ----------------------------------------------------------------------------

/// A message as a noun, to follow "the".
fn noun_en(message: &Message) -> String {
    match message {
        Message::PreVote { .. } => "pre-vote request".into(),
        Message::RequestVote { .. } => "RequestVote".into(),
        Message::PreVoteResponse { granted: true } => "pre-vote grant".into(),
        Message::PreVoteResponse { granted: false } => "pre-vote refusal".into(),
        Message::RequestVoteResponse { granted: true } => "vote".into(),
        Message::RequestVoteResponse { granted: false } => "vote refusal".into(),
        Message::AppendEntries {
            prev_log_index,
            entries,
            ..
        } => match entries.len() as LogIndex {
            0 => "heartbeat".into(),
            n => format!(
                "AppendEntries with {}",
                entries_en((prev_log_index + 1, prev_log_index.saturating_add(n)))
            ),
        },
        Message::AppendEntriesResponse(AppendOutcome::Success { .. }) => {
            "AppendEntries reply (success)".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::Conflict { .. }) => {
            "AppendEntries reply (conflict)".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => {
            "AppendEntries reply (stale term)".into()
        }
    }
}

fn bug_en(bug: BugName) -> &'static str {
    match bug {
        BugName::VoteIgnoresLog => {
            "nodes grant votes without checking that the candidate's log is up to date"
        }
        BugName::CommitOldTerms => "leaders commit entries of earlier terms by counting copies",
        BugName::ForgetVote => "a restarted node forgets its term and its vote",
        BugName::NoJitter => "every election timeout is the same, so split votes repeat",
    }
}

fn en(story: &Story<'_>) -> String {
    match *story {
        Story::Violation(v) => {
            let name = strings(Lang::En).property(v.property).0;
            format!(
                "Safety violated ({name}): {}.",
                v.message.trim_end_matches('.')
            )
        }
        Story::Campaign {
            node,
            lead,
            campaign,
        } => {
            let lead = match lead {
                Lead::TimedOut {
                    timeout,
                    term,
                    was: Role::Candidate,
                } => format!(
                    "Node {node}'s election for term {term} found no winner within {} ms",
                    ms_rounded(timeout)
                ),
                Lead::TimedOut {
                    timeout,
                    was: Role::PreCandidate,
                    ..
                } => format!(
                    "Node {node}'s pre-vote found no majority within {} ms",
                    ms_rounded(timeout)
                ),
                Lead::TimedOut { timeout, .. } => {
                    format!("Node {node} heard no leader for {} ms", ms_rounded(timeout))
                }
                Lead::Forced => format!("You made node {node} start an election now"),
            };
            let result = match campaign {
                Campaign::Candidate(t) => {
                    format!("it becomes a candidate for term {t} and votes for itself")
                }
                Campaign::PreCandidate(t) => {
                    format!("it asks the others whether it could win term {t} (pre-vote)")
                }
                Campaign::Leader(t) => {
                    format!("it is the only voter, so it becomes leader of term {t} at once")
                }
                Campaign::Waits => "it cannot move to a later term and waits for a leader".into(),
            };
            format!("{lead}: {result}.")
        }
        Story::Heartbeats { node } => {
            format!("Leader {node} sends heartbeats so its followers know it is still there.")
        }
        Story::QuorumLost { node, term, active } => {
            let heard = match active.saturating_sub(1) {
                0 => "heard from no other node".to_string(),
                n => format!(
                    "heard from only {}",
                    plural(n as u64, "other node", "other nodes")
                ),
            };
            format!(
                "Leader {node} of term {term} {heard} within an election timeout: without a \
                 majority it steps down to follower (CheckQuorum)."
            )
        }
        Story::StepDown {
            node,
            was,
            by,
            term,
            from_leader,
            voted,
        } => {
            let was = role_word(Lang::En, was);
            let steps = format!("steps down from {was} to follower");
            match (from_leader, voted) {
                (true, _) => {
                    format!("Node {node} hears from node {by}, leader of term {term}, and {steps}.")
                }
                (false, true) => format!(
                    "Node {node} sees term {term} from node {by}, {steps} and votes for it."
                ),
                (false, false) => {
                    format!("Node {node} sees term {term} from node {by} and {steps}.")
                }
            }
        }
        Story::TermMoved { node, by, term } => {
            format!("Node {node} sees term {term} from node {by} and moves to it as a follower.")
        }
        Story::VoteGranted {
            voter,
            candidate,
            term,
            pre_vote,
        } => {
            if pre_vote {
                format!("Node {voter} would vote for node {candidate} in term {term} (pre-vote).")
            } else {
                format!("Node {voter} votes for node {candidate} in term {term}.")
            }
        }
        Story::VoteRefused {
            voter,
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let head = if pre_vote {
                format!("Node {voter} refuses node {candidate}'s pre-vote for term {term}")
            } else {
                format!("Node {voter} refuses node {candidate} in term {term}")
            };
            let why = match reason {
                VoteRefusal::StaleTerm { current } => format!("it is already in term {current}"),
                VoteRefusal::AlreadyVoted { voted_for } if voted_for == voter => {
                    "it already voted for itself".into()
                }
                VoteRefusal::AlreadyVoted { voted_for } => {
                    format!("it already voted for node {voted_for}")
                }
                VoteRefusal::HasLeader { leader } => format!("it still follows leader {leader}"),
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term,
                    candidate_last_index,
                    last_term,
                    last_index,
                } => format!(
                    "node {candidate}'s log is behind (last term {candidate_last_term}, index \
                     {candidate_last_index}; its own: term {last_term}, index {last_index})"
                ),
                VoteRefusal::LeaderActive { leader } if leader == voter => {
                    "it is an active leader itself (CheckQuorum)".into()
                }
                VoteRefusal::LeaderActive { leader } => {
                    format!("it heard from leader {leader} moments ago (CheckQuorum)")
                }
            };
            format!("{head}: {why}.")
        }
        Story::Elected { node, term, votes } => format!(
            "Node {node} has {}, a majority: it becomes leader of term {term}.",
            plural(votes as u64, "vote", "votes")
        ),
        Story::PreVoteWon { node, term, votes } => format!(
            "Node {node} has {}, a majority: it becomes a candidate for term {term} and votes \
             for itself.",
            plural(votes as u64, "pre-vote", "pre-votes")
        ),
        Story::PreVoteLost {
            node,
            term,
            refusals,
        } => format!(
            "Node {node} is refused by {}, a majority: it gives up and stays a follower in term \
             {term}.",
            plural(refusals as u64, "node", "nodes")
        ),
        Story::VoteCounted {
            node,
            from,
            granted,
            pre_vote,
            granted_total,
            quorum,
        } => {
            let what = match (pre_vote, granted) {
                (false, true) => "a vote",
                (false, false) => "a refusal",
                (true, true) => "a pre-vote",
                (true, false) => "a pre-vote refusal",
            };
            let tally = if granted {
                format!("{granted_total} of {quorum} needed")
            } else {
                format!("still {granted_total} of {quorum} needed")
            };
            format!("Node {node} counts {what} from node {from} ({tally}).")
        }
        Story::Replicated {
            node,
            leader,
            news,
            truncated,
            appended,
            held,
            commit,
        } => {
            let mut parts = Vec::new();
            if let Some(term) = news {
                parts.push(format!("accepts node {leader} as leader of term {term}"));
            }
            let source = if news.is_some() {
                "from it".to_string()
            } else {
                format!("from leader {leader}")
            };
            if let Some((from, count, committed)) = truncated {
                let alarm = if committed {
                    ", committed ones among them"
                } else {
                    ""
                };
                parts.push(format!(
                    "removes {} from index {from}{alarm}",
                    plural(count, "conflicting entry", "conflicting entries")
                ));
            }
            if let Some(range) = appended {
                parts.push(format!("appends {} {source}", entries_en(range)));
            }
            if let Some(range) = held {
                parts.push(format!("already holds {} {source}", entries_en(range)));
            }
            if let Some(c) = commit {
                parts.push(format!("commits up to entry {c}"));
            }
            format!("Node {node} {}.", join_en(&parts))
        }
        Story::Heard {
            node,
            leader,
            news,
            commit,
        } => {
            let head = match news {
                Some(term) => {
                    format!(
                        "Node {node} learns from a heartbeat that node {leader} leads term {term}"
                    )
                }
                None => format!("Node {node} hears from leader {leader} (heartbeat)"),
            };
            match commit {
                Some(c) => format!("{head} and commits up to entry {c}."),
                None => format!("{head}."),
            }
        }
        Story::Rejected {
            node,
            leader,
            prev_log_index,
            prev_log_term,
            hint,
        } => {
            let why = match hint.term {
                None => match hint.first_index.saturating_sub(1) {
                    0 => format!("it has no entry at index {prev_log_index} (its log is empty)"),
                    end => {
                        format!("it has no entry at index {prev_log_index} (its log ends at {end})")
                    }
                },
                Some(t) => format!(
                    "its entry at index {prev_log_index} has term {t}, not {prev_log_term} (its \
                     term-{t} entries start at index {})",
                    hint.first_index
                ),
            };
            format!("Node {node} rejects leader {leader}'s AppendEntries: {why}.")
        }
        Story::Acked {
            leader,
            follower,
            match_index,
            committed,
        } => match committed {
            Some((first, last)) if first >= last && last == match_index => format!(
                "Leader {leader} learns node {follower} stores entry {last}; a majority has it, \
                 so entry {last} is committed."
            ),
            Some(range) => {
                let done = if range.0 >= range.1 {
                    "it is"
                } else {
                    "they are"
                };
                format!(
                    "Leader {leader} learns node {follower}'s log matches up to entry \
                     {match_index}; a majority now stores {}, so {done} committed.",
                    entries_en(range)
                )
            }
            None if match_index == 0 => format!("Leader {leader} hears back from node {follower}."),
            None => format!(
                "Leader {leader} learns node {follower}'s log matches its own up to entry \
                 {match_index}."
            ),
        },
        Story::BackedUp {
            leader,
            follower,
            from,
            to,
        } => format!(
            "Leader {leader} backs node {follower}'s nextIndex up from {from} to {to} and tries \
             again."
        ),
        Story::Ignored {
            node,
            from,
            message,
            term,
            reason,
        } => {
            let noun = noun_en(message);
            match reason {
                IgnoreReason::StaleTerm if matches!(message, Message::AppendEntries { .. }) => {
                    format!(
                        "Node {node} ignores the {noun} from node {from}: its term {term} is out \
                         of date, and node {node} tells it so."
                    )
                }
                IgnoreReason::StaleTerm => format!(
                    "Node {node} ignores the {noun} from node {from}: its term {term} is out of \
                     date."
                ),
                IgnoreReason::NotExpected
                    if matches!(
                        message,
                        Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. }
                    ) =>
                {
                    format!(
                        "Node {node} ignores the {noun} from node {from}: it is no longer \
                         waiting for votes."
                    )
                }
                IgnoreReason::NotExpected
                    if matches!(message, Message::AppendEntriesResponse(_)) =>
                {
                    format!("Node {node} ignores the {noun} from node {from}: it no longer leads.")
                }
                IgnoreReason::NotExpected => format!(
                    "Node {node} ignores the {noun} from node {from}: it was not expecting it."
                ),
                IgnoreReason::StaleAppendResponse => {
                    format!("Leader {node} ignores an outdated reply from node {from}.")
                }
                IgnoreReason::NotAMember => format!(
                    "Node {node} ignores the {noun} from node {from}, which is not a member of \
                     the cluster."
                ),
            }
        }
        Story::Client {
            you,
            node,
            command,
            outcome,
        } => {
            let who = if you { "You send" } else { "A client sends" };
            let retry = if you {
                ""
            } else {
                ", so the client tries another node"
            };
            match outcome {
                ClientOutcome::Accepted(index) => format!(
                    "{who} “{command}” to leader {node}, which appends it at index {index}."
                ),
                ClientOutcome::Redirected(Some(leader)) => format!(
                    "{who} “{command}” to node {node}, which is not the leader and points to \
                     node {leader}."
                ),
                ClientOutcome::Redirected(None) => format!(
                    "{who} “{command}” to node {node}, which is not the leader and knows of \
                     none{retry}."
                ),
                ClientOutcome::NodeDown => {
                    format!("{who} “{command}” to node {node}, but it is down{retry}.")
                }
            }
        }
        Story::Lost {
            message,
            cause,
            by_you,
        } => {
            let e = &message.envelope;
            let (a, b) = (e.from, e.to);
            let what = format!("the {} from node {a} to node {b}", noun_en(&e.message));
            match cause {
                _ if by_you => format!("You dropped {what}."),
                LossCause::Random => format!("{} is lost (random loss).", capitalize(&what)),
                LossCause::LinkCut => format!(
                    "{} is lost: the link from node {a} to node {b} is cut.",
                    capitalize(&what)
                ),
                LossCause::ReceiverDown => {
                    format!("{} is lost: node {b} is down.", capitalize(&what))
                }
                LossCause::Dropped => format!("{} is dropped on purpose.", capitalize(&what)),
            }
        }
        Story::Duplicated { copy } => {
            let e = &copy.envelope;
            format!(
                "You copied the {} from node {} to node {}: the copy travels on its own and may \
                 arrive before or after the original.",
                noun_en(&e.message),
                e.from,
                e.to
            )
        }
        Story::Input(input) => input_en(input),
        Story::Received {
            node,
            from,
            message,
        } => format!(
            "Node {node} receives the {} from node {from}.",
            noun_en(message)
        ),
        Story::TimerFired { node } => format!("Node {node}'s timer fires."),
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => std::iter::once(c.to_ascii_uppercase())
            .chain(chars)
            .collect(),
        None => String::new(),
    }
}

fn input_en(input: &Input) -> String {
    match input {
        Input::Crash(n) => {
            format!("You crashed node {n}; it keeps only what it saved: its term, vote and log.")
        }
        Input::Restart(n) => format!(
            "You restarted node {n}; it comes back as a follower from what it saved on disk."
        ),
        Input::Isolate(n) => {
            format!("You isolated node {n}: every link to and from it is cut.")
        }
        Input::Rejoin(n) => format!(
            "You reconnected node {n}: its links work again, except any a partition or a cut \
             still holds down."
        ),
        Input::Partition(groups) => match partition_groups(groups).as_slice() {
            [] => "You cut every link: no node can talk to another.".into(),
            [one] => format!(
                "You partitioned the network: only nodes {one} can still talk to each other."
            ),
            many => format!(
                "You partitioned the network into {}: only nodes in the same group can talk.",
                join_en(many)
            ),
        },
        Input::Heal => "You healed the network: every link works again.".into(),
        Input::Cut {
            from,
            to,
            both: true,
        } => format!("You cut the link between node {from} and node {to}."),
        Input::Cut { from, to, .. } => format!(
            "You cut the link from node {from} to node {to}; messages the other way still get \
             through."
        ),
        Input::Link {
            from,
            to,
            both: true,
        } => format!(
            "You restored the link between node {from} and node {to} (a partition or an \
             isolation still in force keeps it down)."
        ),
        Input::Link { from, to, .. } => {
            format!("You restored the link from node {from} to node {to}.")
        }
        Input::Loss(0) => "You turned random message loss off.".into(),
        Input::Loss(ppm) => format!("You set random message loss to {}%.", percent(*ppm)),
        Input::Latency(min, max) => {
            format!(
                "You set message latency to {} ms.",
                latency_range(*min, *max)
            )
        }
        Input::Timers(true) => {
            "You resumed the timers: each starts again from now, and nodes time out on their own \
             again."
                .into()
        }
        Input::Timers(false) => {
            "You paused the timers: no node times out until you make it.".into()
        }
        Input::Timeout(n) => format!(
            "You asked node {n} to start an election, but it leads or is down, so nothing \
             happens."
        ),
        Input::Heartbeat(n) => {
            format!("You told node {n} to send heartbeats now, which it does only if it leads.")
        }
        Input::Propose(n, command) => format!("You send “{command}” to node {n}."),
        Input::Client(command) => format!(
            "You started a client that sends “{command}” to some node and retries until the \
             command is applied."
        ),
        Input::Deliver(id) => {
            format!("You asked to deliver message #{id}, but it is no longer in flight.")
        }
        Input::Drop(id) => {
            format!("You asked to drop message #{id}, but it is no longer in flight.")
        }
        Input::Duplicate(id) => {
            format!("You asked to copy message #{id}, but it is no longer in flight.")
        }
        Input::Bug(bug, true) => format!("You turned on the bug {bug}: {}.", bug_en(*bug)),
        Input::Bug(bug, false) => {
            format!("You turned off the bug {bug}: nodes follow the rule again.")
        }
        Input::PreVote(true) => "You switched pre-vote on: a node first asks whether it could \
                                 win before starting an election."
            .into(),
        Input::PreVote(false) => {
            "You switched pre-vote off: a node that times out starts an election at once.".into()
        }
        Input::CheckQuorum(true) => "You switched CheckQuorum on: a leader that stops hearing \
                                     from a majority steps down, and followers ignore \
                                     candidates while their leader is active."
            .into(),
        Input::CheckQuorum(false) => "You switched CheckQuorum off: a leader stays leader until \
                                      it sees a later term."
            .into(),
        Input::Timing {
            election_ms: (min, max),
            heartbeat_ms,
        } => format!(
            "You set the election timeout to {} ms and the heartbeat interval to {heartbeat_ms} \
             ms; timers already running keep their deadlines.",
            ms_range(*min, *max)
        ),
    }
}

// ----- 简体中文 -----------------------------------------------------------------------------

/// A message as a noun.
fn noun_zh(message: &Message) -> String {
    match message {
        Message::PreVote { .. } => "预投票请求".into(),
        Message::RequestVote { .. } => "投票请求".into(),
        Message::PreVoteResponse { granted: true } => "预投票同意回复".into(),
        Message::PreVoteResponse { granted: false } => "预投票拒绝回复".into(),
        Message::RequestVoteResponse { granted: true } => "选票".into(),
        Message::RequestVoteResponse { granted: false } => "拒绝投票的回复".into(),
        Message::AppendEntries {
            prev_log_index,
            entries,
            ..
        } => match entries.len() as LogIndex {
            0 => "心跳".into(),
            n => format!(
                "追加条目请求（{}）",
                entries_zh((prev_log_index + 1, prev_log_index.saturating_add(n)))
            ),
        },
        Message::AppendEntriesResponse(AppendOutcome::Success { .. }) => {
            "追加条目回复（成功）".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::Conflict { .. }) => {
            "追加条目回复（冲突）".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => {
            "追加条目回复（任期过时）".into()
        }
    }
}

fn bug_zh(bug: BugName) -> &'static str {
    match bug {
        BugName::VoteIgnoresLog => "节点投票时不再检查候选人的日志是否足够新",
        BugName::CommitOldTerms => "领导者靠统计副本数来提交之前任期的条目",
        BugName::ForgetVote => "节点重启后会忘记自己的任期和投票",
        BugName::NoJitter => "所有选举超时都一样长，分裂投票会反复出现",
    }
}

/// A violation in Chinese, rebuilt from its fields (the checker's message is English).
fn violation_zh(v: &Violation) -> String {
    let name = strings(Lang::Zh).property(v.property).0;
    let node = |i: usize| v.nodes.get(i).copied();
    let detail = match (v.property, node(0), node(1), v.term, v.index) {
        (Property::ElectionSafety, Some(a), Some(b), Some(t), _) => {
            format!("节点 {a} 和节点 {b} 都当选了任期 {t} 的领导者")
        }
        (Property::LeaderAppendOnly, Some(n), _, Some(t), Some(i)) => {
            format!("任期 {t} 的领导者 {n} 改动了自己已有的条目（自索引 {i} 起）")
        }
        (Property::LogMatching, Some(a), Some(b), Some(t), Some(i)) => format!(
            "节点 {a} 和节点 {b} 在索引 {i} 处都有任期 {t} 的条目，但在此之前的日志却不一致"
        ),
        (Property::LeaderCompleteness, Some(n), _, Some(t), Some(i)) => {
            format!("任期 {t} 的领导者 {n} 缺少之前任期已提交的条目（到索引 {i} 为止）")
        }
        (Property::StateMachineSafety, Some(n), _, Some(t), Some(i)) => format!(
            "节点 {n} 在索引 {i} 处应用了一条任期 {t} 的条目，而此前已有节点在该索引应用了另一条"
        ),
        _ => strings(Lang::Zh)
            .property(v.property)
            .1
            .trim_end_matches('。')
            .to_string(),
    };
    format!("安全性被破坏（{name}）：{detail}。")
}

fn zh(story: &Story<'_>) -> String {
    match *story {
        Story::Violation(v) => violation_zh(v),
        Story::Campaign {
            node,
            lead,
            campaign,
        } => {
            let lead = match lead {
                Lead::TimedOut {
                    timeout,
                    term,
                    was: Role::Candidate,
                } => format!(
                    "节点 {node} 在任期 {term} 的选举 {} 毫秒内没有决出胜者",
                    ms_rounded(timeout)
                ),
                Lead::TimedOut {
                    timeout,
                    was: Role::PreCandidate,
                    ..
                } => format!(
                    "节点 {node} 的预投票 {} 毫秒内没有获得多数同意",
                    ms_rounded(timeout)
                ),
                Lead::TimedOut { timeout, .. } => format!(
                    "节点 {node} 已有 {} 毫秒没有收到领导者的消息",
                    ms_rounded(timeout)
                ),
                Lead::Forced => format!("你让节点 {node} 立即发起选举"),
            };
            let result = match campaign {
                Campaign::Candidate(t) => format!("它成为任期 {t} 的候选人，并投票给自己"),
                Campaign::PreCandidate(t) => {
                    format!("它先询问其他节点自己能否赢得任期 {t}（预投票）")
                }
                Campaign::Leader(t) => {
                    format!("它是唯一的投票者，因此立即成为任期 {t} 的领导者")
                }
                Campaign::Waits => "它无法进入更高的任期，只能等待领导者".into(),
            };
            format!("{lead}：{result}。")
        }
        Story::Heartbeats { node } => {
            format!("领导者 {node} 发送心跳，让跟随者知道它仍在工作。")
        }
        Story::QuorumLost { node, term, active } => {
            let heard = match active.saturating_sub(1) {
                0 => "没有收到任何其他节点的回应".to_string(),
                n => format!("只收到 {n} 个其他节点的回应"),
            };
            format!(
                "任期 {term} 的领导者 {node} 在一个选举超时内{heard}，达不到多数，于是退为跟随者（法定人数检查）。"
            )
        }
        Story::StepDown {
            node,
            was,
            by,
            term,
            from_leader,
            voted,
        } => {
            let was = role_word(Lang::Zh, was);
            let cause = if from_leader {
                format!("收到任期 {term} 的领导者 {by} 的消息")
            } else {
                format!("从节点 {by} 处得知任期 {term}")
            };
            let vote = if voted { "，并投票给它" } else { "" };
            format!("节点 {node} {cause}，由{was}退为跟随者{vote}。")
        }
        Story::TermMoved { node, by, term } => format!(
            "节点 {node} 从节点 {by} 处得知更新的任期 {term}，随即以跟随者身份进入该任期。"
        ),
        Story::VoteGranted {
            voter,
            candidate,
            term,
            pre_vote,
        } => {
            if pre_vote {
                format!("节点 {voter} 表示愿意在任期 {term} 投票给节点 {candidate}（预投票）。")
            } else {
                format!("节点 {voter} 在任期 {term} 投票给节点 {candidate}。")
            }
        }
        Story::VoteRefused {
            voter,
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let head = if pre_vote {
                format!("节点 {voter} 拒绝了节点 {candidate} 在任期 {term} 的预投票")
            } else {
                format!("节点 {voter} 拒绝在任期 {term} 投票给节点 {candidate}")
            };
            let why = match reason {
                VoteRefusal::StaleTerm { current } => format!("它已经处于任期 {current}"),
                VoteRefusal::AlreadyVoted { voted_for } if voted_for == voter => {
                    "它已经投票给了自己".into()
                }
                VoteRefusal::AlreadyVoted { voted_for } => {
                    format!("它已经投票给了节点 {voted_for}")
                }
                VoteRefusal::HasLeader { leader } => format!("它仍在跟随领导者 {leader}"),
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term,
                    candidate_last_index,
                    last_term,
                    last_index,
                } => format!(
                    "节点 {candidate} 的日志不够新（最后一条：任期 {candidate_last_term}、索引 {candidate_last_index}；它自己的：任期 {last_term}、索引 {last_index}）"
                ),
                VoteRefusal::LeaderActive { leader } if leader == voter => {
                    "它自己就是活跃的领导者（法定人数检查）".into()
                }
                VoteRefusal::LeaderActive { leader } => {
                    format!("它刚刚还收到过领导者 {leader} 的消息（法定人数检查）")
                }
            };
            format!("{head}：{why}。")
        }
        Story::Elected { node, term, votes } => format!(
            "节点 {node} 获得 {votes} 票，已过半数：它成为任期 {term} 的领导者。"
        ),
        Story::PreVoteWon { node, term, votes } => format!(
            "节点 {node} 获得 {votes} 张预投票，已过半数：它成为任期 {term} 的候选人，并投票给自己。"
        ),
        Story::PreVoteLost {
            node,
            term,
            refusals,
        } => format!(
            "节点 {node} 被 {refusals} 个节点拒绝，已过半数：它放弃预投票，继续在任期 {term} 做跟随者。"
        ),
        Story::VoteCounted {
            node,
            from,
            granted,
            pre_vote,
            granted_total,
            quorum,
        } => {
            let what = match (pre_vote, granted) {
                (false, true) => format!("节点 {node} 收到节点 {from} 的选票"),
                (false, false) => format!("节点 {node} 被节点 {from} 拒绝投票"),
                (true, true) => format!("节点 {node} 收到节点 {from} 的预投票同意"),
                (true, false) => format!("节点 {node} 的预投票被节点 {from} 拒绝"),
            };
            let tally = if granted {
                format!("已有 {granted_total} 票，需要 {quorum} 票")
            } else {
                format!("仍只有 {granted_total} 票，需要 {quorum} 票")
            };
            format!("{what}（{tally}）。")
        }
        Story::Replicated {
            node,
            leader,
            news,
            truncated,
            appended,
            held,
            commit,
        } => {
            let mut parts = Vec::new();
            if let Some(term) = news {
                parts.push(format!("承认节点 {leader} 为任期 {term} 的领导者"));
            }
            let source = if news.is_some() {
                "它".to_string()
            } else {
                format!("领导者 {leader} ")
            };
            if let Some((from, count, committed)) = truncated {
                let alarm = if committed {
                    "（其中有已提交的条目！）"
                } else {
                    ""
                };
                parts.push(format!("删除了从索引 {from} 起的 {count} 个冲突条目{alarm}"));
            }
            if let Some(range) = appended {
                parts.push(format!("追加了{source}发来的{}", entries_zh(range)));
            }
            if let Some(range) = held {
                parts.push(format!("已经存有{source}发来的{}", entries_zh(range)));
            }
            if let Some(c) = commit {
                parts.push(format!("提交到条目 {c}"));
            }
            format!("节点 {node} {}。", clauses_zh(&parts))
        }
        Story::Heard {
            node,
            leader,
            news,
            commit,
        } => {
            let head = match news {
                Some(term) => format!("节点 {node} 从心跳得知节点 {leader} 是任期 {term} 的领导者"),
                None => format!("节点 {node} 收到领导者 {leader} 的心跳"),
            };
            match commit {
                Some(c) => format!("{head}，并提交到条目 {c}。"),
                None => format!("{head}。"),
            }
        }
        Story::Rejected {
            node,
            leader,
            prev_log_index,
            prev_log_term,
            hint,
        } => {
            let why = match hint.term {
                None => match hint.first_index.saturating_sub(1) {
                    0 => format!("它在索引 {prev_log_index} 处没有条目（它的日志是空的）"),
                    end => format!("它在索引 {prev_log_index} 处没有条目（它的日志只到 {end}）"),
                },
                Some(t) => format!(
                    "它在索引 {prev_log_index} 处的条目属于任期 {t}，而不是 {prev_log_term}（它的任期 {t} 条目从索引 {} 开始）",
                    hint.first_index
                ),
            };
            format!("节点 {node} 拒绝了领导者 {leader} 的追加条目请求：{why}。")
        }
        Story::Acked {
            leader,
            follower,
            match_index,
            committed,
        } => match committed {
            Some((first, last)) if first >= last && last == match_index => format!(
                "领导者 {leader} 得知节点 {follower} 已存下条目 {last}；多数节点都有了它，因此条目 {last} 已提交。"
            ),
            Some(range) => format!(
                "领导者 {leader} 得知节点 {follower} 的日志与自己一致到条目 {match_index}；现在多数节点都存有{}，因此已提交。",
                entries_zh(range)
            ),
            None if match_index == 0 => format!("领导者 {leader} 收到节点 {follower} 的回复。"),
            None => format!(
                "领导者 {leader} 得知节点 {follower} 的日志与自己一致到条目 {match_index}。"
            ),
        },
        Story::BackedUp {
            leader,
            follower,
            from,
            to,
        } => format!(
            "领导者 {leader} 把节点 {follower} 的 nextIndex 从 {from} 回退到 {to}，然后重试。"
        ),
        Story::Ignored {
            node,
            from,
            message,
            term,
            reason,
        } => {
            let noun = noun_zh(message);
            match reason {
                IgnoreReason::StaleTerm if matches!(message, Message::AppendEntries { .. }) => {
                    format!(
                        "节点 {node} 忽略了节点 {from} 发来的{noun}：对方的任期 {term} 已过时，节点 {node} 会告知它。"
                    )
                }
                IgnoreReason::StaleTerm => format!(
                    "节点 {node} 忽略了节点 {from} 发来的{noun}：对方的任期 {term} 已过时。"
                ),
                IgnoreReason::NotExpected
                    if matches!(
                        message,
                        Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. }
                    ) =>
                {
                    format!("节点 {node} 忽略了节点 {from} 发来的{noun}：它已不再等待投票。")
                }
                IgnoreReason::NotExpected
                    if matches!(message, Message::AppendEntriesResponse(_)) =>
                {
                    format!("节点 {node} 忽略了节点 {from} 发来的{noun}：它已不再是领导者。")
                }
                IgnoreReason::NotExpected => {
                    format!("节点 {node} 忽略了节点 {from} 发来的{noun}：它并没有在等这条消息。")
                }
                IgnoreReason::StaleAppendResponse => {
                    format!("领导者 {node} 忽略了节点 {from} 的一条过时回复。")
                }
                IgnoreReason::NotAMember => format!(
                    "节点 {node} 忽略了节点 {from} 发来的{noun}：对方不是集群成员。"
                ),
            }
        }
        Story::Client {
            you,
            node,
            command,
            outcome,
        } => {
            let who = if you { "你" } else { "客户端" };
            let retry = if you {
                ""
            } else {
                "，客户端会换一个节点重试"
            };
            match outcome {
                ClientOutcome::Accepted(index) => format!(
                    "{who}把“{command}”发给领导者 {node}，它把命令追加到了索引 {index}。"
                ),
                ClientOutcome::Redirected(Some(leader)) => format!(
                    "{who}把“{command}”发给节点 {node}，但它不是领导者，于是告知领导者是节点 {leader}。"
                ),
                ClientOutcome::Redirected(None) => format!(
                    "{who}把“{command}”发给节点 {node}，但它不是领导者，也不知道谁是{retry}。"
                ),
                ClientOutcome::NodeDown => {
                    format!("{who}把“{command}”发给节点 {node}，但它已宕机{retry}。")
                }
            }
        }
        Story::Lost {
            message,
            cause,
            by_you,
        } => {
            let e = &message.envelope;
            let (a, b) = (e.from, e.to);
            let what = format!("节点 {a} 发给节点 {b} 的{}", noun_zh(&e.message));
            match cause {
                _ if by_you => format!("你丢弃了{what}。"),
                LossCause::Random => format!("{what}丢失了（随机丢包）。"),
                LossCause::LinkCut => {
                    format!("{what}丢失了：从节点 {a} 到节点 {b} 的链路已断开。")
                }
                LossCause::ReceiverDown => format!("{what}丢失了：节点 {b} 已宕机。"),
                LossCause::Dropped => format!("{what}被有意丢弃了。"),
            }
        }
        Story::Duplicated { copy } => {
            let e = &copy.envelope;
            format!(
                "你复制了节点 {} 发给节点 {} 的{}：副本独自传输，可能比原消息先到，也可能后到。",
                e.from,
                e.to,
                noun_zh(&e.message)
            )
        }
        Story::Input(input) => input_zh(input),
        Story::Received {
            node,
            from,
            message,
        } => format!("节点 {node} 收到了节点 {from} 发来的{}。", noun_zh(message)),
        Story::TimerFired { node } => format!("节点 {node} 的计时器到期了。"),
    }
}

fn input_zh(input: &Input) -> String {
    match input {
        Input::Crash(n) => {
            format!("你让节点 {n} 宕机了；它只保留已持久化的任期、投票和日志。")
        }
        Input::Restart(n) => {
            format!("你重启了节点 {n}；它从磁盘上保存的状态恢复，成为跟随者。")
        }
        Input::Isolate(n) => format!("你隔离了节点 {n}：它与其他节点之间的链路全部断开。"),
        Input::Rejoin(n) => {
            format!("你让节点 {n} 重新接入网络：它的链路恢复了，仍被分区或切断的链路除外。")
        }
        Input::Partition(groups) => match partition_groups(groups).as_slice() {
            [] => "你切断了所有链路：任何节点之间都无法通信。".into(),
            [one] => format!("你对网络做了分区：只有节点 {one} 之间还能互相通信。"),
            many => format!(
                "你把网络分成了 {}：只有同一组内的节点能互相通信。",
                list_zh(many)
            ),
        },
        Input::Heal => "你修复了网络：所有链路恢复正常。".into(),
        Input::Cut {
            from,
            to,
            both: true,
        } => format!("你切断了节点 {from} 与节点 {to} 之间的链路。"),
        Input::Cut { from, to, .. } => {
            format!("你切断了从节点 {from} 到节点 {to} 的链路；反方向的消息仍能送达。")
        }
        Input::Link {
            from,
            to,
            both: true,
        } => format!(
            "你恢复了节点 {from} 与节点 {to} 之间的链路（若分区或隔离仍在生效，它仍然不通）。"
        ),
        Input::Link { from, to, .. } => format!("你恢复了从节点 {from} 到节点 {to} 的链路。"),
        Input::Loss(0) => "你关闭了随机丢包。".into(),
        Input::Loss(ppm) => format!("你把随机丢包率设为 {}%。", percent(*ppm)),
        Input::Latency(min, max) => {
            format!("你把消息延迟设为 {} 毫秒。", latency_range(*min, *max))
        }
        Input::Timers(true) => {
            "你恢复了计时器：每个计时器从现在起重新计时，节点会重新自动超时。".into()
        }
        Input::Timers(false) => "你暂停了计时器：除非你手动触发，否则不会有节点超时。".into(),
        Input::Timeout(n) => {
            format!("你让节点 {n} 发起选举，但它是领导者或已宕机，所以什么也没发生。")
        }
        Input::Heartbeat(n) => format!("你让节点 {n} 立即发送心跳（只有领导者才会发送）。"),
        Input::Propose(n, command) => format!("你把“{command}”发给了节点 {n}。"),
        Input::Client(command) => format!(
            "你启动了一个客户端：它会把“{command}”发给某个节点，并不断重试，直到命令被应用。"
        ),
        Input::Deliver(id) => format!("你要求投递消息 #{id}，但它已不在途中。"),
        Input::Drop(id) => format!("你要求丢弃消息 #{id}，但它已不在途中。"),
        Input::Duplicate(id) => format!("你要求复制消息 #{id}，但它已不在途中。"),
        Input::Bug(bug, true) => format!("你开启了缺陷 {bug}：{}。", bug_zh(*bug)),
        Input::Bug(bug, false) => format!("你关闭了缺陷 {bug}：节点重新遵守这条规则。"),
        Input::PreVote(true) => {
            "你开启了预投票：节点在发起选举前，会先询问自己能否获胜。".into()
        }
        Input::PreVote(false) => "你关闭了预投票：节点超时后会立即发起选举。".into(),
        Input::CheckQuorum(true) => "你开启了法定人数检查：领导者一旦收不到多数节点的回应就会退位，跟随者在领导者活跃时也会拒绝候选人。".into(),
        Input::CheckQuorum(false) => {
            "你关闭了法定人数检查：领导者会一直保持身份，直到看到更高的任期。".into()
        }
        Input::Timing {
            election_ms: (min, max),
            heartbeat_ms,
        } => format!(
            "你把选举超时设为 {} 毫秒、心跳间隔设为 {heartbeat_ms} 毫秒；已在计时的计时器不受影响。",
            ms_range(*min, *max)
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use sim::{Rng, SimConfig, Simulation};

    const STEPS: usize = 100_000;

    fn five(seed: u64) -> Simulation {
        Simulation::new(SimConfig::new(5, seed)).unwrap()
    }

    /// Runs until a frame satisfies `pick`.
    fn until(sim: &mut Simulation, mut pick: impl FnMut(&Frame) -> bool) -> Frame {
        for _ in 0..STEPS {
            let frame = sim
                .step()
                .expect("a cluster with timers never runs out of events");
            if pick(&frame) {
                return frame;
            }
        }
        panic!("no such frame in {STEPS} events");
    }

    fn has(frame: &Frame, pick: impl Fn(&Event) -> bool) -> bool {
        frame.events.iter().any(|(_, e)| pick(e))
    }

    /// `(from, to)` of a delivery whose message `pick` accepts.
    fn delivers(frame: &Frame, pick: impl Fn(&Message) -> bool) -> Option<(NodeId, NodeId)> {
        match &frame.kind {
            FrameKind::Deliver(m) if pick(&m.envelope.message) => {
                Some((m.envelope.from, m.envelope.to))
            }
            _ => None,
        }
    }

    fn en_zh(frame: &Frame) -> (String, String) {
        (narrate(Lang::En, frame), narrate(Lang::Zh, frame))
    }

    /// Runs until a leader wins; returns the winning frame and the leader.
    fn elect(sim: &mut Simulation) -> (Frame, NodeId) {
        let frame = until(sim, |f| {
            has(f, |e| {
                matches!(
                    e,
                    Event::RoleChanged {
                        to: Role::Leader,
                        ..
                    }
                )
            })
        });
        let leader = sim.live_nodes().find(|n| n.role() == Role::Leader).unwrap();
        (frame, leader.id())
    }

    /// Runs until every live node knows `leader`.
    fn settle(sim: &mut Simulation, leader: NodeId) {
        while sim.live_nodes().any(|n| n.leader() != Some(leader)) {
            sim.step();
        }
    }

    fn is_timeout(e: &Event) -> bool {
        matches!(e, Event::ElectionTimeout { .. })
    }

    #[test]
    fn an_election_timeout_makes_a_candidate() {
        let mut sim = five(1);
        let frame = until(&mut sim, |f| has(f, is_timeout));
        let FrameKind::Timer(n) = frame.kind else {
            panic!("{frame:?}")
        };
        let timeout = frame
            .events
            .iter()
            .find_map(|(_, e)| match e {
                Event::ElectionTimeout { timeout, .. } => Some(*timeout),
                _ => None,
            })
            .unwrap();
        let ms = (timeout + 500) / 1000;
        assert!((150..=300).contains(&ms));
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Node {n} heard no leader for {ms} ms: it becomes a candidate for term 1 and \
                     votes for itself."
                ),
                format!(
                    "节点 {n} 已有 {ms} 毫秒没有收到领导者的消息：它成为任期 1 的候选人，并投票给自己。"
                )
            )
        );
    }

    #[test]
    fn with_pre_vote_a_timeout_asks_first() {
        let mut config = SimConfig::new(5, 2);
        config.pre_vote = true;
        let mut sim = Simulation::new(config).unwrap();
        let frame = until(&mut sim, |f| has(f, is_timeout));
        let (en, zh) = en_zh(&frame);
        assert!(
            en.ends_with(" ms: it asks the others whether it could win term 1 (pre-vote)."),
            "{en}"
        );
        assert!(
            zh.ends_with(
                " 毫秒没有收到领导者的消息：它先询问其他节点自己能否赢得任期 1（预投票）。"
            ),
            "{zh}"
        );

        let frame = until(&mut sim, |f| {
            has(f, |e| {
                matches!(e, Event::VoteGranted { pre_vote: true, .. })
            })
        });
        let (candidate, voter) =
            delivers(&frame, |m| matches!(m, Message::PreVote { .. })).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {voter} would vote for node {candidate} in term 1 (pre-vote)."),
                format!("节点 {voter} 表示愿意在任期 1 投票给节点 {candidate}（预投票）。")
            )
        );

        let frame = until(&mut sim, |f| {
            has(f, |e| {
                matches!(
                    e,
                    Event::RoleChanged {
                        from: Role::PreCandidate,
                        to: Role::Candidate,
                        ..
                    }
                )
            })
        });
        let (_, node) = delivers(&frame, |m| matches!(m, Message::PreVoteResponse { .. })).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Node {node} has 3 pre-votes, a majority: it becomes a candidate for term 1 \
                     and votes for itself."
                ),
                format!(
                    "节点 {node} 获得 3 张预投票，已过半数：它成为任期 1 的候选人，并投票给自己。"
                )
            )
        );
    }

    #[test]
    fn votes_are_granted_counted_and_won() {
        let mut sim = five(3);
        let frame = until(&mut sim, |f| {
            has(f, |e| matches!(e, Event::VoteGranted { .. }))
        });
        let (candidate, voter) =
            delivers(&frame, |m| matches!(m, Message::RequestVote { .. })).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {voter} votes for node {candidate} in term 1."),
                format!("节点 {voter} 在任期 1 投票给节点 {candidate}。")
            )
        );

        let frame = until(&mut sim, |f| {
            has(f, |e| {
                matches!(
                    e,
                    Event::VoteCounted {
                        granted: true,
                        granted_total: 2,
                        ..
                    }
                )
            })
        });
        let (voter, candidate) = delivers(&frame, |m| {
            matches!(m, Message::RequestVoteResponse { granted: true })
        })
        .unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {candidate} counts a vote from node {voter} (2 of 3 needed)."),
                format!("节点 {candidate} 收到节点 {voter} 的选票（已有 2 票，需要 3 票）。")
            )
        );

        let (frame, leader) = elect(&mut sim);
        assert!(delivers(&frame, |m| matches!(m, Message::RequestVoteResponse { .. })).is_some());
        let term = sim.node(leader).unwrap().term();
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {leader} has 3 votes, a majority: it becomes leader of term {term}."),
                format!("节点 {leader} 获得 3 票，已过半数：它成为任期 {term} 的领导者。")
            )
        );
    }

    #[test]
    fn a_vote_already_given_is_refused() {
        // Two candidates in term 1 at once: each voted for itself, and the others vote for
        // whichever asks first.
        let mut sim = five(4);
        sim.apply(Input::Timeout(1)).unwrap();
        sim.apply(Input::Timeout(2)).unwrap();
        let mut frames = Vec::new();
        while sim.leader().is_none() && frames.len() < 2_000 {
            frames.extend(sim.step());
        }
        let refusal = |pick: &dyn Fn(NodeId, NodeId) -> bool| {
            frames
                .iter()
                .find_map(|f| {
                    f.events.iter().find_map(|(voter, e)| match e {
                        Event::VoteRefused {
                            candidate,
                            term: 1,
                            reason: VoteRefusal::AlreadyVoted { voted_for },
                            ..
                        } if pick(*voter, *voted_for) => Some((f, *voter, *candidate, *voted_for)),
                        _ => None,
                    })
                })
                .expect("a refusal")
        };

        let (frame, voter, candidate, voted_for) = refusal(&|voter, voted| voter != voted);
        assert_eq!(
            en_zh(frame),
            (
                format!(
                    "Node {voter} refuses node {candidate} in term 1: it already voted for node \
                     {voted_for}."
                ),
                format!(
                    "节点 {voter} 拒绝在任期 1 投票给节点 {candidate}：它已经投票给了节点 {voted_for}。"
                )
            )
        );

        let (frame, voter, candidate, _) = refusal(&|voter, voted| voter == voted);
        assert_eq!(
            en_zh(frame),
            (
                format!(
                    "Node {voter} refuses node {candidate} in term 1: it already voted for itself."
                ),
                format!("节点 {voter} 拒绝在任期 1 投票给节点 {candidate}：它已经投票给了自己。")
            )
        );

        // The candidates' own starts were the visitor's doing.
        let mut sim = five(4);
        let frame = sim.apply(Input::Timeout(1)).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                "You made node 1 start an election now: it becomes a candidate for term 1 and \
                 votes for itself."
                    .to_string(),
                "你让节点 1 立即发起选举：它成为任期 1 的候选人，并投票给自己。".to_string()
            )
        );
    }

    #[test]
    fn entries_are_appended_and_committed() {
        let mut sim = five(5);
        let (_, leader) = elect(&mut sim);
        let term = sim.node(leader).unwrap().term();

        // The no-op: a follower first learns who leads.
        let frame = until(&mut sim, |f| {
            has(f, |e| matches!(e, Event::EntriesAppended { .. }))
        });
        let (_, follower) =
            delivers(&frame, |m| matches!(m, Message::AppendEntries { .. })).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Node {follower} accepts node {leader} as leader of term {term} and appends \
                     entry 1 from it."
                ),
                format!(
                    "节点 {follower} 承认节点 {leader} 为任期 {term} 的领导者，并追加了它发来的条目 1。"
                )
            )
        );

        let frame = until(&mut sim, |f| {
            has(f, |e| matches!(e, Event::CommitAdvanced { .. }))
        });
        let (follower, to) = delivers(&frame, |m| {
            matches!(
                m,
                Message::AppendEntriesResponse(AppendOutcome::Success { .. })
            )
        })
        .unwrap();
        assert_eq!(to, leader);
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Leader {leader} learns node {follower} stores entry 1; a majority has it, so \
                     entry 1 is committed."
                ),
                format!(
                    "领导者 {leader} 得知节点 {follower} 已存下条目 1；多数节点都有了它，因此条目 1 已提交。"
                )
            )
        );

        settle(&mut sim, leader);
        let frame = sim.apply(Input::Propose(leader, "set x 5".into())).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!("You send “set x 5” to leader {leader}, which appends it at index 2."),
                format!("你把“set x 5”发给领导者 {leader}，它把命令追加到了索引 2。")
            )
        );

        let frame = until(&mut sim, |f| {
            has(f, |e| matches!(e, Event::EntriesAppended { first: 2, .. }))
        });
        let (_, follower) =
            delivers(&frame, |m| matches!(m, Message::AppendEntries { .. })).unwrap();
        // The same message tells the follower that entry 1 is committed.
        assert!(has(&frame, |e| matches!(
            e,
            Event::CommitAdvanced { to: 1, .. }
        )));
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {follower} appends entry 2 from leader {leader} and commits up to entry 1."),
                format!("节点 {follower} 追加了领导者 {leader} 发来的条目 2，并提交到条目 1。")
            )
        );

        // Followers commit when the leader's commit index reaches them.
        let frame = until(&mut sim, |f| {
            delivers(f, |m| matches!(m, Message::AppendEntries { .. })).is_some()
                && has(f, |e| matches!(e, Event::CommitAdvanced { to: 2, .. }))
        });
        let (en, zh) = en_zh(&frame);
        assert!(en.ends_with(" and commits up to entry 2."), "{en}");
        assert!(zh.ends_with("，并提交到条目 2。"), "{zh}");
        let frame = until(&mut sim, |f| {
            delivers(
                f,
                |m| matches!(m, Message::AppendEntries { entries, .. } if entries.is_empty()),
            )
            .is_some()
                && f.events.is_empty()
        });
        let (_, follower) = delivers(&frame, |_| true).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!("Node {follower} hears from leader {leader} (heartbeat)."),
                format!("节点 {follower} 收到领导者 {leader} 的心跳。")
            )
        );
        let frame = until(&mut sim, |f| matches!(f.kind, FrameKind::Timer(_)));
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Leader {leader} sends heartbeats so its followers know it is still there."
                ),
                format!("领导者 {leader} 发送心跳，让跟随者知道它仍在工作。")
            )
        );
    }

    #[test]
    fn lost_messages_say_why() {
        let mut sim = five(6);
        let (_, leader) = elect(&mut sim);
        // Once every follower has acknowledged the no-op, heartbeats carry no entries.
        sim.run_until(sim.now() + 300 * MICROS_PER_MS);
        let frame = sim.apply(Input::Loss(PPM)).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                "You set random message loss to 100%.".into(),
                "你把随机丢包率设为 100%。".into()
            )
        );
        let frame = until(&mut sim, |f| match &f.kind {
            FrameKind::Lose(m, LossCause::Random) => matches!(
                &m.envelope.message,
                Message::AppendEntries { entries, .. } if entries.is_empty()
            ),
            _ => false,
        });
        let FrameKind::Lose(m, _) = &frame.kind else {
            unreachable!()
        };
        let (from, to) = (m.envelope.from, m.envelope.to);
        assert_eq!(from, leader);
        assert_eq!(
            en_zh(&frame),
            (
                format!("The heartbeat from node {from} to node {to} is lost (random loss)."),
                format!("节点 {from} 发给节点 {to} 的心跳丢失了（随机丢包）。")
            )
        );

        let mut sim = five(6);
        let (_, leader) = elect(&mut sim);
        let down = leader % 5 + 1;
        let frame = sim.apply(Input::Crash(down)).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "You crashed node {down}; it keeps only what it saved: its term, vote and log."
                ),
                format!("你让节点 {down} 宕机了；它只保留已持久化的任期、投票和日志。")
            )
        );
        let frame = until(&mut sim, |f| {
            matches!(f.kind, FrameKind::Lose(_, LossCause::ReceiverDown))
        });
        let (en, zh) = en_zh(&frame);
        assert!(en.starts_with("The "), "{en}");
        assert!(
            en.ends_with(&format!(" to node {down} is lost: node {down} is down.")),
            "{en}"
        );
        assert!(
            zh.ends_with(&format!("丢失了：节点 {down} 已宕机。")),
            "{zh}"
        );
        let frame = sim.apply(Input::Restart(down)).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "You restarted node {down}; it comes back as a follower from what it saved on \
                     disk."
                ),
                format!("你重启了节点 {down}；它从磁盘上保存的状态恢复，成为跟随者。")
            )
        );

        let frame = sim
            .apply(Input::Cut {
                from: 1,
                to: 2,
                both: false,
            })
            .unwrap();
        assert_eq!(
            narrate(Lang::En, &frame),
            "You cut the link from node 1 to node 2; messages the other way still get through."
        );
        let frame = until(&mut sim, |f| {
            matches!(f.kind, FrameKind::Lose(_, LossCause::LinkCut))
        });
        let (en, zh) = en_zh(&frame);
        assert!(
            en.ends_with("is lost: the link from node 1 to node 2 is cut."),
            "{en}"
        );
        assert!(
            zh.ends_with("丢失了：从节点 1 到节点 2 的链路已断开。"),
            "{zh}"
        );
    }

    #[test]
    fn a_client_is_pointed_to_the_leader() {
        let mut sim = five(7);
        let (_, leader) = elect(&mut sim);
        settle(&mut sim, leader);
        let other = leader % 5 + 1;
        let frame = sim.apply(Input::Propose(other, "set x 5".into())).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "You send “set x 5” to node {other}, which is not the leader and points to \
                     node {leader}."
                ),
                format!(
                    "你把“set x 5”发给节点 {other}，但它不是领导者，于是告知领导者是节点 {leader}。"
                )
            )
        );
        // A client started by the visitor finds the leader on its own.
        let frame = sim.apply(Input::Client("set y 1".into())).unwrap();
        assert!(narrate(Lang::En, &frame).starts_with("You started a client that sends “set y 1”"));
        let frame = until(&mut sim, |f| {
            matches!(
                f.kind,
                FrameKind::Client {
                    outcome: ClientOutcome::Accepted(_),
                    ..
                }
            )
        });
        let (en, zh) = en_zh(&frame);
        assert_eq!(
            en,
            format!("A client sends “set y 1” to leader {leader}, which appends it at index 2.")
        );
        assert_eq!(
            zh,
            format!("客户端把“set y 1”发给领导者 {leader}，它把命令追加到了索引 2。")
        );
    }

    #[test]
    fn a_deposed_leader_steps_down() {
        let mut sim = five(8);
        let (_, old) = elect(&mut sim);
        settle(&mut sim, old);
        sim.apply(Input::Isolate(old)).unwrap();
        while !sim
            .live_nodes()
            .any(|n| n.role() == Role::Leader && n.id() != old)
        {
            sim.step();
        }
        sim.apply(Input::Rejoin(old)).unwrap();
        let frame = until(&mut sim, |f| {
            f.events.iter().any(|(n, e)| {
                *n == old
                    && matches!(
                        e,
                        Event::RoleChanged {
                            from: Role::Leader,
                            ..
                        }
                    )
            })
        });
        let (en, zh) = en_zh(&frame);
        assert!(en.starts_with(&format!("Node {old} ")), "{en}");
        assert!(
            en.ends_with(" and steps down from leader to follower."),
            "{en}"
        );
        assert!(zh.ends_with("，由领导者退为跟随者。"), "{zh}");
    }

    #[test]
    fn check_quorum_protects_and_deposes_the_leader() {
        let mut config = SimConfig::new(5, 10);
        config.pre_vote = true;
        config.check_quorum = true;
        let mut sim = Simulation::new(config).unwrap();
        let (_, leader) = elect(&mut sim);
        settle(&mut sim, leader);
        let term = sim.node(leader).unwrap().term();
        let next = term + 1;

        // A follower that asks for pre-votes while the leader is alive is refused by everyone.
        let asker = leader % 5 + 1;
        let frame = sim.apply(Input::Timeout(asker)).unwrap();
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "You made node {asker} start an election now: it asks the others whether it \
                     could win term {next} (pre-vote)."
                ),
                format!("你让节点 {asker} 立即发起选举：它先询问其他节点自己能否赢得任期 {next}（预投票）。")
            )
        );
        let frame = until(&mut sim, |f| {
            f.events.iter().any(|(n, e)| {
                *n == leader
                    && matches!(
                        e,
                        Event::VoteRefused {
                            reason: VoteRefusal::LeaderActive { .. },
                            ..
                        }
                    )
            })
        });
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Node {leader} refuses node {asker}'s pre-vote for term {next}: it is an \
                     active leader itself (CheckQuorum)."
                ),
                format!(
                    "节点 {leader} 拒绝了节点 {asker} 在任期 {next} 的预投票：它自己就是活跃的领导者（法定人数检查）。"
                )
            )
        );
        let frame = until(&mut sim, |f| {
            has(f, |e| {
                matches!(
                    e,
                    Event::RoleChanged {
                        from: Role::PreCandidate,
                        to: Role::Follower,
                        ..
                    }
                )
            })
        });
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Node {asker} is refused by 3 nodes, a majority: it gives up and stays a \
                     follower in term {term}."
                ),
                format!(
                    "节点 {asker} 被 3 个节点拒绝，已过半数：它放弃预投票，继续在任期 {term} 做跟随者。"
                )
            )
        );

        // A leader cut off from everyone steps down on its own.
        sim.apply(Input::Isolate(leader)).unwrap();
        let frame = until(&mut sim, |f| {
            has(f, |e| matches!(e, Event::QuorumLost { .. }))
        });
        assert_eq!(
            en_zh(&frame),
            (
                format!(
                    "Leader {leader} of term {term} heard from no other node within an election \
                     timeout: without a majority it steps down to follower (CheckQuorum)."
                ),
                format!(
                    "任期 {term} 的领导者 {leader} 在一个选举超时内没有收到任何其他节点的回应，达不到多数，于是退为跟随者（法定人数检查）。"
                )
            )
        );
    }

    #[test]
    fn inputs_are_told_as_the_visitors_actions() {
        let mut sim = five(9);
        let mut say = |input: Input| en_zh(&sim.apply(input).unwrap());
        assert_eq!(
            say(Input::Partition(vec![vec![1, 2], vec![3, 4, 5]])),
            (
                "You partitioned the network into {1, 2} and {3, 4, 5}: only nodes in the same \
                 group can talk."
                    .into(),
                "你把网络分成了 {1, 2} 和 {3, 4, 5}：只有同一组内的节点能互相通信。".into()
            )
        );
        assert_eq!(
            say(Input::Partition(vec![
                vec![1],
                vec![],
                vec![2],
                vec![3, 4, 5]
            ]))
            .1,
            "你把网络分成了 {1}、{2} 和 {3, 4, 5}：只有同一组内的节点能互相通信。"
        );
        assert_eq!(
            say(Input::Heal),
            (
                "You healed the network: every link works again.".into(),
                "你修复了网络：所有链路恢复正常。".into()
            )
        );
        assert_eq!(
            say(Input::Loss(PPM / 8)).0,
            "You set random message loss to 12.5%."
        );
        assert_eq!(say(Input::Loss(0)).1, "你关闭了随机丢包。");
        assert_eq!(
            say(Input::Latency(10_500, 40_000)),
            (
                "You set message latency to 10.5–40 ms.".into(),
                "你把消息延迟设为 10.5–40 毫秒。".into()
            )
        );
        assert_eq!(
            say(Input::Isolate(2)).0,
            "You isolated node 2: every link to and from it is cut."
        );
        assert_eq!(
            say(Input::PreVote(true)).1,
            "你开启了预投票：节点在发起选举前，会先询问自己能否获胜。"
        );
        assert_eq!(
            say(Input::Bug(BugName::ForgetVote, true)).0,
            "You turned on the bug forget-vote: a restarted node forgets its term and its vote."
        );
        assert_eq!(
            say(Input::Drop(12_345)).0,
            "You asked to drop message #12345, but it is no longer in flight."
        );
    }

    #[test]
    fn names_for_the_legend() {
        assert_eq!(role_name(Lang::En, Role::Leader), "Leader");
        assert_eq!(role_name(Lang::Zh, Role::Leader), "领导者");
        assert_eq!(role_name(Lang::Zh, Role::Follower), "跟随者");
        assert_eq!(role_name(Lang::Zh, Role::Candidate), "候选人");
        assert_eq!(role_name(Lang::Zh, Role::PreCandidate), "预候选人");
        let heartbeat = Message::AppendEntries {
            prev_log_index: 0,
            prev_log_term: 0,
            entries: Vec::new(),
            leader_commit: 0,
        };
        assert_eq!(message_name(Lang::En, &heartbeat), "Heartbeat");
        assert_eq!(message_name(Lang::Zh, &heartbeat), "心跳");
        let vote = Message::RequestVote {
            last_log_index: 0,
            last_log_term: 0,
        };
        assert_eq!(message_name(Lang::En, &vote), "RequestVote");
        assert_eq!(message_name(Lang::Zh, &vote), "请求投票");
        assert_eq!(
            message_name(Lang::Zh, &Message::RequestVoteResponse { granted: false }),
            "拒绝投票"
        );
    }

    /// Every frame of a preset, as the page replays its recording.
    fn scenario(name: &str, recording: &str) -> Vec<Frame> {
        let recording = sim::Recording::decode(recording).unwrap();
        assert!(
            recording.failure.is_none(),
            "{name}: {:?}",
            recording.failure
        );
        let mut history = recording.replay().unwrap();
        let end = history.position();
        history.goto(0);
        // Past its end a history simulates new events: stop there.
        let frames: Vec<Frame> = (0..end).map_while(|_| history.step()).collect();
        assert_eq!(frames.len() as u64, end, "{name}: every event once");
        frames
    }

    /// The presets, as the page builds them in.
    const SCENARIOS: &[(&str, &str)] = crate::model::PRESETS;

    #[test]
    fn a_safety_violation_comes_first() {
        let frames = scenario(
            "bug-forget-vote",
            SCENARIOS
                .iter()
                .find(|(n, _)| *n == "bug-forget-vote")
                .map(|(_, recording)| *recording)
                .unwrap(),
        );
        let broken: Vec<&Frame> = frames.iter().filter(|f| !f.violations.is_empty()).collect();
        assert_eq!(broken.len(), 1);
        assert_eq!(
            en_zh(broken[0]),
            (
                "Safety violated (Election Safety): nodes 1 and 3 were both elected leader of \
                 term 1."
                    .into(),
                "安全性被破坏（选举安全）：节点 1 和节点 3 都当选了任期 1 的领导者。".into()
            )
        );
        // Every property has Chinese words of its own, not the checker's English.
        for (name, text) in SCENARIOS.iter().filter(|(n, _)| n.starts_with("bug-")) {
            for frame in scenario(name, text) {
                if let Some(v) = frame.violations.first() {
                    let zh = narrate(Lang::Zh, &frame);
                    assert!(zh.starts_with("安全性被破坏（"), "{zh}");
                    assert!(!zh.contains(&v.message), "{zh}");
                    assert!(narrate(Lang::En, &frame).contains(&v.message));
                }
            }
        }
    }

    #[test]
    fn every_preset_is_narrated() {
        for (name, text) in SCENARIOS {
            for frame in scenario(name, text) {
                let (en, zh) = en_zh(&frame);
                assert!(!en.is_empty() && !zh.is_empty());
                if std::env::var_os("NARRATE_PRINT").is_some() {
                    eprintln!(
                        "{name} #{}: {en}\n{name} #{}: {zh}",
                        frame.number, frame.number
                    );
                }
            }
        }
    }

    /// A random schedule of everything a visitor can do, as `sim::explore` does it.
    fn chaos(seed: u64, events: u64, bugs: bool) -> Vec<Frame> {
        let mut config = SimConfig::new(5, seed);
        config.pre_vote = seed & 1 == 0;
        let mut sim = Simulation::new(config).unwrap();
        let mut rng = Rng::new(seed ^ 0x6e61_7272_6174_6521);
        let mut frames = Vec::new();
        let node = |rng: &mut Rng| rng.range_inclusive(1, 5) as NodeId;
        let mut commands = 0;
        while sim.frame_count() < events {
            let roll = rng.range_inclusive(0, 999);
            let input = match roll {
                0..=14 => {
                    commands += 1;
                    Some(Input::Client(format!("set k{} {commands}", commands % 7)))
                }
                15..=19 => {
                    let id = node(&mut rng);
                    let down = (1..=5).filter(|&i| !sim.is_up(i)).count();
                    Some(if sim.is_up(id) && down < 2 {
                        Input::Crash(id)
                    } else {
                        Input::Restart(id)
                    })
                }
                20..=22 => {
                    let (mut a, mut b) = (Vec::new(), Vec::new());
                    for id in 1..=5 {
                        if rng.range_inclusive(0, 1) == 0 {
                            a.push(id)
                        } else {
                            b.push(id)
                        }
                    }
                    Some(Input::Partition(vec![a, b]))
                }
                23..=24 => Some(Input::Isolate(node(&mut rng))),
                25..=29 => Some(Input::Heal),
                30..=32 => Some(Input::Loss(rng.range_inclusive(0, 30) as u32 * (PPM / 100))),
                33..=34 => {
                    let min = rng.range_inclusive(1, 40);
                    let max = min + rng.range_inclusive(0, 60);
                    Some(Input::Latency(min * MICROS_PER_MS, max * MICROS_PER_MS))
                }
                35..=37 => Some(Input::Rejoin(node(&mut rng))),
                38..=39 => Some(Input::Cut {
                    from: node(&mut rng),
                    to: node(&mut rng),
                    both: rng.range_inclusive(0, 1) == 0,
                }),
                40..=41 => Some(Input::Link {
                    from: node(&mut rng),
                    to: node(&mut rng),
                    both: rng.range_inclusive(0, 1) == 0,
                }),
                42..=44 => Some(Input::Timeout(node(&mut rng))),
                45 => Some(Input::Heartbeat(node(&mut rng))),
                46..=47 => Some(Input::Propose(node(&mut rng), format!("set p {roll}"))),
                48 => Some(Input::PreVote(rng.range_inclusive(0, 1) == 0)),
                49 => Some(Input::CheckQuorum(rng.range_inclusive(0, 1) == 0)),
                50..=51 if bugs => {
                    let bug = BugName::ALL[rng.range_inclusive(0, 3) as usize];
                    Some(Input::Bug(bug, rng.range_inclusive(0, 2) > 0))
                }
                52 => sim.in_flight().last().map(|m| Input::Drop(m.id)),
                53 => sim.in_flight().next().map(|m| Input::Deliver(m.id)),
                54 => Some(Input::Drop(u64::MAX)),
                55 => Some(Input::Timers(false)),
                56..=60 => Some(Input::Timers(true)),
                _ => None,
            };
            match input {
                Some(input) => frames.push(sim.apply(input).unwrap()),
                None => match sim.step() {
                    Some(frame) => frames.push(frame),
                    None => frames.push(sim.apply(Input::Timers(true)).unwrap()),
                },
            }
        }
        frames
    }

    /// The name of a frame's story, for coverage.
    fn kind(frame: &Frame) -> String {
        let debug = format!("{:?}", story(frame));
        debug
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn every_frame_of_long_random_runs_gets_a_sentence() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut generic = Vec::new();
        let mut total = 0;
        for (seed, bugs) in [(11, false), (12, false), (13, true)] {
            for frame in chaos(seed, 6_000, bugs) {
                total += 1;
                let (en, zh) = en_zh(&frame);
                assert!(!en.trim().is_empty() && !zh.trim().is_empty(), "{frame:?}");
                assert!(en.ends_with('.') && !han(&en), "{en}");
                assert!(zh.ends_with('。') && han(&zh), "{zh}");
                assert!(en.chars().next().is_some_and(char::is_uppercase), "{en}");
                let lower = zh.to_lowercase();
                for word in ["leader", "follower", "candidate"] {
                    assert!(!lower.contains(word), "{zh} ({frame:?})");
                }
                let kind = kind(&frame);
                if std::env::var_os("NARRATE_PRINT").is_some() {
                    eprintln!("{kind}: {en}\n{kind}: {zh}");
                }
                if kind == "Received" || kind == "TimerFired" {
                    generic.push(en.clone());
                }
                *seen.entry(kind).or_default() += 1;
            }
        }
        eprintln!("{seen:#?}");
        for en in generic.iter().take(20) {
            eprintln!("generic: {en}");
        }
        for expected in [
            "Acked",
            "BackedUp",
            "Campaign",
            "Client",
            "Elected",
            "Heard",
            "Heartbeats",
            "Ignored",
            "Input",
            "Lost",
            "Rejected",
            "Replicated",
            "PreVoteWon",
            "QuorumLost",
            "StepDown",
            "TermMoved",
            "VoteCounted",
            "VoteGranted",
            "VoteRefused",
        ] {
            assert!(
                seen.contains_key(expected),
                "no {expected} story in {seen:?}"
            );
        }
        assert!(
            generic.len() * 100 < total,
            "{} of {total} frames got only a generic sentence",
            generic.len()
        );
    }
}
