//! Log replication (section 5.3), with the conflict-hint optimisation at its end and the batching
//! limit. Ported in spirit from etcd-io/raft's `raft_paper_test.go` and `raft_test.go`.

mod common;

use common::*;
use raft::{
    AppendOutcome, CommitBy, Config, ConflictHint, Entry, Envelope, Event, IgnoreReason, LogIndex,
    Message, Node, Payload, ProposeError, Term,
};

fn command(term: Term, text: &str) -> Entry {
    Entry {
        term,
        payload: Payload::command(text),
    }
}

/// A follower of node 2 in `term`, holding entries of `log_terms`.
fn follower(term: Term, log_terms: &[Term]) -> Node {
    let mut n = restarted(1, config(3), term, log_terms);
    n.step(0, heartbeat(2, 1, term, (0, 0)));
    n.take_ready();
    n
}

fn outcome(m: &Envelope) -> AppendOutcome {
    match m.message {
        Message::AppendEntriesResponse(o) => o,
        _ => panic!("not an AppendEntriesResponse: {m:?}"),
    }
}

fn prev_of(m: &Envelope) -> (LogIndex, Term, usize) {
    match &m.message {
        Message::AppendEntries {
            prev_log_index,
            prev_log_term,
            entries,
            ..
        } => (*prev_log_index, *prev_log_term, entries.len()),
        _ => panic!("not an AppendEntries: {m:?}"),
    }
}

/// 5.3: "The leader appends the command to its log as a new entry, then issues AppendEntries
/// RPCs in parallel to each of the other servers", naming the entry just before the new one; the
/// entry is saved before anything is sent; nothing commits yet. (etcd: TestLeaderStartReplication)
#[test]
fn leader_start_replication_5_3() {
    let mut n = fresh(1, 3);
    let li = make_leader_and_commit(&mut n, 0);
    let index = n.propose(0, Payload::command("some data")).unwrap();
    assert_eq!(index, li + 1);
    assert_eq!(n.log().last_index(), li + 1);
    assert_eq!(n.commit_index(), li);
    let ready = n.take_ready();
    assert!(ready.persist);
    assert!(ready.committed.is_empty());
    assert_eq!(ready.events, vec![Event::Proposed { index, term: 1 }]);
    let mut msgs = ready.messages;
    msgs.sort_by_key(|m| m.to);
    let want = vec![command(1, "some data")];
    assert_eq!(
        msgs,
        vec![
            append(1, 2, 1, (li, 1), want.clone(), li),
            append(1, 3, 1, (li, 1), want, li)
        ]
    );
}

/// 5.3: "When the entry has been safely replicated, the leader applies the entry to its state
/// machine", and "it includes that index in future AppendEntries RPCs ... so that the other
/// servers eventually find out". (etcd: TestLeaderCommitEntry)
#[test]
fn leader_commit_entry_5_3() {
    let mut n = fresh(1, 3);
    let li = make_leader_and_commit(&mut n, 0);
    n.propose(0, Payload::command("some data")).unwrap();
    for m in messages(&mut n) {
        n.step(0, accept_and_reply(&m));
    }
    assert_eq!(n.commit_index(), li + 1);
    let ready = n.take_ready();
    assert_eq!(ready.committed, vec![(li + 1, command(1, "some data"))]);
    assert_eq!(
        ready
            .events
            .iter()
            .filter(|e| matches!(e, Event::CommitAdvanced { .. }))
            .count(),
        1,
        "the second acknowledgement does not move the commit index again"
    );
    assert!(ready.events.iter().any(|e| matches!(
        e,
        Event::CommitAdvanced { from, to, by: CommitBy::Majority { .. } }
            if *from == li && *to == li + 1
    )));
    assert_eq!(n.last_applied(), li + 1);
    n.heartbeat(0);
    for m in messages(&mut n) {
        let Message::AppendEntries { leader_commit, .. } = m.message else {
            panic!()
        };
        assert_eq!(leader_commit, li + 1);
    }
}

