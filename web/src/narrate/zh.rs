//! Every Chinese sentence of the narration, in Raft's standard terms: 领导者, 追随者, 候选人,
//! 任期, 日志, 提交, 心跳, 选举超时, 预投票, 节点, 消息.

use sim::raft::{
    AppendOutcome, ChangeRefusal, IgnoreReason, LogIndex, Message, Role, TransferRefusal,
    VoteRefusal,
};
use sim::{BugName, ClientOutcome, InFlight, Input, LossCause, Property, Violation};

use super::{
    latency_range, message_name, ms_range, ms_rounded, partition_groups, percent, role_name,
    Campaign, Lead, Story, Tell,
};
use crate::i18n::{strings, Lang};

/// Simplified Chinese.
pub(super) struct Zh;

impl Tell for Zh {
    fn story(&self, story: &Story<'_>) -> String {
        match *story {
            Story::Violation(v) => {
                let name = strings(Lang::Zh).property(v.property).0;
                format!("安全性被破坏（{name}）：{}。", broken(v))
            }
            Story::Campaign {
                node,
                lead,
                campaign,
            } => {
                // A pre-vote that failed and asks again.
                let again = matches!(
                    lead,
                    Lead::TimedOut {
                        was: Role::PreCandidate,
                        ..
                    }
                );
                let lead = match lead {
                    Lead::TimedOut {
                        timeout,
                        term,
                        was: Role::Candidate,
                    } => format!(
                        "节点 {node} 在任期 {term} 的选举 {} 毫秒内没有决出胜者",
                        ms_rounded(timeout)
                    ),
                    Lead::TimedOut {
                        timeout,
                        was: Role::PreCandidate,
                        ..
                    } => format!(
                        "节点 {node} 的预投票 {} 毫秒内没有获得多数同意",
                        ms_rounded(timeout)
                    ),
                    Lead::TimedOut { timeout, .. } => format!(
                        "节点 {node} 已有 {} 毫秒没有收到领导者的消息",
                        ms_rounded(timeout)
                    ),
                    Lead::Forced => format!("你让节点 {node} 立即发起选举"),
                };
                let result = match campaign {
                    Campaign::Candidate(t) => format!("它成为任期 {t} 的候选人，并投票给自己"),
                    Campaign::PreCandidate(t) if again => {
                        format!("它再次询问其他节点自己能否赢得任期 {t}（预投票）")
                    }
                    Campaign::PreCandidate(t) => {
                        format!("它先询问其他节点自己能否赢得任期 {t}（预投票）")
                    }
                    Campaign::Leader(t) => {
                        format!("它是唯一的投票者，因此立即成为任期 {t} 的领导者")
                    }
                    Campaign::Waits => "它无法进入更高的任期，只能等待领导者".into(),
                };
                format!("{lead}：{result}。")
            }
            Story::Heartbeats { node } => {
                format!("领导者 {node} 发送心跳，让追随者知道它仍在工作。")
            }
            Story::QuorumLost { node, term, active } => {
                let heard = match active.saturating_sub(1) {
                    0 => "没有收到任何其他节点的回应".to_string(),
                    n => format!("只收到 {n} 个其他节点的回应"),
                };
                format!(
                    "任期 {term} 的领导者 {node} 在一个选举超时内{heard}，达不到多数，于是退为追随者（法定人数检查）。"
                )
            }
            Story::StepDown {
                node,
                was,
                by,
                term,
                from_leader,
                voted,
            } => {
                let was = role_name(Lang::Zh, was);
                let cause = if from_leader {
                    format!("收到任期 {term} 的领导者 {by} 的消息")
                } else {
                    format!("从节点 {by} 处得知任期 {term}")
                };
                let vote = if voted { "，并投票给它" } else { "" };
                format!("节点 {node} {cause}，由{was}退为追随者{vote}。")
            }
            Story::TermMoved { node, by, term } => format!(
                "节点 {node} 从节点 {by} 处得知更新的任期 {term}，随即以追随者身份进入该任期。"
            ),
            Story::VoteGranted {
                voter,
                candidate,
                term,
                pre_vote,
            } => {
                if pre_vote {
                    format!("节点 {voter} 表示愿意在任期 {term} 投票给节点 {candidate}（预投票）。")
                } else {
                    format!("节点 {voter} 在任期 {term} 投票给节点 {candidate}。")
                }
            }
            Story::VoteRefused {
                voter,
                candidate,
                term,
                pre_vote,
                reason,
            } => {
                let head = if pre_vote {
                    format!("节点 {voter} 拒绝了节点 {candidate} 在任期 {term} 的预投票")
                } else {
                    format!("节点 {voter} 拒绝在任期 {term} 投票给节点 {candidate}")
                };
                let why = match reason {
                    VoteRefusal::StaleTerm { current } => format!("它已经处于任期 {current}"),
                    VoteRefusal::AlreadyVoted { voted_for } if voted_for == voter => {
                        "它已经投票给了自己".into()
                    }
                    VoteRefusal::AlreadyVoted { voted_for } => {
                        format!("它已经投票给了节点 {voted_for}")
                    }
                    VoteRefusal::HasLeader { leader } => format!("它仍在跟随领导者 {leader}"),
                    VoteRefusal::LogNotUpToDate {
                        candidate_last_term,
                        candidate_last_index,
                        last_term,
                        last_index,
                    } => format!(
                        "节点 {candidate} 的日志不够新（最后一条：任期 {candidate_last_term}、索引 {candidate_last_index}；它自己的：任期 {last_term}、索引 {last_index}）"
                    ),
                    VoteRefusal::LeaderActive { leader } if leader == voter => {
                        "它自己就是活跃的领导者（法定人数检查）".into()
                    }
                    VoteRefusal::LeaderActive { leader } => {
                        format!("它刚刚还收到过领导者 {leader} 的消息（法定人数检查）")
                    }
                };
                format!("{head}：{why}。")
            }
            Story::Elected { node, term, votes } => format!(
                "节点 {node} 获得 {votes} 票，已过半数：它成为任期 {term} 的领导者。"
            ),
            Story::PreVoteWon { node, term, votes } => format!(
                "节点 {node} 获得 {votes} 张预投票，已过半数：它成为任期 {term} 的候选人，并投票给自己。"
            ),
            Story::PreVoteLost {
                node,
                term,
                refusals,
            } => format!(
                "节点 {node} 被 {refusals} 个节点拒绝，已过半数：它放弃预投票，继续在任期 {term} 做追随者。"
            ),
            Story::VoteCounted {
                node,
                from,
                granted,
                pre_vote,
                granted_total,
                quorum,
            } => {
                let what = match (pre_vote, granted) {
                    (false, true) => format!("节点 {node} 收到节点 {from} 的选票"),
                    (false, false) => format!("节点 {node} 被节点 {from} 拒绝投票"),
                    (true, true) => format!("节点 {node} 收到节点 {from} 的预投票同意"),
                    (true, false) => format!("节点 {node} 的预投票被节点 {from} 拒绝"),
                };
                let tally = if granted {
                    format!("已有 {granted_total} 票，需要 {quorum} 票")
                } else {
                    format!("仍只有 {granted_total} 票，需要 {quorum} 票")
                };
                format!("{what}（{tally}）。")
            }
            Story::Replicated {
                node,
                leader,
                news,
                truncated,
                appended,
                held,
                commit,
            } => {
                let mut parts = Vec::new();
                if let Some(term) = news {
                    parts.push(format!("承认节点 {leader} 为任期 {term} 的领导者"));
                }
                let source = if news.is_some() {
                    "它".to_string()
                } else {
                    format!("领导者 {leader} ")
                };
                if let Some((from, count, committed)) = truncated {
                    let alarm = match (committed, count) {
                        (false, _) => "",
                        (true, 1) => "（这个条目已提交！）",
                        (true, _) => "（其中有已提交的条目！）",
                    };
                    parts.push(format!("删除了从索引 {from} 起的 {count} 个冲突条目{alarm}"));
                }
                if let Some(range) = appended {
                    parts.push(format!("追加了{source}发来的{}", entry_range(range)));
                }
                if let Some(range) = held {
                    parts.push(format!("已经存有{source}发来的{}", entry_range(range)));
                }
                if let Some(c) = commit {
                    parts.push(format!("提交到条目 {c}"));
                }
                format!("节点 {node} {}。", clauses(&parts))
            }
            Story::Heard {
                node,
                leader,
                news,
                commit,
            } => {
                let head = match news {
                    Some(term) => format!("节点 {node} 从心跳得知节点 {leader} 是任期 {term} 的领导者"),
                    None => format!("节点 {node} 收到领导者 {leader} 的心跳"),
                };
                match commit {
                    Some(c) => format!("{head}，并提交到条目 {c}。"),
                    None => format!("{head}。"),
                }
            }
            Story::Rejected {
                node,
                leader,
                prev_log_index,
                prev_log_term,
                hint,
            } => {
                let why = match hint.term {
                    None => match hint.first_index.saturating_sub(1) {
                        0 => format!("它在索引 {prev_log_index} 处没有条目（它的日志是空的）"),
                        end => format!("它在索引 {prev_log_index} 处没有条目（它的日志只到 {end}）"),
                    },
                    Some(t) => format!(
                        "它在索引 {prev_log_index} 处的条目属于任期 {t}，而不是 {prev_log_term}（它的任期 {t} 条目从索引 {} 开始）",
                        hint.first_index
                    ),
                };
                format!("节点 {node} 拒绝了领导者 {leader} 的追加条目请求：{why}。")
            }
            Story::Acked {
                leader,
                follower,
                match_index,
                committed,
            } => match committed {
                Some((first, last)) if first >= last && last == match_index => format!(
                    "领导者 {leader} 得知节点 {follower} 已存下条目 {last}；多数节点都有了它，因此条目 {last} 已提交。"
                ),
                Some(range) => format!(
                    "领导者 {leader} 得知节点 {follower} 的日志与自己一致到条目 {match_index}；现在多数节点都存有{}，因此已提交。",
                    entry_range(range)
                ),
                None if match_index == 0 => format!("领导者 {leader} 收到节点 {follower} 的回复。"),
                None => format!(
                    "领导者 {leader} 得知节点 {follower} 的日志与自己一致到条目 {match_index}。"
                ),
            },
            Story::BackedUp {
                leader,
                follower,
                from,
                to,
            } => format!(
                "领导者 {leader} 把节点 {follower} 的 nextIndex（下一索引）从 {from} 回退到 {to}，然后重试。"
            ),
            Story::Ignored {
                node,
                from,
                message,
                term,
                reason,
            } => {
                let noun = message_noun(message);
                match reason {
                    IgnoreReason::StaleTerm if matches!(message, Message::AppendEntries { .. }) => {
                        format!(
                            "节点 {node} 忽略了节点 {from} 发来的{noun}：对方的任期 {term} 已过时，节点 {node} 会告知它。"
                        )
                    }
                    IgnoreReason::StaleTerm => format!(
                        "节点 {node} 忽略了节点 {from} 发来的{noun}：对方的任期 {term} 已过时。"
                    ),
                    IgnoreReason::NotExpected
                        if matches!(
                            message,
                            Message::PreVoteResponse { .. } | Message::RequestVoteResponse { .. }
                        ) =>
                    {
                        // Also a second answer from the same voter (a duplicate, say).
                        format!(
                            "节点 {node} 忽略了节点 {from} 发来的{noun}：它已不再等待投票（或已收到过节点 {from} 的回复）。"
                        )
                    }
                    IgnoreReason::NotExpected
                        if matches!(message, Message::AppendEntriesResponse(_)) =>
                    {
                        format!("节点 {node} 忽略了节点 {from} 发来的{noun}：它已不再是领导者。")
                    }
                    IgnoreReason::NotExpected => {
                        format!("节点 {node} 忽略了节点 {from} 发来的{noun}：它并没有在等这条消息。")
                    }
                    IgnoreReason::StaleAppendResponse => {
                        format!("领导者 {node} 忽略了节点 {from} 的一条过时回复。")
                    }
                    IgnoreReason::NotAMember => format!(
                        "节点 {node} 忽略了节点 {from} 发来的{noun}：对方不是集群成员。"
                    ),
                }
            }
            Story::Client {
                you,
                node,
                command,
                outcome,
            } => {
                let who = if you { "你" } else { "客户端" };
                let retry = if you {
                    ""
                } else {
                    "，客户端会换一个节点重试"
                };
                match outcome {
                    ClientOutcome::Accepted(index) => format!(
                        "{who}把“{command}”发给领导者 {node}，它把命令追加到了索引 {index}。"
                    ),
                    ClientOutcome::Redirected(Some(leader)) => format!(
                        "{who}把“{command}”发给节点 {node}，但它不是领导者，于是告知领导者是节点 {leader}。"
                    ),
                    ClientOutcome::Redirected(None) => format!(
                        "{who}把“{command}”发给节点 {node}，但它不是领导者，也不知道谁是领导者{retry}。"
                    ),
                    ClientOutcome::NodeDown => {
                        format!("{who}把“{command}”发给节点 {node}，但它已宕机{retry}。")
                    }
                }
            }
            Story::Lost {
                message,
                cause,
                by_you,
            } => {
                let e = &message.envelope;
                let (a, b) = (e.from, e.to);
                let what = format!("节点 {a} 发给节点 {b} 的{}", message_noun(&e.message));
                match cause {
                    _ if by_you => format!("你丢弃了{what}。"),
                    LossCause::Random => format!("{what}丢失了（随机丢包）。"),
                    LossCause::LinkCut => {
                        format!("{what}丢失了：从节点 {a} 到节点 {b} 的链路已断开。")
                    }
                    LossCause::ReceiverDown => format!("{what}丢失了：节点 {b} 已宕机。"),
                    LossCause::Dropped => format!("{what}被有意丢弃了。"),
                }
            }
            Story::Duplicated { copy } => {
                let e = &copy.envelope;
                format!(
                    "你复制了节点 {} 发给节点 {} 的{}：副本独自传输，可能比原消息先到，也可能后到。",
                    e.from,
                    e.to,
                    message_noun(&e.message)
                )
            }
            Story::Input(input) => self.input(input),
            Story::Received {
                node,
                from,
                message,
            } => format!("节点 {node} 收到了节点 {from} 发来的{}。", message_noun(message)),
            Story::TimerFired { node } => format!("节点 {node} 的计时器到期了。"),
            Story::SteppedDown { node, term } => format!(
                "节点 {node} 提交了不包含自己的配置，于是不再领导任期 {term}，退位了（论文 4.2.2 节）。"
            ),
            Story::ChangeRefused { node, reason } => {
                format!("领导者 {node} 拒绝了这次变更：{}。", change_refusal(&reason))
            }
            Story::TransferStarted {
                leader,
                target,
                at_once: true,
            } => format!(
                "领导者 {leader} 把领导权交给节点 {target}：节点 {target} 的日志已经完整，所以立刻发出 TimeoutNow。在它接手之前，领导者不接受新命令。"
            ),
            Story::TransferStarted { leader, target, .. } => format!(
                "领导者 {leader} 开始把领导权交给节点 {target}：先把节点 {target} 的日志补齐，在此期间不接受新命令。"
            ),
            Story::TimeoutNowSent { leader, target } => format!(
                "节点 {target} 已拥有领导者 {leader} 的全部日志，于是领导者向它发送 TimeoutNow。"
            ),
            Story::TransferAborted { leader, target } => format!(
                "节点 {target} 没有在一个选举超时内接手，领导者 {leader} 放弃这次移交，重新接受命令。"
            ),
            Story::TransferRefused { leader, reason } => {
                format!("节点 {leader} 不移交领导权：{}。", transfer_refusal(&reason))
            }
            Story::TransferBlocksProposal { leader, target } => {
                format!("领导者 {leader} 拒绝了这条命令：它正在把领导权交给节点 {target}。")
            }
            Story::TimeoutNow { node, leader, term } => format!(
                "节点 {node} 收到领导者 {leader} 的 TimeoutNow，立刻发起任期 {term} 的选举：不等计时器，不做预投票，仍能收到领导者消息的投票者也不会因此拒绝它。"
            ),
        }
    }

