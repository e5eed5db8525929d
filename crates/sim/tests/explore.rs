//! Random fault schedules on five nodes: no safety violation, ever, and recovery once healed.
#![cfg(not(target_arch = "wasm32"))]

use sim::explore::{explore, Faults};

#[test]
fn random_faults_are_safe_and_the_cluster_recovers() {
    let seeds: u64 = std::env::var("EXPLORE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut failures = Vec::new();
    let mut applied = 0;
    for seed in 0..seeds {
        let outcome = explore(seed, 5, 2_000, Faults::ALL).expect("valid settings");
        applied += outcome.applied;
        if !outcome.passed() {
            failures.push(format!(
                "seed {seed}: {:?} {:?}",
                outcome.violations.first().map(|v| &v.message),
                outcome.stuck
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing seeds:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The load was real: on average several commands a run were applied everywhere.
    assert!(
        applied > seeds * 5,
        "only {applied} entries applied over {seeds} runs"
    );
}

/// The same schedules with a rule broken: the checker must notice, or the test above proves
/// nothing. (`commit-old-terms` needs Figure 8's exact schedule, which its scenario drives.)
#[test]
fn the_checker_catches_broken_rules_under_the_same_faults() {
    use sim::explore::explore_with_bugs;
    use sim::BugName as Bug;
    // forget-vote needs a node to vote, restart and vote again in one term while two
    // candidates compete: rare under random faults (about 1 seed in 150), so search.
    for bug in [Bug::VoteIgnoresLog, Bug::ForgetVote] {
        let caught = (0..3000).find(|&seed| {
            let outcome = explore_with_bugs(seed, 5, 2_000, Faults::ALL, &[bug]).unwrap();
            !outcome.violations.is_empty()
        });
        assert!(
            caught.is_some(),
            "{}: no violation in 3000 seeds",
            bug.name()
        );
    }
}

/// Membership changes among the faults (`--faults crash,partition,loss,latency,membership`):
/// whatever the schedule of adds, removes, learners, promotions and joint changes, no safety
/// property breaks. (Recovery after them is not asserted yet: a few seeds do not recover.)
#[test]
fn membership_faults_never_break_safety() {
    let faults = Faults {
        membership: true,
        ..Faults::ALL
    };
    for seed in 0..500 {
        let outcome = explore(seed, 5, 2_000, faults).expect("valid settings");
        assert!(
            outcome.violations.is_empty(),
            "seed {seed}: {:?}",
            outcome.violations
        );
    }
}
