//! The lessons' panels: Figure 2 running live, break-a-rule with its walk back from a
//! violation to its causes, and "explain this". Each is computed here, in the module fetched
//! on demand, from the run the page has (its recording and position: the page and this module
//! replay the same run with the same code), and handed to the page as a fragment of HTML the
//! page shows as it is. A button in it carries `data-goto="N"` (go to event N) or
//! `data-preset="NAME"` (open that preset); the page does what they say.
//!
//! Nothing here decides anything about Raft: the rules each event ran are the core's own
//! report ([`sim::raft::Rule`], [`sim::rules`]), and what a message will do is found by
//! delivering it in a copy of the simulation.

use std::fmt::Write;

use raft_playground::i18n::Lang;
use raft_playground::narrate;
use sim::raft::{
    CommitBy, ConflictHint, Event, IgnoreReason, NodeId, Payload, Role, Rule, VoteRefusal,
};
use sim::rules::Ran;
use sim::{BugName, Frame, FrameKind, History, Input, Property, Simulation};

mod en;
mod zh;

/// The sentences of one language.
pub struct Words {
    pub figure2: &'static str,
    pub figure2_lead: &'static str,
    pub at_event: &'static str,
    pub at_start: &'static str,
    pub nothing_ran: &'static str,
    pub why: &'static str,
    pub node: &'static str,
    pub term: &'static str,
    pub groups: [&'static str; 11],
    pub grant: &'static str,
    pub refuse: &'static str,
    pub anyway: &'static str,
    pub none: &'static str,
    pub bugs: &'static str,
    pub bugs_lead: &'static str,
    pub run_it: &'static str,
    pub running: &'static str,
    pub why_happened: &'static str,
    pub why_lead: &'static str,
    pub no_violation: &'static str,
    pub go: &'static str,
    pub step_violation: &'static str,
    pub step_won: &'static str,
    pub step_vote: &'static str,
    pub step_vote_unchecked: &'static str,
    pub step_vote_again: &'static str,
    pub step_forgot: &'static str,
    pub step_commit: &'static str,
    pub step_commit_old: &'static str,
    pub step_truncate: &'static str,
    pub step_change: &'static str,
    pub bug_texts: fn(BugName) -> (&'static str, &'static str),
    pub explain: &'static str,
    pub explain_lead: &'static str,
    pub e_down: &'static str,
    pub e_spare: &'static str,
    pub e_leader: &'static str,
    pub e_leader_follower: &'static str,
    pub e_follower: &'static str,
    pub e_follower_none: &'static str,
    pub e_follower_leader: &'static str,
    pub e_timer_off: &'static str,
    pub e_candidate: &'static str,
    pub e_precandidate: &'static str,
    pub e_voted: &'static str,
    pub e_log: &'static str,
    pub e_entry_committed: &'static str,
    pub e_entry_uncommitted: &'static str,
    pub e_entry_old_term: &'static str,
    pub e_entry_follower_behind: &'static str,
    pub e_entry_holders: &'static str,
    pub e_message: &'static str,
    pub e_if_delivered: &'static str,
    pub e_lost: &'static str,
    pub e_reply_of: &'static str,
    pub e_nothing: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &en::WORDS,
        Lang::Zh => &zh::WORDS,
    }
}

/// A rule's line and why it exists, in `lang`.
pub fn rule_text(lang: Lang, rule: Rule) -> (&'static str, &'static str) {
    match lang {
        Lang::En => en::rule(rule),
        Lang::Zh => zh::rule(rule),
    }
}

/// A number as text.
fn s(n: impl ToString) -> String {
    n.to_string()
}

/// Fills `{name}` in `template`.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Text made safe for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn ms(t: sim::raft::Time) -> String {
    let ms = t as f64 / 1000.0;
    if (ms - ms.round()).abs() < 1e-9 {
        format!("{ms:.0}")
    } else {
        format!("{ms:.1}")
    }
}

/// The group (a box of Figure 2, or an addition) a rule is listed under.
fn group(rule: Rule) -> usize {
    match rule.id().split('.').next().unwrap_or("") {
        "all" => 0,
        "follower" => 1,
        "candidate" => 2,
        "leader" => 3,
        "vote" => 4,
        "append" => 5,
        "client" | "rpc" => 6,
        "prevote" => 7,
        "checkquorum" => 8,
        "membership" => 9,
        _ => 10,
    }
}