    fn input(&self, input: &Input) -> String {
        match input {
            Input::Transfer(n) => format!("你请领导者把领导权交给节点 {n}。"),
            Input::Change(change) => match change {
                sim::raft::Change::AddVoter(n) => format!("你请领导者把节点 {n} 加为投票成员。"),
                sim::raft::Change::AddLearner(n) => format!("你请领导者把节点 {n} 加为学习者。"),
                sim::raft::Change::Promote(n) => format!("你请领导者把学习者 {n} 升为投票成员。"),
                sim::raft::Change::Remove(n) => format!("你请领导者移除节点 {n}。"),
                sim::raft::Change::Joint(voters) => format!(
                    "你请领导者通过联合共识把投票成员改为 {}。",
                    voters.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("、")
                ),
            },
            Input::Crash(n) => {
                format!("你让节点 {n} 宕机了；它只保留已持久化的任期、投票和日志。")
            }
            Input::Restart(n) => {
                format!("你重启了节点 {n}；它从磁盘上保存的状态恢复，成为追随者。")
            }
            Input::Isolate(n) => format!("你隔离了节点 {n}：它与其他节点之间的链路全部断开。"),
            Input::Rejoin(n) => {
                format!("你让节点 {n} 重新接入网络：它的链路恢复了，仍被分区或切断的链路除外。")
            }
            Input::Partition(groups) => match partition_groups(groups).as_slice() {
                [] => "你切断了所有链路：任何节点之间都无法通信。".into(),
                [one] => format!("你对网络做了分区：只有节点 {one} 之间还能互相通信。"),
                many => format!(
                    "你把网络分成了 {}：只有同一组内的节点能互相通信。",
                    list(many)
                ),
            },
            Input::Heal => "你修复了网络：所有链路恢复正常。".into(),
            Input::Cut {
                from,
                to,
                both: true,
            } => format!("你切断了节点 {from} 与节点 {to} 之间的链路。"),
            Input::Cut { from, to, .. } => {
                format!("你切断了从节点 {from} 到节点 {to} 的链路；反方向的消息仍能送达。")
            }
            Input::Link {
                from,
                to,
                both: true,
            } => format!(
                "你恢复了节点 {from} 与节点 {to} 之间的链路（若分区或隔离仍在生效，它仍然不通）。"
            ),
            Input::Link { from, to, .. } => format!("你恢复了从节点 {from} 到节点 {to} 的链路。"),
            Input::Loss(0) => "你关闭了随机丢包。".into(),
            Input::Loss(ppm) => format!("你把随机丢包率设为 {}%。", percent(*ppm)),
            Input::Latency(min, max) => {
                format!("你把消息延迟设为 {} 毫秒。", latency_range(*min, *max))
            }
            Input::Timers(true) => {
                "你恢复了计时器：每个计时器从现在起重新计时，节点会重新自动超时。".into()
            }
            Input::Timers(false) => "你暂停了计时器：除非你手动触发，否则不会有节点超时。".into(),
            Input::Timeout(n) => {
                format!("你让节点 {n} 发起选举，但它是领导者或已宕机，所以什么也没发生。")
            }
            Input::Heartbeat(n) => format!("你让节点 {n} 立即发送心跳（只有领导者才会发送）。"),
            Input::Propose(n, command) => format!("你把“{command}”发给了节点 {n}。"),
            Input::Client(command) => format!(
                "你启动了一个客户端：它会把“{command}”发给某个节点，并不断重试，直到命令被应用。"
            ),
            Input::Deliver(id) => format!("你要求投递消息 #{id}，但它已不在途中。"),
            Input::Drop(id) => format!("你要求丢弃消息 #{id}，但它已不在途中。"),
            Input::Duplicate(id) => format!("你要求复制消息 #{id}，但它已不在途中。"),
            Input::Bug(bug, true) => format!("你开启了缺陷 {bug}：{}。", bug_rule(*bug)),
            Input::Bug(bug, false) => format!("你关闭了缺陷 {bug}：节点重新遵守这条规则。"),
            Input::PreVote(true) => {
                "你开启了预投票：节点在发起选举前，会先询问自己能否获胜。".into()
            }
            Input::PreVote(false) => "你关闭了预投票：节点超时后会立即发起选举。".into(),
            Input::CheckQuorum(true) => "你开启了法定人数检查：领导者一旦收不到多数节点的回应就会退位，追随者在领导者活跃时也会拒绝候选人。".into(),
            Input::CheckQuorum(false) => {
                "你关闭了法定人数检查：领导者会一直保持身份，直到看到更高的任期。".into()
            }
            Input::Timing {
                election_ms: (min, max),
                heartbeat_ms,
            } => format!(
                "你把选举超时设为 {} 毫秒、心跳间隔设为 {heartbeat_ms} 毫秒；已在计时的计时器不受影响。",
                ms_range(*min, *max)
            ),
        }
    }

