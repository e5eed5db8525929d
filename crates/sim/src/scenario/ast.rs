//! The syntax tree of a scenario script (`docs/scenario-language.md`).
//!
//! Everything here has been validated by [`parse`](super::parse::parse): node ids are within
//! `1..=nodes`, ranges do not end before they start, percentages are at most 100%, and so on.
//! A runner can use the values as they are.
//!
//! Every type prints back as script text (`Display`), in a canonical spelling that parses to
//! the same value.

use std::fmt;

use raft::{NodeId, Role, Term};

// The defaults and limits are the simulator's (one home each, in `crate`); the language
// uses them as they are.
pub use crate::{
    DEFAULT_BATCH, DEFAULT_ELECTION_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_LATENCY_MS,
    LONGEST_MS as MAX_DURATION_MS, MAX_BATCH, MAX_NODES, MAX_TERM,
};
/// How long `run until` waits when no `within` is given, in ms.
pub const DEFAULT_WITHIN_MS: u64 = 10_000;

/// A place in the source: 1-based line, and 1-based column (in characters) of a token's start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, counted in characters (a tab counts as one).
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A value with the place its text starts.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    /// Where the value's first token starts.
    pub pos: Pos,
    /// The value.
    pub value: T,
}

impl<T: fmt::Display> fmt::Display for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

/// A whole script: the header, then the commands in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    /// The `cluster` line and the `log` preloads.
    pub header: Header,
    /// Every command after the header, in source order.
    pub commands: Vec<Spanned<Command>>,
}

impl fmt::Display for Script {
    /// The script in canonical form, one command a line, without comments.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.header)?;
        if let Some(title) = &self.header.title {
            writeln!(f, "title {}", title.value)?;
        }
        if let Some(title) = &self.header.title_zh {
            writeln!(f, "title zh: {}", title.value)?;
        }
        for log in &self.header.logs {
            writeln!(f, "{log}")?;
        }
        for command in &self.commands {
            writeln!(f, "{command}")?;
        }
        Ok(())
    }
}

/// The `cluster` line and the `log` lines that follow it. `None` means "the default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// Where the `cluster` command is.
    pub pos: Pos,
    /// How many nodes, ids `1..=nodes`; between 1 and [`MAX_NODES`].
    pub nodes: usize,
    /// `seed=S`.
    pub seed: Option<u64>,
    /// `election=MIN..MAX`: the election timeout range `[min, max)` in ms; `min >= 1`,
    /// `min <= max`, and the heartbeat interval (given or default) is below `min`.
    pub election_ms: Option<(u64, u64)>,
    /// `heartbeat=MS`: at least 1 and below the shortest election timeout.
    pub heartbeat_ms: Option<u64>,
    /// `latency=MIN..MAX`: one-way latency `[min, max]` in ms, `min <= max`.
    pub latency_ms: Option<(u64, u64)>,
    /// `prevote=on|off`.
    pub prevote: Option<bool>,
    /// `checkquorum=on|off`.
    pub checkquorum: Option<bool>,
    /// `noop=on|off`: whether a new leader appends a no-op entry.
    pub noop: Option<bool>,
    /// `batch=B`: the most entries in one AppendEntries, `1..=MAX_BATCH`.
    pub batch: Option<usize>,
    /// `members=1,2,3`: the initial configuration's voters, each a node of the cluster, none
    /// twice; the other nodes are spares.
    pub members: Option<Vec<NodeId>>,
    /// `log NODE ...` lines, in source order, at most one per node.
    pub logs: Vec<Spanned<LogPreload>>,
    /// `title TEXT`: the lesson's name.
    pub title: Option<Spanned<String>>,
    /// `title zh: TEXT`: its Chinese name.
    pub title_zh: Option<Spanned<String>>,
}

impl Header {
    /// A header for `nodes` nodes with every option at its default.
    pub fn new(nodes: usize) -> Self {
        Header {
            nodes,
            ..Header::default()
        }
    }
}

