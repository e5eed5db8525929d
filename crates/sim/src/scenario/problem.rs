//! What is wrong with a script, as data: the kind of each parser error and its values.
//!
//! A [`ParseError`](super::ParseError) carries one [`Problem`]; its `Display` is the English
//! text that `raft-sim` prints. Other languages render the same data themselves (the
//! playground does, in its tools module), so nothing here knows any language but the English
//! of `Display`.
//!
//! Text a script's author typed is kept as the parser shows it: control characters escaped
//! and long tokens cut (at 40 characters, with `…`).

use std::fmt;

use raft::{NodeId, Term};

/// What an unknown word should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WordKind {
    /// A command (`crash`, `run`, ...).
    Command,
    /// An option of `cluster` or `log` (`seed=`, `term=`, ...).
    Option,
    /// A word inside a command (`until`, `within`).
    Word,
    /// A bug of `bug NAME on|off`.
    Bug,
    /// A safety property of `expect violation NAME`.
    Property,
    /// A role of `expect N role=...`.
    Role,
    /// A check of `expect N key=value`.
    Check,
    /// A client command (`set`, `del`).
    ClientCommand,
    /// A condition of `run until`.
    Condition,
    /// What follows `expect`.
    Expectation,
}

impl WordKind {
    /// Every kind, for tests that go through them all.
    pub const ALL: [WordKind; 10] = [
        WordKind::Command,
        WordKind::Option,
        WordKind::Word,
        WordKind::Bug,
        WordKind::Property,
        WordKind::Role,
        WordKind::Check,
        WordKind::ClientCommand,
        WordKind::Condition,
        WordKind::Expectation,
    ];

    /// The English noun (`unknown option ...`).
    pub const fn noun(self) -> &'static str {
        match self {
            WordKind::Command => "command",
            WordKind::Option => "option",
            WordKind::Word => "word",
            WordKind::Bug => "bug",
            WordKind::Property => "property",
            WordKind::Role => "role",
            WordKind::Check => "check",
            WordKind::ClientCommand => "client command",
            WordKind::Condition => "condition",
            WordKind::Expectation => "expectation",
        }
    }
}

/// What a whole number stands for, where one was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NumberOf {
    /// `seed=S`.
    Seed,
    /// `batch=B`: the most entries in one AppendEntries.
    Batch,
    /// `step K`.
    Events,
    /// An index (`committed=I`, `commit=I`, ...).
    Index,
    /// A term (`term=T`).
    Term,
    /// `in-flight<=N`.
    Messages,
}

impl NumberOf {
    /// Every kind, for tests that go through them all.
    pub const ALL: [NumberOf; 6] = [
        NumberOf::Seed,
        NumberOf::Batch,
        NumberOf::Events,
        NumberOf::Index,
        NumberOf::Term,
        NumberOf::Messages,
    ];

    /// The English noun phrase (`expected a seed, a whole number`).
    pub const fn phrase(self) -> &'static str {
        match self {
            NumberOf::Seed => "a seed",
            NumberOf::Batch => "the most entries in one AppendEntries",
            NumberOf::Events => "a count of events",
            NumberOf::Index => "an index",
            NumberOf::Term => "a term",
            NumberOf::Messages => "a count of messages",
        }
    }
}

/// The two forms of a client command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KvForm {
    /// `set KEY VALUE`.
    Set,
    /// `del KEY`.
    Del,
}

impl KvForm {
    /// The form as a script writes it.
    pub const fn text(self) -> &'static str {
        match self {
            KvForm::Set => "set KEY VALUE",
            KvForm::Del => "del KEY",
        }
    }
}

