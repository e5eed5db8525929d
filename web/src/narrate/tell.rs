//! The one renderer: every sentence's structure, for every language at once. It picks a
//! template from the visitor's [`Words`] table and fills it; no word of any language is here.

use sim::raft::{
    AppendOutcome, Change, ChangeRefusal, IgnoreReason, LogIndex, Message, Role, TransferRefusal,
    VoteRefusal,
};
use sim::{BugName, ClientOutcome, InFlight, Input, LossCause, Property, Violation};

use super::words::Words;
use super::{
    latency_range, message_name, ms_range, ms_rounded, partition_groups, percent, Campaign, Lead,
    Story,
};
use crate::i18n::{strings, Lang};

/// A value for a placeholder.
#[derive(Clone, Copy)]
pub(super) enum Arg<'a> {
    Num(u64),
    Text(&'a str),
}

impl From<u64> for Arg<'_> {
    fn from(n: u64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Num(n.into())
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Num(n as u64)
    }
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg::Text(s)
    }
}

/// Fills `template`'s placeholders: `say!(t, node, term = story_term)` fills `{node}` with
/// `node` and `{term}` with `story_term`.
///
/// The names travel as one static string (`"node term "`) beside a slice of values, rather than
/// as `(name, String)` pairs: a call then costs one store per value and no allocation for a
/// number, which matters with a few hundred calls in the page's wasm.
macro_rules! say {
    ($template:expr $(, $name:ident $(= $value:expr)?)* $(,)?) => {
        fill(
            $template,
            concat!($(stringify!($name), " ",)*),
            &[$(Arg::from(say!(@value $name $(= $value)?)),)*],
        )
    };
    (@value $name:ident) => {
        $name
    };
    (@value $name:ident = $value:expr) => {
        $value
    };
}

/// Replaces each `{name}` in `template` with the value of `name`, where `names` lists the
/// names of `args` in order, each followed by a space. A placeholder with no value and a lone
/// brace are left as they are; values are not scanned again.
pub(super) fn fill(template: &str, names: &str, args: &[Arg<'_>]) -> String {
    crate::i18n::fill_with(template, |name, out| {
        let i = names.split_terminator(' ').position(|n| n == name)?;
        match *args.get(i)? {
            Arg::Num(n) => push_num(out, n),
            Arg::Text(s) => out.push_str(s),
        }
        Some(())
    })
}

/// Decimal digits, without the formatting machinery.
fn push_num(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

fn num(n: u64) -> String {
    let mut out = String::new();
    push_num(&mut out, n);
    out
}

/// `one` for exactly one, else `many`.
fn plural(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// `a`, `a{last}b`, `a{sep}b{last}c`.
fn join(parts: &[String], sep: &str, last: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == parts.len() { last } else { sep });
        }
        out.push_str(part);
    }
    out
}

/// Tells stories, inputs, violations and tooltips in one language.
#[derive(Clone, Copy)]
pub(super) struct Teller {
    lang: Lang,
    w: Words,
}

pub(super) fn teller(lang: Lang) -> Teller {
    // Built in, or fetched (the `words-fetched` feature): blank until then, when nothing
    // is drawn.
    let w = Words::new(crate::i18n::words::get(lang).map_or("", |(_, narration)| narration));
    Teller { lang, w }
}