impl fmt::Display for Header {
    /// The `cluster` line alone (the `log` lines print on their own).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cluster {}", self.nodes)?;
        if let Some(seed) = self.seed {
            write!(f, " seed={seed}")?;
        }
        if let Some((min, max)) = self.election_ms {
            write!(f, " election={min}..{max}")?;
        }
        if let Some(ms) = self.heartbeat_ms {
            write!(f, " heartbeat={ms}")?;
        }
        if let Some((min, max)) = self.latency_ms {
            write!(f, " latency={min}..{max}")?;
        }
        for (key, value) in [
            ("prevote", self.prevote),
            ("checkquorum", self.checkquorum),
            ("noop", self.noop),
        ] {
            if let Some(on) = value {
                write!(f, " {key}={}", on_off(on))?;
            }
        }
        if let Some(batch) = self.batch {
            write!(f, " batch={batch}")?;
        }
        if let Some(members) = &self.members {
            write!(f, " members={}", config_text(&[], members))?;
        }
        Ok(())
    }
}

/// `log NODE T1,T2,... [term=T] [vote=N]`: a node's persistent state before the run starts
/// (every entry a `noop`).
///
/// The parser guarantees: terms are between 1 and [`MAX_TERM`] and never decrease, `term`,
/// when given, is at least the last entry's term, and a vote is only given in a term above 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogPreload {
    /// Whose log.
    pub node: NodeId,
    /// The terms of the entries, index 1 first; empty for `log NODE -`.
    pub terms: Vec<Term>,
    /// `term=T`: the node's currentTerm; `None` means the last entry's term (0 if none).
    pub term: Option<Term>,
    /// `vote=N`: whom the node voted for in that term (votedFor).
    pub vote: Option<NodeId>,
}

impl LogPreload {
    /// The currentTerm the node starts with: `term=T`, else the last entry's term, else 0.
    pub fn current_term(&self) -> Term {
        self.term
            .unwrap_or_else(|| self.terms.last().copied().unwrap_or(0))
    }
}

impl fmt::Display for LogPreload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "log {} {}", self.node, Terms(&self.terms))?;
        if let Some(term) = self.term {
            write!(f, " term={term}")?;
        }
        if let Some(vote) = self.vote {
            write!(f, " vote={vote}")?;
        }
        Ok(())
    }
}

/// Prints a list of terms as the script writes it: `1,1,2`, or `-` when empty.
struct Terms<'a>(&'a [Term]);

impl fmt::Display for Terms<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("-");
        }
        for (i, term) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

fn on_off(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// One end of a `deliver A->B` / `drop A->B`: a node, or `*` for any node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NodeSel {
    /// `*`: any node.
    Any,
    /// One node.
    Node(NodeId),
}

impl NodeSel {
    /// Whether `node` is selected.
    pub fn matches(self, node: NodeId) -> bool {
        match self {
            NodeSel::Any => true,
            NodeSel::Node(n) => n == node,
        }
    }
}

impl fmt::Display for NodeSel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NodeSel::Any => f.write_str("*"),
            NodeSel::Node(n) => write!(f, "{n}"),
        }
    }
}

/// A command for the replicated key-value map.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum KvCommand {
    /// `set KEY VALUE`.
    Set {
        /// The key (never empty, never contains `=`).
        key: String,
        /// The value (one token: never empty, no spaces, never `none`, which `expect kv`
        /// reads as "absent").
        value: String,
    },
    /// `del KEY`.
    Del {
        /// The key.
        key: String,
    },
}

impl KvCommand {
    /// The key the command touches.
    pub fn key(&self) -> &str {
        match self {
            KvCommand::Set { key, .. } | KvCommand::Del { key } => key,
        }
    }

    /// Parses the text `Display` gives (`set x 5`, `del x`), as stored in log entries.
    pub fn from_text(text: &str) -> Option<KvCommand> {
        let words: Vec<&str> = text.split_whitespace().collect();
        match words.as_slice() {
            ["set", key, value] if !key.contains('=') => Some(KvCommand::Set {
                key: (*key).to_owned(),
                value: (*value).to_owned(),
            }),
            ["del", key] if !key.contains('=') => Some(KvCommand::Del {
                key: (*key).to_owned(),
            }),
            _ => None,
        }
    }
}

impl fmt::Display for KvCommand {
    /// `set KEY VALUE` or `del KEY`: the text a log entry carries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KvCommand::Set { key, value } => write!(f, "set {key} {value}"),
            KvCommand::Del { key } => write!(f, "del {key}"),
        }
    }
}

