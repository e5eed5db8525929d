//! The shape of a language's words: one [`Words`] table per language ([`super::en`],
//! [`super::zh`]), read by the one renderer in [`super::tell`].
//!
//! Every entry is a template whose `{name}` placeholders the renderer fills (see
//! [`super::tell::fill`]); both languages' templates carry the same placeholders, which a test
//! checks. Where a language's grammar needs a choice the other does not make, the table has an
//! entry for each case (`_one`/`_many` for English plurals, a capitalised opening for a
//! sentence that starts with a clause) and the renderer always picks: a language without the
//! distinction gives both entries the same words.

/// Declares the keys of [`Words`], one accessor for each, and their order.
macro_rules! words {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// A template's place in every table.
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        pub(super) enum Key {
            $($field,)*
        }

        impl Key {
            /// Every key, in table order.
            pub(super) const ALL: &'static [Key] = &[$(Key::$field,)*];
            /// The keys' names, in order, hashed: a fetched table of another build is told
            /// apart by it (see [`crate::i18n::words`]).
            pub(super) const LAYOUT: u64 = crate::i18n::words::layout(&[$(stringify!($field),)*]);
            /// Every key's name, in table order.
            #[cfg(test)]
            pub(super) const NAMES: &'static [&'static str] = &[$(stringify!($field),)*];
        }

        impl Words {
            $(
                $(#[$doc])*
                #[inline]
                pub(super) fn $field(&self) -> &'static str {
                    self.get(Key::$field)
                }
            )*
        }
    };
}

/// Every word the narration says, in one language: its templates in [`Key`] order, each
/// ended by a NUL. One string rather than a struct of `&str`: a pointer and a length per
/// template and language cost more wasm than finding the template when a sentence is told.
#[derive(Clone, Copy)]
pub(super) struct Words(&'static str);

impl Words {
    /// A table from its templates, as [`table!`] lays them out.
    pub(super) const fn new(all: &'static str) -> Words {
        Words(all)
    }

    /// The whole table: every template, each followed by `\0`.
    pub(super) const fn text(&self) -> &'static str {
        self.0
    }

    fn get(&self, key: Key) -> &'static str {
        self.0.split('\0').nth(key as usize).unwrap_or_default()
    }

    /// Every template as `(key, template)`, in table order.
    #[cfg(test)]
    pub(super) fn fields(&self) -> Vec<(&'static str, &'static str)> {
        let templates: Vec<&'static str> = self.0.split_terminator('\0').collect();
        assert_eq!(templates.len(), Key::NAMES.len(), "one template a key");
        Key::NAMES.iter().copied().zip(templates).collect()
    }
}

/// A language's [`Words`], written `key: "template",` for every key in [`words!`] order: a
/// missing, extra or misplaced key is a compile error.
macro_rules! table {
    ($($field:ident: $text:literal,)*) => {{
        const ORDER: &[super::words::Key] = &[$(super::words::Key::$field,)*];
        const _: () = {
            assert!(
                ORDER.len() == super::words::Key::ALL.len(),
                "a table has every key once"
            );
            let mut i = 0;
            while i < ORDER.len() {
                assert!(ORDER[i] as usize == i, "a table lists its keys in `words!` order");
                i += 1;
            }
        };
        super::words::Words::new(concat!($($text, "\0",)*))
    }};
}
pub(super) use table;