/// The history at event `position` (past its end, played on as the page plays on), and the
/// frame that led there, if any.
fn seek(history: &mut History, position: u64) -> Option<Frame> {
    // Far past the end is the page's own run played on; a bound keeps a wrong number cheap.
    let position = position.min(history.len() + 100_000);
    while history.len() < position {
        history.goto(history.len());
        if history.step().is_none() {
            break;
        }
    }
    if position == 0 {
        history.goto(0);
        return None;
    }
    history.goto(position - 1);
    history.step()
}

// ----- Figure 2, live ---------------------------------------------------------------------

/// The Figure 2 panel at event `position`.
pub fn figure2(history: &mut History, position: u64, lang: Lang) -> String {
    let w = words(lang);
    let frame = seek(history, position);
    let sim = history.current();
    let ran: Vec<Ran> = frame
        .as_ref()
        .map(|f| sim::rules::ran(f, sim))
        .unwrap_or_default();
    let mut html = String::new();
    let _ = write!(
        html,
        "<h2>{}</h2><p class=\"learn-lead\">{}</p>",
        esc(w.figure2),
        esc(w.figure2_lead)
    );
    match &frame {
        Some(f) => {
            let _ = write!(
                html,
                "<p class=\"learn-now\" data-testid=\"fig2-now\">{} {}</p>",
                esc(&fill(
                    w.at_event,
                    &[("n", f.number.to_string()), ("t", ms(f.time))]
                )),
                esc(&narrate::narrate(lang, f))
            );
            if ran.is_empty() {
                let _ = write!(html, "<p class=\"learn-now\">{}</p>", esc(w.nothing_ran));
            }
        }
        None => {
            let _ = write!(html, "<p class=\"learn-now\">{}</p>", esc(w.at_start));
        }
    }
    let mut open_group = None;
    for rule in Rule::ALL {
        let g = group(*rule);
        if open_group != Some(g) {
            if open_group.is_some() {
                html.push_str("</ol>");
            }
            let _ = write!(html, "<h3>{}</h3><ol class=\"rules\">", esc(w.groups[g]));
            open_group = Some(g);
        }
        let (line, why) = rule_text(lang, *rule);
        let here: Vec<&Ran> = ran.iter().filter(|r| r.rule == *rule).collect();
        let broke = here.iter().any(|r| r.event.is_some_and(Event::breaks_rule));
        let class = match (here.is_empty(), broke) {
            (true, _) => "rule",
            (false, false) => "rule ran",
            (false, true) => "rule ran broken",
        };
        let _ = write!(
            html,
            "<li class=\"{class}\" data-rule=\"{}\"><span class=\"rule-line\">{}</span>",
            rule.id(),
            esc(line)
        );
        if !here.is_empty() {
            html.push_str("<ul class=\"rule-values\">");
            for r in &here {
                let _ = write!(
                    html,
                    "<li><b>{}</b> {}</li>",
                    esc(&fill(w.node, &[("n", r.node.to_string())])),
                    esc(&values(lang, r, frame.as_ref()))
                );
            }
            html.push_str("</ul>");
        }
        let _ = write!(
            html,
            "<details><summary>{}</summary><p>{}</p></details></li>",
            esc(w.why),
            esc(why)
        );
    }
    html.push_str("</ol>");
    html
}

fn pair(p: (u64, u64)) -> String {
    format!("({}, {})", p.0, p.1)
}

