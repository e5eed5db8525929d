//! Errors in the visitor's language: the simulator's ([`SimError`]), a share link's run
//! ([`ActionError`]), a recording's ([`RecordingError`]) and the page's URL parameters
//! ([`ParamError`]).
//!
//! The simulator's errors are data without a language; their `Display` is the English, which
//! the CLI prints and English pages show. Chinese is written here from the same data, one
//! function per kind of error in [`zh`], matching every kind exhaustively, so a new kind is a
//! compile error rather than English on the Chinese page. The URL parameters are the page's
//! own, so both of their languages are here ([`en::param`], [`zh::param`]).
//!
//! The scenario parser's and the trace reader's errors are rendered by the tools module
//! (`web/tools`), which the page fetches only to open a file, so the page's own wasm does not
//! carry their text. The Chinese of `SimError` is shared with it (`web/tools/src/sim_zh.rs`).
//!
//! What the visitor typed or pasted (a node id, a link's item, a parameter's value) is kept as
//! it is; the explanation around it is translated.

use sim::actions::ActionError;
use sim::recording::RecordingError;
use sim::SimError;

use crate::i18n::Lang;
use crate::params::ParamError;

#[path = "../tools/src/sim_zh.rs"]
mod sim_zh;

/// A simulator error: a refused input or setting.
pub fn sim_error(lang: Lang, e: &SimError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => sim_zh::sim_error(e),
    }
}

/// An error of a run's actions (a share link's `run=`, a recording's `run` line).
pub fn action_error(lang: Lang, e: &ActionError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => zh::action(e),
    }
}

/// An error reading or replaying a recording. The page replays only recordings it made
/// itself (the presets, checked when the page is built) or that the tools module made from a
/// script or a trace, which it has already checked; so this says what can still cause one (a
/// tools module of another build, from a cache) rather than which line of the recording was
/// wrong, and the page carries no sentence per kind of recording problem.
pub fn recording_error(lang: Lang, _e: &RecordingError) -> String {
    crate::i18n::strings(lang).recording_mismatch.to_string()
}

/// A URL parameter that could not be used as given (`nodes=12: ...`).
pub fn param_error(lang: Lang, e: &ParamError) -> String {
    match lang {
        Lang::En => en::param(e),
        Lang::Zh => zh::param(e),
    }
}

/// `items` as a list of quoted tokens: `` `a`, `b` `` in English, `` `a`、`b` `` in Chinese.
fn tokens(items: &[&str], separator: &str) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join(separator)
}

/// The English of the page's own errors (the simulator's English is their `Display`).
pub mod en {
    use crate::i18n::Lang;
    use crate::num;
    use crate::params::{
        shorten, suggestion, Controls, ParamError, ParamProblem, SwitchFallback, Theme,
        DEFAULT_NODES, LONGEST_MS, MAX_PAGE_NODES, MIN_NODES, SPEED_RANGE,
    };

    /// `name=value: what is wrong; using what`.
    pub fn param(e: &ParamError) -> String {
        let mut out = shorten(&e.name);
        if !e.value.is_empty() {
            out.push('=');
            out.push_str(&shorten(&e.value));
        }
        out.push_str(": ");
        out.push_str(&problem(e));
        out
    }