/// How a command is written: what an error about its arguments quotes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Usage {
    /// `cluster N [options]`.
    Cluster,
    /// `log NODE T1,T2,... [term=T] [vote=N]`.
    Log,
    /// `step [K]`.
    Step,
    /// `timers on|off`.
    Timers,
    /// `prevote on|off`, `checkquorum on|off`.
    Switch {
        /// The command.
        command: String,
    },
    /// A command that takes one node id (`crash 2`).
    OneNode {
        /// The command.
        command: String,
        /// The node of the example.
        example: NodeId,
    },
    /// A command that takes no arguments (`settle`, `heal`, `dump`).
    NoArguments {
        /// The command.
        command: String,
    },
    /// A command that takes one link A->B (`deliver`, `drop`, `duplicate`).
    DirectedLink {
        /// The command.
        command: String,
    },
    /// `propose NODE CMD`.
    Propose,
    /// `add NODE` or `add NODE learner`.
    Add,
    /// `reconfig 3,4,5`.
    Reconfig,
    /// `members=1,2,3` in the `cluster` line.
    Members,
    /// `client CMD`.
    Client,
    /// `cut` or `link`: A-B or A->B.
    Link {
        /// The command.
        command: String,
    },
    /// `loss P%`.
    Loss,
    /// `latency MIN..MAX`.
    Latency,
    /// `bug NAME on|off`.
    Bug,
    /// `run DURATION` or `run until COND`.
    Run,
    /// `run until COND [within DURATION]`.
    RunUntil,
    /// `within DURATION`.
    Within,
    /// `partition 1,2 | 3,4,5`.
    Partition,
    /// Every form of `expect`.
    Expect,
    /// `expect in-flight<=N`.
    InFlight,
    /// `expect leader=N`.
    ExpectLeader,
    /// `expect kv NODE KEY=VALUE`.
    ExpectKv,
    /// `expect safe`.
    ExpectSafe,
    /// `expect violation NAME`.
    ExpectViolation {
        /// The property names.
        properties: Vec<&'static str>,
    },
}