impl Teller {
    /// The story of one frame, as one sentence.
    pub(super) fn story(&self, story: &Story<'_>) -> String {
        let w = self.w;
        match *story {
            Story::Violation(v) => self.violated(w.violated(), v),
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
                let (lead, term, ms) = match lead {
                    Lead::TimedOut { timeout, term, was } => (
                        match was {
                            Role::Candidate => w.lead_candidate(),
                            Role::PreCandidate => w.lead_pre_candidate(),
                            Role::Follower | Role::Leader => w.lead_follower(),
                        },
                        term,
                        ms_rounded(timeout),
                    ),
                    Lead::Forced => (w.lead_forced(), 0, 0),
                };
                let (result, new_term) = match campaign {
                    Campaign::Candidate(t) => (w.campaign_candidate(), t),
                    Campaign::PreCandidate(t) if again => (w.campaign_pre_vote_again(), t),
                    Campaign::PreCandidate(t) => (w.campaign_pre_vote(), t),
                    Campaign::Leader(t) => (w.campaign_leader(), t),
                    Campaign::Waits => (w.campaign_waits(), 0),
                };
                let lead = say!(lead, node, term, ms);
                let result = say!(result, term = new_term);
                say!(w.campaign(), lead = &lead, result = &result)
            }
            Story::Heartbeats { node } => say!(w.heartbeats(), node),
            Story::QuorumLost { node, term, active } => {
                let n = active.saturating_sub(1) as u64;
                let heard = match n {
                    0 => w.heard_none(),
                    _ => plural(n, w.heard_only_one(), w.heard_only_many()),
                };
                let heard = say!(heard, n);
                say!(w.quorum_lost(), node, term, heard = &heard)
            }
            Story::StepDown {
                node,
                was,
                by,
                term,
                from_leader,
                voted,
            } => {
                let template = match (from_leader, voted) {
                    (true, _) => w.step_down_by_leader(),
                    (false, true) => w.step_down_and_vote(),
                    (false, false) => w.step_down(),
                };
                let was = match was {
                    Role::Follower => w.role_follower(),
                    Role::PreCandidate => w.role_pre_candidate(),
                    Role::Candidate => w.role_candidate(),
                    Role::Leader => w.role_leader(),
                };
                say!(template, node, by, term, was)
            }
            Story::TermMoved { node, by, term } => say!(w.term_moved(), node, by, term),
            Story::VoteGranted {
                voter,
                candidate,
                term,
                pre_vote,
            } => {
                let template = if pre_vote {
                    w.pre_vote_granted()
                } else {
                    w.vote_granted()
                };
                say!(template, voter, candidate, term)
            }
            Story::VoteRefused {
                voter,
                candidate,
                term,
                pre_vote,
                reason,
            } => {
                let why = match reason {
                    VoteRefusal::StaleTerm { current } => say!(w.why_stale_term(), current),
                    VoteRefusal::AlreadyVoted { voted_for } if voted_for == voter => {
                        w.why_voted_itself().into()
                    }
                    VoteRefusal::AlreadyVoted { voted_for } => {
                        say!(w.why_voted_other(), voted_for)
                    }
                    VoteRefusal::HasLeader { leader } => say!(w.why_has_leader(), leader),
                    VoteRefusal::LogNotUpToDate {
                        candidate_last_term,
                        candidate_last_index,
                        last_term,
                        last_index,
                    } => say!(
                        w.why_log_behind(),
                        candidate,
                        candidate_last_term,
                        candidate_last_index,
                        last_term,
                        last_index
                    ),
                    VoteRefusal::LeaderActive { leader } if leader == voter => {
                        w.why_active_itself().into()
                    }
                    VoteRefusal::LeaderActive { leader } => say!(w.why_active_leader(), leader),
                };
                let template = if pre_vote {
                    w.pre_vote_refused()
                } else {
                    w.vote_refused()
                };
                say!(template, voter, candidate, term, why = &why)
            }
            Story::Elected { node, term, votes } => {
                let template = plural(votes as u64, w.elected_one(), w.elected_many());
                say!(template, node, term, votes)
            }
            Story::PreVoteWon { node, term, votes } => {
                let template = plural(votes as u64, w.pre_vote_won_one(), w.pre_vote_won_many());
                say!(template, node, term, votes)
            }
            Story::PreVoteLost {
                node,
                term,
                refusals,
            } => {
                let template = plural(
                    refusals as u64,
                    w.pre_vote_lost_one(),
                    w.pre_vote_lost_many(),
                );
                say!(template, node, term, refusals)
            }
            Story::VoteCounted {
                node,
                from,
                granted,
                pre_vote,
                granted_total,
                quorum,
            } => {
                let template = match (pre_vote, granted) {
                    (false, true) => w.counted_vote(),
                    (false, false) => w.counted_refusal(),
                    (true, true) => w.counted_pre_vote(),
                    (true, false) => w.counted_pre_vote_refusal(),
                };
                say!(template, node, from, granted = granted_total, quorum)
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
                    parts.push(say!(w.accepts_leader(), leader, term));
                }
                let source = if news.is_some() {
                    w.source_it()
                } else {
                    w.source_leader()
                };
                let source = say!(source, leader);
                if let Some((from, count, committed)) = truncated {
                    let alarm = if committed {
                        plural(count, w.alarm_one(), w.alarm_many())
                    } else {
                        ""
                    };
                    let template = plural(count, w.removes_one(), w.removes_many());
                    parts.push(say!(template, count, from, alarm));
                }
                for (template, range) in [(w.appends(), appended), (w.holds(), held)] {
                    if let Some(range) = range {
                        let entries = self.entry_range(range);
                        parts.push(say!(template, entries = &entries, source = &source));
                    }
                }
                if let Some(commit) = commit {
                    parts.push(say!(w.commits(), commit));
                }
                let parts = join(&parts, w.clause_sep(), w.clause_last());
                say!(w.replicated(), node, parts = &parts)
            }
            Story::Heard {
                node,
                leader,
                news,
                commit,
            } => {
                let template = match (news, commit) {
                    (None, None) => w.heard(),
                    (None, Some(_)) => w.heard_commit(),
                    (Some(_), None) => w.heard_news(),
                    (Some(_), Some(_)) => w.heard_news_commit(),
                };
                let (term, commit) = (news.unwrap_or(0), commit.unwrap_or(0));
                say!(template, node, leader, term, commit)
            }
            Story::Rejected {
                node,
                leader,
                prev_log_index,
                prev_log_term,
                hint,
            } => {
                let end = hint.first_index.saturating_sub(1);
                let template = match (hint.term, end) {
                    (None, 0) => w.rejected_empty(),
                    (None, _) => w.rejected_short(),
                    (Some(_), _) => w.rejected_term(),
                };
                say!(
                    template,
                    node,
                    leader,
                    prev = prev_log_index,
                    prev_term = prev_log_term,
                    t = hint.term.unwrap_or(0),
                    end,
                    first = hint.first_index
                )
            }
            Story::Acked {
                leader,
                follower,
                match_index,
                committed,
            } => {
                let (template, entries) = match committed {
                    Some((first, last)) if first >= last && last == match_index => {
                        (w.acked_that_one(), String::new())
                    }
                    Some(range) => (
                        if range.0 >= range.1 {
                            w.acked_commits_one()
                        } else {
                            w.acked_commits_many()
                        },
                        self.entry_range(range),
                    ),
                    None if match_index == 0 => (w.acked_nothing(), String::new()),
                    None => (w.acked(), String::new()),
                };
                let last = committed.map_or(0, |(_, last)| last);
                say!(
                    template,
                    leader,
                    follower,
                    match_index,
                    last,
                    entries = &entries
                )
            }
            Story::BackedUp {
                leader,
                follower,
                from,
                to,
            } => say!(w.backed_up(), leader, follower, from, to),
            Story::Ignored {
                node,
                from,
                message,
                term,
                reason,
            } => {
                let template = match reason {
                    IgnoreReason::StaleTerm if matches!(message, Message::AppendEntries { .. }) => {
                        w.ignored_stale_append()
                    }
                    IgnoreReason::StaleTerm => w.ignored_stale(),
                    // Also a second answer from the same voter (a duplicate, say).
                    IgnoreReason::NotExpected
                        if matches!(
                            message,
                            Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. }
                        ) =>
                    {
                        w.ignored_vote()
                    }
                    IgnoreReason::NotExpected
                        if matches!(message, Message::AppendEntriesResponse(_)) =>
                    {
                        w.ignored_reply()
                    }
                    IgnoreReason::NotExpected => w.ignored_unexpected(),
                    IgnoreReason::StaleAppendResponse => w.ignored_outdated_reply(),
                    IgnoreReason::NotAMember => w.ignored_not_member(),
                };
                let noun = self.noun(message);
                say!(template, node, from, term, noun = &noun)
            }
            Story::Client {
                you,
                node,
                command,
                outcome,
            } => {
                let (who, retry) = if you {
                    (w.client_you(), "")
                } else {
                    (w.client_other(), w.client_retry())
                };
                let (template, index, leader) = match *outcome {
                    ClientOutcome::Accepted(index) => (w.client_accepted(), index, 0),
                    ClientOutcome::Redirected(Some(leader)) => (w.client_redirected(), 0, leader),
                    ClientOutcome::Redirected(None) => (w.client_no_leader(), 0, 0),
                    ClientOutcome::NodeDown => (w.client_down(), 0, 0),
                };
                say!(template, who, command, node, index, leader, retry)
            }
            Story::Lost {
                message,
                cause,
                by_you,
            } => {
                let template = match cause {
                    _ if by_you => w.lost_by_you(),
                    LossCause::Random => w.lost_random(),
                    LossCause::LinkCut => w.lost_link_cut(),
                    LossCause::ReceiverDown => w.lost_receiver_down(),
                    LossCause::Dropped => w.lost_dropped(),
                };
                self.about(template, message)
            }
            Story::Duplicated { copy } => self.about(w.duplicated(), copy),
            Story::Input(input) => self.input(input),
            Story::Received {
                node,
                from,
                message,
            } => {
                let noun = self.noun(message);
                say!(w.received(), node, from, noun = &noun)
            }
            Story::TimerFired { node } => say!(w.timer_fired(), node),
            Story::SteppedDown { node, term } => say!(w.stepped_down(), node, term),
            Story::ChangeRefused { node, reason } => {
                let (why, n) = match reason {
                    ChangeRefusal::UseChange => (w.change_use_change(), 0),
                    ChangeRefusal::InProgress { index } => (w.change_in_progress(), index),
                    ChangeRefusal::AlreadyMember(n) => (w.change_already_member(), n.into()),
                    ChangeRefusal::NotMember(n) => (w.change_not_member(), n.into()),
                    ChangeRefusal::NotLearner(n) => (w.change_not_learner(), n.into()),
                    ChangeRefusal::NoVoters => (w.change_no_voters(), 0),
                    ChangeRefusal::SameVoters => (w.change_same_voters(), 0),
                };
                let why = say!(why, index = n, n);
                say!(w.change_refused(), node, why = &why)
            }
            Story::TransferStarted {
                leader,
                target,
                at_once,
            } => {
                let template = if at_once {
                    w.transfer_at_once()
                } else {
                    w.transfer_started()
                };
                say!(template, leader, target)
            }
            Story::TimeoutNowSent { leader, target } => say!(w.timeout_now_sent(), leader, target),
            Story::TransferAborted { leader, target } => say!(w.transfer_aborted(), leader, target),
            Story::TransferRefused { leader, reason } => {
                let (why, n) = match reason {
                    TransferRefusal::NotLeader { .. } => (w.transfer_not_leader(), 0),
                    TransferRefusal::AlreadyLeader => (w.transfer_already_leader(), 0),
                    TransferRefusal::NotVoter(n) => (w.transfer_not_voter(), n),
                    TransferRefusal::InProgress { target } => (w.transfer_in_progress(), target),
                };
                let why = say!(why, n);
                say!(w.transfer_refused(), leader, why = &why)
            }
            Story::TransferBlocksProposal { leader, target } => {
                say!(w.transfer_blocks_proposal(), leader, target)
            }
            Story::TimeoutNow { node, leader, term } => say!(w.timeout_now(), node, leader, term),
        }
    }

    /// Something the visitor did, as one sentence.
    pub(super) fn input(&self, input: &Input) -> String {
        let w = self.w;
        match input {
            Input::Transfer(n) => say!(w.input_transfer(), n = *n),
            Input::AddServer(n) => say!(w.input_add_server(), n = *n),
            Input::Change(change) => match change {
                Change::AddVoter(n) => say!(w.input_add_voter(), n = *n),
                Change::AddLearner(n) => say!(w.input_add_learner(), n = *n),
                Change::Promote(n) => say!(w.input_promote(), n = *n),
                Change::Remove(n) => say!(w.input_remove(), n = *n),
                Change::Joint(voters) => {
                    let voters: Vec<String> = voters.iter().map(|&v| num(v.into())).collect();
                    let voters = join(&voters, w.voters_sep(), w.voters_last());
                    say!(w.input_joint(), voters = &voters)
                }
            },
            Input::Crash(n) => say!(w.input_crash(), n = *n),
            Input::Restart(n) => say!(w.input_restart(), n = *n),
            Input::Isolate(n) => say!(w.input_isolate(), n = *n),
            Input::Rejoin(n) => say!(w.input_rejoin(), n = *n),
            Input::Partition(groups) => {
                let groups = partition_groups(groups);
                let template = match groups.len() {
                    0 => w.input_cut_all(),
                    1 => w.input_partition_one(),
                    _ => w.input_partition(),
                };
                let groups = join(&groups, w.list_sep(), w.list_last());
                say!(template, groups = &groups)
            }
            Input::Heal => w.input_heal().into(),
            Input::Cut { from, to, both } => {
                let template = if *both {
                    w.input_cut_both()
                } else {
                    w.input_cut()
                };
                say!(template, from = *from, to = *to)
            }
            Input::Link { from, to, both } => {
                let template = if *both {
                    w.input_link_both()
                } else {
                    w.input_link()
                };
                say!(template, from = *from, to = *to)
            }
            Input::Loss(0) => w.input_loss_off().into(),
            Input::Loss(ppm) => say!(w.input_loss(), percent = &percent(*ppm)),
            Input::Latency(min, max) => say!(w.input_latency(), ms = &latency_range(*min, *max)),
            Input::Timers(true) => w.input_timers_on().into(),
            Input::Timers(false) => w.input_timers_off().into(),
            Input::Timeout(n) => say!(w.input_timeout(), n = *n),
            Input::Heartbeat(n) => say!(w.input_heartbeat(), n = *n),
            Input::Propose(n, command) => say!(w.input_propose(), n = *n, command),
            Input::Client(command) => say!(w.input_client(), command),
            Input::Deliver(id) => say!(w.input_deliver(), id = *id),
            Input::Drop(id) => say!(w.input_drop(), id = *id),
            Input::Duplicate(id) => say!(w.input_duplicate(), id = *id),
            Input::Bug(bug, on) => {
                let template = if *on {
                    w.input_bug_on()
                } else {
                    w.input_bug_off()
                };
                let rule = match bug {
                    BugName::VoteIgnoresLog => w.bug_vote_ignores_log(),
                    BugName::CommitOldTerms => w.bug_commit_old_terms(),
                    BugName::ForgetVote => w.bug_forget_vote(),
                    BugName::NoJitter => w.bug_no_jitter(),
                    BugName::OverlappingChanges => w.bug_overlapping_changes(),
                };
                say!(template, bug = bug.name(), rule)
            }
            Input::PreVote(true) => w.input_pre_vote_on().into(),
            Input::PreVote(false) => w.input_pre_vote_off().into(),
            Input::CheckQuorum(true) => w.input_check_quorum_on().into(),
            Input::CheckQuorum(false) => w.input_check_quorum_off().into(),
            Input::Timing {
                election_ms: (min, max),
                heartbeat_ms,
            } => say!(
                w.input_timing(),
                election = &ms_range(*min, *max),
                heartbeat = *heartbeat_ms
            ),
        }
    }

    /// A safety violation: the property's name, then what broke it.
    pub(super) fn violation(&self, v: &Violation) -> String {
        self.violated(self.w.violation(), v)
    }

    /// `template` filled with a violation's property and what broke it, from its fields (see
    /// `docs/safety-checker.md`).
    fn violated(&self, template: &str, v: &Violation) -> String {
        let w = self.w;
        let (name, rule) = strings(self.lang).property(v.property);
        let node = |i: usize| v.nodes.get(i).copied();
        let broken = match (v.property, node(0), node(1), v.term, v.index) {
            (Property::ElectionSafety, Some(_), Some(_), Some(_), _) => w.broken_election_safety(),
            (Property::LeaderAppendOnly, Some(_), _, Some(_), Some(_)) => {
                w.broken_leader_append_only()
            }
            (Property::LogMatching, Some(_), Some(_), Some(_), Some(_)) => w.broken_log_matching(),
            (Property::LeaderCompleteness, Some(_), _, Some(_), Some(_)) => {
                w.broken_leader_completeness()
            }
            (Property::StateMachineSafety, Some(_), _, Some(_), Some(_)) => {
                w.broken_state_machine_safety()
            }
            // Without its details, say what the property promises.
            _ => "",
        };
        let broken = if broken.is_empty() {
            // The rule is a sentence of its own; here it follows a colon. Lowercasing an ASCII
            // first letter is a no-op for a language without capitals.
            // The stop is one character in each language: trimmed as a `char`, which keeps
            // the substring searcher out of the page's wasm.
            let mut rule = rule
                .trim_end_matches(|c: char| w.stop().starts_with(c))
                .to_string();
            if let Some(first) = rule.get_mut(..1) {
                first.make_ascii_lowercase();
            }
            rule
        } else {
            let a = node(0).unwrap_or(0);
            say!(
                broken,
                a,
                b = node(1).unwrap_or(0),
                n = a,
                t = v.term.unwrap_or(0),
                i = v.index.unwrap_or(0)
            )
        };
        say!(template, name, broken = &broken)
    }

    /// A message's tooltip.
    pub(super) fn message_title(&self, m: &InFlight) -> String {
        let w = self.w;
        let e = &m.envelope;
        let fields = match &e.message {
            Message::PreVote {
                last_log_index,
                last_log_term,
            }
            | Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: false,
            } => say!(
                w.title_vote(),
                last_log_index = *last_log_index,
                last_log_term = *last_log_term
            ),
            Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: true,
            } => say!(
                w.title_vote_transfer(),
                last_log_index = *last_log_index,
                last_log_term = *last_log_term
            ),
            // The name says granted or refused; a stale-term reply says it all in its name.
            Message::TimeoutNow
            | Message::PreVoteResponse { .. }
            | Message::RequestVoteResponse { .. }
            | Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => String::new(),
            Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                let n = entries.len() as u64;
                let template = match n {
                    0 => w.title_heartbeat(),
                    _ => plural(n, w.title_entries_one(), w.title_entries_many()),
                };
                say!(
                    template,
                    n,
                    prev_log_index = *prev_log_index,
                    prev_log_term = *prev_log_term,
                    leader_commit = *leader_commit
                )
            }
            Message::AppendEntriesResponse(AppendOutcome::Success { match_index }) => {
                say!(w.title_matches(), match_index = *match_index)
            }
            Message::AppendEntriesResponse(AppendOutcome::Conflict {
                prev_log_index,
                hint,
            }) => {
                let template = match hint.term {
                    Some(_) => w.title_conflict_term(),
                    None => w.title_conflict_short(),
                };
                say!(
                    template,
                    prev_log_index = *prev_log_index,
                    t = hint.term.unwrap_or(0),
                    first = hint.first_index,
                    end = hint.first_index.saturating_sub(1)
                )
            }
        };
        let template = if fields.is_empty() {
            w.title()
        } else {
            w.title_with()
        };
        say!(
            template,
            name = message_name(self.lang, &e.message),
            from = e.from,
            to = e.to,
            term = e.term,
            fields = &fields
        )
    }

    /// The last resort for a frame whose story came out empty.
    pub(super) fn event(&self, n: u64) -> String {
        say!(self.w.event(), n)
    }

    /// `template` about a message on the wire: `{noun}` from `{a}` to `{b}`.
    fn about(&self, template: &str, message: &InFlight) -> String {
        let e = &message.envelope;
        let noun = self.noun(&e.message);
        say!(template, noun = &noun, a = e.from, b = e.to)
    }

    /// A message as a noun.
    fn noun(&self, message: &Message) -> String {
        let w = self.w;
        let mut entries = String::new();
        let template = match message {
            Message::PreVote { .. } => w.noun_pre_vote(),
            Message::RequestVote { .. } => w.noun_request_vote(),
            Message::PreVoteResponse { granted: true } => w.noun_pre_vote_granted(),
            Message::PreVoteResponse { granted: false } => w.noun_pre_vote_refused(),
            Message::RequestVoteResponse { granted: true } => w.noun_vote_granted(),
            Message::RequestVoteResponse { granted: false } => w.noun_vote_refused(),
            Message::AppendEntries { entries: e, .. } if e.is_empty() => w.noun_heartbeat(),
            Message::AppendEntries {
                prev_log_index,
                entries: e,
                ..
            } => {
                let n = e.len() as LogIndex;
                entries = self.entry_range((prev_log_index + 1, prev_log_index.saturating_add(n)));
                w.noun_append_entries()
            }
            Message::AppendEntriesResponse(AppendOutcome::Success { .. }) => w.noun_append_ok(),
            Message::AppendEntriesResponse(AppendOutcome::Conflict { .. }) => {
                w.noun_append_conflict()
            }
            Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => w.noun_append_stale(),
            Message::TimeoutNow => w.noun_timeout_now(),
        };
        say!(template, entries = &entries)
    }

    /// `entry 6` or `entries 6–8`.
    fn entry_range(&self, (first, last): (LogIndex, LogIndex)) -> String {
        let template = if first >= last {
            self.w.entry()
        } else {
            self.w.entries()
        };
        say!(template, first, last)
    }
}
