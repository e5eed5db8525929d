//! History is exact: any past state rebuilt from checkpoints and replay equals the state that
//! was live at that point, stepping back then forward is the identity, and acting in the past
//! forks history there without touching what came before.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sim::{History, Input, SimConfig, Simulation, MICROS_PER_MS, PPM};

/// One thing done to a live history, drawn at random.
#[derive(Clone, Debug)]
enum Op {
    Steps(u8),
    Input(Input),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        (1u32..=5).prop_map(Input::Crash),
        (1u32..=5).prop_map(Input::Restart),
        (1u32..=5).prop_map(Input::Isolate),
        (1u32..=5).prop_map(Input::Rejoin),
        Just(Input::Heal),
        Just(Input::Partition(vec![vec![1, 2], vec![3, 4, 5]])),
        (0u32..=50).prop_map(|p| Input::Loss(p * PPM / 100)),
        (1u64..30).prop_map(|m| Input::Latency(m * MICROS_PER_MS, 2 * m * MICROS_PER_MS)),
        (1u32..=5).prop_map(Input::Timeout),
        (0u32..100).prop_map(|v| Input::Client(format!("set x {v}"))),
        any::<bool>().prop_map(Input::Timers),
        any::<bool>().prop_map(Input::PreVote),
        (60u64..300).prop_map(|m| Input::Timing {
            election_ms: (m, 2 * m),
            heartbeat_ms: m / 3
        }),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(
        prop_oneof![
            4 => (1u8..40).prop_map(Op::Steps),
            1 => input().prop_map(Op::Input),
        ],
        1..40,
    )
}

/// Runs `ops` on a fresh history, keeping a copy of the live state after every event.
fn record(seed: u64, ops: &[Op]) -> (History, Vec<Simulation>) {
    let start = Simulation::new(SimConfig::new(5, seed)).unwrap();
    // A tiny interval, so rebuilding crosses many checkpoints.
    let mut history = History::with_interval(start.clone(), 7);
    let mut states = vec![start];
    for op in ops {
        match op {
            Op::Steps(k) => {
                for _ in 0..*k {
                    if history.step().is_some() {
                        states.push(history.current().clone());
                    }
                }
            }
            Op::Input(input) => {
                history.apply(input.clone()).unwrap();
                states.push(history.current().clone());
            }
        }
    }
    (history, states)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_past_state_is_rebuilt_exactly(seed in 0u64..1000, ops in ops(), picks in prop::collection::vec(any::<prop::sample::Index>(), 1..12)) {
        let (mut history, states) = record(seed, &ops);
        prop_assert_eq!(history.len() as usize, states.len() - 1);
        prop_assert_eq!(history.end_time(), states.last().unwrap().now());
        for pick in picks {
            let k = pick.index(states.len());
            history.goto(k as u64);
            prop_assert_eq!(history.position(), k as u64);
            prop_assert!(history.current() == &states[k], "state after event {} differs", k);
        }
    }

    #[test]
    fn back_then_forward_is_the_identity(seed in 0u64..1000, ops in ops(), back in 1u64..60) {
        let (mut history, states) = record(seed, &ops);
        let end = history.position();
        let n = back.min(end);
        history.back(n);
        prop_assert!(history.current() == &states[(end - n) as usize]);
        for _ in 0..n {
            prop_assert!(history.step().is_some());
        }
        prop_assert_eq!(history.position(), end);
        prop_assert!(history.current() == &states[end as usize]);
    }

    #[test]
    fn seeking_to_a_time_lands_after_the_last_event_at_or_before_it(seed in 0u64..1000, ops in ops(), pick in any::<prop::sample::Index>()) {
        let (mut history, states) = record(seed, &ops);
        // Before the last recorded event every event up to `t` is recorded, so the expected
        // position is known. (Past it, seek goes on simulating new events, as it should.)
        let last = states.last().unwrap().now();
        prop_assume!(last > 0);
        let t = (pick.index(last as usize)) as u64;
        history.seek(t);
        let expected = states.iter().rposition(|s| s.frame_count() == 0 || frame_time(s) <= t).unwrap();
        prop_assert_eq!(history.position(), expected as u64, "seek to {} µs", t);
        prop_assert_eq!(history.current().now(), t.max(states[expected].now()));
    }

    #[test]
    fn acting_in_the_past_forks_and_keeps_the_past(seed in 0u64..1000, ops in ops(), pick in any::<prop::sample::Index>()) {
        let (mut history, states) = record(seed, &ops);
        let k = pick.index(states.len()) as u64;
        history.goto(k);
        history.apply(Input::Crash(1)).unwrap();
        prop_assert_eq!(history.len(), k + 1, "the old future is dropped");
        prop_assert!(history.at_end());
        for _ in 0..20 { history.step(); }
        history.goto(k);
        prop_assert!(history.current() == &states[k as usize], "the past before the fork changed");
    }
}

/// The time of the last event a state has seen: its clock, since states are copied right after
/// an event.
fn frame_time(s: &Simulation) -> u64 {
    s.now()
}

#[test]
fn an_hour_of_history_is_navigable() {
    let mut history = History::new(Simulation::new(SimConfig::new(5, 1)).unwrap());
    let hour = 3_600_000 * MICROS_PER_MS;
    let mut t = 0;
    while t < hour {
        t += 100 * MICROS_PER_MS;
        history.seek(t);
        history
            .apply(Input::Client(format!("set k{} {}", t % 7, t)))
            .unwrap();
    }
    let end = history.position();
    assert!(end > 500_000, "only {end} events in an hour");
    let live = history.current().clone();
    history.seek(hour / 2);
    assert!(history.current().now() == hour / 2);
    history.goto(end);
    assert!(history.current() == &live);
    assert!(history.current().violations().is_empty());
}

/// Checkpoints stay within their memory budget however many messages are in flight: past it
/// every other one is dropped and the interval doubles, and rebuilding stays exact.
#[test]
fn checkpoints_thin_out_within_their_budget_and_stay_exact() {
    let mut config = SimConfig::new(9, 4);
    // Ten seconds of latency: thousands of messages in flight, in every checkpoint.
    config.latency_ms = (10_000, 10_000);
    let start = Simulation::new(config).unwrap();
    let mut history = History::with_interval(start.clone(), 64);
    history.set_checkpoint_budget(4 << 20);
    let mut most = 0;
    while history.len() < 20_000 {
        history.step().unwrap();
        most = most.max(history.checkpoint_bytes());
    }
    assert!(history.current().in_flight().count() > 1_000);
    assert!(
        most <= (4 << 20) + history.current().approx_bytes(),
        "{most} bytes of checkpoints"
    );
    assert!(history.checkpoint_interval() > 64, "the interval doubled");
    assert!(history.checkpoint_count() >= 2);
    // Any past state is still exact: compare with a straight run from the start.
    for target in [19_999, 12_345, 3, 7_777] {
        history.goto(target);
        let mut reference = start.clone();
        while reference.frame_count() < target {
            reference.step().unwrap();
        }
        assert!(
            history.current() == &reference,
            "state after event {target}"
        );
    }
}
