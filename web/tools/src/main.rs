//! The playground's occasional work, kept out of the page's own wasm so that every visitor does
//! not download it: the scenario parser and runner, and trace files (serde_json). The page
//! imports this module the first time a visitor loads a script or a trace, or exports one.
//!
//! Every function trades in text. A run crosses between the two modules as a
//! [`sim::recording::Recording`]: the settings, preloaded logs and inputs that rebuild it, which
//! the page replays with the simulator it already has (the same code, so the same run).
//!
//! Errors come in the visitor's language (`lang`: `en` or `zh`): English is the simulator's own
//! `Display`, Chinese is rendered here from the same structured errors ([`parse_zh`],
//! [`trace_zh`], [`sim_zh`]), so the page's wasm carries neither.

use sim::recording::Recording;
use sim::scenario::ParseError;
use sim::trace::TraceError;
use wasm_bindgen::prelude::*;

mod learn;
mod parse_zh;
mod sim_zh;
mod trace_zh;

/// Trunk builds this module as a binary; everything it offers is in the exports below.
fn main() {}

/// A language the module writes its errors in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    En,
    Zh,
}

impl Lang {
    /// `zh` (any region or script, any case) is Chinese; anything else is English, the
    /// language of the simulator's own messages.
    fn from_code(code: &str) -> Lang {
        let primary = code.trim().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }
}

/// Parses and runs a scenario script, and returns its recording. `name` names the script in
/// error messages (`name:LINE:COL: ...`), which are in `lang` (`en` or `zh`).
#[wasm_bindgen]
pub fn compile(text: &str, name: &str, lang: &str) -> Result<String, JsError> {
    compile_text(text, name, Lang::from_code(lang)).map_err(|e| JsError::new(&e))
}

/// Reads an exported trace file (the `--trace` JSON-lines schema) and returns its recording;
/// what is wrong with a trace is said in `lang` (`en` or `zh`).
#[wasm_bindgen(js_name = importTrace)]
pub fn import_trace(text: &str, lang: &str) -> Result<String, JsError> {
    import_text(text, Lang::from_code(lang)).map_err(|e| JsError::new(&e))
}

/// Replays a recording and writes its trace file.
#[wasm_bindgen(js_name = exportTrace)]
pub fn export_trace(recording: &str) -> Result<String, JsError> {
    export_text(recording).map_err(|e| JsError::new(&e))
}

/// What was wrong in a link's query, or with `attributes` in an element's attributes (as the
/// page's `params::encode_pairs` writes them), said in `lang`.
#[wasm_bindgen(js_name = describeParams)]
pub fn describe_params(query: &str, attributes: bool, lang: &str) -> String {
    let lang =
        raft_playground::i18n::Lang::from_code(lang).unwrap_or(raft_playground::i18n::Lang::En);
    raft_playground::params::describe(query, attributes, lang)
}

thread_local! {
    /// The run the lessons' panels were last asked about, replayed once: the page asks again
    /// at every step of the same run.
    static RUN: std::cell::RefCell<Option<(String, sim::History)>> =
        const { std::cell::RefCell::new(None) };
}

/// A lessons panel at event `position` of the run `recording`, as a fragment of HTML (see
/// [`learn`]). `ask` is `rules` (Figure 2), `bugs PRESET` (break a rule; PRESET is the one on
/// screen, or `-`), or `node N`, `message ID`, `entry N INDEX` (explain this).
#[wasm_bindgen]
pub fn learn(recording: &str, position: f64, ask: &str, lang: &str) -> Result<String, JsError> {
    learn_text(recording, position, ask, lang).map_err(|e| JsError::new(&e))
}

fn learn_text(recording: &str, position: f64, ask: &str, lang: &str) -> Result<String, String> {
    let lang =
        raft_playground::i18n::Lang::from_code(lang).unwrap_or(raft_playground::i18n::Lang::En);
    if !(position.is_finite() && position >= 0.0) {
        return Err(format!("learn: position {position} is not an event number"));
    }
    let position = position as u64;
    RUN.with(|run| {
        let mut run = run.borrow_mut();
        if run.as_ref().is_none_or(|(text, _)| text != recording) {
            let decoded = Recording::decode(recording).map_err(|e| e.to_string())?;
            let history = decoded.replay().map_err(|e| e.to_string())?;
            *run = Some((recording.to_string(), history));
        }
        let history = &mut run.as_mut().expect("replayed above").1;
        let mut words = ask.split_whitespace();
        match words.next() {
            Some("rules") => Ok(learn::figure2(history, position, lang)),
            Some("bugs") => Ok(learn::bugs(
                history,
                position,
                words.next().unwrap_or("-"),
                lang,
            )),
            _ => learn::Target::parse(ask)
                .map(|t| learn::explain(history, position, t, lang))
                .ok_or_else(|| format!("learn: cannot read `{ask}`")),
        }
    })
}

