//! The cluster as a ring of servers with messages moving between them: a pure function of the
//! simulation at one instant (a message's position is `(t - sent) / (arrives - sent)` along
//! its link; an election timer's arc is `(deadline - t) / timeout`).

use std::rc::Rc;

use sim::raft::{Message, NodeId, Role, Term, Time};
use sim::{FrameKind, InFlight, LossCause, Simulation};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::model::Playground;
use crate::narrate::message_title;
use crate::num;
use crate::state::Action;
pub use crate::ui::node::Member;
use crate::ui::{flag, send, with_class};

/// What the picture needs to know about one node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub id: NodeId,
    /// `None` while crashed.
    pub role: Option<Role>,
    pub term: Term,
    pub voted_for: Option<NodeId>,
    /// Share of the election timer left, 0..=1; `None` while leading or down.
    pub timer_left: Option<f64>,
    /// 0..1 through the current heartbeat interval, while leading.
    pub heartbeat_phase: Option<f64>,
    /// Votes granted to it in its current campaign (itself included).
    pub votes: usize,
    pub isolated: bool,
    /// Its place in the configuration the page shows.
    pub member: Member,
    /// During joint consensus: whether it votes in C_old, and in C_new.
    pub joint: Option<(bool, bool)>,
}

/// What the picture needs to know about one message.
#[derive(Clone, Debug, PartialEq)]
pub struct MessageView {
    pub id: u64,
    pub from: NodeId,
    pub to: NodeId,
    /// A CSS class for its kind.
    pub kind: &'static str,
    /// Entries it carries (AppendEntries).
    pub entries: usize,
    /// How far along its link, 0..=1.
    pub progress: f64,
    /// Its tooltip: its kind in the visitor's language, its ends and its fields.
    pub title: Rc<str>,
}

/// Message tooltips already written, by message id. A message never changes in flight, so its
/// tooltip is written once rather than on every animation frame.
///
/// An id names one message only along one history: after going back, another future (a fork,
/// another run) may give it to a different message. So the cache is emptied whenever the view
/// moves back, and each entry also checks the message's ends and sending time.
#[derive(Debug, Default)]
pub struct Titles {
    lang: Option<Lang>,
    position: u64,
    /// By id, ascending (the order messages are sent in).
    by_id: Vec<(u64, Sent, Rc<str>)>,
}

/// A message's ends and sending time: what tells two messages with one id apart.
type Sent = (NodeId, NodeId, Time);

impl Titles {
    /// The titles of the messages in flight at `p`'s current event, in `lang`, written only for
    /// those not seen in the previous frame; the rest are forgotten.
    fn of<'a>(
        &mut self,
        lang: Lang,
        position: u64,
        in_flight: impl Iterator<Item = &'a InFlight>,
    ) -> Vec<Rc<str>> {
        if self.lang != Some(lang) || position < self.position {
            self.by_id.clear();
            self.lang = Some(lang);
        }
        self.position = position;
        let mut next = Vec::with_capacity(self.by_id.len());
        for m in in_flight {
            let (from, to) = (m.envelope.from, m.envelope.to);
            let sent = (from, to, m.sent);
            let known = self
                .by_id
                .binary_search_by_key(&m.id, |(id, _, _)| *id)
                .ok()
                .map(|i| &self.by_id[i])
                .filter(|(_, seen, _)| *seen == sent);
            let title = match known {
                Some((_, _, title)) => title.clone(),
                None => message_title(lang, m).into(),
            };
            next.push((m.id, sent, title));
        }
        let titles = next.iter().map(|(_, _, t)| t.clone()).collect();
        // Messages are in flight in the order they were sent, so ids ascend and `next` is
        // sorted for the next frame's binary search (were it not, a title is only rewritten).
        self.by_id = next;
        titles
    }
}

/// A message that was lost recently, drawn where it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct LossView {
    pub from: NodeId,
    pub to: NodeId,
    /// 0 just lost .. 1 about to disappear.
    pub age: f64,
    pub cause: &'static str,
}

