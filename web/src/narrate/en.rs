//! Every English sentence of the narration.

use sim::raft::{
    AppendOutcome, ChangeRefusal, IgnoreReason, LogIndex, Message, Role, TransferRefusal,
    VoteRefusal,
};
use sim::{BugName, ClientOutcome, InFlight, Input, LossCause, Property, Violation};

use super::{
    latency_range, message_name, ms_range, ms_rounded, partition_groups, percent, role_name,
    Campaign, Lead, Story, Tell,
};
use crate::i18n::{strings, Lang};

/// English.
pub(super) struct En;

impl Tell for En {
    fn story(&self, story: &Story<'_>) -> String {
        match *story {
            Story::Violation(v) => {
                let name = strings(Lang::En).property(v.property).0;
                format!("Safety violated ({name}): {}.", broken(v))
            }
            Story::Campaign {
                node,
                lead,
                campaign,
            } => {
                // A pre-vote that failed and asks again.
                let again = matches!(
                    lead,
                    Lead::TimedOut {
                        was: Role::PreCandidate,
                        ..
                    }
                );
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
                    Campaign::PreCandidate(t) if again => format!(
                        "it asks the others again whether it could win term {t} (pre-vote)"
                    ),
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
                let was = role_word(was);
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
                    let alarm = match (committed, count) {
                        (false, _) => "",
                        (true, 1) => " (a committed one!)",
                        (true, _) => " (committed ones among them!)",
                    };
                    parts.push(format!(
                        "removes {} from index {from}{alarm}",
                        plural(count, "conflicting entry", "conflicting entries")
                    ));
                }
                if let Some(range) = appended {
                    parts.push(format!("appends {} {source}", entry_range(range)));
                }
                if let Some(range) = held {
                    parts.push(format!("already holds {} {source}", entry_range(range)));
                }
                if let Some(c) = commit {
                    parts.push(format!("commits up to entry {c}"));
                }
                format!("Node {node} {}.", join(&parts))
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
                        entry_range(range)
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
                let noun = message_noun(message);
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
                        // Also a second answer from the same voter (a duplicate, say).
                        format!(
                            "Node {node} ignores the {noun} from node {from}: it is no longer \
                             waiting for votes (or already has node {from}'s)."
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
                let what = format!("the {} from node {a} to node {b}", message_noun(&e.message));
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
                    message_noun(&e.message),
                    e.from,
                    e.to
                )
            }
            Story::Input(input) => self.input(input),
            Story::Received {
                node,
                from,
                message,
            } => format!(
                "Node {node} receives the {} from node {from}.",
                message_noun(message)
            ),
            Story::TimerFired { node } => format!("Node {node}'s timer fires."),
            Story::SteppedDown { node, term } => format!(
                "Node {node} committed a configuration without itself, so it stops leading term \
                 {term} and steps down (thesis 4.2.2)."
            ),
            Story::ChangeRefused { node, reason } => format!(
                "Leader {node} refuses the change: {}.",
                change_refusal(&reason)
            ),
            Story::TransferStarted {
                leader,
                target,
                at_once: true,
            } => format!(
                "Leader {leader} hands leadership to node {target}: node {target}'s log is \
                 complete, so TimeoutNow goes out at once. Until it takes over, the leader takes \
                 no new commands."
            ),
            Story::TransferStarted { leader, target, .. } => format!(
                "Leader {leader} starts handing leadership to node {target}: first it brings node \
                 {target}'s log up to date, and meanwhile it takes no new commands."
            ),
            Story::TimeoutNowSent { leader, target } => format!(
                "Node {target} now holds leader {leader}'s whole log, so the leader sends it \
                 TimeoutNow."
            ),
            Story::TransferAborted { leader, target } => format!(
                "Node {target} did not take over within an election timeout, so leader {leader} \
                 gives up the transfer and takes commands again."
            ),
            Story::TransferRefused { leader, reason } => format!(
                "Node {leader} does not hand over leadership: {}.",
                transfer_refusal(&reason)
            ),
            Story::TransferBlocksProposal { leader, target } => format!(
                "Leader {leader} refuses the command: it is handing leadership to node {target}."
            ),
            Story::TimeoutNow { node, leader, term } => format!(
                "Node {node} gets TimeoutNow from leader {leader} and starts an election for term \
                 {term} at once: no waiting for its timer, no pre-vote, and voters that still hear \
                 the leader do not hold that against it."
            ),
        }
    }

    fn input(&self, input: &Input) -> String {
        match input {
            Input::Transfer(n) => {
                format!("You asked the leader to hand leadership to node {n}.")
            }
            Input::Change(change) => match change {
                sim::raft::Change::AddVoter(n) => {
                    format!("You asked the leader to add node {n} as a voter.")
                }
                sim::raft::Change::AddLearner(n) => {
                    format!("You asked the leader to add node {n} as a learner.")
                }
                sim::raft::Change::Promote(n) => {
                    format!("You asked the leader to make learner {n} a voter.")
                }
                sim::raft::Change::Remove(n) => format!("You asked the leader to remove node {n}."),
                sim::raft::Change::Joint(voters) => format!(
                    "You asked the leader to move to voters {} by joint consensus.",
                    join(&voters.iter().map(|v| v.to_string()).collect::<Vec<_>>())
                ),
            },
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
                    join(many)
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
            Input::Bug(bug, true) => format!("You turned on the bug {bug}: {}.", bug_rule(*bug)),
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

    fn violation(&self, v: &Violation) -> String {
        let name = strings(Lang::En).property(v.property).0;
        format!("{name}: {}.", broken(v))
    }

    fn message_title(&self, m: &InFlight) -> String {
        let e = &m.envelope;
        let head = format!(
            "{} {} → {}, term {}",
            message_name(Lang::En, &e.message),
            e.from,
            e.to,
            e.term
        );
        let fields = match &e.message {
            Message::PreVote {
                last_log_index,
                last_log_term,
            }
            | Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: false,
            } => format!("last log {last_log_index} @ term {last_log_term}"),
            Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: true,
            } => format!("last log {last_log_index} @ term {last_log_term}, after TimeoutNow"),
            Message::TimeoutNow => return head,
            // The name says granted or refused; a stale-term reply says it all in its name.
            Message::PreVoteResponse { .. }
            | Message::RequestVoteResponse { .. }
            | Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => return head,
            Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                let after =
                    format!("after {prev_log_index} @ {prev_log_term}, commit {leader_commit}");
                match entries.len() as u64 {
                    0 => after,
                    n => format!("{} {after}", plural(n, "entry", "entries")),
                }
            }
            Message::AppendEntriesResponse(AppendOutcome::Success { match_index }) => {
                format!("matches up to {match_index}")
            }
            Message::AppendEntriesResponse(AppendOutcome::Conflict {
                prev_log_index,
                hint,
            }) => match hint.term {
                Some(t) => format!(
                    "conflict at {prev_log_index}, holds term {t} from index {}",
                    hint.first_index
                ),
                None => format!(
                    "conflict at {prev_log_index}, log ends at {}",
                    hint.first_index.saturating_sub(1)
                ),
            },
        };
        format!("{head}: {fields}")
    }

    fn event(&self, number: u64) -> String {
        format!("Event {number} happens.")
    }
}