/// A parser error in `lang`.
fn parse_error(lang: Lang, e: &ParseError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => parse_zh::parse_error(e),
    }
}

/// A trace error in `lang`.
fn trace_error(lang: Lang, e: &TraceError) -> String {
    match lang {
        Lang::En => e.to_string(),
        Lang::Zh => trace_zh::trace_error(e),
    }
}

fn compile_text(text: &str, name: &str, lang: Lang) -> Result<String, String> {
    Recording::from_script(text, name)
        .map(|r| r.encode())
        .map_err(|e| parse_error(lang, &e))
}

fn import_text(text: &str, lang: Lang) -> Result<String, String> {
    let history = sim::trace::import(text).map_err(|e| trace_error(lang, &e))?;
    Ok(Recording::of(&history).encode())
}

fn export_text(recording: &str) -> Result<String, String> {
    // The page's own run: it decodes and replays, as the page does, short of a bug.
    let recording = Recording::decode(recording).map_err(|e| e.to_string())?;
    let history = recording.replay().map_err(|e| e.to_string())?;
    Ok(sim::trace::export(&history))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::scenario::{NumberOf, Problem, Usage, WordKind};
    use sim::trace::{
        Difference, EventSummary, EventWhat, InputProblem, JsonFault, LogProblem, MessageSummary,
        Mismatch, Side, TraceProblem, Want,
    };

    const ELECTION: &str = include_str!("../../../scenarios/election.raft");

    #[test]
    fn a_bad_lessons_question_is_refused_with_what_was_wrong() {
        let recording = compile_text(ELECTION, "election.raft", Lang::En).unwrap();
        assert!(learn_text(&recording, 3.0, "rules", "en")
            .unwrap()
            .contains("vote.grant"));
        let e = learn_text(&recording, 3.0, "node x", "en").unwrap_err();
        assert!(e.contains("`node x`"), "{e}");
        let e = learn_text(&recording, f64::NAN, "rules", "en").unwrap_err();
        assert!(e.contains("not an event number"), "{e}");
        assert!(learn_text("not a recording", 0.0, "rules", "en").is_err());
        // Far past the end: the run is played on, within a bound, not forever.
        assert!(learn_text(&recording, 1e18, "node 1", "zh").is_ok());
    }

    #[test]
    fn a_script_becomes_a_recording_whose_trace_matches_the_script_run() {
        let recording = compile_text(ELECTION, "election.raft", Lang::En).unwrap();
        let exported = export_text(&recording).unwrap();
        let script = sim::scenario::parse(ELECTION, "election.raft").unwrap();
        let report = sim::scenario::run(&script, "election.raft", &mut |_| {});
        assert_eq!(exported, sim::trace::export(&report.history));
        // And back: importing the trace gives a recording that exports the same trace.
        let again = import_text(&exported, Lang::Zh).unwrap();
        assert_eq!(export_text(&again).unwrap(), exported);
    }

    #[test]
    fn bad_input_is_an_error_naming_where_in_either_language() {
        for lang in [Lang::En, Lang::Zh] {
            let e = compile_text("cluster 3\nrun until leaderr\n", "mine.raft", lang).unwrap_err();
            assert!(e.starts_with("mine.raft:2:11: "), "{e}");
            let e = import_text("{\"kind\":\"start\"}\nnot json\n", lang).unwrap_err();
            let line = if lang == Lang::En {
                "line 1: "
            } else {
                "第 1 行："
            };
            assert!(e.starts_with(line), "{e}");
        }
        assert_eq!(
            compile_text("cluster 3\nrun untill leader\n", "mine.raft", Lang::Zh).unwrap_err(),
            "mine.raft:2:5: 未知的词 `untill`；你是想写 `until` 吗？"
        );
        assert_eq!(
            compile_text("cluster 3\nrun untill leader\n", "mine.raft", Lang::En).unwrap_err(),
            "mine.raft:2:5: unknown word `untill`; did you mean `until`?"
        );
        assert_eq!(
            compile_text("cluster 5\ncrash 9\n", "x.raft", Lang::Zh).unwrap_err(),
            "x.raft:2:7: 节点 9 不存在：这个集群有 5 个节点（编号 1 到 5）"
        );
        assert!(export_text("not a recording").is_err());
    }

    #[test]
    fn languages_are_read_from_their_codes() {
        for code in ["zh", "ZH", "zh-CN", "zh_Hans", " zh "] {
            assert_eq!(Lang::from_code(code), Lang::Zh, "{code}");
        }
        for code in ["en", "en-US", "", "fr", "zhx"] {
            assert_eq!(Lang::from_code(code), Lang::En, "{code}");
        }
    }

    /// Words that may stay in a Chinese message: names of protocols, formats and units.
    const NAMES: &[&str] = &[
        "AppendEntries",
        "AppendEntriesResponse",
        "RequestVote",
        "RequestVoteResponse",
        "PreVote",
        "PreVoteResponse",
        "JSON",
        "UTF",
        "ms",
    ];

    /// Checks that `zh` has Chinese in it and no English word: what is left once the tokens
    /// in backticks, the `allowed` text (what the visitor's file says) and [`NAMES`] are taken
    /// out has no word of two or more ASCII letters.
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

    /// Where each kind is counted: a problem, then the usage, word and number it names.
    const USAGES: usize = 71;
    const WORDS: usize = USAGES + 27;
    const NUMBERS: usize = WORDS + 10;
    const KINDS: usize = NUMBERS + 6;

    fn usage_kind(u: &Usage) -> usize {
        USAGES
            + match u {
                Usage::Cluster => 0,
                Usage::Log => 1,
                Usage::Step => 2,
                Usage::Timers => 3,
                Usage::OneNode { .. } => 4,
                Usage::NoArguments { .. } => 5,
                Usage::DirectedLink { .. } => 6,
                Usage::Propose => 7,
                Usage::Client => 8,
                Usage::Link { .. } => 9,
                Usage::Loss => 10,
                Usage::Latency => 11,
                Usage::Bug => 12,
                Usage::Run => 13,
                Usage::RunUntil => 14,
                Usage::Within => 15,
                Usage::Partition => 16,
                Usage::Expect => 17,
                Usage::InFlight => 18,
                Usage::ExpectLeader => 19,
                Usage::ExpectKv => 20,
                Usage::ExpectSafe => 21,
                Usage::ExpectViolation { .. } => 22,
                Usage::Add => 23,
                Usage::Reconfig => 24,
                Usage::Members => 25,
                Usage::Switch { .. } => 26,
            }
    }

    fn word_kind(k: WordKind) -> usize {
        WORDS
            + match k {
                WordKind::Command => 0,
                WordKind::Option => 1,
                WordKind::Word => 2,
                WordKind::Bug => 3,
                WordKind::Property => 4,
                WordKind::Role => 5,
                WordKind::Check => 6,
                WordKind::ClientCommand => 7,
                WordKind::Condition => 8,
                WordKind::Expectation => 9,
            }
    }

    fn number_kind(n: NumberOf) -> usize {
        NUMBERS
            + match n {
                NumberOf::Seed => 0,
                NumberOf::Batch => 1,
                NumberOf::Events => 2,
                NumberOf::Index => 3,
                NumberOf::Term => 4,
                NumberOf::Messages => 5,
            }
    }

    /// The kinds a parser error counts for: a new kind fails to compile here.
    fn kinds(p: &Problem) -> Vec<usize> {
        let (k, extra) = match p {
            Problem::NotUtf8 { .. } => (0, None),
            Problem::NoCommands => (1, None),
            Problem::NotClusterFirst { .. } => (2, None),
            Problem::SecondCluster { .. } => (3, None),
            Problem::LogAfterCommands { .. } => (4, None),
            Problem::Usage(u) => (5, Some(usage_kind(u))),
            Problem::Unexpected { usage, .. } => (6, Some(usage_kind(usage))),
            Problem::Unknown { kind, .. } => (7, Some(word_kind(*kind))),
            Problem::NotNumber { of } => (8, Some(number_kind(*of))),
            Problem::TooLarge => (9, None),
            Problem::NotOnOff { .. } => (10, None),
            Problem::NotDuration => (11, None),
            Problem::DurationTooLong { .. } => (12, None),
            Problem::NotRange => (13, None),
            Problem::RangeReversed => (14, None),
            Problem::LatencyTooLong { .. } => (15, None),
            Problem::NotPercent => (16, None),
            Problem::PercentRange => (17, None),
            Problem::PercentDecimals => (18, None),
            Problem::TermZero => (19, None),
            Problem::TermTooLarge { .. } => (20, None),
            Problem::TermMissing => (21, None),
            Problem::NotTerms { .. } => (22, None),
            Problem::TermsDecrease { .. } => (23, None),
            Problem::TermBelowLastEntry { .. } => (24, None),
            Problem::TermsAfterTermOption => (25, None),
            Problem::ClusterSize { .. } => (26, None),
            Problem::NotNodeCount { .. } => (27, None),
            Problem::OptionNeedsValue { .. } => (28, None),
            Problem::NotOption { .. } => (29, None),
            Problem::OptionTwice { .. } => (30, None),
            Problem::ElectionZero => (31, None),
            Problem::HeartbeatZero => (32, None),
            Problem::BatchRange { .. } => (33, None),
            Problem::HeartbeatTooSlow { .. } => (34, None),
            Problem::NoSuchNode { .. } => (35, None),
            Problem::NotNodeId { .. } => (36, None),
            Problem::LogTwice { .. } => (37, None),
            Problem::VoteInTermZero { .. } => (38, None),
            Problem::StepZero => (39, None),
            Problem::StepTooMany { .. } => (40, None),
            Problem::NeedArrow { .. } => (41, None),
            Problem::MessageToItself => (42, None),
            Problem::LinkToItself => (43, None),
            Problem::NotLink { usage } => (44, Some(usage_kind(usage))),
            Problem::NodeMissing { usage } => (45, Some(usage_kind(usage))),
            Problem::BelongsInHeader { .. } => (46, None),
            Problem::WithinEquals => (47, None),
            Problem::QuietTakesNoValue => (48, None),
            Problem::ConditionNeedsIndex { .. } => (49, None),
            Problem::ListedTwice { .. } => (50, None),
            Problem::EmptyGroupBefore => (51, None),
            Problem::EmptyGroupAfter => (52, None),
            Problem::NoChecks { .. } => (53, None),
            Problem::CheckedTwice { .. } => (54, None),
            Problem::ExpectLeaderForm => (55, None),
            Problem::NotKeyValue { .. } => (56, None),
            Problem::KeyMissing => (57, None),
            Problem::KvValueMissing { .. } => (58, None),
            Problem::TakesNoEquals { .. } => (59, None),
            Problem::WhichNode { .. } => (60, None),
            Problem::CheckNeedsValue { .. } => (61, None),
            Problem::NotCheck { .. } => (62, None),
            Problem::ValueMissing => (63, None),
            Problem::KvForm { usage, .. } => (64, Some(usage_kind(usage))),
            Problem::KvExtra { .. } => (65, None),
            Problem::KeyWithEquals { .. } => (66, None),
            Problem::ValueNone => (67, None),
            Problem::TitleAfterCommands { .. } => (68, None),
            Problem::TitleEmpty => (69, None),
            Problem::TitleTwice { .. } => (70, None),
            Problem::SayEmpty => (71, None),
            Problem::SayZhAlone => (72, None),
        };
        std::iter::once(k).chain(extra).collect()
    }

    /// Broken scripts, a few of each kind of error: the header's, then a command's (after
    /// `cluster 5`).
    const HEADERS: &[&str] = &[
        "",
        "# only a comment\n",
        "hello world",
        "  clustr 3",
        "cluster 3\ncluster 3",
        "cluster 3\nrun 1s\nlog 1 1",
        "cluster 3\nrun 1s\ntitle A",
        "cluster 3\ntitle",
        "cluster 3\ntitle A\ntitle B",
        "cluster 3\nsay",
        "cluster 3\nsay zh:   ",
        "cluster 3\nsay zh: 你好",
        "cluster 3\nsay Hello\nsay zh: 你好\nsay zh: 再见",
        "cluster 3\nsay Hello\nrun 1s\nsay zh: 你好",
        "cluster",
        "cluster 16",
        "cluster x",
        "cluster 5 seed",
        "cluster 5 7",
        "cluster 5 sed=3",
        "cluster 5 colour=red",
        "cluster 5 seed=1 seed=2",
        "cluster 5 seed=x",
        "cluster 5 seed=99999999999999999999",
        "cluster 5 batch=x",
        "cluster 5 batch=0",
        "cluster 5 prevote=yes",
        "cluster 5 election=0..300",
        "cluster 5 election=300..150",
        "cluster 5 heartbeat=0",
        "cluster 5 heartbeat=200",
        "cluster 5 latency=1..3600s",
        "cluster 5 heartbeat=99999999999999999999s",
        "cluster 3 members=",
        "cluster 3 members=1,5",
        "cluster 3\nlog 1",
        "cluster 3\nlog 1 1,0",
        "cluster 3\nlog 1 99999999999999999999",
        "cluster 3\nlog 1 1,,2",
        "cluster 3\nlog 1 1,a",
        "cluster 3\nlog 1 2,1",
        "cluster 3\nlog 1 1,2 term=1",
        "cluster 3\nlog 1 term=3",
        "cluster 3\nlog 1 1 trm=2",
        "cluster 3\nlog 1 1 2",
        "cluster 3\nlog 1 1 vote=1 vote=2",
        "cluster 3\nlog 1 1\nlog 1 2",
        "cluster 3\nlog 1 - vote=2",
        "cluster 3\nlog x 1",
        "cluster 1\nlog 2 1",
    ];

    const COMMANDS: &[&str] = &[
        "crahs 1",
        "frobnicate",
        "crash",
        "crash 1 2",
        "crash 9",
        "crash x",
        "heartbeat",
        "run",
        "run 1.5s",
        "run 2000000s",
        "run untill leader",
        "run 5s 6s",
        "run until",
        "run until leadr",
        "run until elected",
        "run until committed",
        "run until committed=x",
        "run until quiet=1",
        "run until leader within",
        "run until leader witin 5s",
        "run until leader within=5s",
        "run until leader 3",
        "step 0",
        "step x",
        "step 18446744073709551615",
        "step 1 2",
        "timers",
        "timers maybe",
        "prevote",
        "checkquorum maybe",
        "settle now",
        "deliver",
        "deliver 1-2",
        "deliver 1->1",
        "deliver ->2",
        "deliver 12",
        "propose",
        "propose 1 sett x 5",
        "propose 1 put x 5",
        "propose 1 set x",
        "propose 1 set x 5 6",
        "propose 1 set x=y 5",
        "client",
        "client del",
        "client set x none",
        "partition",
        "partition 1,1",
        "partition | 1",
        "add",
        "add 2 voter",
        "reconfig",
        "reconfig 1 | 2",
        "partition 1,2 |",
        "cut",
        "cut 1",
        "cut 1-1",
        "link 2->2",
        "loss",
        "loss 10",
        "loss 150%",
        "loss 12.25%",
        "latency",
        "latency 10",
        "latency 20..10",
        "latency 10..60001",
        "bug no-jitter",
        "bug nojitter on",
        "bug flaky on",
        "bug no-jitter maybe",
        "expect",
        "expect in-flight=3",
        "expect in-flight<=x",
        "expect in-flight<=3 4",
        "expect inflight<=3",
        "expect 1",
        "expect 9 term=1",
        "expect 1 role=leadr",
        "expect 1 role=boss",
        "expect 1 rol=leader",
        "expect 1 term=1 term=2",
        "expect 1 term",
        "expect 1 banana",
        "expect 1 term=",
        "expect 1 term=x",
        "expect leader",
        "expect leader=1 2",
        "expect kv 1",
        "expect kv 1 x",
        "expect kv 1 =5",
        "expect kv 1 x=",
        "expect safe now",
        "expect violation",
        "expect violation log-matchin",
        "expect role=leader",
        "expect kv=1",
        "expect saf",
        "expect everything",
        "  é ü crash 1",
        "crash \u{1b}[31m",
    ];

    /// Every broken script above, as the parser refuses it, and the two errors no script
    /// gives (text that is not UTF-8 reaches the page as text; a header word among the
    /// commands is caught before the command parser).
    fn parse_errors() -> Vec<ParseError> {
        let mut all: Vec<ParseError> = HEADERS
            .iter()
            .map(|s| s.to_string())
            .chain(COMMANDS.iter().map(|c| format!("cluster 5\n{c}\n")))
            .map(|s| sim::scenario::parse(&s, "mine.raft").expect_err(&s))
            .collect();
        all.push(
            sim::scenario::parse_bytes(b"cluster 3\nrun \xe4\xb8 1s\n", "mine.raft").unwrap_err(),
        );
        all.push(ParseError::new(
            "mine.raft",
            2,
            1,
            None,
            Problem::BelongsInHeader {
                command: "log".into(),
            },
        ));
        all
    }

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
    fn every_parser_error_reads_in_chinese_after_its_file_line_and_column() {
        let all = parse_errors();
        covers(all.iter().flat_map(|e| kinds(&e.problem)), KINDS);
        for e in &all {
            let en = parse_error(Lang::En, e);
            let zh = parse_error(Lang::Zh, e);
            let at = format!("mine.raft:{}:{}: ", e.line, e.col);
            assert!(en.starts_with(&at), "{en}");
            assert!(zh.starts_with(&at), "{zh}");
            assert!(zh.len() > at.len() && en.len() > at.len());
            if let Some(context) = &e.context {
                assert!(zh[at.len()..].starts_with(&format!("{context}：")), "{zh}");
            }
            let mut allowed = vec!["mine.raft"];
            allowed.extend(e.context.as_deref());
            assert_chinese(&zh, &allowed);
        }
    }

    /// A trace with elections, AppendEntries with entries and a client.
    fn trace_lines() -> Vec<String> {
        let text = "cluster 3 seed=1\nrun until leader\nclient set x 1\nrun until applied=2\n";
        let script = sim::scenario::parse(text, "t.raft").unwrap();
        let report = sim::scenario::run(&script, "t.raft", &mut |_| {});
        sim::trace::export(&report.history)
            .lines()
            .map(str::to_string)
            .collect()
    }

    fn trace_kinds(p: &TraceProblem) -> Vec<usize> {
        let want = |w: &Want| {
            13 + match w {
                Want::Number => 0,
                Want::Numbers => 1,
                Want::Pair => 2,
                Want::Bool => 3,
                Want::Text => 4,
            }
        };
        match p {
            TraceProblem::Empty => vec![0],
            TraceProblem::NotJson { fault, .. } => vec![
                1,
                18 + match fault {
                    JsonFault::Syntax => 0,
                    JsonFault::Eof => 1,
                    JsonFault::Data => 2,
                },
            ],
            TraceProblem::NotStart => vec![2],
            TraceProblem::Version { .. } => vec![3],
            TraceProblem::NoVersion => vec![4],
            TraceProblem::NoConfig => vec![5],
            TraceProblem::Config { want: w, .. } => vec![6, want(w)],
            TraceProblem::Log(l) => vec![
                7,
                21 + match l {
                    LogProblem::NoNode => 0,
                    LogProblem::NoTerms => 1,
                    LogProblem::Terms => 2,
                    LogProblem::Vote => 3,
                },
            ],
            TraceProblem::Sim(_) => vec![8],
            TraceProblem::Input(i) => match i {
                InputProblem::NoKind => vec![9, 25],
                InputProblem::Field { want: w, .. } => vec![9, 26, want(w)],
                InputProblem::NoGroups => vec![9, 27],
                InputProblem::Group => vec![9, 28],
                InputProblem::UnknownBug { .. } => vec![9, 29],
                InputProblem::NoElection => vec![9, 30],
                InputProblem::UnknownInput { .. } => vec![9, 31],
            },
            TraceProblem::NoTime => vec![10],
            TraceProblem::TooLong => vec![11],
            TraceProblem::Mismatch(m) => vec![
                12,
                32 + match m.event.what {
                    EventWhat::Deliver(_) => 0,
                    EventWhat::Lose(_) => 1,
                    EventWhat::Duplicate(_) => 2,
                    EventWhat::Timer { .. } => 3,
                    EventWhat::Client { .. } => 4,
                    EventWhat::Input(_) => 5,
                },
                38 + match (&m.difference.trace, &m.difference.simulation) {
                    (Side::Items(_), _) => 0,
                    (Side::Missing, _) => 1,
                    (_, Side::Missing) => 2,
                    (Side::Value(_), _) => 3,
                },
            ],
        }
    }

    /// `line` with its first `from` replaced by `to` (the tools module reads JSON, it does not
    /// write it: edits are made to the text).
    #[track_caller]
    fn edit(line: &str, from: &str, to: &str) -> String {
        assert!(line.contains(from), "{from} not in {line}");
        line.replacen(from, to, 1)
    }

    /// An AppendEntries line with its first entry twice.
    fn two_entries(line: &str) -> String {
        let start = line.find("\"entries\":[").unwrap() + "\"entries\":[".len();
        let end = start + line[start..].find(']').unwrap();
        let entry = &line[start..line[start..end].find('}').map_or(end, |e| start + e + 1)];
        format!("{}{entry},{}", &line[..start], &line[start..])
    }

    /// The first AppendEntries line that carries entries.
    fn with_entries(lines: &[String]) -> usize {
        lines
            .iter()
            .position(|l| l.contains("\"msg\":\"AppendEntries\"") && l.contains("\"entries\":[{"))
            .unwrap()
    }

    /// A trace error of every kind: from broken traces where a trace can break that way,
    /// else made here.
    fn trace_errors() -> Vec<TraceError> {
        let lines = trace_lines();
        let import = |text: &str| sim::trace::import(text).expect_err(text);
        let with_start = |from: &str, to: &str| import(&edit(&lines[0], from, to));
        let with_line = |line: &str| import(&format!("{}\n{line}", lines[0]));
        let with_event = |i: usize, line: String| {
            let mut copy = lines.clone();
            copy[i] = line;
            import(&copy.join("\n"))
        };
        let find = |needle: &str| lines.iter().position(|l| l.contains(needle)).unwrap();
        let mut all = vec![
            import(""),
            import("not json"),
            import("{\"kind\":"),
            import("[1, 2]"),
            import("{\"kind\":\"start\",\"version\":99}"),
            import("{\"kind\":\"start\"}"),
            import("{\"kind\":\"start\",\"version\":1}"),
            with_start("\"nodes\":3", "\"nodes\":\"three\""),
            with_start("\"latency_ms\":[10,15]", "\"latency_ms\":[1,\"x\"]"),
            with_start("\"latency_ms\":[10,15]", "\"latency_ms\":5"),
            with_start("\"prevote\":false", "\"prevote\":1"),
            with_start("\"logs\":[]", "\"logs\":[{\"terms\":[1]}]"),
            with_start("\"logs\":[]", "\"logs\":[{\"node\":1}]"),
            with_start("\"logs\":[]", "\"logs\":[{\"node\":1,\"terms\":[\"x\"]}]"),
            with_start(
                "\"logs\":[]",
                "\"logs\":[{\"node\":1,\"terms\":[1],\"vote\":\"x\"}]",
            ),
            with_start("\"latency_ms\":[10,15]", "\"latency_ms\":[10,70000]"),
            with_line("{\"input\":{}}"),
            with_line("{\"input\":{\"kind\":\"crash\"}}"),
            with_line("{\"input\":{\"kind\":\"cut\",\"from\":1,\"to\":2}}"),
            with_line("{\"input\":{\"kind\":\"client-start\"}}"),
            with_line("{\"input\":{\"kind\":\"partition\"}}"),
            with_line("{\"input\":{\"kind\":\"partition\",\"groups\":[[\"x\"]]}}"),
            with_line("{\"input\":{\"kind\":\"bug\",\"bug\":\"sleepy\",\"on\":true}}"),
            with_line("{\"input\":{\"kind\":\"timing\",\"heartbeat_ms\":50}}"),
            with_line("{\"input\":{\"kind\":\"fly\"}}"),
            with_line("{\"input\":{\"kind\":\"crash\",\"node\":1}}"),
            with_line("{\"input\":{\"kind\":\"crash\",\"node\":9},\"time_us\":0}"),
            with_line("5"),
        ];
        let deliver = with_entries(&lines);
        let line = &lines[deliver];
        all.push(with_event(deliver, two_entries(line)));
        let commit = line.find(",\"leader_commit\":").unwrap();
        let after = commit + 1 + line[commit + 1..].find([',', '}']).unwrap();
        all.push(with_event(
            deliver,
            format!("{}{}", &line[..commit], &line[after..]),
        ));
        all.push(with_event(deliver, edit(line, "{", "{\"colour\":\"red\",")));
        let timer = find("\"kind\":\"timer\"");
        all.push(with_event(
            timer,
            edit(
                &lines[timer],
                "\"kind\":\"timer\",\"node\":1",
                "\"kind\":\"timer\",\"node\":9",
            ),
        ));
        for kind in ["\"kind\":\"client\"", "\"kind\":\"client-start\""] {
            let i = find(kind);
            all.push(with_event(
                i,
                edit(&lines[i], "\"cmd\":\"set x 1\"", "\"cmd\":\"set y 2\""),
            ));
        }
        // A trace that goes on after the end: timers held, nothing in flight.
        let quiet = "cluster 3\ntimers off\n";
        let script = sim::scenario::parse(quiet, "q.raft").unwrap();
        let report = sim::scenario::run(&script, "q.raft", &mut |_| {});
        let mut text = sim::trace::export(&report.history);
        text.push_str("{\"n\":2}\n");
        all.push(import(&text));
        // The kinds no trace reaches from here: JSON of the wrong shape, a lost or copied
        // message, and every kind of input an event can be.
        all.push(TraceError {
            line: 2,
            problem: TraceProblem::NotJson {
                detail: "invalid type".into(),
                column: 3,
                fault: JsonFault::Data,
            },
        });
        let m = MessageSummary {
            id: 7,
            kind: "RequestVote",
            from: 2,
            to: 1,
        };
        let difference = Difference {
            path: "term".into(),
            trace: Side::Value("3".into()),
            simulation: Side::Value("2".into()),
        };
        let mut whats = vec![EventWhat::Lose(m), EventWhat::Duplicate(m)];
        whats.extend(
            sim::actions::sample_inputs()
                .into_iter()
                .map(EventWhat::Input),
        );
        for what in whats {
            all.push(TraceError {
                line: 4,
                problem: TraceProblem::Mismatch(Box::new(Mismatch {
                    event: EventSummary {
                        number: 3,
                        time_us: 191_726,
                        what,
                    },
                    difference: difference.clone(),
                })),
            });
        }
        all
    }

    #[test]
    fn every_trace_error_reads_in_chinese_after_its_line() {
        let all = trace_errors();
        covers(all.iter().flat_map(|e| trace_kinds(&e.problem)), 42);
        for e in &all {
            let en = trace_error(Lang::En, e);
            let zh = trace_error(Lang::Zh, e);
            assert!(en.starts_with(&format!("line {}: ", e.line)), "{en}");
            assert!(zh.starts_with(&format!("第 {} 行：", e.line)), "{zh}");
            // The trace's own text: the field that differs and its values.
            let mut allowed: Vec<&str> = Vec::new();
            if let TraceProblem::Mismatch(m) = &e.problem {
                allowed.push(&m.difference.path);
                for side in [&m.difference.trace, &m.difference.simulation] {
                    if let Side::Value(v) = side {
                        allowed.push(v);
                    }
                }
            }
            assert_chinese(&zh, &allowed);
        }
    }

    #[test]
    fn a_tampered_trace_says_in_chinese_which_field_differs() {
        let mut lines = trace_lines();
        let i = with_entries(&lines);
        lines[i] = two_entries(&lines[i]);
        let n: String = lines[i]["{\"n\":".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let e = import_text(&lines.join("\n"), Lang::Zh).unwrap_err();
        assert!(
            e.starts_with(&format!("第 {} 行：第 {n} 个事件（节点 ", i + 1)),
            "{e}"
        );
        assert!(e.contains("的 AppendEntries 消息 "), "{e}");
        assert!(
            e.contains("：运行记录中 \"entries\" 有 2 项，模拟中有 1 项；"),
            "{e}"
        );
        let e = import_text(&lines.join("\n"), Lang::En).unwrap_err();
        assert!(
            e.contains(": the trace says \"entries\" holds 2 items, the simulation gives 1;"),
            "{e}"
        );
    }
}