/// The values a rule compared, in Figure 2's notation: `(lastLogTerm, lastLogIndex) (3, 5) ≥
/// (3, 4) ✓ → grant`.
fn values(lang: Lang, ran: &Ran, frame: Option<&Frame>) -> String {
    let w = words(lang);
    let node = |n: NodeId| fill(w.node, &[("n", n.to_string())]);
    let who = |n: Option<NodeId>| n.map_or(w.none.to_string(), node);
    let anyway = |bug: BugName| fill(w.anyway, &[("bug", bug.name().to_string())]);
    let lead = narrate::role_name(lang, Role::Leader);
    let Some(event) = ran.event else {
        return match ran.rule {
            Rule::Apply => {
                let applied: Vec<u64> = frame
                    .map(|f| {
                        f.applied
                            .iter()
                            .filter(|(n, _, _)| *n == ran.node)
                            .map(|(_, i, _)| *i)
                            .collect()
                    })
                    .unwrap_or_default();
                match (applied.first(), applied.last()) {
                    (Some(a), Some(b)) if a != b => format!("lastApplied → {b}: log[{a}..{b}]"),
                    (Some(a), _) => format!("lastApplied → {a}: log[{a}]"),
                    _ => String::new(),
                }
            }
            _ => "AppendEntries → *".to_string(),
        };
    };
    match event {
        Event::VoteGranted {
            candidate,
            term,
            pre_vote,
            candidate_last,
            last,
            voted_for,
            up_to_date,
        } => {
            let kind = if *pre_vote { "PreVote" } else { "RequestVote" };
            let voted = if *pre_vote {
                String::new()
            } else {
                format!("votedFor = {} ✓ · ", who(*voted_for))
            };
            let check = if *up_to_date {
                format!("{} ≥ {} ✓ → {}", pair(*candidate_last), pair(*last), w.grant)
            } else {
                format!(
                    "{} < {} ✗ — {}",
                    pair(*candidate_last),
                    pair(*last),
                    anyway(BugName::VoteIgnoresLog)
                )
            };
            format!(
                "{kind}({}, {}): {voted}(lastLogTerm, lastLogIndex) {check}",
                term_is(lang, *term),
                node(*candidate)
            )
        }
        Event::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        } => {
            let kind = if *pre_vote { "PreVote" } else { "RequestVote" };
            let why = match reason {
                VoteRefusal::StaleTerm { current } => {
                    format!("{} < currentTerm {current} ✗", term_is(lang, *term))
                }
                VoteRefusal::AlreadyVoted { voted_for } => {
                    format!("votedFor = {} ≠ {} ✗", node(*voted_for), node(*candidate))
                }
                VoteRefusal::HasLeader { leader } => format!("{} = {} ✗", lead, node(*leader)),
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term,
                    candidate_last_index,
                    last_term,
                    last_index,
                } => format!(
                    "(lastLogTerm, lastLogIndex) {} < {} ✗",
                    pair((*candidate_last_term, *candidate_last_index)),
                    pair((*last_term, *last_index))
                ),
                VoteRefusal::LeaderActive { leader } => {
                    format!("{} = {} · < electionTimeoutMin ✗", lead, node(*leader))
                }
            };
            format!(
                "{kind}({}, {}): {why} → {}",
                term_is(lang, *term),
                node(*candidate),
                w.refuse
            )
        }
        Event::VoteCounted {
            from,
            granted,
            granted_total,
            quorum,
            ..
        } => format!(
            "{} {} · {granted_total} / {quorum}{}",
            node(*from),
            if *granted { "✓" } else { "✗" },
            if granted_total >= quorum { " ✓" } else { "" }
        ),
        Event::RoleChanged { from, to, term } => format!(
            "{} → {}, {}",
            narrate::role_name(lang, *from),
            narrate::role_name(lang, *to),
            term_is(lang, *term)
        ),
        Event::TermChanged { from, to, cause } => match cause {
            Some(c) => format!(
                "{} ({}) > currentTerm {from} → currentTerm = {to}",
                term_is(lang, *to),
                node(*c)
            ),
            None => format!("currentTerm {from} → {to}, votedFor = {}", node(ran.node)),
        },
        Event::LeaderChanged { leader, .. } => format!("{lead} = {}", who(*leader)),
        Event::ElectionTimeout { term, timeout } => {
            format!("⏱ {} ms, {}", ms(*timeout), term_is(lang, *term))
        }
        Event::ForcedElection { term } => format!("⏱ {}", term_is(lang, *term)),
        Event::EntriesAppended { leader, first, last } => {
            if first == last {
                format!("log[{first}] ← {}", node(*leader))
            } else {
                format!("log[{first}..{last}] ← {}", node(*leader))
            }
        }
        Event::EntriesTruncated { from, count, .. } => {
            format!("log[{from}..{}] ✗", from + count - 1)
        }
        Event::AppendRejected {
            prev_log_index,
            prev_log_term,
            hint,
            ..
        } => match hint {
            ConflictHint {
                term: Some(t),
                ..
            } => format!(
                "log[prevLogIndex {prev_log_index}].term = {t} ≠ prevLogTerm {prev_log_term} ✗ → false"
            ),
            ConflictHint {
                term: None,
                first_index,
            } => format!(
                "lastLogIndex {} < prevLogIndex {prev_log_index} ✗ → false",
                first_index.saturating_sub(1)
            ),
        },
        Event::NextIndexBackedUp { follower, from, to } => {
            format!("nextIndex[{follower}] {from} → {to}")
        }
        Event::Proposed { index, term } => format!("log[{index}] ← {}", term_is(lang, *term)),
        Event::ProposalRefused { leader } => format!("{lead} = {}", who(*leader)),
        Event::CommitAdvanced { from, to, by } => match by {
            CommitBy::Majority {
                stored,
                quorum,
                entry_term,
                term,
            } => {
                let terms = if entry_term == term {
                    format!("log[{to}].term {entry_term} = currentTerm {term} ✓ → commitIndex {from} → {to}")
                } else {
                    format!(
                        "log[{to}].term {entry_term} ≠ currentTerm {term} ✗ — {}",
                        anyway(BugName::CommitOldTerms)
                    )
                };
                format!("N = {to}: matchIndex ≥ N {stored} / {quorum} ✓ · {terms}")
            }
            CommitBy::LeaderCommit {
                leader_commit,
                last_new,
            } => format!("commitIndex = min(leaderCommit {leader_commit}, {last_new}) = {to}"),
        },
        Event::QuorumLost { active, .. } => format!("{active} < quorum ✗ → {}", narrate::role_name(lang, Role::Follower)),
        Event::MessageIgnored { from, term, reason } => {
            let why = match reason {
                IgnoreReason::StaleTerm => "< currentTerm ✗",
                _ => "✗",
            };
            format!("{}, {} {why}", node(*from), term_is(lang, *term))
        }
        Event::ConfigurationChanged { index } => format!("config = log[{index}]"),
        Event::ChangeRefused { .. } => "✗".to_string(),
        Event::SteppedDown { term } => format!("{} → {}", term_is(lang, *term), narrate::role_name(lang, Role::Follower)),
        Event::TransferStarted { target }
        | Event::TimeoutNowSent { target }
        | Event::TransferAborted { target }
        | Event::ProposalRefusedDuringTransfer { target } => format!("→ {}", node(*target)),
        Event::TransferRefused { .. } => "✗".to_string(),
        Event::TimeoutNowReceived { leader } => format!("TimeoutNow ← {}", node(*leader)),
    }
}