/// A condition for `run until`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Condition {
    /// `leader`: some node leads and a majority, itself included, follows it in its term.
    Leader,
    /// `leader=N`: as `leader`, and the leader is N.
    LeaderIs(NodeId),
    /// `committed=I`: the leader's commit index is at least I.
    Committed(u64),
    /// `applied=I`: every live node has applied at least I.
    Applied(u64),
    /// `quiet`: nothing in flight.
    Quiet,
    /// `config=3,4,5` (or `config=1,2,3->3,4,5`): the leader's committed configuration has
    /// exactly these voters (sorted, no repeats).
    Config {
        /// The voters (of C_new, in a joint configuration).
        voters: Vec<NodeId>,
        /// C_old's voters in a joint configuration; empty otherwise.
        outgoing: Vec<NodeId>,
    },
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Leader => f.write_str("leader"),
            Condition::LeaderIs(n) => write!(f, "leader={n}"),
            Condition::Committed(i) => write!(f, "committed={i}"),
            Condition::Applied(i) => write!(f, "applied={i}"),
            Condition::Quiet => f.write_str("quiet"),
            Condition::Config { voters, outgoing } => {
                write!(f, "config={}", config_text(outgoing, voters))
            }
        }
    }
}

/// Declares a keyword enum with `ALL`, `name()`, `from_name()` and `Display`.
use crate::names::names;
pub use crate::names::{BugName, Property};

names! {
    /// The value of `expect NODE role=...`: a Raft role, or `down` for a crashed node.
    RoleName {
        /// `follower`.
        Follower = "follower",
        /// `candidate`.
        Candidate = "candidate",
        /// `precandidate`.
        PreCandidate = "precandidate",
        /// `leader`.
        Leader = "leader",
        /// `down`: the node is crashed.
        Down = "down",
    }
}

impl RoleName {
    /// The Raft role, or `None` for `down`.
    pub fn role(self) -> Option<Role> {
        match self {
            RoleName::Follower => Some(Role::Follower),
            RoleName::Candidate => Some(Role::Candidate),
            RoleName::PreCandidate => Some(Role::PreCandidate),
            RoleName::Leader => Some(Role::Leader),
            RoleName::Down => None,
        }
    }
}

impl From<Role> for RoleName {
    fn from(role: Role) -> Self {
        match role {
            Role::Follower => RoleName::Follower,
            Role::PreCandidate => RoleName::PreCandidate,
            Role::Candidate => RoleName::Candidate,
            Role::Leader => RoleName::Leader,
        }
    }
}

/// One `key=value` of `expect NODE key=value ...`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum NodeCheck {
    /// `role=follower|candidate|precandidate|leader|down`.
    Role(RoleName),
    /// `term=T`.
    Term(Term),
    /// `vote=N|none`: whom the node voted for in its current term.
    Vote(Option<NodeId>),
    /// `leader=N|none`: whom the node follows.
    Leader(Option<NodeId>),
    /// `commit=I`: the commit index.
    Commit(u64),
    /// `applied=I`: the last applied index.
    Applied(u64),
    /// `last=I`: the last log index.
    Last(u64),
    /// `log=T1,T2,...` / `log=-`: the terms of the entries (each at least 1).
    Log(Vec<Term>),
    /// `config=1,2,3` / `config=1,2,3->3,4,5`: the voters of the node's latest configuration
    /// (C_old, then C_new, during joint consensus).
    Config {
        /// The voters (of C_new).
        voters: Vec<NodeId>,
        /// The voters of C_old during joint consensus; empty otherwise.
        outgoing: Vec<NodeId>,
    },
    /// `member=voter|learner|none`: the node's place in its own latest configuration.
    Member(MemberKind),
}

/// A configuration's voters as `config=` writes them: `1,2,3`, or `1,2,3->3,4,5` (C_old,
/// then C_new) during joint consensus.
pub fn config_text(outgoing: &[NodeId], voters: &[NodeId]) -> String {
    let list = |l: &[NodeId]| {
        l.iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    if outgoing.is_empty() {
        list(voters)
    } else {
        format!("{}->{}", list(outgoing), list(voters))
    }
}

/// A node's place in a configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberKind {
    /// It votes (in either half of a joint configuration).
    Voter,
    /// It receives the log but does not vote.
    Learner,
    /// It is not in the configuration.
    None,
}

impl MemberKind {
    /// Every kind, as scripts spell them.
    pub const ALL: [MemberKind; 3] = [MemberKind::Voter, MemberKind::Learner, MemberKind::None];

