//! Random fault schedules: run a cluster through crashes, partitions, loss and latency changes
//! under client load, then heal everything and check that it recovers.

use raft::{NodeId, Role};

use crate::cluster::{Input, Simulation};
use crate::scenario::BugName;
use crate::{Rng, SimConfig, SimError, Violation, MICROS_PER_MS, PPM};

/// Which kinds of fault a schedule may contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Faults {
    /// Crash and restart nodes.
    pub crash: bool,
    /// Partition the network, isolate nodes, cut links.
    pub partition: bool,
    /// Random message loss.
    pub loss: bool,
    /// Latency changes.
    pub latency: bool,
    /// Membership changes: servers added (as voters or learners), promoted and removed, and
    /// joint consensus to a new set of voters. After healing, a server the leader's committed
    /// configuration leaves out is shut down, as an operator would.
    pub membership: bool,
}

impl Faults {
    /// Every kind of fault.
    pub const ALL: Faults = Faults {
        crash: true,
        partition: true,
        loss: true,
        latency: true,
        membership: true,
    };

    /// Parses a comma-separated list such as `crash,partition,loss,latency,membership`.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut faults = Faults {
            crash: false,
            partition: false,
            loss: false,
            latency: false,
            membership: false,
        };
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match name {
                "crash" => faults.crash = true,
                "partition" => faults.partition = true,
                "loss" => faults.loss = true,
                "latency" => faults.latency = true,
                "membership" => faults.membership = true,
                other => {
                    return Err(format!(
                        "unknown fault `{other}`: choose from crash, partition, loss, latency, \
                         membership"
                    ))
                }
            }
        }
        Ok(faults)
    }
}

/// The settings a seed runs with: the spec's defaults, with the protocol options drawn from
/// the seed (PreVote, CheckQuorum, the leader's no-op, the batch limit), so that exploring
/// covers every combination and a failing seed names the options that reproduce it.
pub fn seed_config(seed: u64, nodes: usize) -> SimConfig {
    let mut draw = Rng::new(seed ^ 0x0b71_0a5e_d0c0_ffee);
    let mut config = SimConfig::new(nodes, seed);
    config.pre_vote = draw.chance(50);
    config.check_quorum = draw.chance(50);
    config.noop = draw.chance(75);
    // Not 1: one entry per round trip is slower than the explorer's clients re-propose after
    // losing patience during long faults, and that storm of retries (not Raft) then keeps a
    // healed cluster from catching up within the recovery window.
    config.batch = draw.pick(&[2, 3, 8, 64]);
    config
}

/// The options of `config` as a scenario's `cluster` line would give them.
pub fn options_text(config: &SimConfig) -> String {
    let on = |b: bool| if b { "on" } else { "off" };
    format!(
        "prevote={} checkquorum={} noop={} batch={}",
        on(config.pre_vote),
        on(config.check_quorum),
        on(config.noop),
        config.batch
    )
}

/// How one seed's run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The seed.
    pub seed: u64,
    /// The settings it ran with ([`seed_config`]).
    pub config: SimConfig,
    /// Events processed, recovery included.
    pub events: u64,
    /// Safety violations found.
    pub violations: Vec<Violation>,
    /// Why the cluster did not recover after the faults healed, if it did not.
    pub stuck: Option<String>,
    /// Entries every node applied in the end.
    pub applied: u64,
}

impl Outcome {
    /// Whether the run was safe and recovered.
    pub fn passed(&self) -> bool {
        self.violations.is_empty() && self.stuck.is_none()
    }
}

/// Runs `events` events of random faults and client load on a cluster of `nodes`, then heals
/// it and waits (up to a minute of simulated time) for a leader and for every node to apply
/// the same entries.
pub fn explore(seed: u64, nodes: usize, events: u64, faults: Faults) -> Result<Outcome, SimError> {
    explore_with_bugs(seed, nodes, events, faults, &[])
}

