//! Links between nodes: which are cut, how lossy and how slow the network is.

use raft::{NodeId, Time};

/// Loss is kept in parts per million so every platform draws the same outcomes.
pub const PPM: u32 = 1_000_000;

/// The state of every directed link, plus loss and latency that apply to all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    nodes: usize,
    /// `cut[from * nodes + to]`: messages from `from` to `to` are lost.
    cut: Vec<bool>,
    /// Probability that any one message is lost, in parts per million.
    pub loss_ppm: u32,
    /// One-way latency range in µs, both ends included.
    pub latency: (Time, Time),
}

impl Network {
    /// A fully connected network of `nodes` nodes with no loss.
    pub fn new(nodes: usize, latency: (Time, Time)) -> Self {
        Network {
            nodes,
            cut: vec![false; nodes * nodes],
            loss_ppm: 0,
            latency,
        }
    }

    fn slot(&self, from: NodeId, to: NodeId) -> Option<usize> {
        let (f, t) = (from as usize, to as usize);
        (f >= 1 && t >= 1 && f <= self.nodes && t <= self.nodes)
            .then(|| (f - 1) * self.nodes + (t - 1))
    }

    /// Whether messages from `from` to `to` are currently lost.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.slot(from, to).is_none_or(|i| self.cut[i])
    }

    /// Cuts or restores the link from `from` to `to` (one way).
    pub fn set_cut(&mut self, from: NodeId, to: NodeId, cut: bool) {
        if let Some(i) = self.slot(from, to) {
            self.cut[i] = cut;
        }
    }

    /// Cuts or restores every link to and from `node`.
    pub fn set_isolated(&mut self, node: NodeId, isolated: bool) {
        for other in 1..=self.nodes as NodeId {
            if other != node {
                self.set_cut(node, other, isolated);
                self.set_cut(other, node, isolated);
            }
        }
    }

    /// Only nodes in the same group can talk; a node in no group talks to nobody.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        let group_of = |n: NodeId| groups.iter().position(|g| g.contains(&n));
        for from in 1..=self.nodes as NodeId {
            for to in 1..=self.nodes as NodeId {
                if from != to {
                    let same = group_of(from).is_some() && group_of(from) == group_of(to);
                    self.set_cut(from, to, !same);
                }
            }
        }
    }

    /// Restores every link.
    pub fn heal(&mut self) {
        self.cut.iter_mut().for_each(|c| *c = false);
    }

    /// The directed links currently cut, as (from, to) pairs.
    pub fn cut_links(&self) -> Vec<(NodeId, NodeId)> {
        let n = self.nodes as NodeId;
        (1..=n)
            .flat_map(|f| (1..=n).map(move |t| (f, t)))
            .filter(|&(f, t)| f != t && self.is_cut(f, t))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_isolate_and_heal() {
        let mut net = Network::new(5, (10, 15));
        net.partition(&[vec![1, 2], vec![3, 4, 5]]);
        assert!(!net.is_cut(1, 2) && !net.is_cut(2, 1));
        assert!(net.is_cut(1, 3) && net.is_cut(5, 2));
        assert!(!net.is_cut(3, 5));
        net.heal();
        assert!(net.cut_links().is_empty());
        net.set_isolated(2, true);
        assert_eq!(net.cut_links().len(), 8);
        net.set_cut(1, 3, true);
        assert!(net.is_cut(1, 3) && !net.is_cut(3, 1));
        net.set_isolated(2, false);
        assert_eq!(net.cut_links(), vec![(1, 3)]);
        // Ids outside the cluster never connect, and never panic.
        assert!(net.is_cut(0, 1) && net.is_cut(1, 6));
        net.set_cut(9, 1, false);
    }
}