/// What is wrong with a script. When the error names the text it is about (`seed=-1`), that
/// text is the error's `context`, shown before the problem (`seed=-1: expected a seed, a whole
/// number`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The bytes are not UTF-8 text.
    NotUtf8 {
        /// The first bad byte.
        byte: u8,
    },
    /// The script has no command at all.
    NoCommands,
    /// The first command is not `cluster`.
    NotClusterFirst {
        /// The first command's word.
        found: String,
    },
    /// A second `cluster` line.
    SecondCluster {
        /// The line of the first.
        first_line: u32,
    },
    /// A `log` line after the first command.
    LogAfterCommands {
        /// The line of the first command.
        first_command_line: u32,
    },
    /// A `title` line after the first command.
    TitleAfterCommands {
        /// The line of the first command.
        first_command_line: u32,
    },
    /// A `title` (or `title zh:`) without text.
    TitleEmpty,
    /// A `say` (or `say zh:`) without text.
    SayEmpty,
    /// A `say zh:` that does not follow a `say`.
    SayZhAlone,
    /// A second `title` (or `title zh:`).
    TitleTwice {
        /// The line of the first.
        first_line: u32,
    },
    /// Too few arguments: how the command is written.
    Usage(Usage),
    /// A token where none (or another) was expected.
    Unexpected {
        /// The token.
        found: String,
        /// How the command is written.
        usage: Usage,
    },
    /// A word the language does not know.
    Unknown {
        /// What it should have been.
        kind: WordKind,
        /// The word.
        word: String,
        /// The known word it is probably a typo of.
        suggestion: Option<&'static str>,
        /// The words it could have been (for a condition, the forms of one; for an
        /// expectation, none: the usage of `expect` says it).
        expected: Vec<&'static str>,
    },
    /// Not a whole number.
    NotNumber {
        /// What the number stands for.
        of: NumberOf,
    },
    /// A number too large to read.
    TooLarge,
    /// Neither `on` nor `off`.
    NotOnOff {
        /// What was given.
        found: String,
    },
    /// Not a duration.
    NotDuration,
    /// A duration over the limit.
    DurationTooLong {
        /// The limit, ms.
        max_ms: u64,
    },
    /// Not a range `MIN..MAX`.
    NotRange,
    /// A range whose end is before its start.
    RangeReversed,
    /// A latency over the limit.
    LatencyTooLong {
        /// The limit, ms.
        max_ms: u64,
    },
    /// Not a percentage.
    NotPercent,
    /// A percentage over 100%.
    PercentRange,
    /// A percentage with more than one decimal.
    PercentDecimals,
    /// An entry of term 0.
    TermZero,
    /// A term over the limit.
    TermTooLarge {
        /// The limit.
        max: Term,
    },
    /// An empty place in a list of terms.
    TermMissing,
    /// Not a list of terms.
    NotTerms {
        /// The part that is not a term.
        found: String,
    },
    /// A list of terms that decreases.
    TermsDecrease {
        /// The entry (from 1) whose term is lower than the one before.
        entry: usize,
        /// Its term.
        term: Term,
        /// The term before it.
        after: Term,
    },
    /// A node's term below its last entry's.
    TermBelowLastEntry {
        /// The last entry's term.
        last: Term,
    },
    /// `term=` before the terms of a `log` line.
    TermsAfterTermOption,
    /// A cluster of too few or too many nodes.
    ClusterSize {
        /// The most nodes.
        max: usize,
    },
    /// `cluster` followed by something other than a number.
    NotNodeCount {
        /// What followed.
        found: String,
    },
    /// An option without its `=value`.
    OptionNeedsValue {
        /// The option.
        key: String,
    },
    /// Something other than `key=value` among `cluster`'s options.
    NotOption {
        /// The cluster size given.
        nodes: usize,
        /// What was found.
        found: String,
        /// The options.
        options: Vec<&'static str>,
    },
    /// An option given twice.
    OptionTwice {
        /// The option.
        key: String,
        /// The column of the first, when it is worth saying.
        first_col: Option<u32>,
    },
    /// An election timeout of 0 ms.
    ElectionZero,
    /// A heartbeat interval of 0 ms.
    HeartbeatZero,
    /// A batch outside its range.
    BatchRange {
        /// The largest batch.
        max: usize,
    },
    /// A heartbeat interval not below the shortest election timeout.
    HeartbeatTooSlow {
        /// The heartbeat interval, ms.
        heartbeat_ms: u64,
        /// The shortest election timeout, ms.
        election_min_ms: u64,
    },
    /// A node id outside the cluster.
    NoSuchNode {
        /// The id as written.
        given: String,
        /// The cluster's size.
        nodes: u32,
    },
    /// Not a node id.
    NotNodeId {
        /// The cluster's size.
        nodes: u32,
        /// What was found.
        found: String,
    },
    /// A second `log` line for a node.
    LogTwice {
        /// The node.
        node: NodeId,
        /// The line of the first.
        first_line: u32,
    },
    /// A preloaded vote in term 0.
    VoteInTermZero {
        /// The node.
        node: NodeId,
    },
    /// `step 0`.
    StepZero,
    /// A `step` over the per-command bound.
    StepTooMany {
        /// The bound.
        max: u64,
    },
    /// `deliver A-B` instead of `A->B`.
    NeedArrow {
        /// The command.
        command: String,
    },
    /// `deliver 1->1`.
    MessageToItself,
    /// `cut 1-1`.
    LinkToItself,
    /// Not a link `A->B` or `A-B`.
    NotLink {
        /// How the command is written.
        usage: Usage,
    },
    /// A link with an end missing.
    NodeMissing {
        /// How the command is written.
        usage: Usage,
    },
    /// A header command among the others.
    BelongsInHeader {
        /// The command.
        command: String,
    },
    /// `within=5s`.
    WithinEquals,
    /// `quiet=...`.
    QuietTakesNoValue,
    /// `committed` or `applied` without `=I`.
    ConditionNeedsIndex {
        /// The condition.
        condition: String,
    },
    /// A node in two groups of a partition.
    ListedTwice {
        /// The node.
        node: NodeId,
    },
    /// An empty group before a `|`.
    EmptyGroupBefore,
    /// An empty group after the last `|`.
    EmptyGroupAfter,
    /// `expect N` without checks.
    NoChecks {
        /// The node.
        node: NodeId,
        /// The keys a check may have.
        keys: Vec<&'static str>,
    },
    /// A key checked twice in one `expect`.
    CheckedTwice {
        /// The key.
        key: &'static str,
        /// The column of the first.
        first_col: u32,
    },
    /// `expect leader` without `=N`.
    ExpectLeaderForm,
    /// Not `KEY=VALUE` in `expect kv`.
    NotKeyValue {
        /// What was found.
        found: String,
    },
    /// `=VALUE` without a key in `expect kv`.
    KeyMissing,
    /// `KEY=` without a value in `expect kv`.
    KvValueMissing {
        /// The key.
        key: String,
    },
    /// `kv=`, `safe=` or `violation=`.
    TakesNoEquals {
        /// The word.
        word: String,
    },
    /// A node check without the node (`expect role=leader`).
    WhichNode {
        /// The check as written.
        check: String,
    },
    /// A check key without `=value`.
    CheckNeedsValue {
        /// The key.
        key: String,
    },
    /// Something other than `key=value` among a node's checks.
    NotCheck {
        /// What was found.
        found: String,
        /// The keys.
        keys: Vec<&'static str>,
    },
    /// `key=` without a value.
    ValueMissing,
    /// A client command without its arguments.
    KvForm {
        /// The form it should have.
        form: KvForm,
        /// How the command is written.
        usage: Usage,
    },
    /// A client command with a word too many.
    KvExtra {
        /// The extra word.
        found: String,
        /// The form it should have.
        form: KvForm,
    },
    /// A key with `=` in it.
    KeyWithEquals {
        /// The key.
        key: String,
    },
    /// The value `none`.
    ValueNone,
}