    fn problem(e: &ParamError) -> String {
        let names = |all: &[&str]| all.join(", ");
        match &e.problem {
            ParamProblem::Repeated { count } => {
                format!("given {count} times; the last one counts")
            }
            ParamProblem::Unknown => {
                let hint = match suggestion(e) {
                    Some(n) => format!("; did you mean `{n}`?"),
                    None => String::new(),
                };
                format!("unknown parameter `{}`, ignored{hint}", shorten(&e.name))
            }
            ParamProblem::NotSwitch { fallback } => format!(
                "expected on or off (or 1/0, true/false, yes/no); using {}",
                match fallback {
                    SwitchFallback::Off => "off",
                    SwitchFallback::Default => "the default",
                }
            ),
            ParamProblem::NoPreset { presets } => match suggestion(e) {
                Some(s) => format!("no such preset; did you mean {s}? Using the default"),
                None if presets.is_empty() => {
                    "no such preset (there are none here); using the default".to_string()
                }
                None => format!(
                    "no such preset (the presets are {}); using the default",
                    presets.join(", ")
                ),
            },
            ParamProblem::Nodes => format!(
                "a cluster here has {MIN_NODES} to {MAX_PAGE_NODES} nodes; using {DEFAULT_NODES}"
            ),
            ParamProblem::Seed => format!(
                "a seed is a whole number from 0 to {}; using a fresh one",
                u64::MAX
            ),
            ParamProblem::Speed => format!(
                "speed is simulated milliseconds per real second, from {} to {}; using the \
                 page's default",
                num::decimal(SPEED_RANGE.0, 3),
                num::decimal(SPEED_RANGE.1, 3)
            ),
            ParamProblem::Controls => format!(
                "controls is one of {}; using {}",
                names(&Controls::ALL.map(Controls::name)),
                Controls::Full.name()
            ),
            ParamProblem::Lang => format!(
                "the playground speaks {}; using the browser's language",
                names(&Lang::ALL.map(Lang::code))
            ),
            ParamProblem::Theme => format!(
                "theme is one of {}; using {}",
                names(&Theme::ALL.map(Theme::name)),
                Theme::Auto.name()
            ),
            ParamProblem::Election => format!(
                "election is the timeout range in ms, MIN..MAX with 1 ≤ MIN ≤ MAX ≤ {LONGEST_MS}, \
                 as in 150..300; using the default"
            ),
            ParamProblem::Heartbeat => format!(
                "heartbeat is the interval in ms, from 1 to {LONGEST_MS}; using the default"
            ),
            ParamProblem::Latency => format!(
                "latency is the one-way delay range in ms, MIN..MAX with MIN ≤ MAX ≤ {}, as in \
                 10..15; using the default",
                sim::MAX_LATENCY_MS
            ),
            ParamProblem::Loss => {
                "loss is the percentage of messages lost, from 0 to 100; using the default"
                    .to_string()
            }
            ParamProblem::At => {
                "at is the moment a link opens at, in ms of simulated time (at most an hour); \
                 opening at the start"
                    .to_string()
            }
            ParamProblem::HeartbeatNotShorter {
                election_min_ms,
                given,
            } => format!(
                "the heartbeat must be shorter than {} shortest election timeout \
                 ({election_min_ms} ms); using the default",
                if *given { "the given" } else { "the default" }
            ),
            ParamProblem::ElectionNotLonger {
                heartbeat_ms,
                given,
            } => format!(
                "the shortest election timeout must be longer than {} heartbeat \
                 ({heartbeat_ms} ms); using the default",
                if *given { "the given" } else { "the default" }
            ),
            ParamProblem::Run(p) => p.to_string(),
            ParamProblem::ScriptTooLong => format!(
                "`script` is longer than {} bytes; not run",
                crate::params::MAX_SCRIPT_BYTES
            ),
            ParamProblem::Src => {
                "`src` must be a path on this site, like `lessons/my.raft`; not fetched".to_string()
            }
            ParamProblem::Version => "`v` is not a version of this playground; ignored".to_string(),
            ParamProblem::Loading => "`loading` is `lazy` or `eager`; using `lazy`".to_string(),
        }
    }
}

/// The Chinese of every error the page itself meets.
pub mod zh {
    use super::{sim_zh, tokens};
    use crate::i18n::Lang;
    use crate::num;
    use crate::params::{
        shorten, suggestion, Controls, ParamError, ParamProblem, SwitchFallback, Theme,
        DEFAULT_NODES, LONGEST_MS, MAX_PAGE_NODES, MIN_NODES, SPEED_RANGE,
    };
    use sim::actions::{ActionError, ActionProblem, ItemProblem, ReplayProblem};
    use sim::{BugName, MAX_NODES, PPM};

    const SEP: &str = "、";

    /// `item：what is wrong`.
    pub fn action(e: &ActionError) -> String {
        if e.item.is_empty() {
            action_problem(&e.problem)
        } else {
            format!("{}：{}", e.item, action_problem(&e.problem))
        }
    }