/// Everything drawn for one instant.
#[derive(Clone, Debug, PartialEq)]
pub struct ClusterSnapshot {
    pub count: usize,
    pub nodes: Vec<NodeView>,
    pub messages: Vec<MessageView>,
    pub losses: Vec<LossView>,
    /// Links cut on purpose in at least one direction, as (low id, high id).
    pub cut: Vec<(NodeId, NodeId)>,
    /// Links down in at least one direction only because of a partition or an isolation.
    pub blocked: Vec<(NodeId, NodeId)>,
    pub selected: Option<NodeId>,
    pub leader: crate::model::Leadership,
    /// The configuration line under the status, when the cluster is not simply every node a
    /// voter.
    pub config: Option<String>,
    /// The run changes its membership somewhere (its header or an input), so the line keeps
    /// its place even while it has nothing to say.
    pub config_space: bool,
}

/// How long a lost message stays visible, in simulated µs...
const LOSS_SHOWN_US: Time = 20_000;
/// ...and among how many of the latest events.
const LOSS_SHOWN_EVENTS: usize = 8;

impl ClusterSnapshot {
    /// The playground as it stands at its view time, labelled in `lang`; `titles` keeps the
    /// message tooltips from one frame to the next.
    pub fn of(p: &Playground, lang: Lang, titles: &mut Titles) -> Self {
        let sim = p.sim();
        let t = p.view_time();
        let count = sim.size();
        let net = sim.network();
        let (membership, committed) = p.membership();
        let joint = membership.is_joint();
        let nodes = (1..=count as NodeId)
            .map(|id| {
                let mut view = node_view(sim, id, t);
                view.member = if membership.is_voter(id) {
                    Member::Voter
                } else if membership.contains(id) {
                    Member::Learner
                } else {
                    Member::Spare
                };
                view.joint = joint.then(|| {
                    (
                        membership.outgoing().contains(&id),
                        membership.voters().contains(&id),
                    )
                });
                view
            })
            .collect();
        let config = config_line(p, lang, &membership, committed);
        let titles = titles.of(lang, p.history().position(), sim.in_flight());
        let messages: Vec<MessageView> = sim
            .in_flight()
            .zip(titles)
            .map(|(m, title)| {
                let span = m.arrives.saturating_sub(m.sent).max(1) as f64;
                let entries = match &m.envelope.message {
                    Message::AppendEntries { entries, .. } => entries.len(),
                    _ => 0,
                };
                MessageView {
                    id: m.id,
                    from: m.envelope.from,
                    to: m.envelope.to,
                    kind: message_class(&m.envelope.message),
                    entries,
                    progress: (t.saturating_sub(m.sent) as f64 / span).clamp(0.0, 1.0),
                    title,
                }
            })
            .collect();
        // A loss is shown briefly: for a few ms of simulated time, and only among the last few
        // events (at a slow speed a few ms last long).
        let losses = p
            .recent()
            .take(LOSS_SHOWN_EVENTS)
            .take_while(|f| t.saturating_sub(f.time) < LOSS_SHOWN_US)
            .filter_map(|f| match &f.kind {
                FrameKind::Lose(m, cause) => Some(LossView {
                    from: m.envelope.from,
                    to: m.envelope.to,
                    age: t.saturating_sub(f.time) as f64 / LOSS_SHOWN_US as f64,
                    cause: match cause {
                        LossCause::Random => "random",
                        LossCause::LinkCut => "link-cut",
                        LossCause::ReceiverDown => "receiver-down",
                        LossCause::Dropped => "dropped",
                    },
                }),
                _ => None,
            })
            .collect();
        let n = count as NodeId;
        let pairs = || (1..=n).flat_map(|a| (a + 1..=n).map(move |b| (a, b)));
        let cut = pairs()
            .filter(|&(a, b)| net.blocked(a, b).cut || net.blocked(b, a).cut)
            .collect();
        let blocked = pairs()
            .filter(|&(a, b)| {
                let (x, y) = (net.blocked(a, b), net.blocked(b, a));
                !x.cut && !y.cut && (x.any() || y.any())
            })
            .collect();
        ClusterSnapshot {
            count,
            nodes,
            messages,
            losses,
            cut,
            blocked,
            selected: p.selected(),
            leader: p.leadership(),
            config_space: config.is_some()
                || sim.config().members.is_some()
                || p.history()
                    .inputs()
                    .any(|(_, _, i)| matches!(i, sim::Input::Change(_) | sim::Input::Transfer(_))),
            config,
        }
    }
}