    fn violation(&self, v: &Violation) -> String {
        let name = strings(Lang::Zh).property(v.property).0;
        format!("{name}：{}。", broken(v))
    }

    fn message_title(&self, m: &InFlight) -> String {
        let e = &m.envelope;
        let head = format!(
            "{} {} → {}，任期 {}",
            message_name(Lang::Zh, &e.message),
            e.from,
            e.to,
            e.term
        );
        let fields = match &e.message {
            Message::PreVote {
                last_log_index,
                last_log_term,
            }
            | Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: false,
            } => format!("最后一条日志 {last_log_index}（任期 {last_log_term}）"),
            Message::RequestVote {
                last_log_index,
                last_log_term,
                transfer: true,
            } => {
                format!("最后一条日志 {last_log_index}（任期 {last_log_term}），因 TimeoutNow 发起")
            }
            Message::TimeoutNow => return head,
            // The name says granted or refused; a stale-term reply says it all in its name.
            Message::PreVoteResponse { .. }
            | Message::RequestVoteResponse { .. }
            | Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => return head,
            Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => {
                let after = format!(
                    "接在索引 {prev_log_index}（任期 {prev_log_term}）之后，提交索引 {leader_commit}"
                );
                match entries.len() {
                    0 => after,
                    n => format!("{n} 个条目，{after}"),
                }
            }
            Message::AppendEntriesResponse(AppendOutcome::Success { match_index }) => {
                format!("日志一致到 {match_index}")
            }
            Message::AppendEntriesResponse(AppendOutcome::Conflict {
                prev_log_index,
                hint,
            }) => match hint.term {
                Some(t) => format!(
                    "索引 {prev_log_index} 处冲突，持有任期 {t} 的条目（从索引 {} 起）",
                    hint.first_index
                ),
                None => format!(
                    "索引 {prev_log_index} 处冲突，日志只到 {}",
                    hint.first_index.saturating_sub(1)
                ),
            },
        };
        format!("{head}：{fields}")
    }

    fn event(&self, number: u64) -> String {
        format!("发生了第 {number} 个事件。")
    }
}