/// [`explore`] with some of Raft's rules broken on purpose: the checker should catch them.
pub fn explore_with_bugs(
    seed: u64,
    nodes: usize,
    events: u64,
    faults: Faults,
    bugs: &[BugName],
) -> Result<Outcome, SimError> {
    let config = seed_config(seed, nodes);
    let mut sim = Simulation::new(config.clone())?;
    for bug in bugs {
        sim.apply(Input::Bug(*bug, true))?;
    }
    // The schedule has its own generator so that it does not shift the cluster's draws.
    let mut chaos = Rng::new(seed ^ 0x5eed_fa17_c0ff_ee00);
    let n = nodes as u64;
    let mut commands = 0u64;
    while sim.frame_count() < events {
        let roll = chaos.range_inclusive(0, 999);
        let input = match roll {
            0..=14 => {
                commands += 1;
                Some(Input::Client(format!("set k{} {commands}", commands % 7)))
            }
            15..=19 if faults.crash => {
                let id = chaos.range_inclusive(1, n) as NodeId;
                // Keep a majority up most of the time, so there is progress to check.
                let down = (1..=n as NodeId).filter(|&i| !sim.is_up(i)).count();
                Some(if sim.is_up(id) && down < nodes / 2 {
                    Input::Crash(id)
                } else {
                    Input::Restart(id)
                })
            }
            // A bounce: the process dies and is restarted at once, in the middle of whatever
            // it was doing (an election, say), as supervisors do.
            35..=39 if faults.crash => {
                let id = chaos.range_inclusive(1, n) as NodeId;
                if sim.is_up(id) {
                    sim.apply(Input::Crash(id))?;
                }
                Some(Input::Restart(id))
            }
            20..=22 if faults.partition => {
                let mut a = Vec::new();
                let mut b = Vec::new();
                for id in 1..=n as NodeId {
                    if chaos.range_inclusive(0, 1) == 0 {
                        a.push(id)
                    } else {
                        b.push(id)
                    }
                }
                Some(Input::Partition(vec![a, b]))
            }
            23..=24 if faults.partition => {
                Some(Input::Isolate(chaos.range_inclusive(1, n) as NodeId))
            }
            25..=29 if faults.partition => Some(Input::Heal),
            30..=32 if faults.loss => {
                let percent = chaos.range_inclusive(0, 30) as u32;
                Some(Input::Loss(percent * (PPM / 100)))
            }
            40..=44 if faults.membership => {
                let id = chaos.range_inclusive(1, n) as NodeId;
                let change = match chaos.range_inclusive(0, 4) {
                    0 => raft::Change::AddVoter(id),
                    1 => raft::Change::AddLearner(id),
                    2 => raft::Change::Promote(id),
                    3 => raft::Change::Remove(id),
                    _ => {
                        // A new set of voters, a majority of the cluster or fewer, never empty.
                        let mut voters: Vec<NodeId> = (1..=n as NodeId)
                            .filter(|_| chaos.range_inclusive(0, 1) == 0)
                            .collect();
                        if voters.is_empty() {
                            voters.push(id);
                        }
                        raft::Change::Joint(voters)
                    }
                };
                Some(Input::Change(change))
            }
            45..=46 if faults.membership => {
                Some(Input::Transfer(chaos.range_inclusive(1, n) as NodeId))
            }
            33..=34 if faults.latency => {
                let min = chaos.range_inclusive(1, 40);
                let max = min + chaos.range_inclusive(0, 60);
                Some(Input::Latency(min * MICROS_PER_MS, max * MICROS_PER_MS))
            }
            _ => None,
        };
        match input {
            Some(input) => {
                sim.apply(input)?;
            }
            None => {
                if sim.step().is_none() {
                    break;
                }
            }
        }
    }

    // Heal everything and let the cluster recover.
    for id in 1..=n as NodeId {
        if !sim.is_up(id) {
            sim.apply(Input::Restart(id))?;
        }
    }
    sim.apply(Input::Heal)?;
    sim.apply(Input::Loss(0))?;

    sim.apply(Input::Latency(10 * MICROS_PER_MS, 15 * MICROS_PER_MS))?;
    let deadline = sim.now() + 60_000 * MICROS_PER_MS;
    let (mut writes, mut next_write) = (0, sim.now());
    let stuck = loop {
        if faults.membership {
            decommission(&mut sim)?;
        }
        if let Some(done) = converged(&sim) {
            break (!done.0).then_some(done.1);
        }
        if sim.now() > deadline {
            break Some(describe_state(&sim));
        }
        // Writes keep coming after healing, one a second: each must get through, and with
        // `noop=off` a write of the new leader's term is what lets it commit the entries of
        // earlier terms (section 5.4.2).
        if sim.pending_clients() == 0 && sim.now() >= next_write {
            writes += 1;
            sim.apply(Input::Client(format!("set healed {writes}")))?;
            next_write = sim.now() + 1_000 * MICROS_PER_MS;
            continue;
        }
        if sim.step().is_none() {
            break Some("nothing left to happen".to_string());
        }
    };
    let applied = sim
        .live_nodes()
        .map(|n| n.last_applied())
        .min()
        .unwrap_or(0);
    Ok(Outcome {
        seed,
        config,
        events: sim.frame_count(),
        violations: sim.violations().to_vec(),
        stuck,
        applied,
    })
}

