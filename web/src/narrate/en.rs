//! Every English word of the narration.

use super::words::{table, Words};

/// English.
pub(super) const EN: Words = table! {
    list_sep: ", ",
    list_last: " and ",
    voters_sep: ", ",
    voters_last: " and ",
    clause_sep: ", ",
    clause_last: " and ",
    stop: ".",

    violated: "Safety violated ({name}): {broken}.",
    violation: "{name}: {broken}.",
    broken_election_safety: "nodes {a} and {b} were both elected leader of term {t}",
    broken_leader_append_only: "leader {n} of term {t} removed or replaced entries it already \
                                held, at or before index {i}",
    broken_log_matching: "nodes {a} and {b} both hold an entry of term {t} at index {i}, but \
                          their logs differ at or before it",
    broken_leader_completeness: "leader {n} of term {t} lacks the entry at index {i}, committed \
                                 in an earlier term",
    broken_state_machine_safety: "node {n} applied an entry of term {t} at index {i}, where a \
                                  different entry had been applied before",

    lead_candidate: "Node {node}'s election for term {term} found no winner within {ms} ms",
    lead_pre_candidate: "Node {node}'s pre-vote found no majority within {ms} ms",
    lead_follower: "Node {node} heard no leader for {ms} ms",
    lead_forced: "You made node {node} start an election now",
    campaign_candidate: "it becomes a candidate for term {term} and votes for itself",
    campaign_pre_vote_again: "it asks the others again whether it could win term {term} \
                              (pre-vote)",
    campaign_pre_vote: "it asks the others whether it could win term {term} (pre-vote)",
    campaign_leader: "it is the only voter, so it becomes leader of term {term} at once",
    campaign_waits: "it cannot move to a later term and waits for a leader",
    campaign: "{lead}: {result}.",
    heartbeats: "Leader {node} sends heartbeats so its followers know it is still there.",
    quorum_lost: "Leader {node} of term {term} {heard} within an election timeout: without a \
                  majority it steps down to follower (CheckQuorum).",
    heard_none: "heard from no other node",
    heard_only_one: "heard from only {n} other node",
    heard_only_many: "heard from only {n} other nodes",
    step_down_by_leader: "Node {node} hears from node {by}, leader of term {term}, and steps \
                          down from {was} to follower.",
    step_down_and_vote: "Node {node} sees term {term} from node {by}, steps down from {was} to \
                         follower and votes for it.",
    step_down: "Node {node} sees term {term} from node {by} and steps down from {was} to \
                follower.",
    role_follower: "follower",
    role_pre_candidate: "pre-candidate",
    role_candidate: "candidate",
    role_leader: "leader",
    term_moved: "Node {node} sees term {term} from node {by} and moves to it as a follower.",
    vote_granted: "Node {voter} votes for node {candidate} in term {term}.",
    pre_vote_granted: "Node {voter} would vote for node {candidate} in term {term} (pre-vote).",
    vote_refused: "Node {voter} refuses node {candidate} in term {term}: {why}.",
    pre_vote_refused: "Node {voter} refuses node {candidate}'s pre-vote for term {term}: {why}.",
    why_stale_term: "it is already in term {current}",
    why_voted_itself: "it already voted for itself",
    why_voted_other: "it already voted for node {voted_for}",
    why_has_leader: "it still follows leader {leader}",
    why_log_behind: "node {candidate}'s log is behind (last term {candidate_last_term}, index \
                     {candidate_last_index}; its own: term {last_term}, index {last_index})",
    why_active_itself: "it is an active leader itself (CheckQuorum)",
    why_active_leader: "it heard from leader {leader} moments ago (CheckQuorum)",
    elected_one: "Node {node} has {votes} vote, a majority: it becomes leader of term {term}.",
    elected_many: "Node {node} has {votes} votes, a majority: it becomes leader of term {term}.",
    pre_vote_won_one: "Node {node} has {votes} pre-vote, a majority: it becomes a candidate for \
                       term {term} and votes for itself.",
    pre_vote_won_many: "Node {node} has {votes} pre-votes, a majority: it becomes a candidate \
                        for term {term} and votes for itself.",
    pre_vote_lost_one: "Node {node} is refused by {refusals} node, a majority: it gives up and \
                        stays a follower in term {term}.",
    pre_vote_lost_many: "Node {node} is refused by {refusals} nodes, a majority: it gives up and \
                         stays a follower in term {term}.",
    counted_vote: "Node {node} counts a vote from node {from} ({granted} of {quorum} needed).",
    counted_refusal: "Node {node} counts a refusal from node {from} (still {granted} of \
                      {quorum} needed).",
    counted_pre_vote: "Node {node} counts a pre-vote from node {from} ({granted} of {quorum} \
                       needed).",
    counted_pre_vote_refusal: "Node {node} counts a pre-vote refusal from node {from} (still \
                               {granted} of {quorum} needed).",

    replicated: "Node {node} {parts}.",
    accepts_leader: "accepts node {leader} as leader of term {term}",
    source_it: "from it",
    source_leader: "from leader {leader}",
    removes_one: "removes {count} conflicting entry from index {from}{alarm}",
    removes_many: "removes {count} conflicting entries from index {from}{alarm}",
    alarm_one: " (a committed one!)",
    alarm_many: " (committed ones among them!)",
    appends: "appends {entries} {source}",
    holds: "already holds {entries} {source}",
    commits: "commits up to entry {commit}",
    entry: "entry {last}",
    entries: "entries {first}–{last}",
    heard: "Node {node} hears from leader {leader} (heartbeat).",
    heard_commit: "Node {node} hears from leader {leader} (heartbeat) and commits up to entry \
                   {commit}.",
    heard_news: "Node {node} learns from a heartbeat that node {leader} leads term {term}.",
    heard_news_commit: "Node {node} learns from a heartbeat that node {leader} leads term {term} \
                        and commits up to entry {commit}.",
    rejected_empty: "Node {node} rejects leader {leader}'s AppendEntries: it has no entry at \
                     index {prev} (its log is empty).",
    rejected_short: "Node {node} rejects leader {leader}'s AppendEntries: it has no entry at \
                     index {prev} (its log ends at {end}).",
    rejected_term: "Node {node} rejects leader {leader}'s AppendEntries: its entry at index \
                    {prev} has term {t}, not {prev_term} (its term-{t} entries start at index \
                    {first}).",
    acked_that_one: "Leader {leader} learns node {follower} stores entry {last}; a majority has \
                     it, so entry {last} is committed.",
    acked_commits_one: "Leader {leader} learns node {follower}'s log matches up to entry \
                        {match_index}; a majority now stores {entries}, so it is committed.",
    acked_commits_many: "Leader {leader} learns node {follower}'s log matches up to entry \
                         {match_index}; a majority now stores {entries}, so they are committed.",
    acked_nothing: "Leader {leader} hears back from node {follower}.",
    acked: "Leader {leader} learns node {follower}'s log matches its own up to entry \
            {match_index}.",
    backed_up: "Leader {leader} backs node {follower}'s nextIndex up from {from} to {to} and \
                tries again.",

    ignored_stale_append: "Node {node} ignores the {noun} from node {from}: its term {term} is \
                           out of date, and node {node} tells it so.",
    ignored_stale: "Node {node} ignores the {noun} from node {from}: its term {term} is out of \
                    date.",
    ignored_vote: "Node {node} ignores the {noun} from node {from}: it is no longer waiting for \
                   votes (or already has node {from}'s).",
    ignored_reply: "Node {node} ignores the {noun} from node {from}: it no longer leads.",
    ignored_unexpected: "Node {node} ignores the {noun} from node {from}: it was not expecting \
                         it.",
    ignored_outdated_reply: "Leader {node} ignores an outdated reply from node {from}.",
    ignored_not_member: "Node {node} ignores the {noun} from node {from}, which is not a member \
                         of the cluster.",
    client_you: "You send",
    client_other: "A client sends",
    client_retry: ", so the client tries another node",
    client_accepted: "{who} “{command}” to leader {node}, which appends it at index {index}.",
    client_redirected: "{who} “{command}” to node {node}, which is not the leader and points to \
                        node {leader}.",
    client_no_leader: "{who} “{command}” to node {node}, which is not the leader and knows of \
                       none{retry}.",
    client_down: "{who} “{command}” to node {node}, but it is down{retry}.",
    lost_by_you: "You dropped the {noun} from node {a} to node {b}.",
    lost_random: "The {noun} from node {a} to node {b} is lost (random loss).",
    lost_link_cut: "The {noun} from node {a} to node {b} is lost: the link from node {a} to \
                    node {b} is cut.",
    lost_receiver_down: "The {noun} from node {a} to node {b} is lost: node {b} is down.",
    lost_dropped: "The {noun} from node {a} to node {b} is dropped on purpose.",
    duplicated: "You copied the {noun} from node {a} to node {b}: the copy travels on its own \
                 and may arrive before or after the original.",
    received: "Node {node} receives the {noun} from node {from}.",
    timer_fired: "Node {node}'s timer fires.",

    stepped_down: "Node {node} committed a configuration without itself, so it stops leading \
                   term {term} and steps down (thesis 4.2.2).",
    change_refused: "Leader {node} refuses the change: {why}.",
    change_use_change: "a configuration is changed by a change, not a command",
    change_in_progress: "the change at index {index} is not committed yet, and only one change \
                         runs at a time",
    change_already_member: "node {n} is a member already",
    change_not_member: "node {n} is not a member",
    change_not_learner: "node {n} is not a learner",
    change_no_voters: "it would leave no voter",
    change_same_voters: "those are the voters already",
    transfer_at_once: "Leader {leader} hands leadership to node {target}: node {target}'s log is \
                       complete, so TimeoutNow goes out at once. Until it takes over, the leader \
                       takes no new commands.",
    transfer_started: "Leader {leader} starts handing leadership to node {target}: first it \
                       brings node {target}'s log up to date, and meanwhile it takes no new \
                       commands.",
    timeout_now_sent: "Node {target} now holds leader {leader}'s whole log, so the leader sends \
                       it TimeoutNow.",
    transfer_aborted: "Node {target} did not take over within an election timeout, so leader \
                       {leader} gives up the transfer and takes commands again.",
    transfer_refused: "Node {leader} does not hand over leadership: {why}.",
    transfer_not_leader: "it is not the leader",
    transfer_already_leader: "it leads already",
    transfer_not_voter: "node {n} is not a voter, so it could not win",
    transfer_in_progress: "a transfer to node {n} is under way",
    transfer_blocks_proposal: "Leader {leader} refuses the command: it is handing leadership to \
                               node {target}.",
    timeout_now: "Node {node} gets TimeoutNow from leader {leader} and starts an election for \
                  term {term} at once: no waiting for its timer, no pre-vote, and voters that \
                  still hear the leader do not hold that against it.",

    input_transfer: "You asked the leader to hand leadership to node {n}.",
    input_add_server: "You started a new server, node {n}: its log is empty and no configuration \
                       names it, so it waits as a spare until the leader adds it.",
    input_add_voter: "You asked the leader to add node {n} as a voter.",
    input_add_learner: "You asked the leader to add node {n} as a learner.",
    input_promote: "You asked the leader to make learner {n} a voter.",
    input_remove: "You asked the leader to remove node {n}.",
    input_joint: "You asked the leader to move to voters {voters} by joint consensus.",
    input_crash: "You crashed node {n}; it keeps only what it saved: its term, vote and log.",
    input_restart: "You restarted node {n}; it comes back as a follower from what it saved on \
                    disk.",
    input_isolate: "You isolated node {n}: every link to and from it is cut.",
    input_rejoin: "You reconnected node {n}: its links work again, except any a partition or a \
                   cut still holds down.",
    input_cut_all: "You cut every link: no node can talk to another.",
    input_partition_one: "You partitioned the network: only nodes {groups} can still talk to \
                          each other.",
    input_partition: "You partitioned the network into {groups}: only nodes in the same group \
                      can talk.",
    input_heal: "You healed the network: every link works again.",
    input_cut_both: "You cut the link between node {from} and node {to}.",
    input_cut: "You cut the link from node {from} to node {to}; messages the other way still get \
                through.",
    input_link_both: "You restored the link between node {from} and node {to} (a partition or \
                      an isolation still in force keeps it down).",
    input_link: "You restored the link from node {from} to node {to}.",
    input_loss_off: "You turned random message loss off.",
    input_loss: "You set random message loss to {percent}%.",
    input_latency: "You set message latency to {ms} ms.",
    input_timers_on: "You resumed the timers: each starts again from now, and nodes time out on \
                      their own again.",
    input_timers_off: "You paused the timers: no node times out until you make it.",
    input_timeout: "You asked node {n} to start an election, but it leads or is down, so \
                    nothing happens.",
    input_heartbeat: "You told node {n} to send heartbeats now, which it does only if it leads.",
    input_propose: "You send “{command}” to node {n}.",
    input_client: "You started a client that sends “{command}” to some node and retries until \
                   the command is applied.",
    input_deliver: "You asked to deliver message #{id}, but it is no longer in flight.",
    input_drop: "You asked to drop message #{id}, but it is no longer in flight.",
    input_duplicate: "You asked to copy message #{id}, but it is no longer in flight.",
    input_bug_on: "You turned on the bug {bug}: {rule}.",
    input_bug_off: "You turned off the bug {bug}: nodes follow the rule again.",
    input_pre_vote_on: "You switched pre-vote on: a node first asks whether it could win before \
                        starting an election.",
    input_pre_vote_off: "You switched pre-vote off: a node that times out starts an election at \
                         once.",
    input_check_quorum_on: "You switched CheckQuorum on: a leader that stops hearing from a \
                            majority steps down, and followers ignore candidates while their \
                            leader is active.",
    input_check_quorum_off: "You switched CheckQuorum off: a leader stays leader until it sees \
                             a later term.",
    input_timing: "You set the election timeout to {election} ms and the heartbeat interval to \
                   {heartbeat} ms; timers already running keep their deadlines.",
    bug_vote_ignores_log: "nodes grant votes without checking that the candidate's log is up to \
                           date",
    bug_commit_old_terms: "leaders commit entries of earlier terms by counting copies",
    bug_forget_vote: "a restarted node forgets its term and its vote",
    bug_no_jitter: "every election timeout is the same, so split votes repeat",
    bug_overlapping_changes: "leaders start a configuration change before the previous one is \
                              committed",

    noun_pre_vote: "pre-vote request",
    noun_request_vote: "RequestVote",
    noun_pre_vote_granted: "pre-vote grant",
    noun_pre_vote_refused: "pre-vote refusal",
    noun_vote_granted: "vote",
    noun_vote_refused: "vote refusal",
    noun_heartbeat: "heartbeat",
    noun_append_entries: "AppendEntries with {entries}",
    noun_append_ok: "AppendEntries reply (success)",
    noun_append_conflict: "AppendEntries reply (conflict)",
    noun_append_stale: "AppendEntries reply (stale term)",
    noun_timeout_now: "TimeoutNow",

    title: "{name} {from} → {to}, term {term}",
    title_with: "{name} {from} → {to}, term {term}: {fields}",
    title_vote: "last log {last_log_index} @ term {last_log_term}",
    title_vote_transfer: "last log {last_log_index} @ term {last_log_term}, after TimeoutNow",
    title_heartbeat: "after {prev_log_index} @ {prev_log_term}, commit {leader_commit}",
    title_entries_one: "{n} entry after {prev_log_index} @ {prev_log_term}, commit \
                        {leader_commit}",
    title_entries_many: "{n} entries after {prev_log_index} @ {prev_log_term}, commit \
                         {leader_commit}",
    title_matches: "matches up to {match_index}",
    title_conflict_term: "conflict at {prev_log_index}, holds term {t} from index {first}",
    title_conflict_short: "conflict at {prev_log_index}, log ends at {end}",

    event: "Event {n} happens.",
};