/// What broke a safety property, from the violation's fields (see `docs/safety-checker.md`).
fn broken(v: &Violation) -> String {
    let node = |i: usize| v.nodes.get(i).copied();
    match (v.property, node(0), node(1), v.term, v.index) {
        (Property::ElectionSafety, Some(a), Some(b), Some(t), _) => {
            format!("节点 {a} 和节点 {b} 都当选了任期 {t} 的领导者")
        }
        (Property::LeaderAppendOnly, Some(n), _, Some(t), Some(i)) => {
            format!("任期 {t} 的领导者 {n} 删除或改写了自己已有的条目（在索引 {i} 或之前）")
        }
        (Property::LogMatching, Some(a), Some(b), Some(t), Some(i)) => format!(
            "节点 {a} 和节点 {b} 在索引 {i} 处都有任期 {t} 的条目，但两者的日志在该索引或之前并不相同"
        ),
        (Property::LeaderCompleteness, Some(n), _, Some(t), Some(i)) => {
            format!("任期 {t} 的领导者 {n} 缺少索引 {i} 处的条目，而该条目已在之前的任期提交")
        }
        (Property::StateMachineSafety, Some(n), _, Some(t), Some(i)) => format!(
            "节点 {n} 在索引 {i} 处应用了一条任期 {t} 的条目，而该索引此前已应用过另一条不同的条目"
        ),
        // Without its details, say what the property promises.
        _ => strings(Lang::Zh)
            .property(v.property)
            .1
            .trim_end_matches('。')
            .to_string(),
    }
}

