//! The Chinese of the scenario parser's errors ([`ParseError`]); the English is its `Display`.
//!
//! `FILE:LINE:COL: ` comes first as in English, then the text the error is about (what the
//! script says, verbatim) and the explanation. Every kind is matched exhaustively, so a new
//! kind of parser error fails to compile here rather than reaching a visitor in English.

use sim::scenario::{KvForm, NumberOf, ParseError, Problem, Usage, WordKind};

/// `e` in Chinese: `FILE:LINE:COL: CONTEXT：explanation`.
pub fn parse_error(e: &ParseError) -> String {
    let mut out = format!("{}:{}:{}: ", e.file, e.line, e.col);
    if let Some(context) = &e.context {
        out.push_str(context);
        out.push('：');
    }
    out.push_str(&problem(&e.problem));
    out
}

/// Words of the language as quoted tokens: `` `a`、`b` ``.
fn tokens(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    quoted.join("、")
}

/// Quoted tokens, the last joined with `或`: `` `a`、`b` 或 `c` ``.
fn one_of(items: &[&str]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} 或 `{last}`", tokens(rest)),
        _ => tokens(items),
    }
}

fn noun(kind: WordKind) -> &'static str {
    match kind {
        WordKind::Command => "命令",
        WordKind::Option => "选项",
        WordKind::Word => "词",
        WordKind::Bug => "缺陷",
        WordKind::Property => "安全性质",
        WordKind::Role => "角色",
        WordKind::Check => "检查项",
        WordKind::ClientCommand => "客户端命令",
        WordKind::Condition => "条件",
        WordKind::Expectation => "断言",
    }
}

fn number_of(of: NumberOf) -> &'static str {
    match of {
        NumberOf::Seed => "随机种子",
        NumberOf::Batch => "一条 AppendEntries 消息最多携带的条目数",
        NumberOf::Events => "事件数",
        NumberOf::Index => "索引",
        NumberOf::Term => "任期",
        NumberOf::Messages => "消息数",
    }
}

fn kv_form(form: KvForm) -> &'static str {
    form.text()
}

/// How a command is written.
pub fn usage(u: &Usage) -> String {
    match u {
        Usage::Cluster => "`cluster` 后接节点数（1 到 15）和选项，例如 `cluster 5 seed=7 election=150..300`"
            .to_string(),
        Usage::Log => "`log` 后接一个节点编号和它各个条目的任期，例如 `log 2 1,1,2 term=3 vote=1`；空日志写作 `log 2 -`"
            .to_string(),
        Usage::Step => "`step` 后可接要处理的事件数，例如 `step` 或 `step 3`".to_string(),
        Usage::Timers => "`timers` 后接 `on` 或 `off`".to_string(),
        Usage::Switch { command } => format!("`{command}` 后接 `on` 或 `off`"),
        Usage::OneNode { command, example } => {
            format!("`{command}` 后接一个节点编号，例如 `{command} {example}`")
        }
        Usage::NoArguments { command } => format!("`{command}` 不接参数"),
        Usage::DirectedLink { command } => format!(
            "`{command}` 后接一条有向链路 `A->B`，例如 `{command} 1->2`（`*` 表示任意节点）"
        ),
        Usage::Propose => "`propose` 后接一个节点编号和一条命令，例如 `propose 1 set x 5` 或 `propose 1 del x`"
            .to_string(),
        Usage::Client => {
            "`client` 后接一条命令，例如 `client set x 5` 或 `client del x`".to_string()
        }
        Usage::Link { command } => format!(
            "`{command}` 后接一条链路，`A-B` 表示双向，`A->B` 表示单向，例如 `{command} 1-2`"
        ),
        Usage::Loss => "`loss` 后接一个百分比，例如 `loss 10%`".to_string(),
        Usage::Latency => "`latency` 后接一个以毫秒计的范围，例如 `latency 10..15`".to_string(),
        Usage::Bug => "`bug` 后接缺陷名和 `on` 或 `off`，例如 `bug no-jitter on`".to_string(),
        Usage::Run => "`run` 后接一段时长（例如 `run 500ms`）或一个条件（例如 `run until leader`）"
            .to_string(),
        Usage::RunUntil => "`run until` 后接一个条件（`leader`、`leader=N`、`committed=I`、`applied=I` 或 `quiet`），还可再加 `within DURATION`，例如 `run until leader within 5s`"
            .to_string(),
        Usage::Within => "`within` 后接一段时长，例如 `within 5s`".to_string(),
        Usage::Add => "`add` 后接一个节点编号，加 `learner` 表示作为学习者加入，例如 `add 4` 或 `add 4 learner`"
            .to_string(),
        Usage::Reconfig => "`reconfig` 后接新的投票成员，例如 `reconfig 3,4,5`（联合共识）".to_string(),
        Usage::Members => "`members` 后接初始配置的投票成员，例如 `members=1,2,3`".to_string(),
        Usage::Partition => "`partition` 后接用 `|` 分隔的几组节点编号，例如 `partition 1,2 | 3,4,5`"
            .to_string(),
        Usage::Expect => "`expect` 后接一个节点编号和检查项（`expect 1 role=leader`），或 `leader=N`、`leader=none`、`kv NODE KEY=VALUE`、`safe`、`violation NAME`、`in-flight<=N`"
            .to_string(),
        Usage::InFlight => "`expect in-flight<=N` 检查传输中的消息最多有 N 条，例如 `expect in-flight<=6`"
            .to_string(),
        Usage::ExpectLeader => "`expect leader=N` 后面不能再接内容；要检查某个节点自己认定的领导者，请写 `expect N leader=M`"
            .to_string(),
        Usage::ExpectKv => "`expect kv` 后接一个节点编号和 `KEY=VALUE`（或 `KEY=none`），例如 `expect kv 1 x=5`"
            .to_string(),
        Usage::ExpectSafe => "`expect safe` 后面不能再接内容".to_string(),
        Usage::ExpectViolation { properties } => format!(
            "`expect violation` 后接一个安全性质的名称：{}",
            tokens(properties)
        ),
    }
}

