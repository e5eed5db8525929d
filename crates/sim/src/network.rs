//! Links between nodes: which are cut, how lossy and how slow the network is.
//!
//! A link can be down for three separate reasons, each its own layer, and a message crosses
//! only when no layer stops it:
//! - an explicit cut of that link (`cut` / `link`);
//! - either end isolated (`isolate` / `rejoin`);
//! - a partition that puts the two ends in different groups (`partition`).
//!
//! Undoing one layer leaves the others alone, as a learner expects: `rejoin 3` does not
//! reopen the links a partition closed, and a new `partition` does not reopen a link `cut`
//! closed. `heal` clears every layer.

use raft::{NodeId, Time};

/// Loss is kept in parts per million so every platform draws the same outcomes.
pub const PPM: u32 = 1_000_000;

/// Which layers stop messages on one directed link.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Blocked {
    /// The link itself was cut (`cut`).
    pub cut: bool,
    /// One of its ends is isolated (`isolate`).
    pub isolated: bool,
    /// A partition puts its ends in different groups.
    pub partition: bool,
}

impl Blocked {
    /// Whether any layer stops messages.
    pub fn any(self) -> bool {
        self.cut || self.isolated || self.partition
    }
}

/// A group number for a node that a partition leaves out of every group: it talks to nobody.
const NO_GROUP: u8 = u8::MAX;