/// What broke a safety property, from the violation's fields (see `docs/safety-checker.md`).
fn broken(v: &Violation) -> String {
    let node = |i: usize| v.nodes.get(i).copied();
    match (v.property, node(0), node(1), v.term, v.index) {
        (Property::ElectionSafety, Some(a), Some(b), Some(t), _) => {
            format!("nodes {a} and {b} were both elected leader of term {t}")
        }
        (Property::LeaderAppendOnly, Some(n), _, Some(t), Some(i)) => format!(
            "leader {n} of term {t} removed or replaced entries it already held, at or before \
             index {i}"
        ),
        (Property::LogMatching, Some(a), Some(b), Some(t), Some(i)) => format!(
            "nodes {a} and {b} both hold an entry of term {t} at index {i}, but their logs \
             differ at or before it"
        ),
        (Property::LeaderCompleteness, Some(n), _, Some(t), Some(i)) => format!(
            "leader {n} of term {t} lacks the entry at index {i}, committed in an earlier term"
        ),
        (Property::StateMachineSafety, Some(n), _, Some(t), Some(i)) => format!(
            "node {n} applied an entry of term {t} at index {i}, where a different entry had \
             been applied before"
        ),
        // Without its details, say what the property promises.
        _ => {
            let rule = strings(Lang::En).property(v.property).1;
            let mut chars = rule.trim_end_matches('.').chars();
            match chars.next() {
                Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        }
    }
}

/// A message as a noun, to follow "the".
fn message_noun(message: &Message) -> String {
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
                entry_range((prev_log_index + 1, prev_log_index.saturating_add(n)))
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
        Message::TimeoutNow => "TimeoutNow".into(),
    }
}

fn change_refusal(reason: &ChangeRefusal) -> String {
    match reason {
        ChangeRefusal::UseChange => "a configuration is changed by a change, not a command".into(),
        ChangeRefusal::InProgress { index } => format!(
            "the change at index {index} is not committed yet, and only one change runs at a time"
        ),
        ChangeRefusal::AlreadyMember(n) => format!("node {n} is a member already"),
        ChangeRefusal::NotMember(n) => format!("node {n} is not a member"),
        ChangeRefusal::NotLearner(n) => format!("node {n} is not a learner"),
        ChangeRefusal::NoVoters => "it would leave no voter".into(),
        ChangeRefusal::SameVoters => "those are the voters already".into(),
    }
}

fn transfer_refusal(reason: &TransferRefusal) -> String {
    match reason {
        TransferRefusal::NotLeader { .. } => "it is not the leader".into(),
        TransferRefusal::AlreadyLeader => "it leads already".into(),
        TransferRefusal::NotVoter(n) => format!("node {n} is not a voter, so it could not win"),
        TransferRefusal::InProgress { target } => {
            format!("a transfer to node {target} is under way")
        }
    }
}

fn bug_rule(bug: BugName) -> &'static str {
    match bug {
        BugName::VoteIgnoresLog => {
            "nodes grant votes without checking that the candidate's log is up to date"
        }
        BugName::CommitOldTerms => "leaders commit entries of earlier terms by counting copies",
        BugName::ForgetVote => "a restarted node forgets its term and its vote",
        BugName::NoJitter => "every election timeout is the same, so split votes repeat",
        BugName::OverlappingChanges => {
            "leaders start a configuration change before the previous one is committed"
        }
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

/// `a`, `a and b`, `a, b and c`.
fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
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

fn entry_range((first, last): (LogIndex, LogIndex)) -> String {
    if first >= last {
        format!("entry {last}")
    } else {
        format!("entries {first}–{last}")
    }
}

fn role_word(role: Role) -> String {
    // English role names are ASCII: no Unicode tables needed.
    role_name(Lang::En, role).to_ascii_lowercase()
}