fn term_is(lang: Lang, term: u64) -> String {
    fill(words(lang).term, &[("n", term.to_string())])
}

// ----- Break a rule -----------------------------------------------------------------------

/// One step back from a violation: the event, and what happened there.
struct Step {
    frame: u64,
    text: String,
    /// The step is where a rule was broken (the cause, not a consequence).
    cause: bool,
}

/// A vote granted: (frame, voter, candidate, term, the voter's and the candidate's last
/// entries, whether the log check passed).
type Grant = (u64, NodeId, NodeId, u64, (u64, u64), (u64, u64), bool);

/// What the walk back needs from the run up to the violation, gathered in one pass.
#[derive(Default)]
struct Facts {
    grants: Vec<Grant>,
    /// (frame, node, term).
    wins: Vec<(u64, NodeId, u64)>,
    /// (frame, node, to, by).
    commits: Vec<(u64, NodeId, u64, CommitBy)>,
    /// (frame, node, from) of truncations that removed committed entries.
    truncations: Vec<(u64, NodeId, u64)>,
    /// (frame, node) of restarts that forgot the term and vote.
    forgot: Vec<(u64, NodeId)>,
    /// (frame, leader, index, uncommitted earlier configuration's index).
    overlapping: Vec<(u64, NodeId, u64, u64)>,
}

fn gather(history: &mut History, until: u64) -> Facts {
    let mut facts = Facts::default();
    history.goto(0);
    while history.position() < until {
        let forget = history.current().bugs().forget_vote;
        let Some(frame) = history.step() else { break };
        let sim = history.current();
        let n = frame.number;
        if let (FrameKind::Input(Input::Restart(id)), true) = (&frame.kind, forget) {
            facts.forgot.push((n, *id));
        }
        for (node, event) in &frame.events {
            match event {
                Event::VoteGranted {
                    candidate,
                    term,
                    pre_vote: false,
                    candidate_last,
                    last,
                    up_to_date,
                    ..
                } => facts.grants.push((
                    n,
                    *node,
                    *candidate,
                    *term,
                    *last,
                    *candidate_last,
                    *up_to_date,
                )),
                Event::RoleChanged {
                    to: Role::Leader,
                    term,
                    ..
                } => facts.wins.push((n, *node, *term)),
                Event::CommitAdvanced { to, by, .. } => facts.commits.push((n, *node, *to, *by)),
                Event::EntriesTruncated {
                    from,
                    committed: true,
                    ..
                } => facts.truncations.push((n, *node, *from)),
                Event::ConfigurationChanged { index } => {
                    let Some(raft) = sim.node(*node) else {
                        continue;
                    };
                    if raft.role() != Role::Leader {
                        continue;
                    }
                    let earlier = (raft.commit_index() + 1..*index).rev().find(|i| {
                        matches!(
                            raft.log().get(*i).map(|e| &e.payload),
                            Some(Payload::Config(_))
                        )
                    });
                    if let Some(earlier) = earlier {
                        facts.overlapping.push((n, *node, *index, earlier));
                    }
                }
                _ => {}
            }
        }
    }
    facts
}