    /// What was dropped when item `index` (from 1) of `total` is bad.
    fn dropped(index: usize, total: usize) -> String {
        let after = total.saturating_sub(index);
        let before = index.saturating_sub(1);
        let mut out = "已丢弃它".to_string();
        if after > 0 {
            out.push_str(&format!("及其后的 {after} 个操作"));
        }
        if before == 0 {
            out.push_str("，不重放任何操作");
        } else {
            out.push_str(&format!("，只重放之前的 {before} 个"));
        }
        out
    }

    pub fn action_problem(p: &ActionProblem) -> String {
        match p {
            ActionProblem::Empty => {
                "`run` 是空的（即使没有任何操作也应写作 `n0`），链接可能被截断了；不重放任何操作"
                    .to_string()
            }
            ActionProblem::Invalid { index, total, why } => format!(
                "第 {index} 个操作（共 {total} 个）无效（{}）；{}",
                item(why),
                dropped(*index, *total)
            ),
            ActionProblem::NoEndMark { total } => format!(
                "`run` 缺少结束标记（`n` 加操作数），链接可能被截断了；{}",
                dropped(*total, *total)
            ),
            ActionProblem::CountMismatch { said, total } => format!(
                "结束标记说有 {said} 个操作，`run` 中却有 {total} 个，链接被改动过；重放现有的 {total} 个操作"
            ),
            ActionProblem::BadEndMark { total } => format!(
                "结束标记应为 `n{total}`（`n` 加操作数）；重放现有的 {total} 个操作"
            ),
            ActionProblem::Replay { index, total, why } => format!(
                "第 {index} 个操作（共 {total} 个）无法重放（{}）；重放在它之前停止",
                replay(why)
            ),
        }
    }

    fn item(p: &ItemProblem) -> String {
        match p {
            ItemProblem::Start => {
                "开头应为距上一个操作的事件数和微秒数，例如 `3.15000c2`".to_string()
            }
            ItemProblem::SameEvent => "它必须比上一个操作至少晚 1 个事件".to_string(),
            ItemProblem::EventTooLarge => "事件编号太大".to_string(),
            ItemProblem::TimeTooLarge => "时间太大".to_string(),
            ItemProblem::NoLetter => "缺少表示操作的字母".to_string(),
            ItemProblem::NotALetter { letter } => format!("`{letter}` 不是操作字母"),
            ItemProblem::NumberTooLarge { number } => format!("数字 {number} 太大"),
            ItemProblem::NoNode => "应为节点编号".to_string(),
            ItemProblem::NoSuchNode { node } => {
                format!("节点 {node} 不可能存在（节点编号为 1 到 {MAX_NODES}）")
            }
            ItemProblem::NoDash => "两个节点之间应有 `-`".to_string(),
            ItemProblem::NoLoss => "应为以百万分之一计的丢包率".to_string(),
            ItemProblem::LossOverAll { ppm } => {
                format!("百万分之 {ppm} 的丢包率超过了全部（{PPM}）")
            }
            ItemProblem::LatencyForm => "应为以微秒计的延迟范围，例如 `y10000-15000`".to_string(),
            ItemProblem::LatencyReversed { min, max } => {
                format!("延迟范围 {min}-{max} 的终点在起点之前")
            }
            ItemProblem::TimingForm => {
                "应为以毫秒计的选举超时范围 `MIN-MAX` 和心跳间隔，例如 `w150-300-50`".to_string()
            }
            ItemProblem::ElectionRange { min, max } => format!(
                "选举超时范围 {min}-{max} ms 应满足 `1 ≤ MIN ≤ MAX ≤ {}`",
                sim::LONGEST_MS
            ),
            ItemProblem::HeartbeatRange {
                heartbeat,
                election_min,
            } => format!(
                "心跳间隔 {heartbeat} ms 应至少为 1，且短于最短选举超时（{election_min} ms）"
            ),
            ItemProblem::NoBit => "字母之后应为 1（开）或 0（关）".to_string(),
            ItemProblem::NotABug { name } => {
                let all: Vec<&str> = BugName::ALL.iter().map(|b| b.name()).collect();
                format!("`{name}` 不是缺陷（可用的缺陷：{}）", tokens(&all, SEP))
            }
            ItemProblem::NoDot => "节点与命令之间应有 `.`".to_string(),
            ItemProblem::BadEscape { escape } => {
                format!("文本中的 `{escape}` 不是转义（`~5F` 表示 `_`，`~7E` 表示 `~`）")
            }
            ItemProblem::NoMessageId => "应为消息编号".to_string(),
            ItemProblem::Trailing { rest } => format!("末尾多出了 `{rest}`"),
        }
    }

