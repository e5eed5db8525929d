//! Proposals committed per second by an in-memory 3-node cluster with no network delay.
//!
//! Each iteration proposes `batch` commands on the leader and delivers messages until none are
//! left; by then the leader has committed them all. Criterion reports elements (proposals) per
//! second, so the figure is committed proposals per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use raft::{Config, Envelope, Node, Payload, Role};

struct Cluster {
    nodes: Vec<Node>,
    in_flight: Vec<Envelope>,
    now: u64,
}

impl Cluster {
    fn new() -> Self {
        let voters = vec![1, 2, 3];
        let nodes = voters
            .iter()
            .map(|&id| Node::new(id, Config::new(voters.clone()), 0, u64::from(id)).unwrap())
            .collect();
        let mut cluster = Cluster {
            nodes,
            in_flight: Vec::new(),
            now: 0,
        };
        cluster.nodes[0].start_election(0);
        cluster.settle();
        assert_eq!(cluster.nodes[0].role(), Role::Leader);
        cluster
    }

    fn settle(&mut self) {
        loop {
            for node in &mut self.nodes {
                let ready = node.take_ready();
                self.in_flight.extend(ready.messages);
            }
            if self.in_flight.is_empty() {
                return;
            }
            for msg in std::mem::take(&mut self.in_flight) {
                let to = msg.to as usize - 1;
                self.nodes[to].step(self.now, msg);
            }
        }
    }

    fn round(&mut self, batch: usize, command: &Payload) {
        let before = self.nodes[0].commit_index();
        for _ in 0..batch {
            self.nodes[0].propose(self.now, command.clone()).unwrap();
        }
        self.settle();
        debug_assert_eq!(self.nodes[0].commit_index(), before + batch as u64);
        self.now += 1;
    }
}

fn proposals(c: &mut Criterion) {
    let mut group = c.benchmark_group("commit");
    let command = Payload::command("set x 1");
    for batch in [1usize, 64] {
        group.throughput(Throughput::Elements(batch as u64));
        group.bench_with_input(BenchmarkId::new("proposals", batch), &batch, |b, &batch| {
            let mut cluster = Cluster::new();
            b.iter(|| cluster.round(batch, &command));
        });
    }
    group.finish();
}

criterion_group!(benches, proposals);
criterion_main!(benches);