/// The steps back from violation `v`, latest first.
fn walk_back(w: &Words, facts: &Facts, v: &sim::Violation, said: String) -> Vec<Step> {
    let old_commit = |node: NodeId, index: u64, entry_term: u64, term: u64| {
        fill(
            w.step_commit_old,
            &[
                ("node", s(node)),
                ("index", s(index)),
                ("entry_term", s(entry_term)),
                ("term", s(term)),
            ],
        )
    };
    let mut steps = vec![Step {
        frame: v.frame,
        text: fill(w.step_violation, &[("message", said)]),
        cause: false,
    }];
    let leader_votes = |steps: &mut Vec<Step>, leader: NodeId, term: u64| {
        if let Some((f, _, _)) = facts
            .wins
            .iter()
            .rev()
            .find(|(f, n, t)| *n == leader && *t == term && *f <= v.frame)
        {
            steps.push(Step {
                frame: *f,
                text: fill(w.step_won, &[("node", s(leader)), ("term", s(term))]),
                cause: false,
            });
        }
        for (f, voter, candidate, t, last, cand_last, up_to_date) in &facts.grants {
            if *candidate != leader || *t != term || *f > v.frame {
                continue;
            }
            let before = facts
                .grants
                .iter()
                .find(|g| g.1 == *voter && g.3 == term && g.2 != leader && g.0 < *f);
            let values = [
                ("voter", s(*voter)),
                ("candidate", s(leader)),
                ("term", s(term)),
                ("ct", s(cand_last.0)),
                ("ci", s(cand_last.1)),
                ("t", s(last.0)),
                ("i", s(last.1)),
            ];
            if let Some(first) = before {
                let mut v2 = values.to_vec();
                v2.push(("first", s(first.2)));
                steps.push(Step {
                    frame: *f,
                    text: fill(w.step_vote_again, &v2),
                    cause: true,
                });
                if let Some((rf, _)) = facts
                    .forgot
                    .iter()
                    .find(|(rf, n)| *n == *voter && *rf > first.0 && *rf < *f)
                {
                    steps.push(Step {
                        frame: *rf,
                        text: fill(w.step_forgot, &[("node", s(*voter))]),
                        cause: true,
                    });
                }
                steps.push(Step {
                    frame: first.0,
                    text: fill(
                        w.step_vote,
                        &[
                            ("voter", s(*voter)),
                            ("candidate", s(first.2)),
                            ("term", s(term)),
                        ],
                    ),
                    cause: false,
                });
            } else if !up_to_date {
                steps.push(Step {
                    frame: *f,
                    text: fill(w.step_vote_unchecked, &values),
                    cause: true,
                });
            } else {
                steps.push(Step {
                    frame: *f,
                    text: fill(w.step_vote, &values),
                    cause: false,
                });
            }
        }
    };
    match v.property {
        Property::ElectionSafety | Property::LeaderCompleteness => {
            for leader in &v.nodes {
                if let Some(term) = v.term {
                    leader_votes(&mut steps, *leader, term);
                }
            }
        }
        _ => {}
    }
    if let Some(index) = v.index {
        for (f, node, from) in &facts.truncations {
            if *from <= index && *f <= v.frame {
                steps.push(Step {
                    frame: *f,
                    text: fill(w.step_truncate, &[("node", s(*node)), ("index", s(*from))]),
                    cause: false,
                });
            }
        }
        // The commit the damage undid: the first that covered the index.
        if let Some((f, node, _, by)) = facts
            .commits
            .iter()
            .find(|(f, _, to, _)| *to >= index && *f <= v.frame)
        {
            let (text, cause) = match by {
                CommitBy::Majority {
                    entry_term, term, ..
                } if entry_term != term => (old_commit(*node, index, *entry_term, *term), true),
                CommitBy::Majority { entry_term, .. } => (
                    fill(
                        w.step_commit,
                        &[
                            ("node", s(*node)),
                            ("index", s(index)),
                            ("entry_term", s(*entry_term)),
                        ],
                    ),
                    false,
                ),
                CommitBy::LeaderCommit { .. } => (String::new(), false),
            };
            if !text.is_empty() {
                steps.push(Step {
                    frame: *f,
                    text,
                    cause,
                });
            }
        }
    }
    for (f, node, index, earlier) in &facts.overlapping {
        if *f <= v.frame {
            steps.push(Step {
                frame: *f,
                text: fill(
                    w.step_change,
                    &[
                        ("node", s(*node)),
                        ("index", s(*index)),
                        ("previous", s(*earlier)),
                    ],
                ),
                cause: true,
            });
        }
    }
    // Broken rules the steps above did not name (an old-term commit that is not the one
    // undone, say) are causes too.
    for (f, node, to, by) in &facts.commits {
        if let CommitBy::Majority {
            entry_term, term, ..
        } = by
        {
            if entry_term != term && *f <= v.frame && steps.iter().all(|st| st.frame != *f) {
                steps.push(Step {
                    frame: *f,
                    text: old_commit(*node, *to, *entry_term, *term),
                    cause: true,
                });
            }
        }
    }
    steps.sort_by_key(|s| std::cmp::Reverse(s.frame));
    steps.dedup_by(|a, b| a.frame == b.frame && a.text == b.text);
    steps
}