/// 5.3: "A log entry is committed once the leader that created the entry has replicated it on a
/// majority of the servers." (etcd: TestLeaderAcknowledgeCommit)
#[test]
fn leader_acknowledge_commit_5_3() {
    let cases: &[(usize, &[u32], bool)] = &[
        (1, &[], true),
        (3, &[], false),
        (3, &[2], true),
        (3, &[2, 3], true),
        (5, &[], false),
        (5, &[2], false),
        (5, &[2, 3], true),
        (5, &[2, 3, 4], true),
        (5, &[2, 3, 4, 5], true),
    ];
    for (i, &(size, acceptors, committed)) in cases.iter().enumerate() {
        let mut n = fresh(1, size);
        let li = make_leader_and_commit(&mut n, 0);
        n.propose(0, Payload::command("some data")).unwrap();
        for m in messages(&mut n) {
            if acceptors.contains(&m.to) {
                n.step(0, accept_and_reply(&m));
            }
        }
        assert_eq!(n.commit_index() > li, committed, "case {i}");
    }
}

/// 5.3: "This also commits all preceding entries in the leader's log, including entries created
/// by previous leaders", applied in log order. (etcd: TestLeaderCommitPrecedingEntries)
#[test]
fn leader_commit_preceding_entries_5_3() {
    let cases: &[&[Term]] = &[&[], &[2], &[1, 2], &[1]];
    for (i, &old) in cases.iter().enumerate() {
        let mut n = restarted(1, config(3), 2, old);
        make_leader(&mut n, 0);
        n.propose(0, Payload::command("some data")).unwrap();
        // The no-op's AppendEntries went unanswered; the heartbeat carries everything.
        n.heartbeat(0);
        for m in messages(&mut n) {
            n.step(0, accept_and_reply(&m));
        }
        let mut want = entries(old);
        want.push(Entry::noop(3));
        want.push(command(3, "some data"));
        let got: Vec<Entry> = n
            .take_ready()
            .committed
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        assert_eq!(got, want, "case {i}");
    }
}

/// 5.3: "Once a follower learns that a log entry is committed, it applies the entry to its local
/// state machine (in log order)." (etcd: TestFollowerCommitEntry)
#[test]
fn follower_commit_entry_5_3() {
    let cases: &[(&[&str], u64)] = &[
        (&["some data"], 1),
        (&["some data", "some data2"], 2),
        (&["some data2", "some data"], 2),
        (&["some data", "some data2"], 1),
    ];
    for (i, &(texts_in, commit)) in cases.iter().enumerate() {
        let mut n = follower(1, &[]);
        let ents: Vec<Entry> = texts_in.iter().map(|t| command(1, t)).collect();
        let ready = step(&mut n, 0, append(2, 1, 1, (0, 0), ents.clone(), commit));
        assert_eq!(n.commit_index(), commit, "case {i}");
        let want: Vec<(LogIndex, Entry)> = ents
            .into_iter()
            .take(commit as usize)
            .enumerate()
            .map(|(k, e)| (k as LogIndex + 1, e))
            .collect();
        assert_eq!(ready.committed, want, "case {i}");
        assert!(ready.events.iter().any(|e| matches!(
            e,
            Event::CommitAdvanced { from: 0, to, .. } if *to == commit
        )));
    }
}

/// Figure 2, AppendEntries rule 5: "set commitIndex = min(leaderCommit, index of last new
/// entry)". A follower must not commit entries past what this message proved to match, even if
/// the leader's commit index is higher and the follower holds (stale) entries there.
#[test]
fn follower_commit_limited_to_verified_prefix_5_3() {
    // Entries 2 and 3 are from term 1; the leader of term 2 may hold something else there.
    let mut n = follower(2, &[1, 1, 1]);
    step(&mut n, 0, append(2, 1, 2, (1, 1), vec![], 3));
    assert_eq!(n.commit_index(), 1);
    // And a leader's commit index never moves a follower's backwards.
    step(&mut n, 0, append(2, 1, 2, (0, 0), vec![], 0));
    assert_eq!(n.commit_index(), 1);
}