/// What the configuration line says: the voters and learners, or during joint consensus both
/// sets of voters with their majorities and where the latest entry (or a campaign) stands in
/// each; `None` for the plain case of every node a voter.
fn config_line(
    p: &Playground,
    lang: Lang,
    m: &sim::raft::Membership,
    committed: bool,
) -> Option<String> {
    let sim = p.sim();
    let text = strings(lang);
    let list = crate::num::ids;
    let everyone = m.voters().len() == sim.size() && !m.is_joint() && m.learners().is_empty();
    if everyone && committed {
        return None;
    }
    let majority = |ids: &[NodeId]| (ids.len() / 2 + 1).to_string();
    let mut line = if m.is_joint() {
        fill(
            text.config_joint,
            &[
                ("o", list(m.outgoing())),
                ("a", majority(m.outgoing())),
                ("v", list(m.voters())),
                ("b", majority(m.voters())),
            ],
        )
    } else {
        fill(text.config_voters, &[("v", list(m.voters()))])
    };
    if !m.learners().is_empty() {
        line.push_str(&fill(text.config_learners, &[("l", list(m.learners()))]));
    }
    if !committed {
        line.push_str(text.config_pending);
    }
    if m.is_joint() {
        // Which majority each acknowledgement or vote counts toward, as the count of each.
        let count = |ids: &[NodeId], yes: &dyn Fn(NodeId) -> bool| {
            (
                ids.iter().filter(|&&id| yes(id)).count().to_string(),
                ids.len().to_string(),
            )
        };
        let tally = |template: &str, head: (&str, String), yes: &dyn Fn(NodeId) -> bool| {
            let (a, n) = count(m.outgoing(), yes);
            let (b, m2) = count(m.voters(), yes);
            fill(template, &[head, ("a", a), ("n", n), ("b", b), ("m", m2)])
        };
        let leader = p.current_leader().and_then(|id| sim.node(id));
        let candidate = sim
            .live_nodes()
            .filter(|n| n.role() == Role::Candidate)
            .max_by_key(|n| n.term());
        let detail = match (leader, candidate) {
            (Some(l), _) => {
                let last = l.log().last_index();
                let holds = |id: NodeId| {
                    id == l.id() || l.progress(id).is_some_and(|pr| pr.match_index >= last)
                };
                tally(text.config_acks, ("i", last.to_string()), &holds)
            }
            (None, Some(c)) => {
                let votes = c.votes();
                tally(text.config_votes, ("c", c.id().to_string()), &|id| {
                    votes.get(&id) == Some(&true)
                })
            }
            (None, None) => String::new(),
        };
        if !detail.is_empty() {
            line.push_str(". ");
            line.push_str(&detail);
        }
    }
    Some(line)
}

fn node_view(sim: &Simulation, id: NodeId, t: Time) -> NodeView {
    let isolated = sim.network().is_isolated(id);
    match sim.node(id) {
        Some(node) => {
            let timer_left = node.election_deadline().map(|deadline| {
                let total = node.election_timeout().max(1) as f64;
                (deadline.saturating_sub(t) as f64 / total).clamp(0.0, 1.0)
            });
            let heartbeat_phase = node.heartbeat_deadline().map(|deadline| {
                let interval = node.config().heartbeat_interval.max(1) as f64;
                (1.0 - deadline.saturating_sub(t) as f64 / interval).clamp(0.0, 1.0)
            });
            NodeView {
                id,
                role: Some(node.role()),
                term: node.term(),
                voted_for: node.voted_for(),
                timer_left,
                heartbeat_phase,
                votes: node.votes().values().filter(|g| **g).count(),
                isolated,
                member: Member::Voter,
                joint: None,
            }
        }
        None => {
            let saved = sim.saved_state(id);
            NodeView {
                id,
                role: None,
                term: saved.map_or(0, |s| s.current_term),
                voted_for: saved.and_then(|s| s.voted_for),
                timer_left: None,
                heartbeat_phase: None,
                votes: 0,
                isolated,
                member: Member::Voter,
                joint: None,
            }
        }
    }
}

