//! Config::validate and Node::new refuse every configuration that cannot make a working cluster
//! (section 5.6's timing requirement included), each with its own error.

mod common;

use common::*;
use raft::{Bugs, Config, ConfigError, Node, Role};

#[test]
fn defaults_are_the_papers_and_valid() {
    let cfg = Config::new(vec![1, 2, 3]);
    assert_eq!(cfg.validate(), Ok(()));
    assert_eq!(
        (cfg.election_timeout_min, cfg.election_timeout_max),
        (150, 300)
    );
    assert_eq!(cfg.heartbeat_interval, 50);
    assert!(cfg.leader_noop);
    assert!(!cfg.pre_vote && !cfg.check_quorum);
    assert!(cfg.max_entries_per_append >= 1);
    assert!(!cfg.bugs.any());
}

/// A majority of the voters: the size every quorum in the paper is measured against.
#[test]
fn quorum_is_a_majority_5_2() {
    for (n, q) in [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (6, 4), (7, 4)] {
        assert_eq!(config(n).quorum(), q, "{n} voters");
    }
}

/// Every ConfigError variant that validate can return, each from one bad setting, and Node::new
/// refusing the same configuration with the same error.
#[test]
fn validate_rejects_each_bad_setting() {
    let base = config(3);
    let cases: Vec<(Config, ConfigError)> = vec![
        (
            Config {
                voters: vec![],
                ..base.clone()
            },
            ConfigError::NoVoters,
        ),
        (
            Config {
                voters: vec![1, 2, 3, 2],
                ..base.clone()
            },
            ConfigError::DuplicateVoter(2),
        ),
        (
            Config {
                election_timeout_min: 0,
                election_timeout_max: 0,
                ..base.clone()
            },
            ConfigError::ZeroElectionTimeout,
        ),
        (
            Config {
                election_timeout_min: 300,
                election_timeout_max: 299,
                ..base.clone()
            },
            ConfigError::ElectionRangeReversed { min: 300, max: 299 },
        ),
        (
            Config {
                heartbeat_interval: 0,
                ..base.clone()
            },
            ConfigError::ZeroHeartbeat,
        ),
        (
            Config {
                heartbeat_interval: 150,
                ..base.clone()
            },
            ConfigError::HeartbeatTooSlow {
                heartbeat: 150,
                election_min: 150,
            },
        ),
        (
            Config {
                heartbeat_interval: 400,
                ..base.clone()
            },
            ConfigError::HeartbeatTooSlow {
                heartbeat: 400,
                election_min: 150,
            },
        ),
        (
            Config {
                max_entries_per_append: 0,
                ..base.clone()
            },
            ConfigError::ZeroBatch,
        ),
    ];
    for (cfg, err) in cases {
        assert_eq!(cfg.validate(), Err(err.clone()), "{cfg:?}");
        let id = cfg.voters.first().copied().unwrap_or(1);
        assert_eq!(Node::new(id, cfg, 0, 1).unwrap_err(), err);
        let text = err.to_string();
        assert!(!text.is_empty());
    }
}

/// A node outside the initial configuration is a spare (thesis 4.1): it runs, but its
/// election timer never starts a campaign, and it cannot be told to start one.
#[test]
fn a_spare_never_campaigns() {
    let mut spare = Node::new(4, config(3), 0, 1).unwrap();
    assert!(!spare.membership().is_voter(4));
    for t in [300, 600, 900, 1_200] {
        spare.handle_timeout(t);
        spare.start_election(t);
        assert_eq!(spare.role(), Role::Follower);
        assert_eq!(spare.term(), 0);
    }
    assert!(
        spare.take_ready().messages.is_empty(),
        "it asked nobody for a vote"
    );
}

/// The boundaries that are allowed: a fixed election timeout (min == max), a heartbeat just
/// under it, a batch of one, a single voter, arbitrary ids.
#[test]
fn validate_accepts_boundaries() {
    let cfg = Config {
        election_timeout_min: 10,
        election_timeout_max: 10,
        heartbeat_interval: 9,
        max_entries_per_append: 1,
        ..Config::new(vec![7, 1000, 3])
    };
    assert_eq!(cfg.validate(), Ok(()));
    let n = Node::new(1000, cfg, 5, 1).unwrap();
    assert_eq!(
        n.election_deadline(),
        Some(15),
        "a fixed timeout is exactly min"
    );
    assert_eq!(Config::new(vec![42]).validate(), Ok(()));
}

/// The error texts name the numbers involved, so a user can fix them.
#[test]
fn error_messages_name_the_values() {
    let s = ConfigError::ElectionRangeReversed { min: 300, max: 299 }.to_string();
    assert!(s.contains("300") && s.contains("299"), "{s}");
    let s = ConfigError::HeartbeatTooSlow {
        heartbeat: 400,
        election_min: 150,
    }
    .to_string();
    assert!(s.contains("400") && s.contains("150"), "{s}");
    assert!(ConfigError::DuplicateVoter(9).to_string().contains('9'));
    let _: &dyn std::error::Error = &ConfigError::NoVoters;
}

#[test]
fn bugs_any_reports_each_bug() {
    assert!(!Bugs::default().any());
    let each = [
        Bugs {
            vote_ignores_log: true,
            ..Bugs::default()
        },
        Bugs {
            commit_old_terms: true,
            ..Bugs::default()
        },
        Bugs {
            forget_vote: true,
            ..Bugs::default()
        },
        Bugs {
            no_jitter: true,
            ..Bugs::default()
        },
    ];
    for bugs in each {
        assert!(bugs.any(), "{bugs:?}");
    }
}