/// A message as a noun.
fn message_noun(message: &Message) -> String {
    match message {
        Message::PreVote { .. } => "预投票请求".into(),
        Message::RequestVote { .. } => "投票请求".into(),
        Message::PreVoteResponse { granted: true } => "预投票同意回复".into(),
        Message::PreVoteResponse { granted: false } => "预投票拒绝回复".into(),
        Message::RequestVoteResponse { granted: true } => "选票".into(),
        Message::RequestVoteResponse { granted: false } => "拒绝投票的回复".into(),
        Message::AppendEntries {
            prev_log_index,
            entries,
            ..
        } => match entries.len() as LogIndex {
            0 => "心跳".into(),
            n => format!(
                "追加条目请求（{}）",
                entry_range((prev_log_index + 1, prev_log_index.saturating_add(n)))
            ),
        },
        Message::AppendEntriesResponse(AppendOutcome::Success { .. }) => {
            "追加条目回复（成功）".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::Conflict { .. }) => {
            "追加条目回复（冲突）".into()
        }
        Message::AppendEntriesResponse(AppendOutcome::StaleTerm) => {
            "追加条目回复（任期过时）".into()
        }
        Message::TimeoutNow => "立即选举通知（TimeoutNow）".into(),
    }
}

fn change_refusal(reason: &ChangeRefusal) -> String {
    match reason {
        ChangeRefusal::UseChange => "配置只能通过成员变更来修改，不能作为命令提交".into(),
        ChangeRefusal::InProgress { index } => {
            format!("索引 {index} 处的变更尚未提交，而同一时间只能进行一次变更")
        }
        ChangeRefusal::AlreadyMember(n) => format!("节点 {n} 已经是成员"),
        ChangeRefusal::NotMember(n) => format!("节点 {n} 不是成员"),
        ChangeRefusal::NotLearner(n) => format!("节点 {n} 不是学习者"),
        ChangeRefusal::NoVoters => "那样就没有投票成员了".into(),
        ChangeRefusal::SameVoters => "投票成员本来就是这些".into(),
    }
}

