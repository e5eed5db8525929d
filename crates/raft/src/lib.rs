//! A Raft node as a pure, deterministic state machine: it never reads a clock, draws a random
//! number of its own, or performs I/O — every input (a message, a timer, a client request)
//! comes from the caller with the current time, and every output (messages to send, state to
//! persist, entries to apply, events to narrate) is handed back.
//!
//! It implements the Raft paper (Ongaro & Ousterhout, "In Search of an Understandable Consensus
//! Algorithm", extended version): leader election (5.2) with the up-to-date vote check (5.4.1),
//! log replication (5.3) with conflict hints that skip a whole term per round trip, commitment
//! of current-term entries only (5.4.2), the leader's no-op (8), and, as options, PreVote and
//! CheckQuorum (Ongaro's thesis, 9.6 and 6.2). From the thesis it adds membership changes
//! (chapter 4 and paper section 6: configurations as log entries in force once logged,
//! single-server changes one at a time, learners, joint consensus with both majorities, a
//! removed leader stepping down; [`Node::propose_change`] with a [`Change`]) and leadership
//! transfer (3.10: the target caught up, then `TimeoutNow`; [`Node::transfer_leadership`]). A
//! node that is outside its initial configuration ([`Config::voters`]) starts as a spare that
//! never campaigns. Rules can be broken on purpose with [`Bugs`] to show what each one
//! prevents.
//!
//! # Driving a node
//!
//! 1. Build each node with [`Node::new`] (or [`Node::restart`] from a saved
//!    [`PersistentState`] after a crash), giving it a [`Config`] and a seed for its election
//!    timeout jitter. Times are plain numbers in the unit of your choice ([`Time`]).
//! 2. Feed it inputs, each with the current time: [`Node::step`] for a message from a peer,
//!    [`Node::handle_timeout`] once [`Node::next_deadline`] has passed, [`Node::propose`] for a
//!    client command, [`Node::propose_change`] / [`Node::transfer_leadership`] for an operator's
//!    request, and optionally [`Node::start_election`] / [`Node::heartbeat`] to fire a timer
//!    early.
//! 3. After each input, call [`Node::take_ready`]. If [`Ready::persist`] is set, save
//!    [`Node::persistent`] first (a vote or log entry must be durable before anyone hears of it).
//! 4. Send every message in [`Ready::messages`] to its [`Envelope::to`]; the network may delay,
//!    reorder, duplicate or lose them.
//! 5. Apply [`Ready::committed`] to the state machine in order; show or log [`Ready::events`].
//! 6. Wait until the next message arrives or [`Node::next_deadline`] comes, and go to step 2.
//!
//! # Example
//!
//! Three nodes on a network with no delay elect a leader and commit a command:
//!
//! ```
//! use raft::{Config, Envelope, Node, Payload, Role};
//!
//! let voters = vec![1, 2, 3];
//! let mut nodes: Vec<Node> = voters
//!     .iter()
//!     .map(|&id| Node::new(id, Config::new(voters.clone()), 0, u64::from(id)).unwrap())
//!     .collect();
//! let mut network: Vec<Envelope> = Vec::new();
//! let mut applied: Vec<Vec<String>> = vec![Vec::new(); 3];
//! let mut now = 0;
//!
//! // Deliver messages until none are left, collecting what each node applies.
//! let mut settle = |nodes: &mut Vec<Node>, network: &mut Vec<Envelope>, now| {
//!     loop {
//!         for (i, node) in nodes.iter_mut().enumerate() {
//!             let ready = node.take_ready();
//!             // (A real server saves node.persistent() here when ready.persist is set.)
//!             network.extend(ready.messages);
//!             applied[i].extend(ready.committed.iter().map(|(_, e)| e.payload.text().to_string()));
//!         }
//!         if network.is_empty() {
//!             break;
//!         }
//!         for msg in std::mem::take(network) {
//!             nodes[msg.to as usize - 1].step(now, msg);
//!         }
//!     }
//! };
//!
//! // Let time pass until some node's election timer fires and the election completes.
//! while !nodes.iter().any(|n| n.role() == Role::Leader) {
//!     now = nodes.iter().filter_map(|n| n.next_deadline()).min().unwrap();
//!     for node in nodes.iter_mut() {
//!         node.handle_timeout(now);
//!     }
//!     settle(&mut nodes, &mut network, now);
//! }
//! let leader = nodes.iter().position(|n| n.role() == Role::Leader).unwrap();
//!
//! // The leader appends the command; one round of AppendEntries commits it.
//! let index = nodes[leader].propose(now, Payload::command("set x 1")).unwrap();
//! settle(&mut nodes, &mut network, now);
//! assert_eq!(nodes[leader].commit_index(), index);
//!
//! // Followers learn the new commit index with the next heartbeat.
//! now = nodes[leader].heartbeat_deadline().unwrap();
//! nodes[leader].handle_timeout(now);
//! settle(&mut nodes, &mut network, now);
//! for log in &applied {
//!     assert_eq!(log, &["noop", "set x 1"]);
//! }
//! ```
#![no_std]
#![deny(missing_docs)]
#![warn(rust_2018_idioms)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod chunked;
mod config;
mod event;
mod log;
mod message;
mod node;
mod rng;
pub mod rule;
mod types;
pub mod vec_map;

pub use config::{Bugs, Config, ConfigError};
pub use event::{CommitBy, Event, IgnoreReason, VoteRefusal};
pub use log::Log;
pub use message::{AppendOutcome, ConflictHint, Envelope, Message};
pub use node::{
    Change, ChangeRefusal, Node, PersistentState, Progress, ProposeError, Ready, TransferRefusal,
};
pub use rule::Rule;
pub use types::{Entry, LogIndex, Membership, NodeId, Payload, Role, Term, Time};
