//! Which of the protocol's rules (see [`raft::Rule`]) an event of the simulation ran, node by
//! node: the rule of every event the nodes reported, and the two rules a node's other output
//! shows, applying committed entries and a leader's heartbeats.

use crate::cluster::{Frame, FrameKind, Simulation};
use raft::{Event, Message, NodeId, Rule};

/// One rule a node ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ran<'a> {
    /// The node.
    pub node: NodeId,
    /// The rule.
    pub rule: Rule,
    /// The event the node reported for it, with the values it compared; `None` for the rules
    /// shown by other output ([`Rule::Apply`], [`Rule::Heartbeat`]).
    pub event: Option<&'a Event>,
}

/// The rules `frame` ran, in the order the nodes reported them. `after` is the simulation
/// just after the frame (where a leader's heartbeats are on the wire).
pub fn ran<'a>(frame: &'a Frame, after: &Simulation) -> Vec<Ran<'a>> {
    let mut out: Vec<Ran<'a>> = Vec::new();
    for (node, event) in &frame.events {
        let previous = out.iter().rev().find(|r| r.node == *node).map(|r| r.rule);
        out.push(Ran {
            node: *node,
            rule: event.rule(previous),
            event: Some(event),
        });
    }
    let mut applied: Vec<NodeId> = frame.applied.iter().map(|(n, _, _)| *n).collect();
    applied.dedup();
    out.extend(applied.into_iter().map(|node| Ran {
        node,
        rule: Rule::Apply,
        event: None,
    }));
    if let FrameKind::Timer(node) = frame.kind {
        let heartbeat = after.in_flight().any(|m| {
            m.envelope.from == node
                && m.sent == frame.time
                && matches!(m.envelope.message, Message::AppendEntries { .. })
        });
        if heartbeat && frame.events.is_empty() {
            out.push(Ran {
                node,
                rule: Rule::Heartbeat,
                event: None,
            });
        }
    }
    out
}