    /// As the script spells it.
    pub fn name(self) -> &'static str {
        match self {
            MemberKind::Voter => "voter",
            MemberKind::Learner => "learner",
            MemberKind::None => "none",
        }
    }

    /// `id`'s place in `m`.
    pub fn of(m: &raft::Membership, id: NodeId) -> Self {
        if m.is_voter(id) {
            MemberKind::Voter
        } else if m.contains(id) {
            MemberKind::Learner
        } else {
            MemberKind::None
        }
    }
}

impl NodeCheck {
    /// Every key, in the spec's order.
    pub const KEYS: &'static [&'static str] = &[
        "role", "term", "vote", "leader", "commit", "applied", "last", "log", "config", "member",
    ];

    /// The key as the script spells it (`role`, `term`, ...).
    pub fn key(&self) -> &'static str {
        match self {
            NodeCheck::Role(_) => "role",
            NodeCheck::Term(_) => "term",
            NodeCheck::Vote(_) => "vote",
            NodeCheck::Leader(_) => "leader",
            NodeCheck::Commit(_) => "commit",
            NodeCheck::Applied(_) => "applied",
            NodeCheck::Last(_) => "last",
            NodeCheck::Log(_) => "log",
            NodeCheck::Config { .. } => "config",
            NodeCheck::Member(_) => "member",
        }
    }
}

struct OrNone(Option<NodeId>);

impl fmt::Display for OrNone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(n) => write!(f, "{n}"),
            None => f.write_str("none"),
        }
    }
}

impl fmt::Display for NodeCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}=", self.key())?;
        match self {
            NodeCheck::Role(role) => write!(f, "{role}"),
            NodeCheck::Term(v)
            | NodeCheck::Commit(v)
            | NodeCheck::Applied(v)
            | NodeCheck::Last(v) => write!(f, "{v}"),
            NodeCheck::Vote(n) | NodeCheck::Leader(n) => write!(f, "{}", OrNone(*n)),
            NodeCheck::Log(terms) => write!(f, "{}", Terms(terms)),
            NodeCheck::Config { voters, outgoing } => f.write_str(&config_text(outgoing, voters)),
            NodeCheck::Member(kind) => f.write_str(kind.name()),
        }
    }
}

/// One command after the header. Durations are in ms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// `run DURATION`: advance virtual time by this many ms.
    Run(u64),
    /// `run until COND [within DURATION]`.
    RunUntil {
        /// What to wait for.
        cond: Condition,
        /// The limit in ms ([`DEFAULT_WITHIN_MS`] when not given).
        within_ms: u64,
    },
    /// `step [K]`: process the next K events (K >= 1, default 1).
    Step(u64),
    /// `timers on` (true) / `timers off` (false).
    Timers(bool),
    /// `prevote on|off`: switch PreVote on every node from now on.
    PreVote(bool),
    /// `checkquorum on|off`: switch CheckQuorum (and its lease) on every node from now on.
    CheckQuorum(bool),
    /// `timeout NODE`.
    Timeout(NodeId),
    /// `heartbeat NODE`.
    Heartbeat(NodeId),
    /// `settle`.
    Settle,
    /// `deliver A->B`. Never the same node on both ends.
    Deliver {
        /// The sender.
        from: NodeSel,
        /// The receiver.
        to: NodeSel,
    },
    /// `drop A->B`. Never the same node on both ends.
    Drop {
        /// The sender.
        from: NodeSel,
        /// The receiver.
        to: NodeSel,
    },
    /// `duplicate A->B`. Never the same node on both ends.
    Duplicate {
        /// The sender.
        from: NodeSel,
        /// The receiver.
        to: NodeSel,
    },
    /// `propose NODE CMD`.
    Propose {
        /// The node the client asks.
        node: NodeId,
        /// What it asks for.
        cmd: KvCommand,
    },
    /// `client CMD`.
    Client(KvCommand),
    /// `transfer NODE`: the leader hands leadership to NODE (thesis 3.10).
    Transfer(NodeId),
    /// `add NODE`, `add NODE learner`, `promote NODE`, `remove NODE`, `reconfig 3,4,5`: the
    /// leader changes the configuration.
    Change(raft::Change),
    /// `crash NODE`.
    Crash(NodeId),
    /// `restart NODE`.
    Restart(NodeId),
    /// `isolate NODE`.
    Isolate(NodeId),
    /// `rejoin NODE`.
    Rejoin(NodeId),
    /// `partition 1,2 | 3,4,5`: non-empty groups, no node twice. A node in no group talks to
    /// nobody.
    Partition(Vec<Vec<NodeId>>),
    /// `heal`.
    Heal,
    /// `cut A-B` (both) / `cut A->B` (one way, A to B). `a != b`.
    Cut {
        /// One end (the sender when one way).
        a: NodeId,
        /// The other end (the receiver when one way).
        b: NodeId,
        /// Both directions.
        both: bool,
    },
    /// `link A-B` (both) / `link A->B` (one way, an addition to the spec). `a != b`.
    Link {
        /// One end (the sender when one way).
        a: NodeId,
        /// The other end (the receiver when one way).
        b: NodeId,
        /// Both directions.
        both: bool,
    },
    /// `loss P%`: P in per-mille (`loss 12.5%` is 125), `0..=1000`.
    Loss {
        /// The probability of losing a message, in thousandths.
        permille: u32,
    },
    /// `latency MIN..MAX` in ms, `min <= max`.
    Latency {
        /// The shortest one-way latency.
        min_ms: u64,
        /// The longest one-way latency.
        max_ms: u64,
    },
    /// `bug NAME on|off`.
    Bug {
        /// Which rule.
        bug: BugName,
        /// On or off.
        on: bool,
    },
    /// `expect NODE key=value ...`: at least one check, no key twice.
    ExpectNode {
        /// The node checked.
        node: NodeId,
        /// The checks, in source order.
        checks: Vec<Spanned<NodeCheck>>,
    },
    /// `expect leader=N` (`Some`) / `expect leader=none` (`None`).
    ExpectLeader(Option<NodeId>),
    /// `expect kv NODE KEY=VALUE` / `expect kv NODE KEY=none` (`value: None`).
    ExpectKv {
        /// Whose applied map.
        node: NodeId,
        /// The key.
        key: String,
        /// The value wanted, or `None` for "absent".
        value: Option<String>,
    },
    /// `expect safe`.
    ExpectSafe,
    /// `expect violation NAME`.
    ExpectViolation(Property),
    /// `expect in-flight<=N`: at most N messages are in flight.
    ExpectInFlight(u64),
    /// `dump`.
    Dump,
    /// `say TEXT`, and the `say zh: TEXT` after it: a caption at this point of the script.
    Say(Caption),
}