words! {
    // ----- Joining parts -----
    /// Between the items of a list of groups, but the last two.
    list_sep,
    /// Between the last two items of a list of groups.
    list_last,
    /// Between the voters of a joint configuration, but the last two.
    voters_sep,
    /// Between the last two voters of a joint configuration.
    voters_last,
    /// Between the clauses of one sentence about one node, but the last two.
    clause_sep,
    /// Before the last clause of such a sentence.
    clause_last,
    /// A sentence's full stop, taken off a property's rule to splice it into a sentence.
    stop,

    // ----- Safety -----
    /// Story: `{name}` is the property, `{broken}` what broke it.
    violated,
    /// The violation banner: `{name}` and `{broken}` as in `violated`.
    violation,
    /// `{a}` and `{b}` were both elected in term `{t}`.
    broken_election_safety,
    /// Leader `{n}` of term `{t}` changed its log at or before `{i}`.
    broken_leader_append_only,
    /// `{a}` and `{b}` hold term `{t}` at `{i}` but differ before.
    broken_log_matching,
    /// Leader `{n}` of term `{t}` lacks committed entry `{i}`.
    broken_leader_completeness,
    /// `{n}` applied term `{t}` at `{i}` where another entry was applied.
    broken_state_machine_safety,

    // ----- Elections -----
    /// A candidate's election timed out: `{node}`, its `{term}`, after `{ms}`.
    lead_candidate,
    /// A pre-candidate's pre-vote timed out.
    lead_pre_candidate,
    /// A follower heard no leader for `{ms}`.
    lead_follower,
    /// The visitor forced an election.
    lead_forced,
    /// It becomes a candidate for `{term}`.
    campaign_candidate,
    /// It asks for pre-votes for `{term}` again, after a failed pre-vote.
    campaign_pre_vote_again,
    /// It asks for pre-votes for `{term}`.
    campaign_pre_vote,
    /// The only voter becomes leader of `{term}`.
    campaign_leader,
    /// No later term to run in.
    campaign_waits,
    /// `{lead}`, then `{result}`: the two above.
    campaign,
    /// A leader's timer.
    heartbeats,
    /// CheckQuorum: leader `{node}` of `{term}` `{heard}`.
    quorum_lost,
    /// `{heard}`: no other node.
    heard_none,
    /// `{heard}`: `{n}` (one) other node.
    heard_only_one,
    /// `{heard}`: `{n}` other nodes.
    heard_only_many,
    /// `{node}` steps down from `{was}` on hearing leader `{by}` of `{term}`.
    step_down_by_leader,
    /// The same on seeing `{term}` from `{by}`, and votes for it.
    step_down_and_vote,
    /// The same on seeing `{term}` from `{by}`.
    step_down,
    /// `{was}`: a follower, in a sentence.
    role_follower,
    /// `{was}`: a pre-candidate.
    role_pre_candidate,
    /// `{was}`: a candidate.
    role_candidate,
    /// `{was}`: a leader.
    role_leader,
    /// A follower `{node}` moves to `{term}` seen from `{by}`.
    term_moved,
    /// `{voter}` votes for `{candidate}` in `{term}`.
    vote_granted,
    /// The same, as a pre-vote.
    pre_vote_granted,
    /// `{voter}` refuses `{candidate}` in `{term}` because `{why}`.
    vote_refused,
    /// The same, as a pre-vote.
    pre_vote_refused,
    /// `{why}`: the voter is already in term `{current}`.
    why_stale_term,
    /// `{why}`: it voted for itself.
    why_voted_itself,
    /// `{why}`: it voted for `{voted_for}`.
    why_voted_other,
    /// `{why}`: it follows `{leader}`.
    why_has_leader,
    /// `{why}`: `{candidate}`'s log is behind its own.
    why_log_behind,
    /// `{why}`: it leads, actively (CheckQuorum).
    why_active_itself,
    /// `{why}`: it heard `{leader}` recently (CheckQuorum).
    why_active_leader,
    /// `{node}` won term `{term}` with `{votes}` (one) vote.
    elected_one,
    /// The same, with `{votes}` votes.
    elected_many,
    /// `{node}` won its pre-vote for `{term}` with `{votes}` (one).
    pre_vote_won_one,
    /// The same, with `{votes}`.
    pre_vote_won_many,
    /// `{node}` lost its pre-vote with `{refusals}` (one) refusal and stays in `{term}`.
    pre_vote_lost_one,
    /// The same, with `{refusals}`.
    pre_vote_lost_many,
    /// `{node}` counts a vote from `{from}`: `{granted}` of `{quorum}`.
    counted_vote,
    /// A refusal.
    counted_refusal,
    /// A pre-vote.
    counted_pre_vote,
    /// A pre-vote refusal.
    counted_pre_vote_refusal,

    // ----- Replication -----
    /// `{node}` did `{parts}`, the clauses below joined.
    replicated,
    /// Clause: it accepts `{leader}` as leader of `{term}`.
    accepts_leader,
    /// `{source}` of entries, just named as leader.
    source_it,
    /// `{source}` of entries: leader `{leader}`.
    source_leader,
    /// Clause: it removed `{count}` (one) entry from `{from}`, then `{alarm}`.
    removes_one,
    /// The same, `{count}` entries.
    removes_many,
    /// `{alarm}`: the one removed entry was committed.
    alarm_one,
    /// `{alarm}`: some removed entries were committed.
    alarm_many,
    /// Clause: it appends `{entries}` from `{source}`.
    appends,
    /// Clause: it already holds `{entries}` from `{source}`.
    holds,
    /// Clause: it commits up to `{commit}`.
    commits,
    /// `{entries}`: entry `{last}`.
    entry,
    /// `{entries}`: `{first}` to `{last}`.
    entries,
    /// `{node}` hears leader `{leader}`'s heartbeat.
    heard,
    /// The same, and commits up to `{commit}`.
    heard_commit,
    /// `{node}` learns from a heartbeat that `{leader}` leads `{term}`.
    heard_news,
    /// The same, and commits up to `{commit}`.
    heard_news_commit,
    /// `{node}` rejects `{leader}`: no entry at `{prev}`, and its log is empty.
    rejected_empty,
    /// The same; its log ends at `{end}`.
    rejected_short,
    /// Its entry at `{prev}` has term `{t}`, not `{prev_term}`; term `{t}` starts at `{first}`.
    rejected_term,
    /// Leader `{leader}` commits `{last}`, which `{follower}` now stores.
    acked_that_one,
    /// `{follower}` matches up to `{match_index}`, which commits `{entries}` (one).
    acked_commits_one,
    /// The same, several entries.
    acked_commits_many,
    /// A reply from `{follower}` with nothing to match.
    acked_nothing,
    /// `{follower}` matches up to `{match_index}`.
    acked,
    /// `{leader}` backs `{follower}`'s nextIndex from `{from}` to `{to}`.
    backed_up,

    // ----- Messages ignored, lost, copied -----
    /// `{node}` ignores the `{noun}` from `{from}` of stale `{term}` and answers.
    ignored_stale_append,
    /// The same, without an answer.
    ignored_stale,
    /// A vote nobody waits for.
    ignored_vote,
    /// An append reply to a node that no longer leads.
    ignored_reply,
    /// A message nobody expected.
    ignored_unexpected,
    /// An outdated append reply.
    ignored_outdated_reply,
    /// A message from a node outside the configuration.
    ignored_not_member,
    /// `{who}`: the visitor.
    client_you,
    /// `{who}`: a simulated client.
    client_other,
    /// `{retry}`: a simulated client tries elsewhere.
    client_retry,
    /// `{who}` sends `{command}` to leader `{node}`, which appends it at `{index}`.
    client_accepted,
    /// `{node}` points to `{leader}`.
    client_redirected,
    /// `{node}` knows no leader, then `{retry}`.
    client_no_leader,
    /// `{node}` is down, then `{retry}`.
    client_down,
    /// The visitor dropped the `{noun}` from `{a}` to `{b}`.
    lost_by_you,
    /// Lost at random.
    lost_random,
    /// Lost to a cut link.
    lost_link_cut,
    /// Lost to a down receiver.
    lost_receiver_down,
    /// Dropped by a scenario.
    lost_dropped,
    /// The visitor copied the `{noun}` from `{a}` to `{b}`.
    duplicated,
    /// `{node}` receives the `{noun}` from `{from}`.
    received,
    /// `{node}`'s timer fires, to no effect worth a word.
    timer_fired,

    // ----- Membership and leadership transfer -----
    /// `{node}` leaves the configuration it committed and stops leading `{term}`.
    stepped_down,
    /// Leader `{node}` refuses a change because `{why}`.
    change_refused,
    /// `{why}`: a command that is a configuration.
    change_use_change,
    /// `{why}`: the change at `{index}` is still uncommitted.
    change_in_progress,
    /// `{why}`: `{n}` is a member.
    change_already_member,
    /// `{why}`: `{n}` is not a member.
    change_not_member,
    /// `{why}`: `{n}` is not a learner.
    change_not_learner,
    /// `{why}`: no voter would be left.
    change_no_voters,
    /// `{why}`: nothing would change.
    change_same_voters,
    /// `{leader}` hands over to `{target}`, whose log is complete.
    transfer_at_once,
    /// `{leader}` starts handing over to `{target}`.
    transfer_started,
    /// `{target}` caught up with `{leader}`.
    timeout_now_sent,
    /// `{target}` did not take over from `{leader}`.
    transfer_aborted,
    /// `{leader}` refuses a transfer because `{why}`.
    transfer_refused,
    /// `{why}`: not the leader.
    transfer_not_leader,
    /// `{why}`: the target leads.
    transfer_already_leader,
    /// `{why}`: `{n}` is no voter.
    transfer_not_voter,
    /// `{why}`: a transfer to `{n}` is under way.
    transfer_in_progress,
    /// `{leader}` refuses a command while handing over to `{target}`.
    transfer_blocks_proposal,
    /// `{node}` campaigns for `{term}` at `{leader}`'s TimeoutNow.
    timeout_now,

    // ----- What the visitor did -----
    /// Hand leadership to `{n}`.
    input_transfer,
    /// A new, empty server `{n}` joined.
    input_add_server,
    /// Add voter `{n}`.
    input_add_voter,
    /// Add learner `{n}`.
    input_add_learner,
    /// Promote learner `{n}`.
    input_promote,
    /// Remove `{n}`.
    input_remove,
    /// Move to `{voters}` by joint consensus.
    input_joint,
    /// Crash `{n}`.
    input_crash,
    /// Restart `{n}`.
    input_restart,
    /// Isolate `{n}`.
    input_isolate,
    /// Reconnect `{n}`.
    input_rejoin,
    /// A partition with no group.
    input_cut_all,
    /// A partition with one group, `{groups}`.
    input_partition_one,
    /// A partition into `{groups}`.
    input_partition,
    /// Heal the network.
    input_heal,
    /// Cut both ways between `{from}` and `{to}`.
    input_cut_both,
    /// Cut from `{from}` to `{to}`.
    input_cut,
    /// Restore both ways between `{from}` and `{to}`.
    input_link_both,
    /// Restore from `{from}` to `{to}`.
    input_link,
    /// No random loss.
    input_loss_off,
    /// Random loss of `{percent}`.
    input_loss,
    /// Latency of `{ms}`.
    input_latency,
    /// Timers resumed.
    input_timers_on,
    /// Timers paused.
    input_timers_off,
    /// A forced timeout that did nothing, at `{n}`.
    input_timeout,
    /// Heartbeats asked of `{n}`.
    input_heartbeat,
    /// `{command}` sent to `{n}`.
    input_propose,
    /// A client started with `{command}`.
    input_client,
    /// Message `{id}` to deliver is gone.
    input_deliver,
    /// Message `{id}` to drop is gone.
    input_drop,
    /// Message `{id}` to copy is gone.
    input_duplicate,
    /// `{bug}` switched on: `{rule}`.
    input_bug_on,
    /// `{bug}` switched off.
    input_bug_off,
    /// Pre-vote on.
    input_pre_vote_on,
    /// Pre-vote off.
    input_pre_vote_off,
    /// CheckQuorum on.
    input_check_quorum_on,
    /// CheckQuorum off.
    input_check_quorum_off,
    /// Election timeout `{election}` and heartbeat `{heartbeat}`.
    input_timing,
    /// `{rule}` of vote-ignores-log.
    bug_vote_ignores_log,
    /// `{rule}` of commit-old-terms.
    bug_commit_old_terms,
    /// `{rule}` of forget-vote.
    bug_forget_vote,
    /// `{rule}` of no-jitter.
    bug_no_jitter,
    /// `{rule}` of overlapping-changes.
    bug_overlapping_changes,

    // ----- Messages as nouns, for `{noun}` -----
    /// A pre-vote request.
    noun_pre_vote,
    /// A RequestVote.
    noun_request_vote,
    /// A pre-vote granted.
    noun_pre_vote_granted,
    /// A pre-vote refused.
    noun_pre_vote_refused,
    /// A vote.
    noun_vote_granted,
    /// A vote refused.
    noun_vote_refused,
    /// A heartbeat.
    noun_heartbeat,
    /// An AppendEntries carrying `{entries}`.
    noun_append_entries,
    /// A successful append reply.
    noun_append_ok,
    /// A conflicting append reply.
    noun_append_conflict,
    /// A stale-term append reply.
    noun_append_stale,
    /// A TimeoutNow.
    noun_timeout_now,

    // ----- Message tooltips -----
    /// `{name}` `{from}` → `{to}` in `{term}`, for a message without fields worth showing.
    title,
    /// The same, then `{fields}`.
    title_with,
    /// `{fields}` of a vote request: its last log entry.
    title_vote,
    /// The same, for a vote request after TimeoutNow.
    title_vote_transfer,
    /// `{fields}` of a heartbeat.
    title_heartbeat,
    /// `{fields}` of an AppendEntries with `{n}` (one) entry.
    title_entries_one,
    /// The same, `{n}` entries.
    title_entries_many,
    /// `{fields}` of a successful append reply.
    title_matches,
    /// `{fields}` of a conflict with a term hint.
    title_conflict_term,
    /// `{fields}` of a conflict with a short log.
    title_conflict_short,

    /// The last resort for a frame whose story came out empty: event `{n}`.
    event,
}