/// What is wrong, in Chinese.
pub fn problem(p: &Problem) -> String {
    match p {
        Problem::NotUtf8 { byte } => format!(
            "不是 UTF-8 文本：字节 0x{byte:02x} 不能在此处开始或延续一个字符（请把脚本存为 UTF-8）"
        ),
        Problem::NoCommands => {
            "脚本必须以 `cluster N` 开头（例如 `cluster 5`），但它没有任何命令".to_string()
        }
        Problem::NotClusterFirst { found } => {
            format!("脚本必须以 `cluster N` 开头（例如 `cluster 5`），这里却是 `{found}`")
        }
        Problem::SecondCluster { first_line } => {
            format!("已经有一行 `cluster`（第 {first_line} 行）；一个脚本只能有一行")
        }
        Problem::LogAfterCommands { first_command_line } => format!(
            "`log` 行属于脚本的开头部分：请紧接在 `cluster` 之后、第一条其他命令（第 {first_command_line} 行）之前"
        ),
        Problem::TitleAfterCommands { first_command_line } => format!(
            "`title` 属于脚本的开头部分：请紧接在 `cluster` 之后、第一条其他命令（第 {first_command_line} 行）之前"
        ),
        Problem::TitleEmpty => {
            "`title` 后面要写课程的名称，例如 `title 领导者崩溃`，中文名称写在 `zh:` 之后".to_string()
        }
        Problem::SayEmpty => {
            "`say` 后面要写字幕的内容，例如 `say 节点 3 最先超时。`，中文写在 `zh:` 之后".to_string()
        }
        Problem::SayZhAlone => {
            "`say zh:` 给出紧挨在它前面那条字幕的中文：请写在一行 `say` 的下一行（每条只写一次）"
                .to_string()
        }
        Problem::TitleTwice { first_line } => format!(
            "第 {first_line} 行已经给出了标题；标题只写一次（`title zh:` 也只写一次）"
        ),
        Problem::Usage(u) => usage(u),
        Problem::Unexpected { found, usage: u } => format!("多余的 `{found}`：{}", usage(u)),
        Problem::Unknown {
            kind,
            word,
            suggestion,
            expected,
        } => {
            let head = format!("未知的{} `{word}`", noun(*kind));
            match (suggestion, kind) {
                (Some(s), _) => format!("{head}；你是想写 `{s}` 吗？"),
                (None, WordKind::Condition) => format!("{head}；应为 {}", one_of(expected)),
                (None, WordKind::Expectation) => format!("{head}；{}", usage(&Usage::Expect)),
                (None, _) => format!("{head}；应为以下之一：{}", tokens(expected)),
            }
        }
        Problem::NotNumber { of } => format!("{}应为整数", number_of(*of)),
        Problem::TooLarge => "数字太大".to_string(),
        Problem::NotOnOff { found } => format!("应为 `on` 或 `off`，这里却是 `{found}`"),
        Problem::NotDuration => {
            "应为一段时长：毫秒写作 `150ms` 或 `150`，秒写作 `2s`".to_string()
        }
        Problem::DurationTooLong { max_ms } => {
            format!("时长最多为一小时模拟时间（{max_ms}ms）")
        }
        Problem::NotRange => "应为以毫秒计的范围 `MIN..MAX`，例如 `150..300`".to_string(),
        Problem::RangeReversed => "范围的终点在起点之前".to_string(),
        Problem::LatencyTooLong { max_ms } => format!(
            "一条消息最多传输 {} 秒（{max_ms}ms）",
            max_ms / 1000
        ),
        Problem::NotPercent => "应为百分比，例如 `10%` 或 `12.5%`".to_string(),
        Problem::PercentRange => "百分比应在 0% 到 100% 之间".to_string(),
        Problem::PercentDecimals => "百分比最多带一位小数，例如 `12.5%`".to_string(),
        Problem::TermZero => "条目的任期从 1 开始（任期 0 早于任何领导者）".to_string(),
        Problem::TermTooLarge { max } => format!("脚本中的任期最大为 {max}"),
        Problem::TermMissing => {
            "缺少一个任期；请用逗号分隔各个任期，例如 `1,1,2`，空日志写作 `-`".to_string()
        }
        Problem::NotTerms { found } => format!(
            "应为用逗号分隔的任期，例如 `1,1,2`，空日志写作 `-`；这里却是 `{found}`"
        ),
        Problem::TermsDecrease { entry, term, after } => format!(
            "日志中的任期不会减小，但第 {entry} 个条目的任期 {term} 排在任期 {after} 之后"
        ),
        Problem::TermBelowLastEntry { last } => {
            format!("节点的任期不能小于它最后一个条目的任期（{last}）")
        }
        Problem::TermsAfterTermOption => {
            format!("各条目的任期要写在 `term=` 之前；{}", usage(&Usage::Log))
        }
        Problem::ClusterSize { max } => format!("集群有 1 到 {max} 个节点"),
        Problem::NotNodeCount { found } => format!(
            "`cluster` 之后应为节点数，这里却是 `{found}`；{}",
            usage(&Usage::Cluster)
        ),
        Problem::OptionNeedsValue { key } => {
            format!("选项 `{key}` 需要一个值：请写 `{key}=...`")
        }
        Problem::NotOption {
            nodes,
            found,
            options,
        } => format!(
            "`cluster {nodes}` 之后应为 `key=value` 形式的选项，这里却是 `{found}`；可用的选项：{}",
            tokens(options)
        ),
        Problem::OptionTwice { key, first_col } => match first_col {
            Some(col) => format!("选项 `{key}` 出现了两次（第一次在第 {col} 列）"),
            None => format!("选项 `{key}` 出现了两次"),
        },
        Problem::ElectionZero => "最短选举超时至少为 1ms".to_string(),
        Problem::HeartbeatZero => "心跳间隔至少为 1ms".to_string(),
        Problem::BatchRange { max } => format!("每条消息携带的条目数应在 1 到 {max} 之间"),
        Problem::HeartbeatTooSlow {
            heartbeat_ms,
            election_min_ms,
        } => format!(
            "心跳间隔（{heartbeat_ms}ms）必须短于最短选举超时（{election_min_ms}ms），否则追随者会在两次心跳之间超时"
        ),
        Problem::NoSuchNode { given, nodes } => {
            if *nodes == 1 {
                format!("节点 {given} 不存在：这个集群只有 1 个节点（唯一的编号是 1）")
            } else {
                format!("节点 {given} 不存在：这个集群有 {nodes} 个节点（编号 1 到 {nodes}）")
            }
        }
        Problem::NotNodeId { nodes, found } => {
            let ids = if *nodes == 1 {
                "1".to_string()
            } else {
                format!("1 到 {nodes}")
            };
            format!("应为节点编号（{ids}），这里却是 `{found}`")
        }
        Problem::LogTwice { node, first_line } => format!(
            "节点 {node} 的日志已在第 {first_line} 行给出；每个节点只能有一行 `log`"
        ),
        Problem::VoteInTermZero { node } => format!(
            "投票总是发生在某个任期内，而节点 {node} 处于任期 0；请给出 `term=T`（至少为 1）或日志条目"
        ),
        Problem::StepZero => "事件数至少为 1".to_string(),
        Problem::StepTooMany { max } => format!("一条命令最多只能引发 {max} 个事件"),
        Problem::NeedArrow { command } => {
            format!("请用 `->` 写明方向，例如 `{command} 1->2`")
        }
        Problem::MessageToItself => "节点不会给自己发消息；请写两个不同的节点".to_string(),
        Problem::LinkToItself => "链路连接的是两个不同的节点".to_string(),
        Problem::NotLink { usage: u } => format!("应为 `A->B` 或 `A-B`；{}", usage(u)),
        Problem::NodeMissing { usage: u } => format!("缺少一个节点；{}", usage(u)),
        Problem::BelongsInHeader { command } => format!("`{command}` 属于脚本的开头部分"),
        Problem::WithinEquals => {
            "`within` 和时长之间用空格分隔（`within DURATION`），例如 `within 5s`".to_string()
        }
        Problem::QuietTakesNoValue => "条件 `quiet` 不带值".to_string(),
        Problem::ConditionNeedsIndex { condition: k } => {
            format!("条件 `{k}` 需要一个索引：请写 `{k}=I`，例如 `{k}=3`")
        }
        Problem::ListedTwice { node } => {
            format!("节点 {node} 出现了两次；一个节点在节点列表中只能出现一次")
        }
        Problem::EmptyGroupBefore => {
            format!("这个 `|` 之前的组是空的；{}", usage(&Usage::Partition))
        }
        Problem::EmptyGroupAfter => {
            format!("这个 `|` 之后的组是空的；{}", usage(&Usage::Partition))
        }
        Problem::NoChecks { node, keys } => format!(
            "`expect {node}` 至少需要一个检查项，例如 `expect {node} role=leader term=2`；可用的键：{}",
            tokens(keys)
        ),
        Problem::CheckedTwice { key, first_col } => format!(
            "这条 `expect` 把 `{key}` 检查了两次（第一次在第 {first_col} 列）"
        ),
        Problem::ExpectLeaderForm => "请写 `expect leader=N` 或 `expect leader=none`".to_string(),
        Problem::NotKeyValue { found } => format!(
            "应为 `KEY=VALUE`，这里却是 `{found}`；{}",
            usage(&Usage::ExpectKv)
        ),
        Problem::KeyMissing => format!("缺少键；{}", usage(&Usage::ExpectKv)),
        Problem::KvValueMissing { key } => {
            format!("缺少值；请写 `{key}=VALUE`，键不存在时写 `{key}=none`")
        }
        Problem::TakesNoEquals { word } => {
            format!("`{word}` 后面不带 `=`；{}", usage(&Usage::Expect))
        }
        Problem::WhichNode { check } => {
            format!("请写明检查哪个节点：`expect N {check}`，例如 `expect 1 {check}`")
        }
        Problem::CheckNeedsValue { key } => {
            format!("检查项 `{key}` 需要一个值：请写 `{key}=...`")
        }
        Problem::NotCheck { found, keys } => format!(
            "应为 `key=value` 形式的检查项（例如 `role=leader`），这里却是 `{found}`；可用的键：{}",
            tokens(keys)
        ),
        Problem::ValueMissing => "`=` 之后缺少值".to_string(),
        Problem::KvForm { form: f, usage: u } => {
            format!("请写 `{}`；{}", kv_form(*f), usage(u))
        }
        Problem::KvExtra { found, form: f } => format!(
            "多余的 `{found}`：请写 `{}`（值是一个词，不能含空格）",
            kv_form(*f)
        ),
        Problem::KeyWithEquals { key } => format!(
            "键 `{key}` 含有 `=`，`expect kv KEY=VALUE` 将无法读取它；请换一个键"
        ),
        Problem::ValueNone => {
            "值 `none` 是保留的：`expect kv NODE KEY=none` 表示键不存在；请换一个值".to_string()
        }
    }
}