/// A caption of a guided lesson: what the reader is told at this point, in English and, if
/// the script gives it, in Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Caption {
    /// `say TEXT`.
    pub en: String,
    /// `say zh: TEXT`, on the line after it.
    pub zh: Option<String>,
}

impl Command {
    /// Every command word after the header, for completion and suggestions.
    pub const WORDS: &'static [&'static str] = &[
        "run",
        "step",
        "timers",
        "prevote",
        "checkquorum",
        "timeout",
        "heartbeat",
        "settle",
        "deliver",
        "drop",
        "duplicate",
        "propose",
        "client",
        "add",
        "promote",
        "remove",
        "reconfig",
        "transfer",
        "crash",
        "restart",
        "isolate",
        "rejoin",
        "partition",
        "heal",
        "cut",
        "link",
        "loss",
        "latency",
        "bug",
        "expect",
        "dump",
        "say",
    ];

    /// The command's first word (`run`, `expect`, ...).
    pub fn word(&self) -> &'static str {
        match self {
            Command::Run(_) | Command::RunUntil { .. } => "run",
            Command::Step(_) => "step",
            Command::Timers(_) => "timers",
            Command::PreVote(_) => "prevote",
            Command::CheckQuorum(_) => "checkquorum",
            Command::Timeout(_) => "timeout",
            Command::Heartbeat(_) => "heartbeat",
            Command::Settle => "settle",
            Command::Deliver { .. } => "deliver",
            Command::Drop { .. } => "drop",
            Command::Duplicate { .. } => "duplicate",
            Command::Propose { .. } => "propose",
            Command::Client(_) => "client",
            Command::Transfer(_) => "transfer",
            Command::Change(c) => match c {
                raft::Change::AddVoter(_) | raft::Change::AddLearner(_) => "add",
                raft::Change::Promote(_) => "promote",
                raft::Change::Remove(_) => "remove",
                raft::Change::Joint(_) => "reconfig",
            },
            Command::Crash(_) => "crash",
            Command::Restart(_) => "restart",
            Command::Isolate(_) => "isolate",
            Command::Rejoin(_) => "rejoin",
            Command::Partition(_) => "partition",
            Command::Heal => "heal",
            Command::Cut { .. } => "cut",
            Command::Link { .. } => "link",
            Command::Loss { .. } => "loss",
            Command::Latency { .. } => "latency",
            Command::Bug { .. } => "bug",
            Command::ExpectNode { .. }
            | Command::ExpectLeader(_)
            | Command::ExpectKv { .. }
            | Command::ExpectSafe
            | Command::ExpectViolation(_)
            | Command::ExpectInFlight(_) => "expect",
            Command::Dump => "dump",
            Command::Say(_) => "say",
        }
    }

    /// Whether this is an assertion (the playground shows each as a checkpoint).
    pub fn is_expect(&self) -> bool {
        self.word() == "expect"
    }
}