/// After membership faults, shuts down every server that a leader's committed configuration
/// leaves out (as an operator decommissions a removed server once its removal commits).
fn decommission(sim: &mut Simulation) -> Result<(), SimError> {
    let Some((id, _)) = sim.leader() else {
        return Ok(());
    };
    let Some(leader) = sim.node(id) else {
        return Ok(());
    };
    if leader.membership_index() > leader.commit_index() {
        return Ok(());
    }
    let members = leader.membership().clone();
    let out: Vec<NodeId> = sim
        .live_nodes()
        .map(|n| n.id())
        .filter(|id| !members.contains(*id))
        .collect();
    for id in out {
        sim.apply(Input::Crash(id))?;
    }
    Ok(())
}

/// `Some((true, _))` once a leader leads every member of its configuration, all clients are
/// served, and every member has applied everything the leader has and agrees on the
/// configuration; `Some((false, why))` if they applied different things.
fn converged(sim: &Simulation) -> Option<(bool, String)> {
    let (leader_id, term) = sim.leader()?;
    let leader = sim.node(leader_id)?;
    if sim.pending_clients() > 0 || leader.commit_index() < leader.log().last_index() {
        return None;
    }
    let members = leader.membership();
    let everyone = sim
        .live_nodes()
        .filter(|n| members.contains(n.id()))
        .all(|n| {
            n.term() == term
                && n.last_applied() == leader.commit_index()
                && n.membership() == members
        });
    if !everyone {
        return None;
    }
    let reference = sim.kv(leader_id)?;
    for node in sim.live_nodes().filter(|n| members.contains(n.id())) {
        let commit = leader.commit_index();
        let same_prefix = node.log().slice(1, commit) == leader.log().slice(1, commit);
        if sim.kv(node.id()) != Some(reference) || !same_prefix {
            return Some((
                false,
                format!(
                    "node {} applied a different state than leader {leader_id}",
                    node.id()
                ),
            ));
        }
    }
    Some((true, String::new()))
}

fn describe_state(sim: &Simulation) -> String {
    let nodes: Vec<String> = sim
        .live_nodes()
        .map(|n| {
            format!(
                "{}:{}@{} last={}/t{} commit={} applied={} config={}@{}",
                n.id(),
                match n.role() {
                    Role::Leader => "L",
                    Role::Candidate => "C",
                    Role::PreCandidate => "P",
                    Role::Follower => "F",
                },
                n.term(),
                n.log().last_index(),
                n.log().last_term(),
                n.commit_index(),
                n.last_applied(),
                n.membership().describe().trim_start_matches("config "),
                n.membership_index()
            )
        })
        .collect();
    format!(
        "no recovery within 60 s of simulated time after healing: {} ({} clients waiting)",
        nodes.join(", "),
        sim.pending_clients()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_draw_every_protocol_option() {
        let configs: Vec<SimConfig> = (0..200).map(|seed| seed_config(seed, 5)).collect();
        for (name, count) in [
            ("prevote", configs.iter().filter(|c| c.pre_vote).count()),
            (
                "checkquorum",
                configs.iter().filter(|c| c.check_quorum).count(),
            ),
            ("noop=off", configs.iter().filter(|c| !c.noop).count()),
            ("batch=2", configs.iter().filter(|c| c.batch == 2).count()),
            ("batch=64", configs.iter().filter(|c| c.batch == 64).count()),
        ] {
            assert!((20..=180).contains(&count), "{name}: {count} of 200");
        }
        let both = configs
            .iter()
            .filter(|c| c.pre_vote && c.check_quorum && !c.noop)
            .count();
        assert!(both > 0, "the options combine");
        assert_eq!(seed_config(7, 5), seed_config(7, 5));
        assert_eq!(
            options_text(&SimConfig::new(3, 0)),
            "prevote=off checkquorum=off noop=on batch=64"
        );
    }
}