/// 5.3: "When sending an AppendEntries RPC, the leader includes the index and term of the entry in
/// its log that immediately precedes the new entries. If the follower does not find an entry in
/// its log with the same index and term, then it refuses the new entries." The refusal carries a
/// hint: the follower's term at that index and the first index of that term, or its log's end.
/// (etcd: TestFollowerCheckMsgApp)
#[test]
fn follower_check_append_entries_5_3() {
    // Follower log: [1, 2], term 2.
    let cases: &[((LogIndex, Term), AppendOutcome)] = &[
        ((0, 0), AppendOutcome::Success { match_index: 0 }),
        ((1, 1), AppendOutcome::Success { match_index: 1 }),
        ((2, 2), AppendOutcome::Success { match_index: 2 }),
        (
            (2, 1),
            AppendOutcome::Conflict {
                prev_log_index: 2,
                hint: ConflictHint {
                    term: Some(2),
                    first_index: 2,
                },
            },
        ),
        (
            (1, 3),
            AppendOutcome::Conflict {
                prev_log_index: 1,
                hint: ConflictHint {
                    term: Some(1),
                    first_index: 1,
                },
            },
        ),
        (
            (3, 3),
            AppendOutcome::Conflict {
                prev_log_index: 3,
                hint: ConflictHint {
                    term: None,
                    first_index: 3,
                },
            },
        ),
    ];
    for (i, &(prev, want)) in cases.iter().enumerate() {
        let mut n = follower(2, &[1, 2]);
        let ready = step(&mut n, 0, heartbeat(2, 1, 2, prev));
        assert_eq!(
            ready.messages,
            vec![append_response(1, 2, 2, want)],
            "case {i}"
        );
        assert_eq!(
            terms(&n),
            vec![1, 2],
            "case {i}: a check never changes the log"
        );
        if let AppendOutcome::Conflict { hint, .. } = want {
            assert_eq!(
                ready.events,
                vec![Event::AppendRejected {
                    leader: 2,
                    prev_log_index: prev.0,
                    prev_log_term: prev.1,
                    hint
                }],
                "case {i}"
            );
        }
    }
}

/// 5.3: "If an existing entry conflicts with a new one (same index but different terms), delete the
/// existing entry and all that follow it; append any new entries not already in the log"; the
/// new entries are saved. (etcd: TestFollowerAppendEntries)
#[test]
fn follower_append_entries_5_3() {
    // (prev, entries' terms starting after prev, resulting log, truncated (from, count))
    #[allow(clippy::type_complexity)]
    let cases: &[((LogIndex, Term), &[Term], &[Term], Option<(LogIndex, u64)>)] = &[
        ((2, 2), &[3], &[1, 2, 3], None),
        ((1, 1), &[3, 4], &[1, 3, 4], Some((2, 1))),
        ((0, 0), &[1], &[1, 2], None),
        ((0, 0), &[3], &[3], Some((1, 2))),
    ];
    for (i, &(prev, new, want, truncated)) in cases.iter().enumerate() {
        let mut n = follower(2, &[1, 2]);
        let ready = step(
            &mut n,
            0,
            append(2, 1, 2, prev, entries_from(prev.0 + 1, new), 0),
        );
        assert_eq!(terms(&n), want, "case {i}");
        let truncations: Vec<&Event> = ready
            .events
            .iter()
            .filter(|e| matches!(e, Event::EntriesTruncated { .. }))
            .collect();
        match truncated {
            Some((from, count)) => assert_eq!(
                truncations,
                vec![&Event::EntriesTruncated {
                    from,
                    count,
                    committed: false
                }],
                "case {i}"
            ),
            None => assert!(truncations.is_empty(), "case {i}"),
        }
        let changed = want != [1, 2];
        assert_eq!(
            ready.persist, changed,
            "case {i}: save exactly when the log changed"
        );
        let match_index = prev.0 + new.len() as u64;
        assert_eq!(
            ready.messages,
            vec![append_response(
                1,
                2,
                2,
                AppendOutcome::Success { match_index }
            )],
            "case {i}"
        );
    }
}