impl fmt::Display for Command {
    /// The command as canonical script text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = self.word();
        match self {
            Command::Run(ms) => write!(f, "run {ms}ms"),
            Command::RunUntil { cond, within_ms } => {
                write!(f, "run until {cond}")?;
                if *within_ms != DEFAULT_WITHIN_MS {
                    write!(f, " within {within_ms}ms")?;
                }
                Ok(())
            }
            Command::Step(k) => write!(f, "step {k}"),
            Command::Timers(on) | Command::PreVote(on) | Command::CheckQuorum(on) => {
                write!(f, "{word} {}", on_off(*on))
            }
            Command::Timeout(n)
            | Command::Heartbeat(n)
            | Command::Crash(n)
            | Command::Restart(n)
            | Command::Isolate(n)
            | Command::Transfer(n)
            | Command::Rejoin(n) => write!(f, "{word} {n}"),
            Command::Settle | Command::Heal | Command::Dump => f.write_str(word),
            Command::Say(Caption { en, zh }) => {
                write!(f, "say {en}")?;
                match zh {
                    Some(zh) => write!(f, "\nsay zh: {zh}"),
                    None => Ok(()),
                }
            }
            Command::Change(c) => match c {
                raft::Change::AddVoter(n) | raft::Change::Promote(n) | raft::Change::Remove(n) => {
                    write!(f, "{word} {n}")
                }
                raft::Change::AddLearner(n) => write!(f, "add {n} learner"),
                raft::Change::Joint(voters) => {
                    f.write_str("reconfig ")?;
                    for (i, n) in voters.iter().enumerate() {
                        write!(f, "{}{n}", if i == 0 { "" } else { "," })?;
                    }
                    Ok(())
                }
            },
            Command::Deliver { from, to }
            | Command::Drop { from, to }
            | Command::Duplicate { from, to } => {
                write!(f, "{word} {from}->{to}")
            }
            Command::Propose { node, cmd } => write!(f, "propose {node} {cmd}"),
            Command::Client(cmd) => write!(f, "client {cmd}"),
            Command::Partition(groups) => {
                f.write_str("partition")?;
                for (i, group) in groups.iter().enumerate() {
                    f.write_str(if i == 0 { " " } else { " | " })?;
                    for (j, n) in group.iter().enumerate() {
                        if j > 0 {
                            f.write_str(",")?;
                        }
                        write!(f, "{n}")?;
                    }
                }
                Ok(())
            }
            Command::Cut { a, b, both } | Command::Link { a, b, both } => {
                write!(f, "{word} {a}{}{b}", if *both { "-" } else { "->" })
            }
            Command::Loss { permille } => {
                if permille % 10 == 0 {
                    write!(f, "loss {}%", permille / 10)
                } else {
                    write!(f, "loss {}.{}%", permille / 10, permille % 10)
                }
            }
            Command::Latency { min_ms, max_ms } => write!(f, "latency {min_ms}..{max_ms}"),
            Command::Bug { bug, on } => write!(f, "bug {bug} {}", on_off(*on)),
            Command::ExpectNode { node, checks } => {
                write!(f, "expect {node}")?;
                for check in checks {
                    write!(f, " {check}")?;
                }
                Ok(())
            }
            Command::ExpectLeader(n) => write!(f, "expect leader={}", OrNone(*n)),
            Command::ExpectKv { node, key, value } => match value {
                Some(value) => write!(f, "expect kv {node} {key}={value}"),
                None => write!(f, "expect kv {node} {key}=none"),
            },
            Command::ExpectSafe => f.write_str("expect safe"),
            Command::ExpectInFlight(n) => write!(f, "expect in-flight<={n}"),
            Command::ExpectViolation(p) => write!(f, "expect violation {p}"),
        }
    }
}