/// A CSS class per message kind, shared with the legend.
pub fn message_class(message: &Message) -> &'static str {
    match message {
        Message::PreVote { .. } => "prevote",
        Message::RequestVote { .. } => "vote-request",
        Message::PreVoteResponse { granted: true }
        | Message::RequestVoteResponse { granted: true } => "vote-granted",
        Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. } => "vote-refused",
        Message::AppendEntries { entries, .. } if entries.is_empty() => "heartbeat",
        Message::AppendEntries { .. } => "append",
        Message::AppendEntriesResponse(sim::raft::AppendOutcome::Success { .. }) => "append-ok",
        Message::AppendEntriesResponse(_) => "append-conflict",
        Message::TimeoutNow => "timeout-now",
    }
}

/// The side of the square the cluster is drawn in (the SVG's viewBox is `0 0 400 400`).
const SIZE: f64 = 400.0;
const RING: f64 = 150.0;

fn node_radius(count: usize) -> f64 {
    match count {
        0..=5 => 34.0,
        6..=7 => 30.0,
        _ => 26.0,
    }
}

/// Where node `id` of `count` sits: node 1 at the top, then clockwise.
pub fn position(id: NodeId, count: usize) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2
        + (id as f64 - 1.0) * std::f64::consts::TAU / count.max(1) as f64;
    let (sin, cos) = num::sin_cos(angle);
    (SIZE / 2.0 + RING * cos, SIZE / 2.0 + RING * sin)
}

/// Where a message's trip starts and ends: on the rims of the two nodes, so a message never
/// hides the label of the node it leaves or reaches.
fn link_ends(from: NodeId, to: NodeId, count: usize) -> ((f64, f64), (f64, f64)) {
    let r = node_radius(count);
    let (x1, y1) = position(from, count);
    let (x2, y2) = position(to, count);
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length = (dx * dx + dy * dy).sqrt().max(1.0);
    let (ux, uy) = (dx / length * r, dy / length * r);
    ((x1 + ux, y1 + uy), (x2 - ux, y2 - uy))
}

fn f(v: f64) -> String {
    num::decimal(v, 1)
}

#[derive(Properties, PartialEq)]
struct LinksProps {
    count: usize,
    cut: Vec<(NodeId, NodeId)>,
    blocked: Vec<(NodeId, NodeId)>,
    lang: Lang,
    dispatch: Callback<Action>,
}

/// Every link of the ring, clickable to cut or restore. Its own component because links change
/// only when one is cut, while the rest of the picture changes every frame.
#[function_component]
fn Links(props: &LinksProps) -> Html {
    let text = strings(props.lang);
    let count = props.count;
    let links = (1..=count as NodeId)
        .flat_map(|a| (a + 1..=count as NodeId).map(move |b| (a, b)))
        .map(|(a, b)| {
            let ((x1, y1), (x2, y2)) = link_ends(a, b, count);
            let cut = props.cut.contains(&(a, b));
            let blocked = props.blocked.contains(&(a, b));
            let onclick = send(&props.dispatch, Action::ToggleLink(a, b));
            let label = fill(
                if cut {
                    text.restore_link
                } else {
                    text.cut_link
                },
                &[("a", a.to_string()), ("b", b.to_string())],
            );
            let (mx, my) = ((x1 + x2) / 2.0, (y1 + y2) / 2.0);
            let link = html! {
                <g {onclick}>
                    <title>{ label }</title>
                    <line class="hit" x1={f(x1)} y1={f(y1)} x2={f(x2)} y2={f(y2)} />
                    <line class="wire" x1={f(x1)} y1={f(y1)} x2={f(x2)} y2={f(y2)} />
                    if cut {
                        <text class="cut-mark" x={f(mx)} y={f(my + 5.0)}>{ "✂" }</text>
                    }
                </g>
            };
            with_class(link, &["link", flag(cut, "cut"), flag(blocked, "blocked")])
        });
    html! { <g class="links">{ for links }</g> }
}

#[derive(Properties, PartialEq)]
pub struct ClusterProps {
    pub snapshot: ClusterSnapshot,
    pub lang: Lang,
    /// Where a click sends its action: a node selected (or chosen with the keyboard), a link
    /// cut or restored, a message's fields shown.
    pub dispatch: Callback<Action>,
}