/// The break-a-rule panel at event `position`; `open` is the preset on screen, if any.
pub fn bugs(history: &mut History, position: u64, open: &str, lang: Lang) -> String {
    let w = words(lang);
    let mut html = String::new();
    let _ = write!(
        html,
        "<h2>{}</h2><p class=\"learn-lead\">{}</p>",
        esc(w.bugs),
        esc(w.bugs_lead)
    );
    // The first violation of the run, wherever it is, and whether the reader is past it.
    let end = history.len();
    let first = history
        .markers()
        .iter()
        .find(|m| m.kind == sim::MarkerKind::Violation)
        .map(|m| m.frame);
    if let Some(at) = first {
        seek(history, at);
        let violations = history.current().violations().to_vec();
        let _ = write!(
            html,
            "<section class=\"why\" data-testid=\"why\"><h3>{}</h3>",
            esc(w.why_happened)
        );
        if position >= at {
            let facts = gather(history, at.min(end));
            if let Some(v) = violations.first() {
                let said = narrate::violation(lang, v);
                let _ = write!(
                    html,
                    "<p>{}</p><ol class=\"steps\">",
                    esc(&fill(
                        w.why_lead,
                        &[
                            (
                                "property",
                                raft_playground::i18n::strings(lang)
                                    .property(v.property)
                                    .0
                                    .to_string()
                            ),
                            ("n", at.to_string()),
                        ]
                    ))
                );
                for step in walk_back(w, &facts, v, said) {
                    let class = if step.cause { " class=\"cause\"" } else { "" };
                    let _ = write!(
                        html,
                        "<li{class}><button type=\"button\" data-goto=\"{}\">{}</button> {}</li>",
                        step.frame,
                        esc(&fill(w.go, &[("n", step.frame.to_string())])),
                        esc(&step.text)
                    );
                }
                html.push_str("</ol>");
            }
        } else {
            let _ = write!(
                html,
                "<p>{} <button type=\"button\" data-goto=\"{at}\">{}</button></p>",
                esc(w.no_violation),
                esc(&fill(w.go, &[("n", at.to_string())]))
            );
        }
        html.push_str("</section>");
    }
    html.push_str("<ul class=\"bug-list\">");
    for bug in BugName::ALL {
        let (title, text) = (w.bug_texts)(*bug);
        let preset = format!("bug-{}", bug.name());
        let _ = write!(
            html,
            "<li data-bug=\"{}\"><h3>{} <code lang=\"en\">{}</code></h3><p>{}</p>",
            bug.name(),
            esc(title),
            bug.name(),
            esc(text)
        );
        if open == preset {
            let _ = write!(html, "<p class=\"learn-now\">{}</p></li>", esc(w.running));
        } else {
            let _ = write!(
                html,
                "<button type=\"button\" data-preset=\"{preset}\">{}</button></li>",
                esc(w.run_it)
            );
        }
    }
    html.push_str("</ul>");
    html
}

// ----- Explain this -----------------------------------------------------------------------

/// What the reader asked to have explained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Nothing picked yet: how to pick.
    Nothing,
    Node(NodeId),
    Message(u64),
    Entry(NodeId, u64),
}

impl Target {
    /// `explain`, `node N`, `message ID` or `entry N I`.
    pub fn parse(text: &str) -> Option<Target> {
        let mut words = text.split_whitespace();
        let kind = words.next()?;
        if kind == "explain" {
            return words.next().is_none().then_some(Target::Nothing);
        }
        let a = words.next()?;
        let target = match kind {
            "node" => Target::Node(a.parse().ok()?),
            "message" => Target::Message(a.parse().ok()?),
            "entry" => Target::Entry(a.parse().ok()?, words.next()?.parse().ok()?),
            _ => return None,
        };
        words.next().is_none().then_some(target)
    }
}

fn para(html: &mut String, text: &str) {
    let _ = write!(html, "<p>{}</p>", esc(text));
}

