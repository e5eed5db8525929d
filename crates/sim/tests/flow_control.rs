//! Replication is flow-controlled: a leader keeps at most one AppendEntries with entries in
//! flight per follower, so the messages in flight stay bounded by a small multiple of the
//! cluster size however long a follower lags. (Before the bound, every heartbeat to a lagging
//! follower started one more request/answer chain: with `batch=1`, 300 proposals and one
//! follower down, 22, 42, 62, ... 122 messages were in flight after 1 to 6 s.)
#![cfg(not(target_arch = "wasm32"))]

use sim::{Input, SimConfig, Simulation, MICROS_PER_MS};

/// Runs `nodes` nodes under steady client load for ten simulated minutes with one follower
/// down, then restarts it until it catches up; returns the most messages ever in flight, and the
/// events of the ten minutes.
fn lagging_follower(nodes: usize, batch: usize, seed: u64) -> (usize, u64, Simulation) {
    let mut config = SimConfig::new(nodes, seed);
    config.batch = batch;
    let mut sim = Simulation::new(config).unwrap();
    while sim.leader().is_none() {
        sim.step().unwrap();
    }
    let (leader, _) = sim.leader().unwrap();
    let down = if leader == 1 { 2 } else { 1 };
    sim.apply(Input::Crash(down)).unwrap();
    let minute = 60_000 * MICROS_PER_MS;
    let mut most = 0;
    let mut next_client = sim.now();
    let start_events = sim.frame_count();
    let end = sim.now() + 10 * minute;
    while sim.now() < end {
        if sim.now() >= next_client {
            // A command every 40 ms: with `batch=1` most of what one request per round trip
            // carries, so the follower that comes back has a long way to catch up.
            sim.apply(Input::Client(format!("set k {}", sim.frame_count())))
                .unwrap();
            next_client += 40 * MICROS_PER_MS;
        }
        let until = next_client.min(end);
        for _ in sim.run_until(until) {
            most = most.max(sim.in_flight().count());
        }
    }
    let events = sim.frame_count() - start_events;
    sim.apply(Input::Restart(down)).unwrap();
    // With `batch=1` one entry per round trip: minutes to catch up on ten minutes of load.
    let caught_up = sim.now() + 15 * minute;
    while sim.now() < caught_up {
        sim.step().unwrap();
        most = most.max(sim.in_flight().count());
        if let Some(leader) = sim.leader().and_then(|(l, _)| sim.node(l)) {
            let commit = leader.commit_index();
            if commit == leader.log().last_index()
                && sim.live_nodes().all(|n| n.commit_index() == commit)
            {
                break;
            }
        }
    }
    (most, events, sim)
}

#[test]
fn messages_in_flight_stay_bounded_while_a_follower_is_down_for_ten_minutes() {
    for (nodes, batch) in [(3, 1), (5, 1), (5, 64), (7, 8)] {
        let (most, events, sim) = lagging_follower(nodes, batch, 7);
        println!(
            "{nodes} nodes, batch {batch}: at most {most} messages in flight, {events} events \
             ({:.0} per simulated second)",
            events as f64 / 600.0
        );
        assert!(
            most <= 3 * nodes,
            "{nodes} nodes, batch {batch}: {most} messages in flight"
        );
        assert!(sim.violations().is_empty());
        // The follower that was down caught up with everything committed meanwhile.
        let (leader, _) = sim.leader().expect("a leader at the end");
        let commit = sim.node(leader).unwrap().commit_index();
        assert!(commit > 10_000, "load was applied: commit {commit}");
        assert!(
            sim.live_nodes().all(|n| n.commit_index() == commit),
            "every node caught up to {commit}"
        );
    }
}
