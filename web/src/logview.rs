//! Every node's log side by side: one row per node, one column per index.

use sim::raft::{LogIndex, Membership, NodeId, Payload, Role, Term};
use yew::prelude::*;

use crate::i18n::{fill, strings, Lang};
use crate::model::Playground;
use crate::ui::{flag, with_class};

/// Columns shown at most; earlier indexes are summarised as "…".
const COLUMNS: u64 = 16;

#[derive(Clone, Debug, PartialEq)]
pub struct LogRow {
    pub id: NodeId,
    pub up: bool,
    pub leader: bool,
    /// (index, term, command, whether it is a configuration entry) of the entries shown.
    pub entries: Vec<(LogIndex, Term, String, bool)>,
    pub commit: LogIndex,
    pub last: LogIndex,
    /// The leader's nextIndex and matchIndex for this node, when it follows a live leader.
    pub next: Option<LogIndex>,
    pub matched: Option<LogIndex>,
    pub kv: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogSnapshot {
    pub rows: Vec<LogRow>,
    /// The first index shown.
    pub first: LogIndex,
    /// The last index shown.
    pub last: LogIndex,
    /// Entries involved in a safety violation, to highlight: (node, index).
    pub flagged: Vec<(NodeId, LogIndex)>,
}

/// A configuration entry as its tooltip says it: `configuration 1,2,3 → 3,4,5 · learners 6`.
fn config_text(lang: Lang, m: &Membership) -> String {
    let text = strings(lang);
    let list = crate::num::ids;
    let voters = if m.is_joint() {
        format!("{} → {}", list(m.outgoing()), list(m.voters()))
    } else {
        list(m.voters())
    };
    let mut out = fill(text.config_cmd, &[("v", voters)]);
    if !m.learners().is_empty() {
        out.push_str(&fill(text.config_learners, &[("l", list(m.learners()))]));
    }
    out
}

impl LogSnapshot {
    pub fn of(p: &Playground, lang: Lang) -> Self {
        let sim = p.sim();
        let leader = p.current_leader().and_then(|id| sim.node(id));
        let longest = (1..=sim.size() as NodeId)
            .filter_map(|id| sim.log(id))
            .map(|l| l.last_index())
            .max()
            .unwrap_or(0);
        let last = longest.max(1);
        let first = last.saturating_sub(COLUMNS - 1).max(1);
        let rows: Vec<LogRow> = (1..=sim.size() as NodeId)
            .map(|id| {
                let log = sim.log(id);
                let node = sim.node(id);
                let progress = leader.filter(|l| l.id() != id).and_then(|l| l.progress(id));
                LogRow {
                    id,
                    up: node.is_some(),
                    leader: node.is_some_and(|n| n.role() == Role::Leader),
                    entries: log
                        .map(|l| {
                            (first..=l.last_index().min(last))
                                .filter_map(|i| {
                                    l.get(i).map(|e| match &e.payload {
                                        // The whole configuration, where the log says only
                                        // "config".
                                        Payload::Config(m) => {
                                            (i, e.term, config_text(lang, m), true)
                                        }
                                        other => (i, e.term, other.text().to_string(), false),
                                    })
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    commit: node.map_or(0, |n| n.commit_index()),
                    last: log.map_or(0, |l| l.last_index()),
                    next: progress.map(|p| p.next_index),
                    matched: progress.map(|p| p.match_index),
                    kv: sim
                        .kv(id)
                        .map(|kv| {
                            kv.iter()
                                .map(|(k, v)| (k.to_string(), v.to_string()))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        let flagged = sim
            .violations()
            .iter()
            .flat_map(|v| v.nodes.iter().filter_map(move |n| v.index.map(|i| (*n, i))))
            .collect();
        LogSnapshot {
            rows,
            first,
            last,
            flagged,
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct LogProps {
    pub snapshot: LogSnapshot,
    pub lang: Lang,
}

/// The log table.
#[function_component]
pub fn LogView(props: &LogProps) -> Html {
    let s = &props.snapshot;
    let text = strings(props.lang);
    let columns: Vec<LogIndex> = (s.first..=s.last).collect();
    html! {
        <section class="logs" part="log" aria-label={text.log}>
            <h2>{ text.log }</h2>
            <div class="table-scroll">
            <table class="log-table">
                <thead>
                    <tr>
                        <th scope="col">{ text.node_column }</th>
                        if s.first > 1 { <th scope="col" class="more">{ "…" }</th> }
                        { for columns.iter().map(|i| html! { <th scope="col" class="index">{ i }</th> }) }
                        <th scope="col">{ text.kv_state }</th>
                    </tr>
                </thead>
                <tbody>
                    { for s.rows.iter().map(|row| {
                        let cells = columns.iter().map(|&i| {
                            let entry = row.entries.iter().find(|(idx, ..)| *idx == i);
                            let marks = html! {
                                <>
                                    if row.next == Some(i) { <span class="mark next" title={text.next_index}>{ "n" }</span> }
                                    if row.matched == Some(i) { <span class="mark match" title={text.match_index}>{ "m" }</span> }
                                </>
                            };
                            match entry {
                                Some((_, term, cmd, config)) => {
                                    let committed = i <= row.commit;
                                    let flagged = s.flagged.contains(&(row.id, i));
                                    let cell = html! {
                                        <td tabindex="0" title={format!("{} {i}: {cmd} ({} {term}){}", text.index, text.term,
                                                if committed { format!(", {}", text.commit) } else { String::new() })}>
                                            { term }{ marks }
                                        </td>
                                    };
                                    // Eight colours, one per term modulo 8.
                                    const TERM: [&str; 8] = ["t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7"];
                                    with_class(cell, &["entry", TERM[(term % 8) as usize], flag(committed, "committed"),
                                        flag(flagged, "flagged"), flag(*config, "config")])
                                }
                                None => html! { <td class="empty">{ marks }</td> },
                            }
                        });
                        with_class(html! {
                            <tr>
                                <th scope="row">{ row.id }{ if row.leader { " ★" } else { "" } }</th>
                                if s.first > 1 { <td class="more">{ "…" }</td> }
                                { for cells }
                                <td class="kv">{ row.kv.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(" ") }</td>
                            </tr>
                        }, &[flag(!row.up, "down"), flag(row.leader, "leader")])
                    }) }
                </tbody>
            </table>
            </div>
            // An entry's explanation, which tools.js puts here (see ui::learn).
            <div class="entry-slot"></div>
            <p class="log-key">
                <span class="entry committed sample">{ "2" }</span>{ " " }{ text.committed_entry }
                <span class="entry sample">{ "2" }</span>{ " " }{ text.uncommitted }
                <span class="mark next">{ "n" }</span>{ " " }{ text.next_index }
                <span class="mark match">{ "m" }</span>{ " " }{ text.match_index }
                // Always there: appearing with the first configuration entry, it would push the
                // panels below down while a run plays.
                <span class="entry config sample">{ "2" }</span>{ " " }{ text.config_entry }
            </p>
        </section>
    }
}