/// The state of every directed link, plus loss and latency that apply to all of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    nodes: usize,
    /// `cut[from * nodes + to]`: the link from `from` to `to` was cut explicitly.
    cut: Vec<bool>,
    /// `isolated[node - 1]`.
    isolated: Vec<bool>,
    /// The group of each node while a partition is in force (`NO_GROUP`: in none).
    groups: Option<Vec<u8>>,
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
            isolated: vec![false; nodes],
            groups: None,
            loss_ppm: 0,
            latency,
        }
    }

    /// Makes room for nodes up to `nodes`, the new ones connected to everyone (and, while a
    /// partition is in force, in none of its groups).
    pub fn grow(&mut self, nodes: usize) {
        if nodes <= self.nodes {
            return;
        }
        let mut cut = vec![false; nodes * nodes];
        for from in 0..self.nodes {
            for to in 0..self.nodes {
                cut[from * nodes + to] = self.cut[from * self.nodes + to];
            }
        }
        self.cut = cut;
        self.isolated.resize(nodes, false);
        if let Some(groups) = &mut self.groups {
            groups.resize(nodes, NO_GROUP);
        }
        self.nodes = nodes;
    }

    fn index(&self, node: NodeId) -> Option<usize> {
        let i = (node as usize).checked_sub(1)?;
        (i < self.nodes).then_some(i)
    }

    fn slot(&self, from: NodeId, to: NodeId) -> Option<usize> {
        Some(self.index(from)? * self.nodes + self.index(to)?)
    }

    /// Which layers stop messages from `from` to `to`. Ids outside the cluster never connect.
    pub fn blocked(&self, from: NodeId, to: NodeId) -> Blocked {
        let (Some(f), Some(t), Some(i)) = (self.index(from), self.index(to), self.slot(from, to))
        else {
            return Blocked {
                cut: true,
                ..Blocked::default()
            };
        };
        Blocked {
            cut: self.cut[i],
            isolated: from != to && (self.isolated[f] || self.isolated[t]),
            partition: from != to
                && self
                    .groups
                    .as_ref()
                    .is_some_and(|g| g[f] == NO_GROUP || g[f] != g[t]),
        }
    }

    /// Whether messages from `from` to `to` are currently lost.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.blocked(from, to).any()
    }

    /// Cuts or restores the link from `from` to `to` (one way). Restoring it leaves an
    /// isolation or a partition that also stops it in force.
    pub fn set_cut(&mut self, from: NodeId, to: NodeId, cut: bool) {
        if let Some(i) = self.slot(from, to) {
            self.cut[i] = cut;
        }
    }

    /// Isolates `node` from every other node, or ends its isolation (links cut one by one, or
    /// by a partition, stay as they are).
    pub fn set_isolated(&mut self, node: NodeId, isolated: bool) {
        if let Some(i) = self.index(node) {
            self.isolated[i] = isolated;
        }
    }

    /// Whether `node` is isolated (`isolate`).
    pub fn is_isolated(&self, node: NodeId) -> bool {
        self.index(node).is_some_and(|i| self.isolated[i])
    }

    /// Only nodes in the same group can talk; a node in no group talks to nobody. Replaces
    /// any earlier partition.
    pub fn partition(&mut self, groups: &[Vec<NodeId>]) {
        let mut of = vec![NO_GROUP; self.nodes];
        for (g, group) in groups.iter().enumerate() {
            for &node in group {
                if let Some(i) = self.index(node) {
                    // More groups than a u8 holds cannot happen: a group has at least one of
                    // at most MAX_NODES nodes. Clamp anyway rather than wrap.
                    of[i] = g.min(usize::from(NO_GROUP) - 1) as u8;
                }
            }
        }
        self.groups = Some(of);
    }

    /// The partition in force, as the group of each node (index 0 is node 1; `None` for a
    /// node in no group), or `None` when there is no partition.
    pub fn partition_groups(&self) -> Option<Vec<Option<usize>>> {
        self.groups.as_ref().map(|g| {
            g.iter()
                .map(|&x| (x != NO_GROUP).then_some(usize::from(x)))
                .collect()
        })
    }

    /// Restores every link: clears the cuts, the isolations and the partition.
    pub fn heal(&mut self) {
        self.cut.iter_mut().for_each(|c| *c = false);
        self.isolated.iter_mut().for_each(|c| *c = false);
        self.groups = None;
    }

    /// The directed links currently down for any reason, as (from, to) pairs.
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
        assert!(net.is_isolated(2) && !net.is_isolated(1));
        net.set_cut(1, 3, true);
        assert!(net.is_cut(1, 3) && !net.is_cut(3, 1));
        net.set_isolated(2, false);
        assert_eq!(net.cut_links(), vec![(1, 3)]);
        // Ids outside the cluster never connect, and never panic.
        assert!(net.is_cut(0, 1) && net.is_cut(1, 6));
        net.set_cut(9, 1, false);
        net.set_isolated(0, true);
        net.partition(&[vec![0, 9, 1]]);
    }

    #[test]
    fn layers_are_undone_separately() {
        let mut net = Network::new(5, (10, 15));
        // A rejoin does not reopen what a partition closed.
        net.partition(&[vec![1, 2], vec![3, 4, 5]]);
        net.set_isolated(3, true);
        net.set_isolated(3, false);
        assert!(net.is_cut(1, 3) && net.is_cut(3, 1));
        assert!(!net.is_cut(3, 4));
        assert_eq!(
            net.blocked(1, 3),
            Blocked {
                partition: true,
                ..Blocked::default()
            }
        );
        // A new partition does not reopen a link that was cut.
        net.heal();
        net.set_cut(1, 2, true);
        net.partition(&[vec![1, 2, 3, 4, 5]]);
        assert!(net.is_cut(1, 2) && !net.is_cut(2, 1));
        // Restoring a cut link leaves the partition in force.
        net.partition(&[vec![1], vec![2, 3, 4, 5]]);
        net.set_cut(1, 2, false);
        assert!(net.is_cut(1, 2));
        // A node left out of every group talks to nobody.
        net.partition(&[vec![1, 2]]);
        assert!(net.is_cut(3, 4) && !net.is_cut(1, 2));
        assert_eq!(
            net.partition_groups(),
            Some(vec![Some(0), Some(0), None, None, None])
        );
        net.heal();
        assert!(net.cut_links().is_empty());
        assert_eq!(net.partition_groups(), None);
    }
}
