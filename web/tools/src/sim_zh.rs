//! The Chinese of the simulator's own errors ([`SimError`], with [`ConfigError`] inside it),
//! shared by both wasm modules: the tools module renders the ones a trace meets, and the page
//! includes this file (`web/src/errors.rs`) for the ones its own runs meet. One text per
//! language: the English is `SimError`'s `Display`.
//!
//! The matches are exhaustive: a new kind of error fails to compile here rather than reaching
//! a visitor in English.

use sim::raft::ConfigError;
use sim::{SimError, MAX_LATENCY_MS, MAX_NODES};

/// `e` in Chinese.
pub fn sim_error(e: &SimError) -> String {
    match e {
        SimError::NodeCount(n) => format!("集群有 1 到 {MAX_NODES} 个节点，不能是 {n} 个"),
        SimError::NoSuchNode { id, nodes } => {
            format!("节点 {id} 不存在：这个集群有 {nodes} 个节点（编号 1 到 {nodes}）")
        }
        SimError::LatencyRange(a, b) => format!("延迟范围 {a}..{b} 的终点在起点之前"),
        SimError::Loss(ppm) => format!("丢包率不可能是 {}%：它在 0% 到 100% 之间", percent(*ppm)),
        SimError::TooLong(ms) => {
            format!("{ms} ms 太长了：时长最多为一小时（{} ms）", sim::LONGEST_MS)
        }
        SimError::LatencyTooLong(ms) => {
            format!("延迟 {ms} ms 太长了：一条消息最多传输 {MAX_LATENCY_MS} ms")
        }
        SimError::Config(e) => config_error(e),
    }
}

/// `e` in Chinese. Times are in µs, as the nodes' configuration has them.
pub fn config_error(e: &ConfigError) -> String {
    match e {
        ConfigError::NoVoters => "集群至少需要一个投票成员".to_string(),
        ConfigError::DuplicateVoter(id) => format!("节点 {id} 被列出了两次"),
        ConfigError::ZeroElectionTimeout => "选举超时必须大于零".to_string(),
        ConfigError::ElectionRangeReversed { min, max } => {
            format!("选举超时范围 {min}..{max} 的终点在起点之前")
        }
        ConfigError::ZeroHeartbeat => "心跳间隔必须大于零".to_string(),
        ConfigError::HeartbeatTooSlow {
            heartbeat,
            election_min,
        } => format!(
            "心跳间隔（{heartbeat}）必须短于最短选举超时（{election_min}），否则追随者会在两次心跳之间超时"
        ),
        ConfigError::ZeroBatch => "一条 AppendEntries 消息至少要能携带一个条目".to_string(),
        ConfigError::VotersChanged => "运行中节点的投票成员不能通过重新配置来改变".to_string(),
    }
}

/// Parts per million as a percentage (`100.0125`), in integer arithmetic as the simulator
/// writes it (float formatting would grow every wasm build).
fn percent(ppm: u32) -> String {
    let frac = format!("{:04}", ppm % 10_000);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        (ppm / 10_000).to_string()
    } else {
        format!("{}.{frac}", ppm / 10_000)
    }
}