fn transfer_refusal(reason: &TransferRefusal) -> String {
    match reason {
        TransferRefusal::NotLeader { .. } => "它不是领导者".into(),
        TransferRefusal::AlreadyLeader => "它本来就是领导者".into(),
        TransferRefusal::NotVoter(n) => format!("节点 {n} 不是投票成员，不可能赢得选举"),
        TransferRefusal::InProgress { target } => format!("向节点 {target} 的移交正在进行"),
    }
}

fn bug_rule(bug: BugName) -> &'static str {
    match bug {
        BugName::VoteIgnoresLog => "节点投票时不再检查候选人的日志是否足够新",
        BugName::CommitOldTerms => "领导者靠统计副本数来提交之前任期的条目",
        BugName::ForgetVote => "节点重启后会忘记自己的任期和投票",
        BugName::NoJitter => "所有选举超时都一样长，分裂投票会反复出现",
        BugName::OverlappingChanges => "领导者在上一次配置变更提交之前就开始下一次",
    }
}

/// `a`、`a 和 b`、`a、b 和 c`.
fn list(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} 和 {last}", init.join("、")),
    }
}

/// Clauses of one sentence: `a，b，并c`.
fn clauses(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{}，并{last}", init.join("，")),
    }
}

fn entry_range((first, last): (LogIndex, LogIndex)) -> String {
    if first >= last {
        format!("条目 {last}")
    } else {
        format!("条目 {first}–{last}")
    }
}
