//! The cluster drawn as a pure function of the simulation at one instant.

use sim::raft::{Message, NodeId, Role, Term, Time};
use sim::{Simulation, MICROS_PER_MS};
use yew::prelude::*;

/// What the picture needs to know about one node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub id: NodeId,
    pub role: Role,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    pub log_len: u64,
    pub commit: u64,
    /// Share of the election timer still to run, 0..=1; `None` while leading.
    pub timer_left: Option<f64>,
}

/// What the picture needs to know about one message.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub from: NodeId,
    pub to: NodeId,
    pub kind: &'static str,
    /// How far along its link, 0..=1.
    pub progress: f64,
}

/// Everything drawn for one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    pub time: Time,
    pub nodes: Vec<NodeView>,
    pub messages: Vec<MessageView>,
    pub leader: Option<(NodeId, Term)>,
}

impl Snapshot {
    /// The simulation as it stands at `time` (µs), which lies at or after its last event.
    pub fn of(sim: &Simulation, time: Time) -> Self {
        let nodes = (1..=sim.size() as NodeId)
            .filter_map(|id| sim.node(id))
            .map(|n| NodeView {
                id: n.id(),
                role: n.role(),
                term: n.term(),
                voted_for: n.voted_for(),
                log_len: n.log().last_index(),
                commit: n.commit_index(),
                timer_left: n.election_deadline().map(|deadline| {
                    let total = n.election_timeout().max(1) as f64;
                    (deadline.saturating_sub(time) as f64 / total).clamp(0.0, 1.0)
                }),
            })
            .collect();
        let messages = sim
            .in_flight()
            .map(|m| {
                let span = m.arrives.saturating_sub(m.sent).max(1) as f64;
                MessageView {
                    from: m.envelope.from,
                    to: m.envelope.to,
                    kind: message_class(&m.envelope.message),
                    progress: (time.saturating_sub(m.sent) as f64 / span).clamp(0.0, 1.0),
                }
            })
            .collect();
        Snapshot {
            time,
            nodes,
            messages,
            leader: sim.leader(),
        }
    }
}

fn message_class(message: &Message) -> &'static str {
    match message {
        Message::PreVote { .. } | Message::RequestVote { .. } => "vote-request",
        Message::PreVoteResponse { granted: true }
        | Message::RequestVoteResponse { granted: true } => "vote-granted",
        Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. } => "vote-refused",
        Message::AppendEntries { entries, .. } if entries.is_empty() => "heartbeat",
        Message::AppendEntries { .. } => "append",
        Message::AppendEntriesResponse(_) => "append-reply",
    }
}

const SIZE: f64 = 320.0;
const RING: f64 = 118.0;
const NODE_R: f64 = 26.0;

fn position(id: NodeId, count: usize) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2
        + (id as f64 - 1.0) * std::f64::consts::TAU / count.max(1) as f64;
    (
        SIZE / 2.0 + RING * angle.cos(),
        SIZE / 2.0 + RING * angle.sin(),
    )
}

/// Where a message's trip starts and ends: on the rims of the two nodes, so a message never
/// hides the label of the node it leaves or reaches.
fn link_ends(from: NodeId, to: NodeId, count: usize) -> ((f64, f64), (f64, f64)) {
    let (x1, y1) = position(from, count);
    let (x2, y2) = position(to, count);
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length * NODE_R, dy / length * NODE_R);
    ((x1 + ux, y1 + uy), (x2 - ux, y2 - uy))
}

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub snapshot: Snapshot,
}

/// The ring of servers, the messages between them, and a status line.
#[function_component]
pub fn ClusterView(props: &ClusterProps) -> Html {
    let s = &props.snapshot;
    let count = s.nodes.len();
    let status = match s.leader {
        Some((id, term)) => format!("Node {id} leads term {term}"),
        None => "No leader yet: an election is under way".to_string(),
    };
    let time_ms = s.time / MICROS_PER_MS;

    let messages = s.messages.iter().map(|m| {
        let ((x1, y1), (x2, y2)) = link_ends(m.from, m.to, count);
        let x = x1 + (x2 - x1) * m.progress;
        let y = y1 + (y2 - y1) * m.progress;
        html! { <circle class={classes!("msg", m.kind)} cx={fmt(x)} cy={fmt(y)} r="6" /> }
    });

    let nodes = s.nodes.iter().map(|n| {
        let (x, y) = position(n.id, count);
        let timer = n.timer_left.map(|left| {
            html! {
                <circle class="timer" cx={fmt(x)} cy={fmt(y)} r={fmt(NODE_R + 5.0)}
                    pathLength="1" stroke-dasharray={format!("{left:.3} 1")}
                    transform={format!("rotate(-90 {} {})", fmt(x), fmt(y))} />
            }
        });
        let role = n.role.name();
        html! {
            <g class={classes!("node", role)}>
                { for timer }
                <circle class="body" cx={fmt(x)} cy={fmt(y)} r={fmt(NODE_R)} />
                if n.role == Role::Leader {
                    <circle class="crown" cx={fmt(x)} cy={fmt(y)} r={fmt(NODE_R - 5.0)} />
                }
                <text x={fmt(x)} y={fmt(y - 3.0)} class="id">{ n.id }</text>
                <text x={fmt(x)} y={fmt(y + 12.0)} class="term">{ format!("T{}", n.term) }</text>
            </g>
        }
    });

    html! {
        <section class="cluster" aria-label="Cluster">
            <p class="status" data-testid="leader" aria-live="polite">{ status }</p>
            <svg viewBox={format!("0 0 {SIZE} {SIZE}")} role="img"
                aria-label={format!("{count} servers on a ring; {}", props.snapshot.leader.map_or("no leader".into(), |(id, t)| format!("node {id} leads term {t}")))}>
                { for nodes }
                { for messages }
            </svg>
            <p class="clock">{ format!("simulated time {time_ms} ms") }</p>
            <div class="table-scroll">
            <table class="nodes">
                <caption>{ "Servers" }</caption>
                <thead><tr>
                    <th scope="col">{ "Node" }</th><th scope="col">{ "Role" }</th>
                    <th scope="col">{ "Term" }</th><th scope="col">{ "Voted for" }</th>
                    <th scope="col">{ "Log" }</th><th scope="col">{ "Committed" }</th>
                </tr></thead>
                <tbody>
                    { for s.nodes.iter().map(|n| html! {
                        <tr class={n.role.name()}>
                            <th scope="row">{ n.id }</th>
                            <td>{ n.role.name() }</td>
                            <td>{ n.term }</td>
                            <td>{ n.voted_for.map_or("–".to_string(), |v| v.to_string()) }</td>
                            <td>{ n.log_len }</td>
                            <td>{ n.commit }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
            <ul class="legend" aria-label="Legend">
                <li><span class="swatch follower"></span>{ "follower" }</li>
                <li><span class="swatch candidate"></span>{ "candidate (dashed)" }</li>
                <li><span class="swatch leader"></span>{ "leader (inner ring)" }</li>
                <li><span class="dot vote-request"></span>{ "vote request" }</li>
                <li><span class="dot vote-granted"></span>{ "vote granted" }</li>
                <li><span class="dot vote-refused"></span>{ "vote refused" }</li>
                <li><span class="dot heartbeat"></span>{ "heartbeat / append" }</li>
            </ul>
        </section>
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}
