//! The Chinese of the trace reader's errors ([`TraceError`]); the English is its `Display`.
//!
//! The trace's own text (a field's name, a JSON value, an input's kind) is quoted verbatim;
//! every kind is matched exhaustively, so a new kind of error fails to compile here rather
//! than reaching a visitor in English.

use sim::trace::{
    Difference, EventSummary, EventWhat, InputProblem, JsonFault, LogProblem, MessageSummary, Side,
    TraceError, TraceProblem, Want,
};
use sim::Input;

use crate::sim_zh;

/// `e` in Chinese: `第 N 行：...`.
pub fn trace_error(e: &TraceError) -> String {
    format!("第 {} 行：{}", e.line, problem(&e.problem))
}

/// `必须是…`: what a field must be.
fn must_be(w: Want) -> &'static str {
    match w {
        Want::Number => "必须是整数",
        Want::Numbers => "必须是两个整数",
        Want::Pair => "必须是 `[min, max]`",
        Want::Bool => "必须是 `true` 或 `false`",
        Want::Text => "必须是字符串",
    }
}

fn problem(p: &TraceProblem) -> String {
    match p {
        TraceProblem::Empty => "运行记录是空的".to_string(),
        TraceProblem::NotJson { column, fault, .. } => match fault {
            JsonFault::Syntax => format!("不是 JSON 对象：第 {column} 列有语法错误"),
            JsonFault::Eof => format!("不是 JSON 对象：在第 {column} 列意外结束"),
            JsonFault::Data => format!("不是 JSON 对象：第 {column} 列的数据不对"),
        },
        TraceProblem::NotStart => "第一行必须是运行记录的 `start` 行".to_string(),
        TraceProblem::Version { found } => format!(
            "不支持第 {found} 版的运行记录（这里是第 {} 版）",
            sim::trace::VERSION
        ),
        TraceProblem::NoVersion => "`start` 行缺少 `version`".to_string(),
        TraceProblem::NoConfig => "`start` 行缺少 `config`".to_string(),
        TraceProblem::Config { key, want: w } => {
            format!("`config.{key}` {}", must_be(*w))
        }
        TraceProblem::Log(p) => match p {
            LogProblem::NoNode => "`logs` 中的一项缺少 `node`",
            LogProblem::NoTerms => "`logs` 中的一项缺少 `terms`",
            LogProblem::Terms => "日志中的任期必须是整数",
            LogProblem::Vote => "日志的 `vote` 必须是节点编号",
        }
        .to_string(),
        TraceProblem::Sim(e) => sim_zh::sim_error(e),
        TraceProblem::Input(p) => input_problem(p),
        TraceProblem::NoTime => "缺少 `time_us`".to_string(),
        TraceProblem::TooLong => "模拟已经无事可做，运行记录却还没有结束".to_string(),
        TraceProblem::Mismatch(m) => format!(
            "{}：{}；这份运行记录可能被修改过，或由其他版本生成",
            summary(&m.event),
            difference(&m.difference)
        ),
    }
}

fn input_problem(p: &InputProblem) -> String {
    match p {
        InputProblem::NoKind => "输入缺少 `kind`".to_string(),
        InputProblem::Field { kind, key, want: w } => {
            format!("输入 `{kind}` 的 `{key}` {}", must_be(*w))
        }
        InputProblem::NoGroups => "输入 `partition` 缺少 `groups`".to_string(),
        InputProblem::Group => "分区的每一组必须是节点编号的列表".to_string(),
        InputProblem::UnknownBug { name } => format!("未知的缺陷 `{name}`"),
        InputProblem::NoElection => {
            "输入 `timing` 缺少 `election_ms`，应为 `[min, max]`".to_string()
        }
        InputProblem::UnknownInput { kind } => format!("未知的输入 `{kind}`"),
    }
}

/// `第 3 个事件（节点 2 发给节点 1 的 AppendEntries 消息 7 送达，在 191.726 ms）`.
fn summary(e: &EventSummary) -> String {
    let message = |m: &MessageSummary, what: &str| {
        format!(
            "节点 {} 发给节点 {} 的 {} 消息 {} {what}",
            m.from, m.to, m.kind, m.id
        )
    };
    let what = match &e.what {
        EventWhat::Deliver(m) => message(m, "送达"),
        EventWhat::Lose(m) => message(m, "丢失"),
        EventWhat::Duplicate(m) => message(m, "被复制"),
        EventWhat::Timer { node } => format!("节点 {node} 的计时器触发"),
        EventWhat::Client { client, node } => format!("客户端 {client} 的请求到达节点 {node}"),
        EventWhat::Input(input) => format!("操作：{}", input_text(input)),
    };
    format!("第 {} 个事件（{what}，在 {} ms）", e.number, e.time_ms())
}