/// 5.3: an AppendEntries the follower already has (a delayed duplicate, or a shorter copy) must
/// not cut off entries that came after it: only a real conflict truncates.
#[test]
fn follower_keeps_entries_after_duplicate_append_5_3() {
    let mut n = follower(2, &[]);
    step(&mut n, 0, append(2, 1, 2, (0, 0), entries(&[2, 2, 2]), 0));
    let ready = step(&mut n, 0, append(2, 1, 2, (0, 0), entries(&[2]), 0));
    assert_eq!(terms(&n), vec![2, 2, 2]);
    assert!(!ready.persist);
    assert!(!ready
        .events
        .iter()
        .any(|e| matches!(e, Event::EntriesAppended { .. })));
    assert_eq!(
        ready.messages,
        vec![append_response(
            1,
            2,
            2,
            AppendOutcome::Success { match_index: 1 }
        )],
        "the answer only vouches for what this message covered"
    );
}

/// 5.3: EntriesAppended narrates exactly the range that was new.
#[test]
fn entries_appended_event_5_3() {
    let mut n = follower(2, &[1, 2]);
    let ready = step(
        &mut n,
        0,
        append(2, 1, 2, (1, 1), entries_from(2, &[2, 2, 2]), 0),
    );
    assert!(ready.events.contains(&Event::EntriesAppended {
        leader: 2,
        first: 3,
        last: 4
    }));
}

/// 5.3: a follower (or candidate) that is asked to take a client command refuses and names the
/// leader it knows, so the client can retry there.
#[test]
fn proposal_refused_with_leader_hint_5_3() {
    let mut n = follower(1, &[]);
    let err = n.propose(0, Payload::command("x")).unwrap_err();
    assert_eq!(err, ProposeError::NotLeader { leader: Some(2) });
    assert!(err.to_string().contains('2'));
    assert_eq!(
        n.take_ready().events,
        vec![Event::ProposalRefused { leader: Some(2) }]
    );
    assert!(n.log().is_empty());

    let mut c = fresh(1, 3);
    c.start_election(0);
    assert_eq!(
        c.propose(0, Payload::command("x")),
        Err(ProposeError::NotLeader { leader: None })
    );
    assert_eq!(c.log().len(), 0);
}