/// The explanation of `target` at event `position`.
pub fn explain(history: &mut History, position: u64, target: Target, lang: Lang) -> String {
    let w = words(lang);
    seek(history, position);
    let sim = history.current().clone();
    let mut html = format!("<h2>{}</h2>", esc(w.explain));
    match target {
        Target::Nothing => para(&mut html, w.explain_lead),
        Target::Node(n) => explain_node(&mut html, w, lang, &sim, n),
        Target::Entry(n, index) => explain_entry(&mut html, w, &sim, n, index),
        Target::Message(id) => {
            let Some(m) = sim.in_flight().find(|m| m.id == id).cloned() else {
                para(&mut html, w.e_nothing);
                return html;
            };
            let e = &m.envelope;
            para(
                &mut html,
                &fill(
                    w.e_message,
                    &[
                        ("kind", narrate::message_name(lang, &e.message).to_string()),
                        ("from", s(e.from)),
                        ("to", s(e.to)),
                        ("term", s(e.term)),
                    ],
                ),
            );
            // What it answers: the event at its sender that sent it.
            if let Some(frame) = sent_by(history, position, &m) {
                let ran = sim::rules::ran(&frame, history.current());
                let _ = write!(
                    html,
                    "<p>{} <button type=\"button\" data-goto=\"{}\">{}</button></p>",
                    esc(&fill(
                        w.e_reply_of,
                        &[("from", s(e.from)), ("n", s(frame.number))]
                    )),
                    frame.number,
                    esc(&fill(w.go, &[("n", s(frame.number))]))
                );
                rules_list(&mut html, lang, &ran, &frame, Some(e.from));
            }
            if m.doomed {
                para(&mut html, w.e_lost);
            } else {
                // What it will do: deliver it in a copy of the run and read what the node did.
                let mut copy = sim.clone();
                if let Ok(frame) = copy.apply(Input::Deliver(id)) {
                    let ran = sim::rules::ran(&frame, &copy);
                    para(&mut html, &fill(w.e_if_delivered, &[("to", s(e.to))]));
                    let _ = write!(html, "<p>{}</p>", esc(&narrate::narrate(lang, &frame)));
                    rules_list(&mut html, lang, &ran, &frame, Some(e.to));
                }
            }
        }
    }
    history.goto(position.min(history.len()));
    html
}

/// The rule lines `ran` names (those of `node`), with their values.
fn rules_list(html: &mut String, lang: Lang, ran: &[Ran], frame: &Frame, node: Option<NodeId>) {
    let ran: Vec<&Ran> = ran
        .iter()
        .filter(|r| node.is_none_or(|n| r.node == n))
        .collect();
    if ran.is_empty() {
        return;
    }
    html.push_str("<ul class=\"rule-values\">");
    for r in ran {
        let (line, _) = rule_text(lang, r.rule);
        let class = if r.event.is_some_and(Event::breaks_rule) {
            " class=\"broken\""
        } else {
            ""
        };
        let _ = write!(
            html,
            "<li{class}>{} <code>{}</code></li>",
            esc(line),
            esc(&values(lang, r, Some(frame)))
        );
    }
    html.push_str("</ul>");
}

/// The frame in which the sender of `m` sent it, searching back from `position`.
fn sent_by(history: &mut History, position: u64, m: &sim::InFlight) -> Option<Frame> {
    let mut p = position.min(history.len());
    while p > 0 {
        history.goto(p - 1);
        let frame = history.step()?;
        if frame.time < m.sent {
            return None;
        }
        let from_sender = frame.events.iter().any(|(n, _)| *n == m.envelope.from);
        let sent = history.current().in_flight().any(|x| x.id == m.id);
        history.goto(p - 1);
        let before = history.current().in_flight().any(|x| x.id == m.id);
        if sent && !before && from_sender {
            return Some(frame);
        }
        if sent && !before {
            return None;
        }
        p -= 1;
    }
    None
}