/// The ring of servers.
#[function_component]
pub fn ClusterView(props: &ClusterProps) -> Html {
    let s = &props.snapshot;
    let text = strings(props.lang);
    let count = s.count;
    let r = node_radius(count);

    let nodes = s.nodes.iter().map(|n| {
        let (x, y) = position(n.id, count);
        let role_class = n.role.map_or("down", |r| r.name());
        let role_label = match n.role {
            // A learner or a spare is always a follower: its place says more.
            Some(Role::Follower) if n.member == Member::Learner => text.learner,
            Some(Role::Follower) if n.member == Member::Spare => text.spare,
            Some(Role::Follower) => text.follower,
            Some(Role::PreCandidate) => text.precandidate,
            Some(Role::Candidate) => text.candidate,
            Some(Role::Leader) => text.leader,
            None => text.down,
        };
        let aria = format!(
            "{}: {}, {} {}{}",
            fill(text.node_label, &[("n", n.id.to_string())]), role_label, text.term, n.term,
            n.voted_for.map_or(String::new(), |v| format!(", {} {v}", text.voted_for))
        );
        let onclick = send(&props.dispatch, Action::ToggleSelect(n.id));
        let onkeydown = {
            let cb = props.dispatch.clone();
            let id = n.id;
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" {
                    e.prevent_default();
                    cb.emit(Action::ToggleSelect(id));
                }
            })
        };
        // A learner or a spare never campaigns: its election timer would mislead.
        let timer = n.timer_left.filter(|_| n.member == Member::Voter).map(|left| html! {
            <circle class="timer" cx={f(x)} cy={f(y)} r={f(r + 6.0)} pathLength="1"
                stroke-dasharray={format!("{} 1", num::decimal(left, 3))}
                transform={format!("rotate(-90 {} {})", f(x), f(y))} />
        });
        let pulse = n.heartbeat_phase.map(|phase| html! {
            <circle class="pulse" cx={f(x)} cy={f(y)} r={f(r + 4.0 + 14.0 * phase)}
                opacity={num::decimal((1.0 - phase) * 0.7, 2)} />
        });
        let votes = (n.role == Some(Role::Candidate) || n.role == Some(Role::PreCandidate)).then(|| {
            (0..n.votes).map(|i| {
                let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * 0.45;
                let (sin, cos) = num::sin_cos(angle);
                let (vx, vy) = (x + (r + 12.0) * cos, y + (r + 12.0) * sin);
                html! { <circle class="vote-dot" cx={f(vx)} cy={f(vy)} r="4" /> }
            }).collect::<Html>()
        });
        // The role sits outside the ring, away from its centre: below a node it would collide
        // with its neighbours' when nine share the ring, and meet the messages inside it.
        let (dx, dy) = (x - SIZE / 2.0, y - SIZE / 2.0);
        let d = (dx * dx + dy * dy).sqrt().max(1.0);
        let (ux, uy) = (dx / d, dy / d);
        let voted = n.voted_for.is_some() && n.role != Some(Role::Leader);
        // Past the configuration rings, when they are drawn.
        let out = r + if n.joint.is_some() { 18.0 } else { 10.0 };
        let (lx, mut ly) = (x + ux * out, y + uy * out + 4.0 + uy.max(0.0) * 8.0);
        if voted && uy < -0.3 {
            // Above the node, a second line would run into it: start a line higher.
            ly -= 15.0;
        }
        let anchor = if ux > 0.35 { "start" } else if ux < -0.35 { "end" } else { "middle" };
        let selected = s.selected == Some(n.id);
        let label = with_class(html! {
            <text x={f(lx)} y={f(ly)}>
                { role_label }
                // The vote on a line of its own: a label is narrow, so nine fit the ring.
                if let Some(v) = n.voted_for.filter(|_| voted) {
                    <tspan x={f(lx)} dy="1.15em">{ format!("✓{v}") }</tspan>
                }
            </text>
        }, &["role-label", anchor]);
        let node = html! {
            <g role="button" tabindex="0" aria-label={aria.clone()} aria-pressed={selected.to_string()}
                {onclick} {onkeydown}>
                <title>{ aria }</title>
                { for pulse }
                { for timer }
                // During joint consensus, each majority's voters carry its ring.
                if let Some((old, new)) = n.joint {
                    if old { <circle class="cfg old" cx={f(x)} cy={f(y)} r={f(r + 10.0)} /> }
                    if new { <circle class="cfg new" cx={f(x)} cy={f(y)} r={f(r + 14.0)} /> }
                }
                <circle class="body" cx={f(x)} cy={f(y)} r={f(r)} />
                if n.role == Some(Role::Leader) {
                    <circle class="crown" cx={f(x)} cy={f(y)} r={f(r - 6.0)} />
                }
                if n.role.is_none() {
                    <line class="down-x" x1={f(x - r * 0.5)} y1={f(y - r * 0.5)} x2={f(x + r * 0.5)} y2={f(y + r * 0.5)} />
                    <line class="down-x" x1={f(x + r * 0.5)} y1={f(y - r * 0.5)} x2={f(x - r * 0.5)} y2={f(y + r * 0.5)} />
                }
                { for votes }
                <text class="id" x={f(x)} y={f(y - 4.0)}>{ n.id }</text>
                <text class="term" x={f(x)} y={f(y + 11.0)}>{ fill(text.term_short, &[("t", n.term.to_string())]) }</text>
                { label }
            </g>
        };
        with_class(node, &["node", role_class, flag(selected, "selected"), flag(n.isolated, "isolated"),
            flag(n.member == Member::Learner, "learner"), flag(n.member == Member::Spare, "spare")])
    });

    let messages = s.messages.iter().map(|m| {
        let ((x1, y1), (x2, y2)) = link_ends(m.from, m.to, count);
        let x = x1 + (x2 - x1) * m.progress;
        let y = y1 + (y2 - y1) * m.progress;
        // Only the group's translation changes from frame to frame; its shapes sit at the
        // origin with fixed attributes, so a moving message costs one attribute update.
        // Clicks are handled once, on the group of all messages (see `on_messages`).
        let message = html! {
            <g key={m.id} data-id={m.id.to_string()}
                transform={format!("translate({} {})", f(x), f(y))}>
                <title>{ AttrValue::Rc(m.title.clone()) }</title>
                if m.kind.starts_with("vote") || m.kind == "prevote" {
                    <rect x="-6" y="-6" width="12" height="12" rx="2" transform="rotate(45)" />
                } else {
                    <circle r={if m.kind == "heartbeat" { "5" } else { "7" }} />
                }
                if m.entries > 0 {
                    <text class="count" y="3.5">{ m.entries }</text>
                }
            </g>
        };
        with_class(message, &["msg", m.kind])
    });

    let losses = s.losses.iter().map(|l| {
        let ((_, _), (x2, y2)) = link_ends(l.from, l.to, count);
        let ((x1, y1), _) = link_ends(l.from, l.to, count);
        // Drawn near the receiving end, where the message should have arrived.
        let (x, y) = (x1 + (x2 - x1) * 0.85, y1 + (y2 - y1) * 0.85);
        let lost = html! {
            <text x={f(x)} y={f(y + 5.0)} opacity={num::decimal(1.0 - l.age, 2)}>{ "✕" }</text>
        };
        with_class(lost, &["lost", l.cause])
    });

    // One handler for every message: the clicked one is the `.msg` around the click.
    let on_messages = {
        let cb = props.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            let id = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".msg").ok().flatten())
                .and_then(|g| g.get_attribute("data-id"))
                .and_then(|id| id.parse().ok());
            if let Some(id) = id {
                cb.emit(Action::ToggleInspect(id));
            }
        })
    };

    let status = match s.leader {
        crate::model::Leadership::Leader(id, term) => fill(
            text.leader_status,
            &[("n", id.to_string()), ("t", term.to_string())],
        ),
        crate::model::Leadership::Stale {
            node,
            term,
            highest,
        } if highest > term => fill(
            text.leader_stale,
            &[
                ("n", node.to_string()),
                ("t", term.to_string()),
                ("h", highest.to_string()),
            ],
        ),
        crate::model::Leadership::Stale { node, term, .. } => fill(
            text.leader_unconfirmed,
            &[("n", node.to_string()), ("t", term.to_string())],
        ),
        crate::model::Leadership::None => text.no_leader.to_string(),
    };

    html! {
        <figure class="cluster">
            <svg viewBox="-70 -36 540 472" role="group" aria-label={status.clone()}>
                <Links count={count} cut={s.cut.clone()} blocked={s.blocked.clone()} lang={props.lang} dispatch={props.dispatch.clone()} />
                <g class="nodes">{ for nodes }</g>
                // Messages are keyed by id, so one arriving moves no other; in a list of their
                // own, as a list mixing keyed and unkeyed children is diffed unkeyed (every
                // message after the one that left would be rewritten, or rebuilt).
                <g class="messages" onclick={on_messages}>{ for messages }</g>
                <g class="losses">{ for losses }</g>
            </svg>
            <figcaption class="status" data-testid="leader">{ status }</figcaption>
            if s.config_space {
                <p class="config-line" data-testid="config">{ s.config.clone().unwrap_or_default() }</p>
            }
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Settings;
    use sim::Input;

    fn titles_of(p: &Playground, lang: Lang, titles: &mut Titles) -> Vec<(u64, Rc<str>)> {
        ClusterSnapshot::of(p, lang, titles)
            .messages
            .into_iter()
            .map(|m| (m.id, m.title))
            .collect()
    }

    /// What a cache that starts empty writes: the truth to compare a long-lived one with.
    fn fresh_titles(p: &Playground, lang: Lang) -> Vec<(u64, String)> {
        titles_of(p, lang, &mut Titles::default())
            .into_iter()
            .map(|(id, t)| (id, t.to_string()))
            .collect()
    }

    fn same(a: &[(u64, Rc<str>)], b: &[(u64, String)]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|((i, t), (j, u))| i == j && **t == **u)
    }

    #[test]
    fn message_titles_are_written_once_and_never_go_stale() {
        let mut p = Playground::new(Settings::new(3)).unwrap();
        let mut titles = Titles::default();
        while p.sim().in_flight().count() < 3 {
            p.step();
        }
        let first = titles_of(&p, Lang::En, &mut titles);
        assert!(first[0].1.starts_with("RequestVote") || first[0].1.contains('→'));
        // The next frame at the same instant reuses every title.
        let again = titles_of(&p, Lang::En, &mut titles);
        assert!(first
            .iter()
            .zip(&again)
            .all(|(a, b)| Rc::ptr_eq(&a.1, &b.1)));
        // Another language writes them again.
        let zh = titles_of(&p, Lang::Zh, &mut titles);
        assert!(same(&zh, &fresh_titles(&p, Lang::Zh)));
        assert_ne!(zh[0].1, first[0].1);

        // Play on, go back, fork with another input, play on: every title is what a fresh
        // cache would write, at every step.
        for _ in 0..120 {
            p.step();
            assert!(same(
                &titles_of(&p, Lang::En, &mut titles),
                &fresh_titles(&p, Lang::En)
            ));
        }
        // Jumps between two frames (no frame drawn in between): back, fork, and on again to
        // where other messages now carry the ids the cache saw last.
        for _ in 0..60 {
            p.back();
        }
        p.act(Input::Loss(300_000)).unwrap();
        for _ in 0..59 {
            p.step();
        }
        assert!(same(
            &titles_of(&p, Lang::En, &mut titles),
            &fresh_titles(&p, Lang::En)
        ));
        for _ in 0..120 {
            p.step();
            assert!(same(
                &titles_of(&p, Lang::En, &mut titles),
                &fresh_titles(&p, Lang::En)
            ));
        }
        // A new run (ids start again) is no different.
        p = Playground::new(Settings::new(4)).unwrap();
        for _ in 0..80 {
            p.step();
            assert!(same(
                &titles_of(&p, Lang::En, &mut titles),
                &fresh_titles(&p, Lang::En)
            ));
        }
        // In send order, so the next frame finds them by binary search.
        assert!(titles.by_id.windows(2).all(|w| w[0].0 < w[1].0));
        // Titles of messages no longer in flight are forgotten.
        assert_eq!(titles.by_id.len(), p.sim().in_flight().count());
    }
}