fn on_off(on: bool) -> &'static str {
    if on {
        "开启"
    } else {
        "关闭"
    }
}

/// An input from outside, as the narration would name it.
fn input_text(input: &Input) -> String {
    match input {
        Input::Crash(n) => format!("让节点 {n} 宕机"),
        Input::Restart(n) => format!("重启节点 {n}"),
        Input::Isolate(n) => format!("隔离节点 {n}"),
        Input::Rejoin(n) => format!("让节点 {n} 重新接入"),
        Input::Partition(_) => "划分网络分区".to_string(),
        Input::Heal => "修复网络".to_string(),
        Input::Cut { from, to, both } => {
            if *both {
                format!("切断节点 {from} 与节点 {to} 之间的链路")
            } else {
                format!("切断节点 {from} 到节点 {to} 的链路")
            }
        }
        Input::Link { from, to, both } => {
            if *both {
                format!("恢复节点 {from} 与节点 {to} 之间的链路")
            } else {
                format!("恢复节点 {from} 到节点 {to} 的链路")
            }
        }
        Input::Loss(_) => "设置丢包率".to_string(),
        Input::Latency(..) => "设置延迟".to_string(),
        Input::Timers(on) => format!("{}计时器", if *on { "恢复" } else { "暂停" }),
        Input::Timeout(n) => format!("让节点 {n} 立即选举超时"),
        Input::Heartbeat(n) => format!("让节点 {n} 立即发送心跳"),
        Input::Propose(n, _) => format!("把一条命令交给节点 {n}"),
        Input::Client(_) => "启动一个客户端".to_string(),
        Input::Deliver(id) => format!("立即送达消息 {id}"),
        Input::Drop(id) => format!("丢弃消息 {id}"),
        Input::Duplicate(id) => format!("复制消息 {id}"),
        Input::Change(change) => match change {
            sim::raft::Change::AddVoter(n) => format!("把节点 {n} 加为投票成员"),
            sim::raft::Change::AddLearner(n) => format!("把节点 {n} 加为学习者"),
            sim::raft::Change::Promote(n) => format!("把学习者 {n} 升为投票成员"),
            sim::raft::Change::Remove(n) => format!("移除节点 {n}"),
            sim::raft::Change::Joint(_) => "通过联合共识更改成员".to_string(),
        },
        Input::Transfer(n) => format!("把领导权交给节点 {n}"),
        Input::AddServer(n) => format!("启动新服务器 {n}"),
        Input::Bug(bug, on) => format!("{}缺陷 `{}`", on_off(*on), bug.name()),
        Input::PreVote(on) => format!("{}预投票", on_off(*on)),
        Input::CheckQuorum(on) => format!("{}法定人数检查", on_off(*on)),
        Input::Timing { .. } => "修改选举超时和心跳间隔".to_string(),
    }
}

fn side(s: &Side) -> String {
    match s {
        Side::Value(v) => v.clone(),
        Side::Items(n) => format!("{n} 项"),
        Side::Missing => "无".to_string(),
    }
}

fn difference(d: &Difference) -> String {
    let path = &d.path;
    match (&d.trace, &d.simulation) {
        (Side::Items(t), Side::Items(s)) => {
            format!("运行记录中 \"{path}\" 有 {t} 项，模拟中有 {s} 项")
        }
        (Side::Missing, s) => format!("运行记录中没有 \"{path}\"，模拟给出的是 {}", side(s)),
        (t, Side::Missing) => format!(
            "运行记录中 \"{path}\" 为 {}，模拟中没有 \"{path}\"",
            side(t)
        ),
        (t, s) if path.is_empty() => {
            format!("运行记录中是 {}，模拟给出的是 {}", side(t), side(s))
        }
        (t, s) => format!(
            "运行记录中 \"{path}\" 为 {}，模拟给出的是 {}",
            side(t),
            side(s)
        ),
    }
}