fn explain_node(html: &mut String, w: &Words, lang: Lang, sim: &Simulation, n: NodeId) {
    let Some(node) = sim.node(n) else {
        let term = sim.saved_state(n).map_or(0, |p| p.current_term);
        para(html, &fill(w.e_down, &[("n", s(n)), ("term", s(term))]));
        return;
    };
    let m = node.membership();
    if !m.is_voter(n) && !m.learners().contains(&n) {
        para(html, &fill(w.e_spare, &[("n", s(n))]));
        return;
    }
    let term = node.term();
    let now = sim.now();
    let deadline = node.election_deadline();
    let timer = |template: &str, extra: &[(&str, String)]| {
        let mut values = vec![("n", s(n)), ("term", s(term))];
        values.extend_from_slice(extra);
        if let Some(at) = deadline {
            values.push(("at", ms(at)));
            values.push(("left", ms(at.saturating_sub(now))));
        }
        fill(template, &values)
    };
    let quorum = m.voters().len() / 2 + 1;
    let granted = node.votes().iter().filter(|(_, g)| **g).count() as u64;
    match node.role() {
        Role::Leader => {
            para(
                html,
                &fill(
                    w.e_leader,
                    &[
                        ("n", s(n)),
                        ("term", s(term)),
                        ("hb", s(sim.config().heartbeat_ms)),
                    ],
                ),
            );
            html.push_str("<ul>");
            for f in m.voters().iter().chain(m.learners()).filter(|f| **f != n) {
                if let Some(p) = node.progress(*f) {
                    let _ = write!(
                        html,
                        "<li>{}</li>",
                        esc(&fill(
                            w.e_leader_follower,
                            &[
                                ("f", s(*f)),
                                ("m", s(p.match_index)),
                                ("next", s(p.next_index))
                            ]
                        ))
                    );
                }
            }
            html.push_str("</ul>");
        }
        role if !sim.timers_enabled() => para(
            html,
            &fill(
                w.e_timer_off,
                &[
                    ("n", s(n)),
                    ("term", s(term)),
                    ("role", narrate::role_name(lang, role).to_string()),
                ],
            ),
        ),
        Role::Follower => {
            let leader = node.leader().map_or(w.e_follower_none.to_string(), |l| {
                fill(w.e_follower_leader, &[("l", s(l))])
            });
            para(html, &timer(w.e_follower, &[("leader", leader)]));
        }
        Role::Candidate => para(
            html,
            &timer(w.e_candidate, &[("g", s(granted)), ("q", s(quorum as u64))]),
        ),
        Role::PreCandidate => para(
            html,
            &timer(
                w.e_precandidate,
                &[
                    ("next", s(term + 1)),
                    ("g", s(granted)),
                    ("q", s(quorum as u64)),
                ],
            ),
        ),
    }
    if let Some(v) = node.voted_for() {
        para(html, &fill(w.e_voted, &[("term", s(term)), ("v", s(v))]));
    }
    let log = node.log();
    para(
        html,
        &fill(
            w.e_log,
            &[
                ("i", s(log.last_index())),
                ("t", s(log.last_term())),
                ("c", s(node.commit_index())),
            ],
        ),
    );
}

fn explain_entry(html: &mut String, w: &Words, sim: &Simulation, n: NodeId, index: u64) {
    let Some(term) = sim.log(n).and_then(|l| l.term(index)) else {
        para(html, w.e_nothing);
        return;
    };
    // Counted in the configuration of the leader if there is one, else of this node.
    let leader = sim.leader().and_then(|(l, _)| sim.node(l));
    // A crashed node with no leader up: the voters the cluster started with.
    let voters = leader.or(sim.node(n)).map_or_else(
        || sim.config().voters(),
        |j| j.membership().voters().to_vec(),
    );
    let holders: Vec<NodeId> = (1..=sim.size() as NodeId)
        .filter(|id| sim.log(*id).and_then(|l| l.term(index)) == Some(term))
        .collect();
    let held = voters.iter().filter(|v| holders.contains(v)).count();
    let q = voters.len() / 2 + 1;
    // A crashed node keeps no commit index (it is not saved): it learns it again.
    let committed = sim.node(n).is_some_and(|node| node.commit_index() >= index);
    let values = [
        ("index", s(index)),
        ("n", s(n)),
        ("term", s(term)),
        ("held", s(held as u64)),
        ("voters", s(voters.len() as u64)),
        ("q", s(q as u64)),
    ];
    if committed {
        para(html, &fill(w.e_entry_committed, &values));
    } else {
        para(html, &fill(w.e_entry_uncommitted, &values));
        if let Some(l) = leader {
            if l.commit_index() >= index && l.id() != n {
                para(html, &fill(w.e_entry_follower_behind, &[("n", s(n))]));
            } else if held >= q && term < l.term() {
                para(
                    html,
                    &fill(
                        w.e_entry_old_term,
                        &[
                            ("index", s(index)),
                            ("term", s(term)),
                            ("current", s(l.term())),
                        ],
                    ),
                );
            }
        }
    }
    let names: Vec<String> = holders.iter().map(|h| h.to_string()).collect();
    para(
        html,
        &fill(w.e_entry_holders, &[("nodes", names.join(", "))]),
    );
}

#[cfg(test)]
mod tests;