/// `1..N`, or `1` for a one-node cluster.
fn id_range(nodes: u32) -> String {
    if nodes == 1 {
        "1".to_owned()
    } else {
        format!("1..{nodes}")
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Usage::Cluster => f.write_str(
                "`cluster` takes the number of nodes (1 to 15) and options, like `cluster 5 \
                 seed=7 election=150..300`",
            ),
            Usage::Log => f.write_str(
                "`log` takes a node id and the terms of its entries, like `log 2 1,1,2 term=3 \
                 vote=1`, or `log 2 -` for an empty log",
            ),
            Usage::Step => {
                f.write_str("`step` takes an optional count of events, like `step` or `step 3`")
            }
            Usage::Timers => f.write_str("`timers` takes `on` or `off`"),
            Usage::Switch { command } => write!(f, "`{command}` takes `on` or `off`"),
            Usage::OneNode { command, example } => {
                write!(
                    f,
                    "`{command}` takes one node id, like `{command} {example}`"
                )
            }
            Usage::NoArguments { command } => write!(f, "`{command}` takes no arguments"),
            Usage::DirectedLink { command } => write!(
                f,
                "`{command}` takes one link A->B, like `{command} 1->2` (`*` matches any node)"
            ),
            Usage::Propose => f.write_str(
                "`propose` takes a node id and a command, like `propose 1 set x 5` or \
                 `propose 1 del x`",
            ),
            Usage::Client => {
                f.write_str("`client` takes a command, like `client set x 5` or `client del x`")
            }
            Usage::Link { command } => write!(
                f,
                "`{command}` takes one link, A-B for both ways or A->B for one way, like \
                 `{command} 1-2`"
            ),
            Usage::Loss => f.write_str("`loss` takes a percentage, like `loss 10%`"),
            Usage::Latency => {
                f.write_str("`latency` takes a range of milliseconds, like `latency 10..15`")
            }
            Usage::Bug => {
                f.write_str("`bug` takes a bug name and `on` or `off`, like `bug no-jitter on`")
            }
            Usage::Run => f.write_str(
                "`run` takes a duration, like `run 500ms`, or a condition, like `run until \
                 leader`",
            ),
            Usage::RunUntil => f.write_str(
                "`run until` takes a condition (leader, leader=N, committed=I, applied=I or \
                 quiet) and optionally `within DURATION`, like `run until leader within 5s`",
            ),
            Usage::Within => f.write_str("`within` takes a duration, like `within 5s`"),
            Usage::Add => f.write_str(
                "`add` takes a node id, and `learner` to add it as a learner, like `add 4` or \
                 `add 4 learner`",
            ),
            Usage::Reconfig => f.write_str(
                "`reconfig` takes the new voters, like `reconfig 3,4,5` (joint consensus)",
            ),
            Usage::Members => f.write_str(
                "`members` takes the voters of the initial configuration, like `members=1,2,3`",
            ),
            Usage::Partition => f.write_str(
                "`partition` takes groups of node ids separated by `|`, like `partition 1,2 | \
                 3,4,5`",
            ),
            Usage::Expect => f.write_str(
                "`expect` takes a node id and checks (`expect 1 role=leader`), `leader=N`, \
                 `leader=none`, `kv NODE KEY=VALUE`, `safe`, `violation NAME` or \
                 `in-flight<=N`",
            ),
            Usage::InFlight => f.write_str(
                "`expect in-flight<=N` checks that at most N messages are in flight, like \
                 `expect in-flight<=6`",
            ),
            Usage::ExpectLeader => f.write_str(
                "`expect leader=N` takes nothing more; check a node's own view with `expect N \
                 leader=M`",
            ),
            Usage::ExpectKv => f.write_str(
                "`expect kv` takes a node id and KEY=VALUE (or KEY=none), like `expect kv 1 \
                 x=5`",
            ),
            Usage::ExpectSafe => f.write_str("`expect safe` takes nothing more"),
            Usage::ExpectViolation { properties } => write!(
                f,
                "`expect violation` takes a property name: {}",
                properties.join(", ")
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::NotUtf8 { byte } => write!(
                f,
                "not UTF-8 text: byte 0x{byte:02x} cannot start or continue a character here \
                 (save the script as UTF-8)"
            ),
            Problem::NoCommands => f.write_str(
                "the script must start with `cluster N`, like `cluster 5`, but it has no \
                 commands",
            ),
            Problem::NotClusterFirst { found } => write!(
                f,
                "the script must start with `cluster N`, like `cluster 5`; found `{found}`"
            ),
            Problem::SecondCluster { first_line } => write!(
                f,
                "there is already a `cluster` line (line {first_line}); a script has exactly one"
            ),
            Problem::LogAfterCommands { first_command_line } => write!(
                f,
                "`log` lines belong in the header: put them right after `cluster`, before the \
                 first other command (line {first_command_line})"
            ),
            Problem::TitleAfterCommands { first_command_line } => write!(
                f,
                "`title` belongs in the header: put it right after `cluster`, before the first \
                 other command (line {first_command_line})"
            ),
            Problem::TitleEmpty => f.write_str(
                "`title` takes the lesson's name, like `title A leader crashes`, or its Chinese \
                 name after `zh:`",
            ),
            Problem::SayEmpty => f.write_str(
                "`say` takes the caption's text, like `say Node 3 times out first.`, or its \
                 Chinese after `zh:`",
            ),
            Problem::SayZhAlone => f.write_str(
                "`say zh:` gives the Chinese of the caption just before it: put it on the line \
                 after a `say` (and once for each)",
            ),
            Problem::TitleTwice { first_line } => write!(
                f,
                "the title is already given on line {first_line}; give it once (and once after \
                 `title zh:`)"
            ),
            Problem::Usage(usage) => usage.fmt(f),
            Problem::Unexpected { found, usage } => write!(f, "unexpected `{found}`: {usage}"),
            Problem::Unknown {
                kind,
                word,
                suggestion,
                expected,
            } => {
                write!(f, "unknown {} `{word}`; ", kind.noun())?;
                match (suggestion, kind) {
                    (Some(s), _) => write!(f, "did you mean `{s}`?"),
                    (None, WordKind::Condition) => match expected.split_last() {
                        Some((last, rest)) if !rest.is_empty() => {
                            write!(f, "expected {} or {last}", rest.join(", "))
                        }
                        _ => write!(f, "expected {}", expected.join(", ")),
                    },
                    (None, WordKind::Expectation) => Usage::Expect.fmt(f),
                    (None, _) => write!(f, "expected one of: {}", expected.join(", ")),
                }
            }
            Problem::NotNumber { of } => write!(f, "expected {}, a whole number", of.phrase()),
            Problem::TooLarge => f.write_str("the number is too large"),
            Problem::NotOnOff { found } => write!(f, "expected `on` or `off`, found `{found}`"),
            Problem::NotDuration => f.write_str(
                "expected a duration: milliseconds like `150ms` or `150`, or seconds like `2s`",
            ),
            Problem::DurationTooLong { max_ms } => write!(
                f,
                "a duration is at most one hour ({max_ms}ms) of simulated time"
            ),
            Problem::NotRange => {
                f.write_str("expected a range MIN..MAX in milliseconds, like `150..300`")
            }
            Problem::RangeReversed => f.write_str("the range ends before it starts"),
            Problem::LatencyTooLong { max_ms } => write!(
                f,
                "a message takes at most {} s ({max_ms}ms)",
                max_ms / 1000
            ),
            Problem::NotPercent => f.write_str("expected a percentage like `10%` or `12.5%`"),
            Problem::PercentRange => f.write_str("a percentage is between 0% and 100%"),
            Problem::PercentDecimals => {
                f.write_str("give a percentage with at most one decimal, like `12.5%`")
            }
            Problem::TermZero => {
                f.write_str("entries have terms from 1 up (term 0 comes before any leader)")
            }
            Problem::TermTooLarge { max } => write!(f, "a term in a script is at most {max}"),
            Problem::TermMissing => f.write_str(
                "a term is missing; write the terms separated by commas, like `1,1,2`, or `-` \
                 for an empty log",
            ),
            Problem::NotTerms { found } => write!(
                f,
                "expected terms separated by commas, like `1,1,2`, or `-` for an empty log; \
                 found `{found}`"
            ),
            Problem::TermsDecrease { entry, term, after } => write!(
                f,
                "the terms in a log never decrease, but entry {entry} has term {term} after \
                 term {after}"
            ),
            Problem::TermBelowLastEntry { last } => write!(
                f,
                "a node's term is at least the term of its last entry ({last})"
            ),
            Problem::TermsAfterTermOption => write!(
                f,
                "the terms of the entries come before `term=`; {}",
                Usage::Log
            ),
            Problem::ClusterSize { max } => write!(f, "a cluster has 1 to {max} nodes"),
            Problem::NotNodeCount { found } => write!(
                f,
                "expected the number of nodes after `cluster`, found `{found}`; {}",
                Usage::Cluster
            ),
            Problem::OptionNeedsValue { key } => {
                write!(f, "option `{key}` needs a value: write `{key}=...`")
            }
            Problem::NotOption {
                nodes,
                found,
                options,
            } => write!(
                f,
                "expected an option key=value after `cluster {nodes}`, found `{found}`; \
                 options: {}",
                options.join(", ")
            ),
            Problem::OptionTwice { key, first_col } => {
                write!(f, "option `{key}` is given twice")?;
                match first_col {
                    Some(col) => write!(f, " (first at column {col})"),
                    None => Ok(()),
                }
            }
            Problem::ElectionZero => {
                f.write_str("the shortest election timeout must be at least 1ms")
            }
            Problem::HeartbeatZero => f.write_str("the heartbeat interval must be at least 1ms"),
            Problem::BatchRange { max } => write!(f, "a batch is between 1 and {max} entries"),
            Problem::HeartbeatTooSlow {
                heartbeat_ms,
                election_min_ms,
            } => write!(
                f,
                "the heartbeat interval ({heartbeat_ms}ms) must be shorter than the shortest \
                 election timeout ({election_min_ms}ms), or followers time out between \
                 heartbeats"
            ),
            Problem::NoSuchNode { given, nodes } => {
                write!(f, "node {given} does not exist in a {nodes}-node cluster (")?;
                if *nodes == 1 {
                    f.write_str("the only id is 1)")
                } else {
                    write!(f, "ids are 1..{nodes})")
                }
            }
            Problem::NotNodeId { nodes, found } => write!(
                f,
                "expected a node id ({}), found `{found}`",
                id_range(*nodes)
            ),
            Problem::LogTwice { node, first_line } => write!(
                f,
                "node {node}'s log is already given on line {first_line}; give each node one \
                 `log` line"
            ),
            Problem::VoteInTermZero { node } => write!(
                f,
                "a vote is cast in a term, and node {node} is in term 0; give `term=T` (at \
                 least 1) or entries"
            ),
            Problem::StepZero => f.write_str("the count of events is at least 1"),
            Problem::StepTooMany { max } => {
                write!(f, "one command may cause at most {max} events")
            }
            Problem::NeedArrow { command } => {
                write!(f, "write the direction with `->`, like `{command} 1->2`")
            }
            Problem::MessageToItself => {
                f.write_str("a node sends no messages to itself; name two different nodes")
            }
            Problem::LinkToItself => f.write_str("a link joins two different nodes"),
            Problem::NotLink { usage } => write!(f, "expected A->B or A-B; {usage}"),
            Problem::NodeMissing { usage } => write!(f, "a node is missing; {usage}"),
            Problem::BelongsInHeader { command } => {
                write!(f, "`{command}` belongs in the header")
            }
            Problem::WithinEquals => {
                f.write_str("write `within DURATION` with a space, like `within 5s`")
            }
            Problem::QuietTakesNoValue => f.write_str("the condition `quiet` takes no value"),
            Problem::ConditionNeedsIndex { condition: k } => write!(
                f,
                "the condition `{k}` needs an index: write `{k}=I`, like `{k}=3`"
            ),
            Problem::ListedTwice { node } => write!(
                f,
                "node {node} is listed twice; a node appears once in a list of nodes"
            ),
            Problem::EmptyGroupBefore => {
                write!(f, "a group before this `|` is empty; {}", Usage::Partition)
            }
            Problem::EmptyGroupAfter => {
                write!(f, "a group after this `|` is empty; {}", Usage::Partition)
            }
            Problem::NoChecks { node, keys } => write!(
                f,
                "`expect {node}` needs at least one check, like `expect {node} role=leader \
                 term=2`; keys: {}",
                keys.join(", ")
            ),
            Problem::CheckedTwice { key, first_col } => write!(
                f,
                "`{key}` is checked twice in this `expect` (first at column {first_col})"
            ),
            Problem::ExpectLeaderForm => {
                f.write_str("write `expect leader=N` or `expect leader=none`")
            }
            Problem::NotKeyValue { found } => write!(
                f,
                "expected KEY=VALUE, found `{found}`; {}",
                Usage::ExpectKv
            ),
            Problem::KeyMissing => write!(f, "the key is missing; {}", Usage::ExpectKv),
            Problem::KvValueMissing { key } => write!(
                f,
                "the value is missing; write `{key}=VALUE`, or `{key}=none` for absent"
            ),
            Problem::TakesNoEquals { word } => {
                write!(f, "`{word}` takes no `=`; {}", Usage::Expect)
            }
            Problem::WhichNode { check } => write!(
                f,
                "say which node to check: `expect N {check}`, like `expect 1 {check}`"
            ),
            Problem::CheckNeedsValue { key } => {
                write!(f, "check `{key}` needs a value: write `{key}=...`")
            }
            Problem::NotCheck { found, keys } => write!(
                f,
                "expected a check key=value, like `role=leader`, found `{found}`; keys: {}",
                keys.join(", ")
            ),
            Problem::ValueMissing => f.write_str("the value is missing after `=`"),
            Problem::KvForm { form, usage } => write!(f, "write `{}`; {usage}", form.text()),
            Problem::KvExtra { found, form } => write!(
                f,
                "unexpected `{found}`: write `{}` (a value is one word, without spaces)",
                form.text()
            ),
            Problem::KeyWithEquals { key } => write!(
                f,
                "the key `{key}` contains `=`, which `expect kv KEY=VALUE` could not read; pick \
                 another key"
            ),
            Problem::ValueNone => f.write_str(
                "the value `none` is reserved: `expect kv NODE KEY=none` means the key is \
                 absent; pick another value",
            ),
        }
    }
}