/// 5.3 end to end: commands proposed at the leader are applied by every node, in the same
/// order, followers learning the commit index from the next AppendEntries. (etcd: TestLogReplication)
#[test]
fn log_replication_5_3() {
    let mut net = Net::new(3);
    net.elect(1);
    for cmd in ["a", "b", "c"] {
        net.propose(1, cmd).unwrap();
    }
    assert_eq!(net.node(1).commit_index(), 4);
    assert_eq!(net.applied_texts(1), ["noop", "a", "b", "c"]);
    assert_eq!(
        net.node(2).commit_index(),
        3,
        "followers lag one message behind"
    );
    net.heartbeat(1);
    for id in 1..=3 {
        assert_eq!(net.applied_texts(id), ["noop", "a", "b", "c"], "node {id}");
        assert_eq!(net.node(id).last_applied(), 4);
    }
    assert!(net.logs_agree());

    // A new leader goes on from there.
    net.crash(1);
    assert!(net.run_until(1_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    net.propose(leader, "d").unwrap();
    net.heartbeat(leader);
    let other = 5 - leader;
    assert_eq!(
        net.applied_texts(other),
        ["noop", "a", "b", "c", "noop", "d"]
    );
}

/// 5.3: a single node commits and applies its proposals at once. (etcd: TestSingleNodeCommit)
#[test]
fn single_node_commit_5_3() {
    let mut net = Net::new(1);
    net.campaign(1);
    net.propose(1, "some data").unwrap();
    net.propose(1, "some data").unwrap();
    assert_eq!(net.node(1).commit_index(), 3);
    assert_eq!(net.applied_texts(1), ["noop", "some data", "some data"]);
}

/// 5.3: "If followers crash or run slowly, or if network packets are lost, the leader retries
/// AppendEntries RPCs indefinitely": a lost AppendEntries goes out again with the next heartbeat.
#[test]
fn leader_retries_lost_entries_with_heartbeat_5_3() {
    let mut net = Net::new(3);
    net.elect(1);
    net.cut_link(1, 2);
    net.cut_link(1, 3);
    net.propose(1, "x").unwrap();
    assert_eq!(net.node(1).commit_index(), 1);
    net.heal();
    net.advance_to(net.node(1).heartbeat_deadline().unwrap());
    assert_eq!(net.node(1).commit_index(), 2);
    net.heartbeat(1);
    assert!(net.logs_agree());
    assert_eq!(net.node(3).commit_index(), 2);
}

/// 5.3 flow control: while an AppendEntries carrying entries is unanswered, new proposals do not
/// send the same entries again; the answer sends what is left in one go.
#[test]
fn leader_waits_for_answer_before_sending_more_5_3() {
    let mut n = fresh(1, 2);
    make_leader_and_commit(&mut n, 0);
    n.propose(0, Payload::command("a")).unwrap();
    let first = messages(&mut n);
    assert_eq!(first.len(), 1);
    assert_eq!(n.progress(2).unwrap().entries_sent_at, Some(0));
    n.propose(0, Payload::command("b")).unwrap();
    n.propose(0, Payload::command("c")).unwrap();
    assert!(
        messages(&mut n).is_empty(),
        "nothing new sent while waiting"
    );
    n.step(0, accept_and_reply(&first[0]));
    let next = messages(&mut n);
    assert_eq!(next.len(), 1);
    assert_eq!(prev_of(&next[0]), (2, 1, 2), "b and c together after a");
    assert_eq!(n.progress(2).unwrap().match_index, 2);
    assert_eq!(n.commit_index(), 2);
}

/// Flow control (etcd's probe state): while one AppendEntries with entries is unanswered, a
/// heartbeat carries none and an answer that moves nothing sends nothing, so a lagging follower
/// never has more than one request chain. A request unanswered for a heartbeat interval is
/// presumed lost, and the next heartbeat carries the entries again.
#[test]
fn one_append_with_entries_in_flight_per_follower_5_3() {
    let mut n = fresh(1, 2);
    make_leader_and_commit(&mut n, 0);
    let hb = n.config().heartbeat_interval;
    assert_eq!(n.heartbeat_deadline(), Some(hb));
    n.propose(10, Payload::command("a")).unwrap();
    let first = messages(&mut n);
    assert_eq!(prev_of(&first[0]), (1, 1, 1));
    n.propose(10, Payload::command("b")).unwrap();
    assert!(messages(&mut n).is_empty());

    // The heartbeat timer fires before the request is a heartbeat interval old: no entries,
    // and its answer starts nothing.
    n.handle_timeout(hb);
    let beat = messages(&mut n);
    assert_eq!(beat.len(), 1);
    assert_eq!(
        prev_of(&beat[0]),
        (1, 1, 0),
        "a heartbeat while one is in flight"
    );
    n.step(hb, accept_and_reply(&beat[0]));
    assert!(
        messages(&mut n).is_empty(),
        "a heartbeat's answer sends nothing"
    );

    // The request was lost: the next heartbeat sends the entries again.
    n.handle_timeout(2 * hb);
    let again = messages(&mut n);
    assert_eq!(again.len(), 1);
    assert_eq!(prev_of(&again[0]), (1, 1, 2), "a and b, after the no-op");
    assert_eq!(n.progress(2).unwrap().entries_sent_at, Some(2 * hb));

    // Its answer lets the next request go; a duplicate of that answer does not send twice.
    n.propose(2 * hb, Payload::command("c")).unwrap();
    assert!(messages(&mut n).is_empty());
    let reply = accept_and_reply(&again[0]);
    n.step(2 * hb, reply.clone());
    let next = messages(&mut n);
    assert_eq!(next.len(), 1);
    assert_eq!(prev_of(&next[0]), (3, 1, 1), "c alone");
    n.step(2 * hb, reply);
    assert!(
        messages(&mut n).is_empty(),
        "a duplicate answer moves nothing"
    );

    // An explicit heartbeat (a script's `heartbeat 1`) presumes the request lost at once.
    n.heartbeat(2 * hb);
    let pushed = messages(&mut n);
    assert_eq!(
        prev_of(&pushed[0]),
        (3, 1, 1),
        "c again, at the same instant"
    );
}

/// 5.3: the leader keeps nextIndex and matchIndex per follower: a success moves both forward;
/// a success that answers an older message never moves them back.
#[test]
fn leader_progress_tracks_acknowledgements_5_3() {
    let mut n = fresh(1, 3);
    make_leader_and_commit(&mut n, 0);
    for t in ["a", "b", "c"] {
        n.propose(0, Payload::command(t)).unwrap();
    }
    n.take_ready();
    n.step(
        0,
        append_response(2, 1, 1, AppendOutcome::Success { match_index: 4 }),
    );
    let p = *n.progress(2).unwrap();
    assert_eq!((p.match_index, p.next_index), (4, 5));
    assert_eq!(n.commit_index(), 4);
    n.step(
        0,
        append_response(2, 1, 1, AppendOutcome::Success { match_index: 2 }),
    );
    let p = *n.progress(2).unwrap();
    assert_eq!(
        (p.match_index, p.next_index),
        (4, 5),
        "a late answer is no news"
    );
    assert_eq!(n.commit_index(), 4);
}

/// 5.3: "After a rejection, the leader decrements nextIndex and retries". With a hint the leader
/// skips a whole conflicting term per round trip: a follower holding 100 entries of a term the
/// leader never saw is repaired after one rejection, where one-at-a-time would need 100.
#[test]
fn conflict_hint_backs_up_a_term_per_round_trip_5_3() {
    let mut leader_log = vec![1];
    leader_log.extend([3; 100]);
    let mut follower_log = vec![1];
    follower_log.extend([2; 100]);
    let cfg = Config {
        leader_noop: false,
        ..Config::new(vec![1, 2])
    };
    let mut leader = restarted(1, cfg.clone(), 3, &leader_log);
    let mut f = restarted(2, cfg, 3, &follower_log);
    make_leader(&mut leader, 0);
    leader.heartbeat(0);
    let (rejections, round_trips) = sync(&mut leader, &mut f);
    assert_eq!(rejections, 1);
    assert!(round_trips <= 4, "{round_trips} round trips");
    assert_eq!(f.log(), leader.log());
}

/// Delivers messages between a leader and one follower until both are quiet. Returns how many
/// rejections the follower sent and how many round trips that took.
fn sync(leader: &mut Node, f: &mut Node) -> (usize, usize) {
    let mut rejections = 0;
    let mut round_trips = 0;
    loop {
        let to_f: Vec<Envelope> = leader
            .take_ready()
            .messages
            .into_iter()
            .filter(|m| m.to == f.id())
            .collect();
        if to_f.is_empty() {
            return (rejections, round_trips);
        }
        round_trips += 1;
        assert!(round_trips < 1000);
        for m in to_f {
            f.step(0, m);
        }
        for m in f.take_ready().messages {
            if matches!(outcome(&m), AppendOutcome::Conflict { .. }) {
                rejections += 1;
            }
            leader.step(0, m);
        }
    }
}

/// The end of 5.3, case by case (the tables of etcd's TestFastLogRejection): the hint the follower
/// sends on the first rejection, where the leader probes next, and how many rejections it takes
/// in all. A leader that holds the conflicting term resumes after its last entry of it.
#[test]
fn fast_log_rejection_5_3() {
    struct Case {
        leader: &'static [Term],
        follower: &'static [Term],
        hint: ConflictHint,
        next_prev: (LogIndex, Term),
        rejections: usize,
    }
    let cases = [
        Case {
            leader: &[1, 2, 2, 4, 4, 4, 4],
            follower: &[1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3],
            hint: ConflictHint {
                term: Some(3),
                first_index: 4,
            },
            next_prev: (3, 2),
            rejections: 1,
        },
        Case {
            leader: &[1, 2, 2, 3, 4, 4, 4, 5],
            follower: &[1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3],
            hint: ConflictHint {
                term: Some(3),
                first_index: 4,
            },
            next_prev: (4, 3),
            rejections: 1,
        },
        Case {
            leader: &[1, 1, 1, 1],
            follower: &[1, 2, 2, 4],
            hint: ConflictHint {
                term: Some(4),
                first_index: 4,
            },
            next_prev: (3, 1),
            rejections: 2,
        },
        Case {
            leader: &[1, 1, 1, 1, 1, 1],
            follower: &[1, 2, 2, 4],
            hint: ConflictHint {
                term: None,
                first_index: 5,
            },
            next_prev: (4, 1),
            rejections: 3,
        },
        Case {
            leader: &[1, 1, 1, 4, 5],
            follower: &[1, 1, 1, 4],
            hint: ConflictHint {
                term: None,
                first_index: 5,
            },
            next_prev: (4, 4),
            rejections: 1,
        },
        Case {
            leader: &[2, 5, 5, 5, 5, 5, 5, 5, 5],
            follower: &[2, 4, 4, 4, 4, 4],
            hint: ConflictHint {
                term: None,
                first_index: 7,
            },
            next_prev: (6, 5),
            rejections: 2,
        },
        Case {
            leader: &[2, 2, 2, 2, 2],
            follower: &[2, 4, 4, 4, 4, 4, 4, 4],
            hint: ConflictHint {
                term: Some(4),
                first_index: 2,
            },
            next_prev: (1, 2),
            rejections: 1,
        },
    ];
    for (i, c) in cases.iter().enumerate() {
        let cfg = Config {
            leader_noop: false,
            ..Config::new(vec![1, 2])
        };
        let term = 6;
        let mut leader = restarted(1, cfg.clone(), term, c.leader);
        let mut f = restarted(2, cfg, term, c.follower);
        make_leader(&mut leader, 0);
        leader.heartbeat(0);
        let probe = leader.take_ready().messages.remove(0);
        let last = c.leader.len() as LogIndex;
        assert_eq!(
            prev_of(&probe).0,
            last,
            "case {i}: first probe at the leader's end"
        );
        let answer = step(&mut f, 0, probe).messages.remove(0);
        assert_eq!(
            outcome(&answer),
            AppendOutcome::Conflict {
                prev_log_index: last,
                hint: c.hint
            },
            "case {i}"
        );
        let ready = step(&mut leader, 0, answer.clone());
        assert!(ready.events.contains(&Event::NextIndexBackedUp {
            follower: 2,
            from: last + 1,
            to: c.next_prev.0 + 1
        }));
        let next = &ready.messages[0];
        let (p, t, _) = prev_of(next);
        assert_eq!((p, t), c.next_prev, "case {i}");
        let answer = step(&mut f, 0, next.clone()).messages.remove(0);
        let second = usize::from(matches!(outcome(&answer), AppendOutcome::Conflict { .. }));
        leader.step(0, answer);
        let (more, _) = sync(&mut leader, &mut f);
        assert_eq!(1 + second + more, c.rejections, "case {i}");
        assert_eq!(f.log(), leader.log(), "case {i}");
        assert_eq!(leader.progress(2).unwrap().match_index, last, "case {i}");
    }
}

/// 5.3: a rejection answering an older probe than the one the leader waits on describes a log the
/// follower has since repaired; it must not move nextIndex.
#[test]
fn stale_append_rejection_ignored_5_3() {
    let cfg = Config {
        leader_noop: false,
        ..Config::new(vec![1, 2])
    };
    let mut leader = restarted(1, cfg, 2, &[1, 1, 1, 1, 1]);
    make_leader(&mut leader, 0);
    // The follower said its log ends at 2: the leader now probes at prev 2.
    let stale_probe_answer = append_response(
        2,
        1,
        3,
        AppendOutcome::Conflict {
            prev_log_index: 5,
            hint: ConflictHint {
                term: None,
                first_index: 3,
            },
        },
    );
    leader.step(0, stale_probe_answer.clone());
    assert_eq!(leader.progress(2).unwrap().next_index, 3);
    leader.take_ready();
    // The same rejection again (duplicated by the network) is now stale.
    let ready = step(&mut leader, 0, stale_probe_answer);
    assert_eq!(leader.progress(2).unwrap().next_index, 3);
    assert!(ready.messages.is_empty());
    assert_eq!(
        ready.events,
        vec![Event::MessageIgnored {
            from: 2,
            term: 3,
            reason: IgnoreReason::StaleAppendResponse
        }]
    );
}

/// 5.3: a rejection duplicated by the network and arriving after the follower has acknowledged
/// the repaired log must not make the leader forget that acknowledgement.
#[test]
fn duplicate_rejection_after_success_ignored_5_3() {
    let cfg = Config {
        leader_noop: false,
        ..Config::new(vec![1, 2])
    };
    let mut leader = restarted(1, cfg.clone(), 2, &[1, 1, 1, 1, 1]);
    let mut f = restarted(2, cfg, 2, &[1, 1]);
    make_leader(&mut leader, 0);
    leader.heartbeat(0);
    let probe = leader.take_ready().messages.remove(0);
    let rejection = step(&mut f, 0, probe).messages.remove(0);
    assert!(matches!(
        outcome(&rejection),
        AppendOutcome::Conflict { .. }
    ));
    leader.step(0, rejection.clone());
    sync(&mut leader, &mut f);
    assert_eq!(leader.progress(2).unwrap().match_index, 5);

    // next_index is 6 again, so the old rejection (prev 5) looks like an answer to it.
    let ready = step(&mut leader, 0, rejection);
    let p = *leader.progress(2).unwrap();
    assert_eq!(
        p.match_index, 5,
        "an acknowledged match never goes backwards"
    );
    assert_eq!(p.next_index, 6);
    assert!(ready.events.contains(&Event::MessageIgnored {
        from: 2,
        term: 3,
        reason: IgnoreReason::StaleAppendResponse
    }));
}

/// Config::max_entries_per_append: no AppendEntries carries more entries than the limit, and a
/// far-behind follower still catches up, one batch per round trip.
#[test]
fn entry_batching_limit_respected() {
    let cfg = Config {
        max_entries_per_append: 3,
        ..Config::new(vec![1, 2, 3])
    };
    let mut net = Net::with_config(cfg);
    net.elect(1);
    net.crash(3);
    for i in 0..10 {
        net.propose(1, &format!("c{i}")).unwrap();
    }
    net.restart(3);
    net.delivered.clear();
    net.heartbeat(1);
    let mut batches = 0;
    for m in &net.delivered {
        if let Message::AppendEntries { entries, .. } = &m.message {
            assert!(
                entries.len() <= 3,
                "{} entries in one message",
                entries.len()
            );
            if m.to == 3 && !entries.is_empty() {
                batches += 1;
            }
        }
    }
    assert!(
        batches >= 4,
        "10 entries need at least 4 batches, got {batches}"
    );
    assert_eq!(net.node(3).log(), net.node(1).log());
    assert_eq!(net.node(3).log().last_index(), 11);
}

/// 5.3: proposals are only appended by a leader, and each returns the index it went to.
#[test]
fn propose_returns_consecutive_indexes_5_3() {
    let mut n = fresh(1, 3);
    make_leader(&mut n, 0);
    let a = n.propose(0, Payload::command("a")).unwrap();
    let b = n.propose(0, Payload::command("b")).unwrap();
    assert_eq!((a, b), (2, 3));
    assert_eq!(n.log().get(3).unwrap().payload.text(), "b");
}

/// Teaching mode: with forget_vote, two leaders of one term can overwrite each other's entries, so
/// a follower may really lose what it acknowledged. Then a rejection at or below matchIndex is
/// believed and matchIndex is lowered, so the leader can repair the follower.
#[test]
fn forget_vote_bug_rejection_below_match_is_believed() {
    let cfg = Config {
        leader_noop: false,
        bugs: raft::Bugs {
            forget_vote: true,
            ..raft::Bugs::default()
        },
        ..Config::new(vec![1, 2])
    };
    let mut leader = restarted(1, cfg, 2, &[1, 1, 1]);
    make_leader(&mut leader, 0);
    // The bug also forgot the saved term 2, so this leader leads term 1.
    let term = leader.term();
    leader.step(
        0,
        append_response(2, 1, term, AppendOutcome::Success { match_index: 3 }),
    );
    assert_eq!(leader.progress(2).unwrap().match_index, 3);
    let lost = AppendOutcome::Conflict {
        prev_log_index: 3,
        hint: ConflictHint {
            term: None,
            first_index: 2,
        },
    };
    leader.step(0, append_response(2, 1, term, lost));
    let p = *leader.progress(2).unwrap();
    // Trust only what precedes the failed entry, and probe there; without the bug this
    // rejection would be ignored and (3, 4) kept (see duplicate_rejection_after_success_ignored).
    assert_eq!((p.match_index, p.next_index), (2, 3));
}