    fn replay(p: &ReplayProblem) -> String {
        match p {
            ReplayProblem::NothingLeft { after } => {
                format!("模拟在第 {after} 个事件之后已无事可做")
            }
            ReplayProblem::AlreadyPast { event, at } => {
                format!("它应是第 {event} 个事件，但运行已到第 {at} 个事件")
            }
            ReplayProblem::Refused(e) => sim_zh::sim_error(e),
            ReplayProblem::Moved {
                event,
                time_us,
                wanted_event,
                wanted_time_us,
            } => format!(
                "它成了第 {event} 个事件（{time_us} µs），而不是第 {wanted_event} 个事件（{wanted_time_us} µs）"
            ),
        }
    }

    /// `name=value：what is wrong；using what`.
    pub fn param(e: &ParamError) -> String {
        let mut out = shorten(&e.name);
        if !e.value.is_empty() {
            out.push('=');
            out.push_str(&shorten(&e.value));
        }
        out.push('：');
        out.push_str(&param_problem(e));
        out
    }

    fn param_problem(e: &ParamError) -> String {
        let given = |given: bool| if given { "给定的" } else { "默认的" };
        match &e.problem {
            ParamProblem::Repeated { count } => format!("出现了 {count} 次；以最后一次为准"),
            ParamProblem::Unknown => {
                let hint = match suggestion(e) {
                    Some(n) => format!("；你是想写 `{n}` 吗？"),
                    None => String::new(),
                };
                format!("未知参数 `{}`，已忽略{hint}", shorten(&e.name))
            }
            ParamProblem::NotSwitch { fallback } => format!(
                "应为 `on` 或 `off`（也可写 `1`/`0`、`true`/`false`、`yes`/`no`）；{}",
                match fallback {
                    SwitchFallback::Off => "改为关闭",
                    SwitchFallback::Default => "改用默认值",
                }
            ),
            ParamProblem::NoPreset { presets } => match suggestion(e) {
                Some(s) => format!("没有这个预设场景；你是想写 `{s}` 吗？改用默认场景"),
                None if presets.is_empty() => {
                    "没有这个预设场景（这里没有任何预设场景）；改用默认场景".to_string()
                }
                None => {
                    let names: Vec<&str> = presets.iter().map(String::as_str).collect();
                    format!(
                        "没有这个预设场景（可用的预设场景：{}）；改用默认场景",
                        tokens(&names, SEP)
                    )
                }
            },
            ParamProblem::Nodes => format!(
                "这里的集群有 {MIN_NODES} 到 {MAX_PAGE_NODES} 个节点；改用 {DEFAULT_NODES} 个"
            ),
            ParamProblem::Seed => format!(
                "种子是 0 到 {} 之间的整数；改用一个新的种子",
                u64::MAX
            ),
            ParamProblem::Speed => format!(
                "速度是每真实一秒对应的模拟毫秒数，范围 {} 到 {}；改用页面的默认速度",
                num::decimal(SPEED_RANGE.0, 3),
                num::decimal(SPEED_RANGE.1, 3)
            ),
            ParamProblem::Controls => format!(
                "`controls` 可取 {}；改用 `{}`",
                tokens(&Controls::ALL.map(Controls::name), SEP),
                Controls::Full.name()
            ),
            ParamProblem::Lang => format!(
                "演练场支持的语言为 {}；改用浏览器的语言",
                tokens(&Lang::ALL.map(Lang::code), SEP)
            ),
            ParamProblem::Theme => format!(
                "`theme` 可取 {}；改用 `{}`",
                tokens(&Theme::ALL.map(Theme::name), SEP),
                Theme::Auto.name()
            ),
            ParamProblem::Election => format!(
                "`election` 是以毫秒计的选举超时范围 `MIN..MAX`，需满足 `1 ≤ MIN ≤ MAX ≤ {LONGEST_MS}`，例如 `150..300`；改用默认值"
            ),
            ParamProblem::Heartbeat => format!(
                "`heartbeat` 是以毫秒计的心跳间隔，范围 1 到 {LONGEST_MS}；改用默认值"
            ),
            ParamProblem::Latency => format!(
                "`latency` 是以毫秒计的单向延迟范围 `MIN..MAX`，需满足 `MIN ≤ MAX ≤ {}`，例如 `10..15`；改用默认值",
                sim::MAX_LATENCY_MS
            ),
            ParamProblem::Loss => "`loss` 是消息丢失的百分比，范围 0 到 100；改用默认值".to_string(),
            ParamProblem::At => {
                "`at` 是链接打开时所处的模拟时间（毫秒，最多一小时）；改为从头开始".to_string()
            }
            ParamProblem::HeartbeatNotShorter {
                election_min_ms,
                given: g,
            } => format!(
                "心跳间隔必须短于{}最短选举超时（{election_min_ms} ms）；改用默认值",
                given(*g)
            ),
            ParamProblem::ElectionNotLonger {
                heartbeat_ms,
                given: g,
            } => format!(
                "最短选举超时必须长于{}心跳间隔（{heartbeat_ms} ms）；改用默认值",
                given(*g)
            ),
            ParamProblem::Run(p) => action_problem(p),
            ParamProblem::ScriptTooLong => format!(
                "`script` 超过 {} 字节，未运行",
                crate::params::MAX_SCRIPT_BYTES
            ),
            ParamProblem::Src => "`src` 必须是本站的路径，例如 `lessons/my.raft`；未获取".to_string(),
            ParamProblem::Version => "`v` 不是本演示的版本号，已忽略".to_string(),
            ParamProblem::Loading => "`loading` 只能是 `lazy` 或 `eager`；改用 `lazy`".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::{self, ParamProblem, SwitchFallback};
    use sim::actions::{self as actions_mod, Action, ActionProblem, ItemProblem, ReplayProblem};
    use sim::raft::ConfigError;
    use sim::{History, Input, SimConfig, Simulation};

    /// Words that may stay in a Chinese message: names of protocols, formats and units.
    const NAMES: &[&str] = &[
        "AppendEntries",
        "RequestVote",
        "PreVote",
        "CheckQuorum",
        "ASCII",
        "UTF",
        "ms",
    ];

    /// Checks that `zh` has Chinese in it and no English word: what is left once the tokens
    /// in backticks, the `allowed` text (what the visitor typed) and [`NAMES`] are taken out
    /// has no run of two or more ASCII letters.
    #[track_caller]
    fn assert_chinese(zh: &str, allowed: &[&str]) {
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in {zh:?}"
        );
        let mut rest = String::new();
        for (i, part) in zh.split('`').enumerate() {
            if i % 2 == 0 {
                rest.push_str(part);
                rest.push(' ');
            }
        }
        for a in allowed {
            rest = rest.replace(a, " ");
        }
        // A run with a digit in it is a number or an id (`0xe4`, `n3`), not a word.
        let words: Vec<&str> = rest
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic()))
            .filter(|w| !NAMES.contains(w))
            .collect();
        assert!(words.is_empty(), "English {words:?} in {zh:?}");
    }

    /// One of every kind of `SimError` (a `ConfigError` of every kind inside).
    fn sim_errors() -> Vec<SimError> {
        let mut all = vec![
            SimError::NodeCount(16),
            SimError::NoSuchNode { id: 9, nodes: 3 },
            SimError::LatencyRange(20, 10),
            SimError::Loss(1_000_125),
            SimError::TooLong(u64::MAX),
            SimError::LatencyTooLong(70_000),
        ];
        for e in [
            ConfigError::NoVoters,
            ConfigError::DuplicateVoter(2),
            ConfigError::ZeroElectionTimeout,
            ConfigError::ElectionRangeReversed {
                min: 300_000,
                max: 150_000,
            },
            ConfigError::ZeroHeartbeat,
            ConfigError::HeartbeatTooSlow {
                heartbeat: 500_000,
                election_min: 150_000,
            },
            ConfigError::ZeroBatch,
            ConfigError::VotersChanged,
        ] {
            all.push(SimError::Config(e));
        }
        all
    }

    /// Which kind `e` is, counting `ConfigError`'s kinds: a new kind fails to compile here.
    fn sim_kind(e: &SimError) -> usize {
        match e {
            SimError::NodeCount(_) => 0,
            SimError::NoSuchNode { .. } => 1,
            SimError::LatencyRange(..) => 2,
            SimError::Loss(_) => 3,
            SimError::TooLong(_) => 4,
            SimError::LatencyTooLong(_) => 5,
            SimError::Config(c) => match c {
                ConfigError::NoVoters => 6,
                ConfigError::DuplicateVoter(_) => 7,
                ConfigError::ZeroElectionTimeout => 8,
                ConfigError::ElectionRangeReversed { .. } => 9,
                ConfigError::ZeroHeartbeat => 10,
                ConfigError::HeartbeatTooSlow { .. } => 11,
                ConfigError::ZeroBatch => 12,
                ConfigError::VotersChanged => 13,
            },
        }
    }

    /// Every kind of `count` kinds appears among `kinds`.
    #[track_caller]
    fn covers(kinds: impl IntoIterator<Item = usize>, count: usize) {
        let mut seen = vec![false; count];
        for k in kinds {
            seen[k] = true;
        }
        let missing: Vec<usize> = (0..count).filter(|&k| !seen[k]).collect();
        assert!(missing.is_empty(), "no sample of kinds {missing:?}");
    }

    #[test]
    fn every_simulator_error_reads_in_both_languages() {
        let all = sim_errors();
        covers(all.iter().map(sim_kind), 14);
        for e in &all {
            let en = sim_error(Lang::En, e);
            let zh = sim_error(Lang::Zh, e);
            assert_eq!(en, e.to_string());
            assert!(!en.is_empty() && !zh.is_empty());
            assert_ne!(en, zh);
            assert_chinese(&zh, &[]);
        }
        assert_eq!(
            sim_error(Lang::Zh, &SimError::Loss(1_000_125)),
            "丢包率不可能是 100.0125%：它在 0% 到 100% 之间"
        );
        assert_eq!(
            sim_error(Lang::Zh, &SimError::NoSuchNode { id: 9, nodes: 3 }),
            "节点 9 不存在：这个集群有 3 个节点（编号 1 到 3）"
        );
        // Errors as the simulator gives them.
        let mut sim = Simulation::new(SimConfig::new(3, 1)).unwrap();
        let e = sim.apply(Input::Latency(0, u64::MAX)).unwrap_err();
        assert!(sim_error(Lang::Zh, &e).starts_with("延迟 "), "{e}");
    }

    /// Which kind an action error is, its item and replay problems included.
    fn action_kind(p: &ActionProblem) -> usize {
        match p {
            ActionProblem::Empty => 0,
            ActionProblem::NoEndMark { .. } => 1,
            ActionProblem::CountMismatch { .. } => 2,
            ActionProblem::BadEndMark { .. } => 3,
            ActionProblem::Invalid { why, .. } => match why {
                ItemProblem::Start => 4,
                ItemProblem::SameEvent => 5,
                ItemProblem::EventTooLarge => 6,
                ItemProblem::TimeTooLarge => 7,
                ItemProblem::NoLetter => 8,
                ItemProblem::NotALetter { .. } => 9,
                ItemProblem::NumberTooLarge { .. } => 10,
                ItemProblem::NoNode => 11,
                ItemProblem::NoSuchNode { .. } => 12,
                ItemProblem::NoDash => 13,
                ItemProblem::NoLoss => 14,
                ItemProblem::LossOverAll { .. } => 15,
                ItemProblem::LatencyForm => 16,
                ItemProblem::LatencyReversed { .. } => 17,
                ItemProblem::TimingForm => 18,
                ItemProblem::ElectionRange { .. } => 19,
                ItemProblem::HeartbeatRange { .. } => 20,
                ItemProblem::NoBit => 21,
                ItemProblem::NotABug { .. } => 22,
                ItemProblem::NoDot => 23,
                ItemProblem::BadEscape { .. } => 24,
                ItemProblem::NoMessageId => 25,
                ItemProblem::Trailing { .. } => 26,
            },
            ActionProblem::Replay { why, .. } => match why {
                ReplayProblem::NothingLeft { .. } => 27,
                ReplayProblem::AlreadyPast { .. } => 28,
                ReplayProblem::Refused(_) => 29,
                ReplayProblem::Moved { .. } => 30,
            },
        }
    }

    /// Runs that a share link could carry, each broken in its own way.
    const BAD_RUNS: &[&str] = &[
        "",
        "1.0c1_1.0c2",
        "1.0c1_n3",
        "1.0c1_nx",
        "c1_n1",
        "0.0c1_n1",
        "18446744073709551615.0h_1.0h_n2",
        "1.18446744073709551615h_1.1h_n2",
        "1.0_n1",
        "1.0Q_n1",
        "99999999999999999999.0h_n1",
        "1.0c_n1",
        "1.0c16_n1",
        "1.0x1_n1",
        "1.0f_n1",
        "1.0f1000001_n1",
        "1.0y5_n1",
        "1.0y5-4_n1",
        "1.0w150_n1",
        "1.0w0-300-50_n1",
        "1.0w150-300-150_n1",
        "1.5q_n1",
        "1.0g1sleepy_n1",
        "1.0s1set_n1",
        "1.0kset~5Gx_n1",
        "1.0d_n1",
        "1.0c1x_n1",
    ];

    /// An action error of every kind, the replayed ones from a real history.
    fn action_errors() -> Vec<ActionError> {
        let mut all: Vec<ActionError> = BAD_RUNS
            .iter()
            .map(|run| actions_mod::parse_run(run).1.expect(run))
            .collect();
        let fresh = || History::new(Simulation::new(SimConfig::new(3, 7)).unwrap());
        let replay = |actions: &[Action]| actions_mod::replay(&mut fresh(), actions).unwrap_err();
        // Nothing left to do: with timers off a quiet cluster has no event.
        all.push(replay(&[
            Action::new(1, 0, Input::Timers(false)),
            Action::new(50, 0, Input::Heal),
        ]));
        all.push(replay(&[
            Action::new(1, 0, Input::Heal),
            Action::new(1, 0, Input::Heal),
        ]));
        all.push(replay(&[Action::new(1, 0, Input::Crash(9))]));
        // A recorded time before the clock: the input happens at the clock instead.
        let mut history = fresh();
        for _ in 0..5 {
            history.step();
        }
        let late = history.current().now();
        all.push(replay(&[
            Action::new(6, late, Input::Heal),
            Action::new(7, 0, Input::Heal),
        ]));
        all
    }

    #[test]
    fn every_action_error_reads_in_both_languages() {
        let all = action_errors();
        covers(all.iter().map(|e| action_kind(&e.problem)), 31);
        for e in &all {
            let en = action_error(Lang::En, e);
            let zh = action_error(Lang::Zh, e);
            assert_eq!(en, e.to_string());
            assert!(!en.is_empty() && !zh.is_empty());
            assert!(zh.starts_with(&e.item), "{zh}");
            assert_chinese(&zh, &[&e.item]);
        }
        let (_, e) = actions_mod::parse_run("1.0c1_1.5q_1.0h_1.0h_n4");
        assert_eq!(
            action_error(Lang::Zh, &e.unwrap()),
            "1.5q：第 2 个操作（共 4 个）无效（字母之后应为 1（开）或 0（关））；已丢弃它及其后的 2 个操作，只重放之前的 1 个"
        );
        let (_, e) = actions_mod::parse_run("1.0c16_n1");
        assert_eq!(
            action_error(Lang::Zh, &e.unwrap()),
            "1.0c16：第 1 个操作（共 1 个）无效（节点 16 不可能存在（节点编号为 1 到 15））；已丢弃它，不重放任何操作"
        );
    }

    #[test]
    fn a_recording_error_says_what_can_cause_it_in_both_languages() {
        let e = sim::recording::Recording::decode("raft-recording 7\n").unwrap_err();
        assert!(recording_error(Lang::En, &e).contains("raft-tools.js"));
        assert_chinese(&recording_error(Lang::Zh, &e), &["raft-tools.js"]);
    }

    fn param_kind(p: &ParamProblem) -> usize {
        match p {
            ParamProblem::Repeated { .. } => 0,
            ParamProblem::Unknown => 1,
            ParamProblem::NotSwitch { .. } => 2,
            ParamProblem::NoPreset { .. } => 3,
            ParamProblem::Nodes => 4,
            ParamProblem::Seed => 5,
            ParamProblem::Speed => 6,
            ParamProblem::Controls => 7,
            ParamProblem::Lang => 8,
            ParamProblem::Theme => 9,
            ParamProblem::Election => 10,
            ParamProblem::Heartbeat => 11,
            ParamProblem::Latency => 12,
            ParamProblem::Loss => 13,
            ParamProblem::HeartbeatNotShorter { .. } => 14,
            ParamProblem::ElectionNotLonger { .. } => 15,
            ParamProblem::Run(_) => 16,
            ParamProblem::At => 17,
            ParamProblem::ScriptTooLong => 18,
            ParamProblem::Src => 19,
            ParamProblem::Version => 20,
            ParamProblem::Loading => 21,
        }
    }

    const PRESETS: [&str; 3] = ["election", "leader-crash", "figure-8"];

    /// Links with every kind of bad parameter.
    const BAD_LINKS: &[&str] = &[
        "seed=1&seed=2",
        "sed=7",
        "colour=red",
        "autoplay=maybe",
        "prevote=perhaps",
        "scenario=figur-8",
        "scenario=zzz",
        "nodes=12",
        "seed=x",
        "speed=inf",
        "controls=tiny",
        "lang=fr",
        "theme=blue",
        "election=300..150",
        "heartbeat=0",
        "latency=10..70000",
        "loss=101",
        "heartbeat=150",
        "election=20..40&heartbeat=30",
        "election=40..80",
        "run=1.0c1_1.5q_1.0h_n3",
        "run=",
        "at=-1",
        "src=https://elsewhere.example/x.raft",
        "src=//elsewhere.example/x.raft",
        "src=javascript:alert(1)",
        "v=not-hex",
        "loading=soon",
    ];

    #[test]
    fn every_url_parameter_error_reads_in_both_languages() {
        let mut kinds = Vec::new();
        for link in BAD_LINKS {
            let (_, errors) = params::parse(link, &PRESETS);
            assert!(!errors.is_empty(), "{link}");
            for e in &errors {
                kinds.push(param_kind(&e.problem));
                let en = param_error(Lang::En, e);
                let zh = param_error(Lang::Zh, e);
                assert_eq!(en, e.to_string());
                let head = if e.value.is_empty() {
                    e.name.clone()
                } else {
                    format!("{}={}", e.name, e.value)
                };
                assert!(en.starts_with(&format!("{head}: ")), "{en}");
                assert!(zh.starts_with(&format!("{head}：")), "{zh}");
                assert_chinese(&zh, &[&head]);
            }
        }
        let (_, errors) = params::parse("scenario=x", &[]);
        kinds.extend(errors.iter().map(|e| param_kind(&e.problem)));
        assert_chinese(&param_error(Lang::Zh, &errors[0]), &["scenario=x"]);
        let long = format!("script={}", "a".repeat(params::MAX_SCRIPT_BYTES + 1));
        let (p, errors) = params::parse(&long, &PRESETS);
        assert_eq!(p.script, None);
        kinds.extend(errors.iter().map(|e| param_kind(&e.problem)));
        assert!(param_error(Lang::Zh, &errors[0]).contains("字节"));
        covers(kinds, 22);
        let (_, errors) = params::parse("nodes=12", &PRESETS);
        assert_eq!(
            param_error(Lang::Zh, &errors[0]),
            "nodes=12：这里的集群有 3 到 9 个节点；改用 5 个"
        );
        let (_, errors) = params::parse("embed=sure", &PRESETS);
        assert_eq!(
            errors[0].problem,
            ParamProblem::NotSwitch {
                fallback: SwitchFallback::Off
            }
        );
    }
}
