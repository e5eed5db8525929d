//! The scenario parser: script text to a validated [`Script`], or the first error with its
//! file, line and column.
//!
//! Lexing: one command per line; `#` starts a comment to the end of the line; blank lines are
//! ignored; tokens are separated by whitespace (spaces, tabs, a `\r` before `\n`). Columns count
//! characters from 1, a tab counting as one.
//!
//! Everything that can be checked without running is checked here: node ids, ranges,
//! percentages, unknown words (with a "did you mean" suggestion), duplicate options, argument
//! counts, overflowing numbers. The parser never panics, whatever the input.
//!
//! An error is data ([`Problem`], in [`super::problem`]): its `Display` is English, and other
//! languages render the same fields.

use std::fmt;

use raft::{NodeId, Term};

use super::ast::*;
use super::problem::{KvForm, NumberOf, Problem, Usage, WordKind};

/// Why a script does not parse. Displays as `FILE:LINE:COL: message`, the message being
/// `CONTEXT: PROBLEM` (`seed=-1: expected a seed, a whole number`) or the problem alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The file name given to [`parse`].
    pub file: String,
    /// The line, from 1.
    pub line: u32,
    /// The column of the offending token, from 1, in characters.
    pub col: u32,
    /// The script's text the problem is about, when the message names it first (`seed=-1`,
    /// `run 1.5s`), as the parser shows what a script says: control characters escaped, long
    /// text cut.
    pub context: Option<String>,
    /// What is wrong and what was expected (boxed: an error is rare, a `Result` is not).
    pub problem: Box<Problem>,
    /// The English text of `context` and `problem`: what [`Display`](fmt::Display) shows after
    /// the position.
    pub message: String,
}

impl ParseError {
    /// The error at `line` and `col` of `file`; the message is the English of the rest.
    pub fn new(file: &str, line: u32, col: u32, context: Option<String>, problem: Problem) -> Self {
        let message = match &context {
            Some(context) => format!("{context}: {problem}"),
            None => problem.to_string(),
        };
        ParseError {
            file: file.to_owned(),
            line,
            col,
            context,
            problem: Box::new(problem),
            message,
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

impl std::error::Error for ParseError {}

/// Parses a script read as bytes: text that is not UTF-8 is refused at the line and column of
/// its first bad byte, as any other error is.
pub fn parse_bytes(source: &[u8], file: &str) -> Result<Script, ParseError> {
    match std::str::from_utf8(source) {
        Ok(text) => parse(text, file),
        Err(e) => {
            let good = &source[..e.valid_up_to()];
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            // Everything before the bad byte is valid UTF-8, so its characters can be counted.
            let col = std::str::from_utf8(&good[line_start..]).map_or(0, |t| t.chars().count()) + 1;
            Err(ParseError::new(
                file,
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(col).unwrap_or(u32::MAX),
                None,
                Problem::NotUtf8 {
                    byte: source[e.valid_up_to()],
                },
            ))
        }
    }
}

/// Parses a whole script. `file` only names the source in errors.
pub fn parse(source: &str, file: &str) -> Result<Script, ParseError> {
    let mut header: Option<Header> = None;
    let mut commands: Vec<Spanned<Command>> = Vec::new();
    for (i, raw) in source.split('\n').enumerate() {
        let line = u32::try_from(i).map_or(u32::MAX, |i| i.saturating_add(1));
        let (code, toks) = lex(raw);
        let Some(first) = toks.first() else {
            continue;
        };
        let pos = Pos {
            line,
            col: first.col,
        };
        let result = match &mut header {
            None => start(&toks).map(|h| {
                header = Some(Header { pos, ..h });
            }),
            Some(header) => match first.text {
                "cluster" => Err(E::new(
                    first.col,
                    Problem::SecondCluster {
                        first_line: header.pos.line,
                    },
                )),
                "title" => match commands.first() {
                    Some(cmd) => Err(E::new(
                        first.col,
                        Problem::TitleAfterCommands {
                            first_command_line: cmd.pos.line,
                        },
                    )),
                    None => text_line(raw, "title", first.col, Problem::TitleEmpty).and_then(
                        |(zh, text)| {
                            let slot = if zh {
                                &mut header.title_zh
                            } else {
                                &mut header.title
                            };
                            match slot {
                                Some(prev) => Err(E::new(
                                    first.col,
                                    Problem::TitleTwice {
                                        first_line: prev.pos.line,
                                    },
                                )),
                                None => {
                                    *slot = Some(Spanned { pos, value: text });
                                    Ok(())
                                }
                            }
                        },
                    ),
                },
                "say" => {
                    text_line(raw, "say", first.col, Problem::SayEmpty).and_then(|(zh, text)| {
                        if !zh {
                            commands.push(Spanned {
                                pos,
                                value: Command::Say(Caption { en: text, zh: None }),
                            });
                            return Ok(());
                        }
                        match commands.last_mut() {
                            Some(Spanned {
                                value: Command::Say(caption),
                                ..
                            }) if caption.zh.is_none() => {
                                caption.zh = Some(text);
                                Ok(())
                            }
                            _ => Err(E::new(first.col, Problem::SayZhAlone)),
                        }
                    })
                }
                "log" => match commands.first() {
                    Some(cmd) => Err(E::new(
                        first.col,
                        Problem::LogAfterCommands {
                            first_command_line: cmd.pos.line,
                        },
                    )),
                    None => {
                        let p = P::new(header.nodes, line);
                        p.log(&toks, &header.logs).map(|value| {
                            header.logs.push(Spanned { pos, value });
                        })
                    }
                },
                _ => P::new(header.nodes, line)
                    .command(code, &toks)
                    .map(|value| {
                        commands.push(Spanned { pos, value });
                    }),
            },
        };
        if let Err(e) = result {
            return Err(ParseError::new(file, line, e.col, e.ctx, e.problem));
        }
    }
    match header {
        Some(header) => Ok(Script { header, commands }),
        None => Err(ParseError::new(file, 1, 1, None, Problem::NoCommands)),
    }
}

/// The text of a `title` or `say` line (`word`), and whether it is the Chinese one (`zh:`
/// first): the rest of the raw line, a `#` included (it is text, not a comment), trimmed;
/// `empty` when there is none.
fn text_line(raw: &str, word: &str, col: u32, empty: Problem) -> R<(bool, String)> {
    let rest = raw.trim_start().strip_prefix(word).unwrap_or("").trim();
    let (zh, text) = match rest.strip_prefix("zh:") {
        Some(text) => (true, text.trim()),
        None => (false, rest),
    };
    if text.is_empty() {
        return Err(E::new(col, empty));
    }
    Ok((zh, text.trim_end_matches('\r').to_string()))
}

/// An error on the current line.
#[derive(Debug)]
struct E {
    col: u32,
    ctx: Option<String>,
    problem: Problem,
}

impl E {
    fn new(col: u32, problem: Problem) -> Self {
        E {
            col,
            ctx: None,
            problem,
        }
    }

    /// An error about the text `ctx` (shown before the problem).
    fn at(col: u32, ctx: &str, problem: Problem) -> Self {
        E {
            col,
            ctx: Some(ctx.to_owned()),
            problem,
        }
    }
}

type R<T> = Result<T, E>;

/// A token: its text, its column, and its byte offset in the line.
#[derive(Clone, Copy, Debug)]
struct Tok<'s> {
    text: &'s str,
    col: u32,
    off: usize,
}

impl<'s> Tok<'s> {
    /// The column of the byte offset `off` within the token.
    fn col_at(&self, off: usize) -> u32 {
        self.col
            .saturating_add(chars(self.text.get(..off).unwrap_or("")))
    }

    /// The part of the token from byte `off` on, as a token of its own.
    fn sub(&self, off: usize, end: usize) -> Tok<'s> {
        Tok {
            text: self.text.get(off..end).unwrap_or(""),
            col: self.col_at(off),
            off: self.off.saturating_add(off),
        }
    }

    /// Splits `key=value` at the first `=`.
    fn key_value(&self) -> Option<(&'s str, Tok<'s>)> {
        let eq = self.text.find('=')?;
        Some((&self.text[..eq], self.sub(eq + 1, self.text.len())))
    }
}

fn chars(s: &str) -> u32 {
    u32::try_from(s.chars().count()).unwrap_or(u32::MAX)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Splits a line into tokens, after dropping its comment. Returns the code part too.
fn lex(raw: &str) -> (&str, Vec<Tok<'_>>) {
    let code = match raw.find('#') {
        Some(hash) => &raw[..hash],
        None => raw,
    };
    let mut toks = Vec::new();
    let mut col: u32 = 0;
    let mut start: Option<(usize, u32)> = None;
    for (off, c) in code.char_indices() {
        col = col.saturating_add(1);
        match (is_space(c), start) {
            (true, Some((s, scol))) => {
                toks.push(Tok {
                    text: &code[s..off],
                    col: scol,
                    off: s,
                });
                start = None;
            }
            (false, None) => start = Some((off, col)),
            _ => {}
        }
    }
    if let Some((s, scol)) = start {
        toks.push(Tok {
            text: &code[s..],
            col: scol,
            off: s,
        });
    }
    (code, toks)
}

/// User text for a message: control characters escaped, long text cut.
fn show(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
fn suggest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    // The language's words are ASCII; ASCII case folding keeps Unicode tables out of the page.
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    if word.is_empty() || word.len() > 40 {
        return None;
    }
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'c str)> = None;
    for &candidate in candidates {
        let c: Vec<char> = candidate.chars().collect();
        let d = distance(&word, &c);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "unknown KIND `word`; did you mean `x`?" or "...; expected one of: a, b, c".
fn unknown(kind: WordKind, word: &str, candidates: &[&'static str]) -> Problem {
    Problem::Unknown {
        kind,
        word: show(word),
        suggestion: suggest(word, candidates),
        expected: candidates.to_vec(),
    }
}

enum NumErr {
    NotNumber,
    TooLarge,
}

/// A whole decimal number, digits only.
fn digits(text: &str) -> Result<u64, NumErr> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumErr::NotNumber);
    }
    text.parse::<u64>().map_err(|_| NumErr::TooLarge)
}

fn on_off(tok: Tok<'_>, ctx: &str) -> R<bool> {
    match tok.text {
        "on" => Ok(true),
        "off" => Ok(false),
        other => Err(E::at(
            tok.col,
            ctx,
            Problem::NotOnOff { found: show(other) },
        )),
    }
}

/// A count or index: a whole number, reported as `ctx: ...` when it is not.
fn number(tok: Tok<'_>, ctx: &str, of: NumberOf) -> R<u64> {
    digits(tok.text).map_err(|e| match e {
        NumErr::NotNumber => E::at(tok.col, ctx, Problem::NotNumber { of }),
        NumErr::TooLarge => E::at(tok.col, ctx, Problem::TooLarge),
    })
}

/// A latency range: a range of at most [`crate::MAX_LATENCY_MS`].
fn latency(tok: Tok<'_>, ctx: &str) -> R<(u64, u64)> {
    let (min, max) = range(tok, ctx)?;
    if max > crate::MAX_LATENCY_MS {
        return Err(E::at(
            tok.col,
            ctx,
            Problem::LatencyTooLong {
                max_ms: crate::MAX_LATENCY_MS,
            },
        ));
    }
    Ok((min, max))
}

/// `150ms`, `2s` or `150` (ms).
fn duration(tok: Tok<'_>, ctx: &str) -> R<u64> {
    let text = tok.text;
    let (num, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000)
    } else {
        (text, 1)
    };
    let too_long = || {
        E::at(
            tok.col,
            ctx,
            Problem::DurationTooLong {
                max_ms: MAX_DURATION_MS,
            },
        )
    };
    match digits(num) {
        Ok(n) => match n.checked_mul(scale) {
            Some(ms) if ms <= MAX_DURATION_MS => Ok(ms),
            _ => Err(too_long()),
        },
        Err(NumErr::TooLarge) => Err(too_long()),
        Err(NumErr::NotNumber) => Err(E::at(tok.col, ctx, Problem::NotDuration)),
    }
}

/// `MIN..MAX`, each a duration, `MIN <= MAX`.
fn range(tok: Tok<'_>, ctx: &str) -> R<(u64, u64)> {
    let Some(dots) = tok.text.find("..") else {
        return Err(E::at(tok.col, ctx, Problem::NotRange));
    };
    let min = duration(tok.sub(0, dots), ctx)?;
    let max = duration(tok.sub(dots + 2, tok.text.len()), ctx)?;
    if min > max {
        return Err(E::at(tok.col, ctx, Problem::RangeReversed));
    }
    Ok((min, max))
}

/// `10%`, `12.5%`: per-mille, 0..=1000.
fn percent(tok: Tok<'_>, ctx: &str) -> R<u32> {
    let bad = || E::at(tok.col, ctx, Problem::NotPercent);
    let range_err = || E::at(tok.col, ctx, Problem::PercentRange);
    let Some(num) = tok.text.strip_suffix('%') else {
        return Err(bad());
    };
    let (whole, tenths) = match num.split_once('.') {
        None => (num, 0),
        Some((whole, frac)) => match digits(frac) {
            Ok(t) if frac.len() == 1 => (whole, t),
            Ok(_) | Err(NumErr::TooLarge) => {
                return Err(E::at(tok.col, ctx, Problem::PercentDecimals))
            }
            Err(NumErr::NotNumber) => return Err(bad()),
        },
    };
    let whole = match digits(whole) {
        Ok(w) => w,
        Err(NumErr::TooLarge) => return Err(range_err()),
        Err(NumErr::NotNumber) => return Err(bad()),
    };
    match whole.checked_mul(10).and_then(|w| w.checked_add(tenths)) {
        Some(pm) if pm <= 1000 => Ok(pm as u32),
        _ => Err(range_err()),
    }
}

/// Term lists: `1,1,2` or `-`. Every term is between 1 and [`MAX_TERM`].
fn terms(tok: Tok<'_>, ctx: &str) -> R<Vec<Term>> {
    if tok.text == "-" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let mut off = 0;
    for part in tok.text.split(',') {
        let col = tok.col_at(off);
        off += part.len() + 1;
        match digits(part) {
            Ok(t) if (1..=MAX_TERM).contains(&t) => out.push(t),
            Ok(0) => return Err(E::at(col, ctx, Problem::TermZero)),
            Ok(_) | Err(NumErr::TooLarge) => {
                return Err(E::at(col, ctx, Problem::TermTooLarge { max: MAX_TERM }))
            }
            Err(NumErr::NotNumber) if part.is_empty() => {
                return Err(E::at(col, ctx, Problem::TermMissing))
            }
            Err(NumErr::NotNumber) => {
                return Err(E::at(col, ctx, Problem::NotTerms { found: show(part) }))
            }
        }
    }
    Ok(out)
}

/// The first line: `cluster N [options]`. Anything else is an error.
fn start(toks: &[Tok<'_>]) -> R<Header> {
    let first = toks[0];
    if first.text == "cluster" {
        return cluster(toks);
    }
    let mut words: Vec<&'static str> = vec!["cluster", "log"];
    words.extend_from_slice(Command::WORDS);
    let known = words.contains(&first.text);
    if !known && suggest(first.text, &words) == Some("cluster") {
        return Err(E::new(
            first.col,
            unknown(WordKind::Command, first.text, &words),
        ));
    }
    Err(E::new(
        first.col,
        Problem::NotClusterFirst {
            found: show(first.text),
        },
    ))
}

const CLUSTER_KEYS: &[&str] = &[
    "seed",
    "election",
    "heartbeat",
    "latency",
    "prevote",
    "checkquorum",
    "noop",
    "batch",
    "members",
];

fn cluster(toks: &[Tok<'_>]) -> R<Header> {
    let Some(&n) = toks.get(1) else {
        return Err(E::new(toks[0].col, Problem::Usage(Usage::Cluster)));
    };
    let nodes = match digits(n.text) {
        Ok(v) if (1..=MAX_NODES as u64).contains(&v) => v as usize,
        Ok(_) | Err(NumErr::TooLarge) => {
            return Err(E::at(
                n.col,
                &format!("cluster {}", show(n.text)),
                Problem::ClusterSize { max: MAX_NODES },
            ))
        }
        Err(NumErr::NotNumber) => {
            return Err(E::new(
                n.col,
                Problem::NotNodeCount {
                    found: show(n.text),
                },
            ))
        }
    };
    let mut h = Header::new(nodes);
    let mut seen: Vec<(&str, u32)> = Vec::new();
    let mut election_tok = None;
    let mut heartbeat_tok = None;
    for &tok in &toks[2..] {
        let Some((key, value)) = tok.key_value() else {
            let problem = if CLUSTER_KEYS.contains(&tok.text) {
                Problem::OptionNeedsValue {
                    key: tok.text.to_owned(),
                }
            } else {
                Problem::NotOption {
                    nodes,
                    found: show(tok.text),
                    options: CLUSTER_KEYS.to_vec(),
                }
            };
            return Err(E::new(tok.col, problem));
        };
        if !CLUSTER_KEYS.contains(&key) {
            return Err(E::new(
                tok.col,
                unknown(WordKind::Option, key, CLUSTER_KEYS),
            ));
        }
        if let Some((_, col)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(E::new(
                tok.col,
                Problem::OptionTwice {
                    key: key.to_owned(),
                    first_col: Some(*col),
                },
            ));
        }
        seen.push((key, tok.col));
        let ctx = &show(tok.text);
        match key {
            "seed" => h.seed = Some(number(value, ctx, NumberOf::Seed)?),
            "election" => {
                let (min, max) = range(value, ctx)?;
                if min == 0 {
                    return Err(E::at(value.col, ctx, Problem::ElectionZero));
                }
                h.election_ms = Some((min, max));
                election_tok = Some(value);
            }
            "heartbeat" => {
                let ms = duration(value, ctx)?;
                if ms == 0 {
                    return Err(E::at(value.col, ctx, Problem::HeartbeatZero));
                }
                h.heartbeat_ms = Some(ms);
                heartbeat_tok = Some(value);
            }
            "latency" => h.latency_ms = Some(latency(value, ctx)?),
            "prevote" => h.prevote = Some(on_off(value, ctx)?),
            "checkquorum" => h.checkquorum = Some(on_off(value, ctx)?),
            "noop" => h.noop = Some(on_off(value, ctx)?),
            "members" => {
                if value.text.is_empty() || value.text.contains('|') {
                    return Err(E::new(value.col, Problem::Usage(Usage::Members)));
                }
                let whole = Tok { off: 0, ..value };
                if let Command::Partition(groups) =
                    P::new(nodes, 0).partition(value.text, tok, &[whole])?
                {
                    h.members = Some(groups.concat());
                }
            }
            _ => {
                let b = number(value, ctx, NumberOf::Batch)?;
                if !(1..=MAX_BATCH as u64).contains(&b) {
                    return Err(E::at(
                        value.col,
                        ctx,
                        Problem::BatchRange { max: MAX_BATCH },
                    ));
                }
                h.batch = Some(b as usize);
            }
        }
    }
    let heartbeat = h.heartbeat_ms.unwrap_or(DEFAULT_HEARTBEAT_MS);
    let election_min = h.election_ms.unwrap_or(DEFAULT_ELECTION_MS).0;
    if heartbeat >= election_min {
        let col = heartbeat_tok
            .or(election_tok)
            .map_or(toks[0].col, |t| t.col);
        return Err(E::new(
            col,
            Problem::HeartbeatTooSlow {
                heartbeat_ms: heartbeat,
                election_min_ms: election_min,
            },
        ));
    }
    Ok(h)
}

/// Per-line parsing with the cluster size known.
struct P {
    nodes: u32,
    line: u32,
}

impl P {
    fn new(nodes: usize, line: u32) -> Self {
        P {
            nodes: u32::try_from(nodes).unwrap_or(u32::MAX),
            line,
        }
    }

    fn node(&self, tok: Tok<'_>) -> R<NodeId> {
        match digits(tok.text) {
            Ok(n) if n >= 1 && n <= u64::from(self.nodes) => Ok(n as NodeId),
            Ok(_) | Err(NumErr::TooLarge) => Err(E::new(
                tok.col,
                Problem::NoSuchNode {
                    given: show(tok.text),
                    nodes: self.nodes,
                },
            )),
            Err(NumErr::NotNumber) => Err(E::new(
                tok.col,
                Problem::NotNodeId {
                    nodes: self.nodes,
                    found: show(tok.text),
                },
            )),
        }
    }

    /// `none` or a node id.
    fn node_or_none(&self, tok: Tok<'_>) -> R<Option<NodeId>> {
        if tok.text == "none" {
            return Ok(None);
        }
        self.node(tok).map(Some)
    }

    /// `log NODE T1,T2,... [term=T] [vote=N]`.
    fn log(&self, toks: &[Tok<'_>], earlier: &[Spanned<LogPreload>]) -> R<LogPreload> {
        if toks.len() < 3 {
            return Err(E::new(toks[0].col, Problem::Usage(Usage::Log)));
        }
        let node = self.node(toks[1])?;
        if let Some(prev) = earlier.iter().find(|l| l.value.node == node) {
            return Err(E::new(
                toks[1].col,
                Problem::LogTwice {
                    node,
                    first_line: prev.pos.line,
                },
            ));
        }
        if toks[2].text.starts_with("term=") {
            return Err(E::new(toks[2].col, Problem::TermsAfterTermOption));
        }
        let ctx = format!("log {node} {}", show(toks[2].text));
        let list = terms(toks[2], &ctx)?;
        if let Some(i) = list.windows(2).position(|w| w[1] < w[0]) {
            return Err(E::at(
                toks[2].col,
                &ctx,
                Problem::TermsDecrease {
                    entry: i + 2,
                    term: list[i + 1],
                    after: list[i],
                },
            ));
        }
        let mut term = None;
        let mut vote: Option<(NodeId, Tok<'_>)> = None;
        for &tok in &toks[3..] {
            let Some((key, value)) = tok.key_value() else {
                return Err(extra(tok, Usage::Log));
            };
            if key == "vote" {
                if vote.is_some() {
                    return Err(E::new(
                        tok.col,
                        Problem::OptionTwice {
                            key: "vote".to_owned(),
                            first_col: None,
                        },
                    ));
                }
                vote = Some((self.node(value)?, tok));
                continue;
            }
            if key != "term" {
                return Err(E::new(
                    tok.col,
                    unknown(WordKind::Option, key, &["term", "vote"]),
                ));
            }
            if term.is_some() {
                return Err(E::new(
                    tok.col,
                    Problem::OptionTwice {
                        key: "term".to_owned(),
                        first_col: None,
                    },
                ));
            }
            let ctx = &show(tok.text);
            let t = match digits(value.text) {
                Ok(t) if t <= MAX_TERM => t,
                Ok(_) | Err(NumErr::TooLarge) => {
                    return Err(E::at(
                        value.col,
                        ctx,
                        Problem::TermTooLarge { max: MAX_TERM },
                    ))
                }
                Err(NumErr::NotNumber) => {
                    return Err(E::at(
                        value.col,
                        ctx,
                        Problem::NotNumber { of: NumberOf::Term },
                    ))
                }
            };
            if let Some(&last) = list.last() {
                if t < last {
                    return Err(E::at(value.col, ctx, Problem::TermBelowLastEntry { last }));
                }
            }
            term = Some(t);
        }
        let preload = LogPreload {
            node,
            terms: list,
            term,
            vote: vote.map(|(v, _)| v),
        };
        if let Some((v, tok)) = vote {
            if preload.current_term() == 0 {
                return Err(E::at(
                    tok.col,
                    &format!("vote={v}"),
                    Problem::VoteInTermZero { node },
                ));
            }
        }
        Ok(preload)
    }

    /// Any command after the header.
    fn command(&self, code: &str, toks: &[Tok<'_>]) -> R<Command> {
        let word = toks[0];
        let args = &toks[1..];
        let one_node = |example: NodeId| -> R<NodeId> {
            let usage = Usage::OneNode {
                command: word.text.to_owned(),
                example,
            };
            exactly(word, args, 1, usage)?;
            self.node(args[0])
        };
        Ok(match word.text {
            "run" => self.run(word, args)?,
            "step" => {
                if args.len() > 1 {
                    return Err(extra(args[1], Usage::Step));
                }
                match args.first() {
                    None => Command::Step(1),
                    Some(&k) => {
                        let ctx = format!("step {}", show(k.text));
                        match number(k, &ctx, NumberOf::Events)? {
                            0 => return Err(E::at(k.col, &ctx, Problem::StepZero)),
                            n if n > crate::MAX_EVENTS_PER_COMMAND => {
                                return Err(E::at(
                                    k.col,
                                    &ctx,
                                    Problem::StepTooMany {
                                        max: crate::MAX_EVENTS_PER_COMMAND,
                                    },
                                ))
                            }
                            n => Command::Step(n),
                        }
                    }
                }
            }
            "timers" => {
                exactly(word, args, 1, Usage::Timers)?;
                Command::Timers(on_off(args[0], "timers")?)
            }
            "prevote" | "checkquorum" => {
                let usage = Usage::Switch {
                    command: word.text.to_owned(),
                };
                exactly(word, args, 1, usage)?;
                let on = on_off(args[0], word.text)?;
                if word.text == "prevote" {
                    Command::PreVote(on)
                } else {
                    Command::CheckQuorum(on)
                }
            }
            "timeout" => Command::Timeout(one_node(2)?),
            "heartbeat" => Command::Heartbeat(one_node(1)?),
            "settle" | "heal" | "dump" => {
                if let Some(&a) = args.first() {
                    return Err(extra(
                        a,
                        Usage::NoArguments {
                            command: word.text.to_owned(),
                        },
                    ));
                }
                match word.text {
                    "settle" => Command::Settle,
                    "heal" => Command::Heal,
                    _ => Command::Dump,
                }
            }
            "deliver" | "drop" | "duplicate" => {
                let usage = Usage::DirectedLink {
                    command: word.text.to_owned(),
                };
                let (a, b, arrow) = link_parts(word, args, &usage)?;
                if !arrow {
                    return Err(E::new(
                        a.col,
                        Problem::NeedArrow {
                            command: word.text.to_owned(),
                        },
                    ));
                }
                let sel = |t: Tok<'_>| -> R<NodeSel> {
                    if t.text == "*" {
                        Ok(NodeSel::Any)
                    } else {
                        self.node(t).map(NodeSel::Node)
                    }
                };
                let (from, to) = (sel(a)?, sel(b)?);
                if let (NodeSel::Node(x), NodeSel::Node(y)) = (from, to) {
                    if x == y {
                        return Err(E::at(
                            a.col,
                            &format!("{} {x}->{y}", word.text),
                            Problem::MessageToItself,
                        ));
                    }
                }
                match word.text {
                    "deliver" => Command::Deliver { from, to },
                    "drop" => Command::Drop { from, to },
                    _ => Command::Duplicate { from, to },
                }
            }
            "propose" => {
                let Some(&n) = args.first() else {
                    return Err(E::new(word.col, Problem::Usage(Usage::Propose)));
                };
                let node = self.node(n)?;
                let cmd = kv_command(n, &args[1..], Usage::Propose)?;
                Command::Propose { node, cmd }
            }
            "client" => Command::Client(kv_command(word, args, Usage::Client)?),
            "add" => {
                let (Some(&n), rest) = (args.first(), args.get(1..).unwrap_or(&[])) else {
                    return Err(E::new(word.col, Problem::Usage(Usage::Add)));
                };
                let node = self.node(n)?;
                match rest {
                    [] => Command::Change(raft::Change::AddVoter(node)),
                    [l] if l.text == "learner" => Command::Change(raft::Change::AddLearner(node)),
                    [other, ..] => return Err(E::new(other.col, Problem::Usage(Usage::Add))),
                }
            }
            "promote" => Command::Change(raft::Change::Promote(one_node(4)?)),
            "remove" => Command::Change(raft::Change::Remove(one_node(2)?)),
            "transfer" => Command::Transfer(one_node(2)?),
            "reconfig" => {
                if args.is_empty() {
                    return Err(E::new(word.col, Problem::Usage(Usage::Reconfig)));
                }
                match self.partition(code, word, args)? {
                    Command::Partition(groups) if groups.len() == 1 => {
                        Command::Change(raft::Change::Joint(groups.concat()))
                    }
                    _ => return Err(E::new(word.col, Problem::Usage(Usage::Reconfig))),
                }
            }
            "crash" => Command::Crash(one_node(2)?),
            "restart" => Command::Restart(one_node(2)?),
            "isolate" => Command::Isolate(one_node(2)?),
            "rejoin" => Command::Rejoin(one_node(2)?),
            "partition" => self.partition(code, word, args)?,
            "cut" | "link" => {
                let usage = Usage::Link {
                    command: word.text.to_owned(),
                };
                let (a, b, arrow) = link_parts(word, args, &usage)?;
                let (x, y) = (self.node(a)?, self.node(b)?);
                if x == y {
                    let ctx = format!("{} {x}{}{y}", word.text, if arrow { "->" } else { "-" });
                    return Err(E::at(a.col, &ctx, Problem::LinkToItself));
                }
                let both = !arrow;
                if word.text == "cut" {
                    Command::Cut { a: x, b: y, both }
                } else {
                    Command::Link { a: x, b: y, both }
                }
            }
            "loss" => {
                exactly(word, args, 1, Usage::Loss)?;
                let ctx = format!("loss {}", show(args[0].text));
                Command::Loss {
                    permille: percent(args[0], &ctx)?,
                }
            }
            "latency" => {
                exactly(word, args, 1, Usage::Latency)?;
                let ctx = format!("latency {}", show(args[0].text));
                let (min_ms, max_ms) = latency(args[0], &ctx)?;
                Command::Latency { min_ms, max_ms }
            }
            "bug" => {
                exactly(word, args, 2, Usage::Bug)?;
                let names: Vec<&'static str> = BugName::ALL.iter().map(|b| b.name()).collect();
                let bug = BugName::from_name(args[0].text).ok_or_else(|| {
                    E::new(args[0].col, unknown(WordKind::Bug, args[0].text, &names))
                })?;
                let on = on_off(args[1], &format!("bug {bug}"))?;
                Command::Bug { bug, on }
            }
            "expect" => self.expect(word, args)?,
            "log" | "cluster" => unreachable_header(word)?,
            other => {
                let mut words: Vec<&'static str> = Command::WORDS.to_vec();
                words.push("log");
                return Err(E::new(word.col, unknown(WordKind::Command, other, &words)));
            }
        })
    }

    fn run(&self, word: Tok<'_>, args: &[Tok<'_>]) -> R<Command> {
        let Some(&first) = args.first() else {
            return Err(E::new(word.col, Problem::Usage(Usage::Run)));
        };
        if first.text != "until" {
            let ms = match duration(first, &format!("run {}", show(first.text))) {
                Ok(ms) => ms,
                Err(e) => {
                    if suggest(first.text, &["until"]).is_some() {
                        return Err(E::new(
                            first.col,
                            unknown(WordKind::Word, first.text, &["until"]),
                        ));
                    }
                    return Err(e);
                }
            };
            if let Some(&a) = args.get(1) {
                return Err(extra(a, Usage::Run));
            }
            return Ok(Command::Run(ms));
        }
        let Some(&c) = args.get(1) else {
            return Err(E::new(first.col, Problem::Usage(Usage::RunUntil)));
        };
        let cond = self.condition(c)?;
        let mut within_ms = DEFAULT_WITHIN_MS;
        if let Some(&w) = args.get(2) {
            if w.text != "within" {
                if w.text.starts_with("within=") {
                    return Err(E::new(w.col, Problem::WithinEquals));
                } else if suggest(w.text, &["within"]).is_some() {
                    return Err(E::new(w.col, unknown(WordKind::Word, w.text, &["within"])));
                }
                return Err(extra(w, Usage::RunUntil));
            }
            let Some(&d) = args.get(3) else {
                return Err(E::new(w.col, Problem::Usage(Usage::Within)));
            };
            within_ms = duration(d, &format!("within {}", show(d.text)))?;
            if let Some(&a) = args.get(4) {
                return Err(extra(a, Usage::RunUntil));
            }
        }
        Ok(Command::RunUntil { cond, within_ms })
    }

    fn condition(&self, tok: Tok<'_>) -> R<Condition> {
        const CONDS: &[&str] = &["leader", "committed", "applied", "quiet", "config"];
        const FORMS: &[&str] = &[
            "leader",
            "leader=N",
            "committed=I",
            "applied=I",
            "quiet",
            "config=A,B,C",
        ];
        let (key, value) = match tok.key_value() {
            Some((k, v)) => (k, Some(v)),
            None => (tok.text, None),
        };
        if !CONDS.contains(&key) {
            let suggestion = suggest(key, CONDS);
            let problem = Problem::Unknown {
                kind: WordKind::Condition,
                // Without a suggestion, the whole token is quoted.
                word: show(if suggestion.is_some() { key } else { tok.text }),
                suggestion,
                expected: FORMS.to_vec(),
            };
            return Err(E::new(tok.col, problem));
        }
        Ok(match (key, value) {
            ("leader", None) => Condition::Leader,
            ("quiet", None) => Condition::Quiet,
            ("quiet", Some(_)) => return Err(E::new(tok.col, Problem::QuietTakesNoValue)),
            ("leader", Some(v)) => Condition::LeaderIs(self.node(v)?),
            ("config", Some(v)) => {
                let (voters, outgoing) = self.config_value(v)?;
                Condition::Config { voters, outgoing }
            }
            (k, None) => {
                return Err(E::new(
                    tok.col,
                    Problem::ConditionNeedsIndex {
                        condition: k.to_owned(),
                    },
                ))
            }
            ("committed", Some(v)) => {
                Condition::Committed(number(v, &show(tok.text), NumberOf::Index)?)
            }
            (_, Some(v)) => Condition::Applied(number(v, &show(tok.text), NumberOf::Index)?),
        })
    }

    /// The value of `config=`: `3,4,5`, or `1,2,3->3,4,5` for a joint configuration, as
    /// (voters, outgoing voters), each sorted without repeats.
    fn config_value(&self, value: Tok<'_>) -> R<(Vec<NodeId>, Vec<NodeId>)> {
        let (old, new) = match value.text.find("->") {
            Some(at) => (Some(value.sub(0, at)), value.sub(at + 2, value.text.len())),
            None => (None, value),
        };
        let list = |tok: Tok<'_>| -> R<Vec<NodeId>> {
            let mut ids = Vec::new();
            let mut start = 0;
            for (i, c) in tok.text.char_indices().chain([(tok.text.len(), ',')]) {
                if c == ',' {
                    ids.push(self.node(tok.sub(start, i))?);
                    start = i + 1;
                }
            }
            ids.sort_unstable();
            ids.dedup();
            Ok(ids)
        };
        Ok((list(new)?, old.map(list).transpose()?.unwrap_or_default()))
    }

    /// `partition 1,2 | 3,4,5`: groups split by `|`, ids by commas or spaces.
    fn partition(&self, code: &str, word: Tok<'_>, args: &[Tok<'_>]) -> R<Command> {
        let Some(first) = args.first() else {
            return Err(E::new(word.col, Problem::Usage(Usage::Partition)));
        };
        let rest = Tok {
            text: code.get(first.off..).unwrap_or(""),
            col: first.col,
            off: first.off,
        };
        let mut groups: Vec<Vec<NodeId>> = vec![Vec::new()];
        let mut seen: Vec<NodeId> = Vec::new();
        let mut bar_col = word.col;
        let mut item: Option<usize> = None;
        let text = rest.text;
        let mut finish = |start: usize, end: usize, groups: &mut Vec<Vec<NodeId>>| -> R<()> {
            let tok = rest.sub(start, end);
            let id = self.node(tok)?;
            if seen.contains(&id) {
                return Err(E::new(tok.col, Problem::ListedTwice { node: id }));
            }
            seen.push(id);
            if let Some(g) = groups.last_mut() {
                g.push(id);
            }
            Ok(())
        };
        for (off, c) in text.char_indices() {
            let sep = c == ',' || c == '|' || is_space(c);
            if !sep {
                if item.is_none() {
                    item = Some(off);
                }
                continue;
            }
            if let Some(start) = item.take() {
                finish(start, off, &mut groups)?;
            }
            if c == '|' {
                if groups.last().is_some_and(Vec::is_empty) {
                    return Err(E::new(rest.col_at(off), Problem::EmptyGroupBefore));
                }
                groups.push(Vec::new());
                bar_col = rest.col_at(off);
            }
        }
        if let Some(start) = item.take() {
            finish(start, text.len(), &mut groups)?;
        }
        if groups.last().is_some_and(Vec::is_empty) {
            return Err(E::new(bar_col, Problem::EmptyGroupAfter));
        }
        Ok(Command::Partition(groups))
    }

    fn expect(&self, word: Tok<'_>, args: &[Tok<'_>]) -> R<Command> {
        const WORDS: &[&str] = &["leader", "kv", "safe", "violation", "in-flight"];
        let Some(&what) = args.first() else {
            return Err(E::new(word.col, Problem::Usage(Usage::Expect)));
        };
        let rest = &args[1..];
        if what
            .text
            .starts_with(|c: char| c.is_ascii_digit() || c == '-')
        {
            let node = self.node(what)?;
            if rest.is_empty() {
                return Err(E::new(
                    what.col,
                    Problem::NoChecks {
                        node,
                        keys: NodeCheck::KEYS.to_vec(),
                    },
                ));
            }
            let mut checks: Vec<Spanned<NodeCheck>> = Vec::new();
            for &tok in rest {
                let check = self.node_check(tok)?;
                if let Some(prev) = checks.iter().find(|c| c.value.key() == check.key()) {
                    return Err(E::new(
                        tok.col,
                        Problem::CheckedTwice {
                            key: check.key(),
                            first_col: prev.pos.col,
                        },
                    ));
                }
                checks.push(Spanned {
                    pos: Pos {
                        line: self.line,
                        col: tok.col,
                    },
                    value: check,
                });
            }
            return Ok(Command::ExpectNode { node, checks });
        }
        if what.text.starts_with("in-flight") {
            if !what.text.starts_with("in-flight<=") {
                return Err(E::new(what.col, Problem::Usage(Usage::InFlight)));
            }
            if let Some(&a) = rest.first() {
                return Err(extra(a, Usage::InFlight));
            }
            let tok = what.sub("in-flight<=".len(), what.text.len());
            return Ok(Command::ExpectInFlight(number(
                tok,
                &show(what.text),
                NumberOf::Messages,
            )?));
        }
        let key = what.key_value().map_or(what.text, |(k, _)| k);
        match (key, what.key_value()) {
            ("leader", Some((_, v))) => {
                if let Some(&a) = rest.first() {
                    return Err(extra(a, Usage::ExpectLeader));
                }
                Ok(Command::ExpectLeader(self.node_or_none(v)?))
            }
            ("leader", None) => Err(E::new(what.col, Problem::ExpectLeaderForm)),
            ("kv", None) => {
                exactly(what, rest, 2, Usage::ExpectKv)?;
                let node = self.node(rest[0])?;
                let pair = rest[1];
                let Some((key, value)) = pair.key_value() else {
                    return Err(E::new(
                        pair.col,
                        Problem::NotKeyValue {
                            found: show(pair.text),
                        },
                    ));
                };
                if key.is_empty() {
                    return Err(E::new(pair.col, Problem::KeyMissing));
                }
                if value.text.is_empty() {
                    return Err(E::at(
                        pair.col,
                        &format!("{}=", show(key)),
                        Problem::KvValueMissing { key: show(key) },
                    ));
                }
                let value = (value.text != "none").then(|| value.text.to_owned());
                Ok(Command::ExpectKv {
                    node,
                    key: key.to_owned(),
                    value,
                })
            }
            ("safe", None) => {
                if let Some(&a) = rest.first() {
                    return Err(extra(a, Usage::ExpectSafe));
                }
                Ok(Command::ExpectSafe)
            }
            ("violation", None) => {
                let names: Vec<&'static str> = Property::ALL.iter().map(|p| p.name()).collect();
                let usage = Usage::ExpectViolation {
                    properties: names.clone(),
                };
                exactly(what, rest, 1, usage)?;
                Property::from_name(rest[0].text)
                    .map(Command::ExpectViolation)
                    .ok_or_else(|| {
                        E::new(
                            rest[0].col,
                            unknown(WordKind::Property, rest[0].text, &names),
                        )
                    })
            }
            ("kv" | "safe" | "violation", Some(_)) => Err(E::new(
                what.col,
                Problem::TakesNoEquals {
                    word: key.to_owned(),
                },
            )),
            _ if NodeCheck::KEYS.contains(&key) && what.text.contains('=') => Err(E::new(
                what.col,
                Problem::WhichNode {
                    check: show(what.text),
                },
            )),
            _ => {
                let suggestion = suggest(key, WORDS);
                let problem = Problem::Unknown {
                    kind: WordKind::Expectation,
                    // Without a suggestion, the whole token is quoted.
                    word: show(if suggestion.is_some() { key } else { what.text }),
                    suggestion,
                    expected: WORDS.to_vec(),
                };
                Err(E::new(what.col, problem))
            }
        }
    }

    fn node_check(&self, tok: Tok<'_>) -> R<NodeCheck> {
        let keys = NodeCheck::KEYS;
        let Some((key, value)) = tok.key_value() else {
            let problem = if keys.contains(&tok.text) {
                Problem::CheckNeedsValue {
                    key: tok.text.to_owned(),
                }
            } else {
                Problem::NotCheck {
                    found: show(tok.text),
                    keys: keys.to_vec(),
                }
            };
            return Err(E::new(tok.col, problem));
        };
        let ctx = &show(tok.text);
        if value.text.is_empty() && keys.contains(&key) {
            return Err(E::at(tok.col, ctx, Problem::ValueMissing));
        }
        Ok(match key {
            "role" => {
                let names: Vec<&'static str> = RoleName::ALL.iter().map(|r| r.name()).collect();
                NodeCheck::Role(RoleName::from_name(value.text).ok_or_else(|| {
                    E::new(value.col, unknown(WordKind::Role, value.text, &names))
                })?)
            }
            "term" => NodeCheck::Term(number(value, ctx, NumberOf::Term)?),
            "vote" => NodeCheck::Vote(self.node_or_none(value)?),
            "leader" => NodeCheck::Leader(self.node_or_none(value)?),
            "commit" => NodeCheck::Commit(number(value, ctx, NumberOf::Index)?),
            "applied" => NodeCheck::Applied(number(value, ctx, NumberOf::Index)?),
            "last" => NodeCheck::Last(number(value, ctx, NumberOf::Index)?),
            "log" => NodeCheck::Log(terms(value, ctx)?),
            "config" => {
                let (voters, outgoing) = self.config_value(value)?;
                NodeCheck::Config { voters, outgoing }
            }
            "member" => {
                let names: Vec<&'static str> = MemberKind::ALL.iter().map(|k| k.name()).collect();
                let kind = MemberKind::ALL
                    .into_iter()
                    .find(|k| k.name() == value.text)
                    .ok_or_else(|| {
                        E::new(value.col, unknown(WordKind::Role, value.text, &names))
                    })?;
                NodeCheck::Member(kind)
            }
            other => return Err(E::new(tok.col, unknown(WordKind::Check, other, keys))),
        })
    }
}

fn unreachable_header(word: Tok<'_>) -> R<Command> {
    // `parse` handles `cluster` and `log` before calling `command`; say something useful anyway.
    Err(E::new(
        word.col,
        Problem::BelongsInHeader {
            command: word.text.to_owned(),
        },
    ))
}

/// Checks that `args` has exactly `n` tokens.
fn exactly(word: Tok<'_>, args: &[Tok<'_>], n: usize, usage: Usage) -> R<()> {
    if args.len() < n {
        return Err(E::new(word.col, Problem::Usage(usage)));
    }
    if let Some(&a) = args.get(n) {
        return Err(extra(a, usage));
    }
    Ok(())
}

fn extra(tok: Tok<'_>, usage: Usage) -> E {
    E::new(
        tok.col,
        Problem::Unexpected {
            found: show(tok.text),
            usage,
        },
    )
}

/// The two ends of `A->B` / `A-B` (one token, or three: `A -> B`), and whether it had `->`.
fn link_parts<'s>(word: Tok<'s>, args: &[Tok<'s>], usage: &Usage) -> R<(Tok<'s>, Tok<'s>, bool)> {
    let (a, b, arrow) = match args {
        [] => return Err(E::new(word.col, Problem::Usage(usage.clone()))),
        [t] => {
            let (at, len, arrow) = match t.text.find("->") {
                Some(at) => (at, 2, true),
                None => match t.text.find('-') {
                    Some(at) => (at, 1, false),
                    None => {
                        return Err(E::new(
                            t.col,
                            Problem::NotLink {
                                usage: usage.clone(),
                            },
                        ))
                    }
                },
            };
            (t.sub(0, at), t.sub(at + len, t.text.len()), arrow)
        }
        [a, mid, b] if mid.text == "->" || mid.text == "-" => (*a, *b, mid.text == "->"),
        [_, extra_tok, ..] => return Err(extra(*extra_tok, usage.clone())),
    };
    if a.text.is_empty() || b.text.is_empty() {
        let col = if a.text.is_empty() { a.col } else { b.col };
        return Err(E::new(
            col,
            Problem::NodeMissing {
                usage: usage.clone(),
            },
        ));
    }
    Ok((a, b, arrow))
}

/// `set KEY VALUE` / `del KEY`. `before` is the token the command follows (for positions).
fn kv_command(before: Tok<'_>, args: &[Tok<'_>], usage: Usage) -> R<KvCommand> {
    let Some(&verb) = args.first() else {
        return Err(E::new(before.col, Problem::Usage(usage)));
    };
    let (n, form) = match verb.text {
        "set" => (2, KvForm::Set),
        "del" => (1, KvForm::Del),
        other => {
            return Err(E::new(
                verb.col,
                unknown(WordKind::ClientCommand, other, &["set", "del"]),
            ))
        }
    };
    if args.len() - 1 < n {
        return Err(E::new(verb.col, Problem::KvForm { form, usage }));
    }
    if let Some(&a) = args.get(n + 1) {
        return Err(E::new(
            a.col,
            Problem::KvExtra {
                found: show(a.text),
                form,
            },
        ));
    }
    let key = args[1];
    if key.text.contains('=') {
        return Err(E::new(
            key.col,
            Problem::KeyWithEquals {
                key: show(key.text),
            },
        ));
    }
    if n == 1 {
        return Ok(KvCommand::Del {
            key: key.text.to_owned(),
        });
    }
    let value = args[2];
    if value.text == "none" {
        return Err(E::new(value.col, Problem::ValueNone));
    }
    Ok(KvCommand::Set {
        key: key.text.to_owned(),
        value: value.text.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "t.raft";

    fn ok(src: &str) -> Script {
        parse(src, FILE).unwrap_or_else(|e| panic!("{e}\n--- source:\n{src}"))
    }

    /// The command on the line after `cluster 5`.
    fn cmd(line: &str) -> Command {
        let script = ok(&format!("cluster 5\n{line}"));
        assert_eq!(script.commands.len(), 1, "{line}");
        script.commands[0].value.clone()
    }

    fn err(src: &str) -> ParseError {
        match parse(src, FILE) {
            Ok(s) => panic!("parsed, but should not:\n{src}\n--- got:\n{s:?}"),
            Err(e) => e,
        }
    }

    #[track_caller]
    fn err_at(src: &str, line: u32, col: u32, needle: &str) {
        let e = err(src);
        assert_eq!((e.line, e.col), (line, col), "wrong place for {src:?}: {e}");
        assert!(
            e.message.contains(needle),
            "message for {src:?} lacks {needle:?}: {e}"
        );
    }

    /// An error on the line after `cluster 5` (line 2).
    #[track_caller]
    fn cerr(line: &str, col: u32, needle: &str) {
        err_at(&format!("cluster 5\n{line}"), 2, col, needle);
    }

    /// The script with every position zeroed, to compare values only.
    fn values(script: &Script) -> Script {
        let mut s = script.clone();
        s.header.pos = Pos::default();
        for log in &mut s.header.logs {
            log.pos = Pos::default();
        }
        for title in [&mut s.header.title, &mut s.header.title_zh]
            .into_iter()
            .flatten()
        {
            title.pos = Pos::default();
        }
        for c in &mut s.commands {
            c.pos = Pos::default();
            if let Command::ExpectNode { checks, .. } = &mut c.value {
                for check in checks {
                    check.pos = Pos::default();
                }
            }
        }
        s
    }

    #[track_caller]
    fn round_trips(script: &Script) {
        let text = script.to_string();
        let again = parse(&text, FILE).unwrap_or_else(|e| panic!("{e}\n--- printed:\n{text}"));
        assert_eq!(values(&again), values(script), "printed as:\n{text}");
    }

    #[test]
    fn header_with_every_option() {
        let s = ok(
            "cluster 5 seed=7 election=100..200 heartbeat=20 latency=1..3 prevote=on \
                    checkquorum=off noop=off batch=8 members=1,3,5",
        );
        let h = &s.header;
        assert_eq!(h.pos, Pos { line: 1, col: 1 });
        assert_eq!(h.nodes, 5);
        assert_eq!(h.seed, Some(7));
        assert_eq!(h.election_ms, Some((100, 200)));
        assert_eq!(h.heartbeat_ms, Some(20));
        assert_eq!(h.latency_ms, Some((1, 3)));
        assert_eq!(h.prevote, Some(true));
        assert_eq!(h.checkquorum, Some(false));
        assert_eq!(h.noop, Some(false));
        assert_eq!(h.batch, Some(8));
        assert_eq!(h.members, Some(vec![1, 3, 5]));
        assert!(s.commands.is_empty());
        round_trips(&s);
    }

    #[test]
    fn header_defaults_and_durations() {
        let s = ok("cluster 3");
        assert_eq!(
            s.header,
            Header {
                pos: Pos { line: 1, col: 1 },
                ..Header::new(3)
            }
        );
        let s = ok("cluster 15 election=1s..2s heartbeat=100ms latency=0..0 seed=0");
        assert_eq!(s.header.nodes, 15);
        assert_eq!(s.header.election_ms, Some((1000, 2000)));
        assert_eq!(s.header.heartbeat_ms, Some(100));
        assert_eq!(s.header.latency_ms, Some((0, 0)));
        assert_eq!(s.header.seed, Some(0));
        // A fixed election timeout (min == max) is allowed, as the core allows it.
        assert_eq!(
            ok("cluster 1 election=200..200").header.election_ms,
            Some((200, 200))
        );
        let s = ok("cluster 2 seed=18446744073709551615");
        assert_eq!(s.header.seed, Some(u64::MAX));
    }

    #[test]
    fn log_preloads() {
        let s = ok("cluster 3\nlog 1 1,1,2 term=3\nlog 2 -\n  log 3 4 # c\nrun 1s");
        let logs: Vec<_> = s
            .header
            .logs
            .iter()
            .map(|l| (l.pos, l.value.clone()))
            .collect();
        assert_eq!(
            logs,
            vec![
                (
                    Pos { line: 2, col: 1 },
                    LogPreload {
                        node: 1,
                        terms: vec![1, 1, 2],
                        term: Some(3),
                        vote: None,
                    }
                ),
                (
                    Pos { line: 3, col: 1 },
                    LogPreload {
                        node: 2,
                        terms: vec![],
                        term: None,
                        vote: None,
                    }
                ),
                (
                    Pos { line: 4, col: 3 },
                    LogPreload {
                        node: 3,
                        terms: vec![4],
                        term: None,
                        vote: None,
                    }
                ),
            ]
        );
        assert_eq!(s.header.logs[0].value.current_term(), 3);
        assert_eq!(s.header.logs[1].value.current_term(), 0);
        assert_eq!(s.header.logs[2].value.current_term(), 4);
        let s = ok("cluster 3\nlog 2 - term=5\nlog 1 2,2 term=2");
        assert_eq!(s.header.logs[0].value.current_term(), 5);
        assert_eq!(s.header.logs[1].value.term, Some(2));
        round_trips(&s);
        // A vote preloads votedFor, as etcd's tests do for a node that voted in a term.
        let s = ok("cluster 3\nlog 2 - term=5 vote=3\nlog 1 2,2 vote=1");
        assert_eq!(s.header.logs[0].value.vote, Some(3));
        assert_eq!(s.header.logs[1].value.vote, Some(1));
        assert_eq!(s.header.logs[1].value.to_string(), "log 1 2,2 vote=1");
        round_trips(&s);
    }

    #[test]
    fn every_command_parses_to_its_tree() {
        use Command::*;
        let kv_set = |k: &str, v: &str| KvCommand::Set {
            key: k.into(),
            value: v.into(),
        };
        let cases: Vec<(&str, Command)> = vec![
            ("run 500", Run(500)),
            ("run 150ms", Run(150)),
            ("run 2s", Run(2000)),
            ("run 0", Run(0)),
            (
                "run until leader",
                RunUntil {
                    cond: Condition::Leader,
                    within_ms: 10_000,
                },
            ),
            (
                "run until leader=3",
                RunUntil {
                    cond: Condition::LeaderIs(3),
                    within_ms: 10_000,
                },
            ),
            (
                "run until committed=4 within 2s",
                RunUntil {
                    cond: Condition::Committed(4),
                    within_ms: 2000,
                },
            ),
            (
                "run until applied=0 within 300",
                RunUntil {
                    cond: Condition::Applied(0),
                    within_ms: 300,
                },
            ),
            (
                "run until quiet within 50ms",
                RunUntil {
                    cond: Condition::Quiet,
                    within_ms: 50,
                },
            ),
            ("step", Step(1)),
            ("step 7", Step(7)),
            ("timers off", Timers(false)),
            ("timers on", Timers(true)),
            ("prevote on", PreVote(true)),
            ("checkquorum off", CheckQuorum(false)),
            ("timeout 2", Timeout(2)),
            ("heartbeat 5", Heartbeat(5)),
            ("settle", Settle),
            (
                "deliver 1->2",
                Deliver {
                    from: NodeSel::Node(1),
                    to: NodeSel::Node(2),
                },
            ),
            (
                "deliver *->3",
                Deliver {
                    from: NodeSel::Any,
                    to: NodeSel::Node(3),
                },
            ),
            (
                "deliver 4 -> *",
                Deliver {
                    from: NodeSel::Node(4),
                    to: NodeSel::Any,
                },
            ),
            (
                "drop *->*",
                Drop {
                    from: NodeSel::Any,
                    to: NodeSel::Any,
                },
            ),
            (
                "duplicate 2->*",
                Duplicate {
                    from: NodeSel::Node(2),
                    to: NodeSel::Any,
                },
            ),
            (
                "drop 5->1",
                Drop {
                    from: NodeSel::Node(5),
                    to: NodeSel::Node(1),
                },
            ),
            (
                "propose 1 set x 5",
                Propose {
                    node: 1,
                    cmd: kv_set("x", "5"),
                },
            ),
            (
                "propose 3 del key-1",
                Propose {
                    node: 3,
                    cmd: KvCommand::Del {
                        key: "key-1".into(),
                    },
                },
            ),
            ("client set name héllo=1", Client(kv_set("name", "héllo=1"))),
            ("client del x", Client(KvCommand::Del { key: "x".into() })),
            ("crash 1", Crash(1)),
            ("restart 2", Restart(2)),
            ("isolate 3", Isolate(3)),
            ("rejoin 4", Rejoin(4)),
            (
                "partition 1,2 | 3,4,5",
                Partition(vec![vec![1, 2], vec![3, 4, 5]]),
            ),
            (
                "partition 1,2|3 4,5",
                Partition(vec![vec![1, 2], vec![3, 4, 5]]),
            ),
            ("partition 1 , 2 |3", Partition(vec![vec![1, 2], vec![3]])),
            ("partition 1,2,3,4,5", Partition(vec![vec![1, 2, 3, 4, 5]])),
            ("partition 1 | 2", Partition(vec![vec![1], vec![2]])),
            ("heal", Heal),
            (
                "cut 1-2",
                Cut {
                    a: 1,
                    b: 2,
                    both: true,
                },
            ),
            (
                "cut 2->1",
                Cut {
                    a: 2,
                    b: 1,
                    both: false,
                },
            ),
            (
                "link 1-2",
                Link {
                    a: 1,
                    b: 2,
                    both: true,
                },
            ),
            (
                "link 3->4",
                Link {
                    a: 3,
                    b: 4,
                    both: false,
                },
            ),
            ("loss 10%", Loss { permille: 100 }),
            ("loss 0%", Loss { permille: 0 }),
            ("loss 100%", Loss { permille: 1000 }),
            ("loss 12.5%", Loss { permille: 125 }),
            ("loss 0.1%", Loss { permille: 1 }),
            (
                "latency 10..15",
                Latency {
                    min_ms: 10,
                    max_ms: 15,
                },
            ),
            (
                "latency 5..5",
                Latency {
                    min_ms: 5,
                    max_ms: 5,
                },
            ),
            (
                "latency 0..1s",
                Latency {
                    min_ms: 0,
                    max_ms: 1000,
                },
            ),
            (
                "bug vote-ignores-log on",
                Bug {
                    bug: BugName::VoteIgnoresLog,
                    on: true,
                },
            ),
            (
                "bug commit-old-terms off",
                Bug {
                    bug: BugName::CommitOldTerms,
                    on: false,
                },
            ),
            (
                "bug forget-vote on",
                Bug {
                    bug: BugName::ForgetVote,
                    on: true,
                },
            ),
            (
                "bug no-jitter on",
                Bug {
                    bug: BugName::NoJitter,
                    on: true,
                },
            ),
            ("expect leader=2", ExpectLeader(Some(2))),
            ("expect leader=none", ExpectLeader(None)),
            (
                "expect kv 1 x=5",
                ExpectKv {
                    node: 1,
                    key: "x".into(),
                    value: Some("5".into()),
                },
            ),
            (
                "expect kv 2 x=none",
                ExpectKv {
                    node: 2,
                    key: "x".into(),
                    value: None,
                },
            ),
            (
                "expect kv 3 a=b=c",
                ExpectKv {
                    node: 3,
                    key: "a".into(),
                    value: Some("b=c".into()),
                },
            ),
            ("expect safe", ExpectSafe),
            ("expect in-flight<=6", ExpectInFlight(6)),
            ("expect in-flight<=0", ExpectInFlight(0)),
            ("dump", Dump),
        ];
        for (line, want) in &cases {
            assert_eq!(&cmd(line), want, "{line}");
        }
        for p in Property::ALL {
            assert_eq!(cmd(&format!("expect violation {p}")), ExpectViolation(*p));
        }
        // All of them in one script, with positions, and printed back.
        let text: String = cases.iter().map(|(l, _)| format!("  {l}\n")).collect();
        let s = ok(&format!("cluster 5\n{text}"));
        for (i, c) in s.commands.iter().enumerate() {
            assert_eq!(
                c.pos,
                Pos {
                    line: i as u32 + 2,
                    col: 3
                }
            );
            assert_eq!(c.value, cases[i].1);
            assert_eq!(c.value.word(), cases[i].0.split(' ').next().unwrap());
        }
        round_trips(&s);
    }

    #[test]
    fn expect_node_checks() {
        let s = ok(
            "cluster 5\nexpect 3 role=leader term=4 vote=3 leader=none commit=2 \
                    applied=1 last=5 log=1,1,4",
        );
        let Command::ExpectNode { node, checks } = &s.commands[0].value else {
            panic!("{:?}", s.commands[0]);
        };
        assert_eq!(*node, 3);
        let got: Vec<_> = checks
            .iter()
            .map(|c| (c.pos.line, c.pos.col, c.value.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, 10, NodeCheck::Role(RoleName::Leader)),
                (2, 22, NodeCheck::Term(4)),
                (2, 29, NodeCheck::Vote(Some(3))),
                (2, 36, NodeCheck::Leader(None)),
                (2, 48, NodeCheck::Commit(2)),
                (2, 57, NodeCheck::Applied(1)),
                (2, 67, NodeCheck::Last(5)),
                (2, 74, NodeCheck::Log(vec![1, 1, 4])),
            ]
        );
        for role in RoleName::ALL {
            let c = cmd(&format!("expect 1 role={role}"));
            let Command::ExpectNode { checks, .. } = c else {
                panic!()
            };
            assert_eq!(checks[0].value, NodeCheck::Role(*role));
        }
        let c = cmd("expect 2 log=- vote=none leader=1");
        let Command::ExpectNode { checks, .. } = c else {
            panic!()
        };
        let checks: Vec<_> = checks.into_iter().map(|c| c.value).collect();
        assert_eq!(
            checks,
            vec![
                NodeCheck::Log(vec![]),
                NodeCheck::Vote(None),
                NodeCheck::Leader(Some(1))
            ]
        );
        round_trips(&s);
    }

    #[test]
    fn titles_in_both_languages() {
        let s =
            ok("cluster 3\ntitle Figure 8 #5.4.2, step by step\ntitle zh: 图 8，逐步演示\nrun 1s");
        assert_eq!(
            s.header.title.as_ref().map(|t| t.value.as_str()),
            Some("Figure 8 #5.4.2, step by step")
        );
        assert_eq!(
            s.header.title.as_ref().unwrap().pos,
            Pos { line: 2, col: 1 }
        );
        assert_eq!(
            s.header.title_zh.as_ref().map(|t| t.value.as_str()),
            Some("图 8，逐步演示")
        );
        round_trips(&s);
        err_at("cluster 3\ntitle", 2, 1, "`title` takes the lesson's name");
        err_at(
            "cluster 3\ntitle zh:   ",
            2,
            1,
            "`title` takes the lesson's name",
        );
        err_at(
            "cluster 3\ntitle A\ntitle B",
            3,
            1,
            "the title is already given on line 2",
        );
        err_at(
            "cluster 3\nrun 1s\ntitle A",
            3,
            1,
            "`title` belongs in the header",
        );
        err_at("title A\ncluster 3", 1, 1, "");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_at_their_line_and_column() {
        let e = parse_bytes(b"cluster 3\nrun \xe4\xb8 1s\n", "bad.raft").unwrap_err();
        assert_eq!((e.line, e.col), (2, 5), "{e}");
        assert!(
            e.to_string()
                .starts_with("bad.raft:2:5: not UTF-8 text: byte 0xe4"),
            "{e}"
        );
        // Characters before the bad byte count once each, however many bytes they take.
        let e = parse_bytes(
            "cluster 3\n# é😀"
                .as_bytes()
                .iter()
                .chain(b"\xff")
                .copied()
                .collect::<Vec<u8>>()
                .as_slice(),
            "b",
        )
        .unwrap_err();
        assert_eq!((e.line, e.col), (2, 5), "{e}");
        let e = parse_bytes(b"\xff", "b").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert_eq!(
            parse_bytes(b"cluster 3\n", "ok").unwrap(),
            parse("cluster 3\n", "ok").unwrap()
        );
    }

    #[test]
    fn lexing_comments_blanks_tabs_crlf_bom_and_columns() {
        let src = "\u{feff}# a scenario\r\n\r\n\tcluster 3   seed=1 # comment\r\n\
                   \r\n   # indented comment\r\ncrash\t2#no space before the comment\r\n\
                   run 1s   \r\nexpect 1 term=1#x\n";
        let s = ok(src);
        assert_eq!(s.header.pos, Pos { line: 3, col: 2 });
        assert_eq!(s.header.seed, Some(1));
        let got: Vec<_> = s
            .commands
            .iter()
            .map(|c| (c.pos, c.value.clone()))
            .collect();
        assert_eq!(got[0], (Pos { line: 6, col: 1 }, Command::Crash(2)));
        assert_eq!(got[1], (Pos { line: 7, col: 1 }, Command::Run(1000)));
        // Columns count characters, not bytes.
        err_at("cluster 3\n  é ü crash 1", 2, 3, "unknown command `é`");
        err_at("cluster 3\ncrash 1 é", 2, 9, "unexpected `é`");
        err_at(
            "cluster 3\nexpect 1 lög=é term=x",
            2,
            10,
            "unknown check `lög`",
        );
        err_at("cluster 3\nexpect 1 log=é", 2, 14, "`é`");
        err_at(
            "cluster 3\nexpect 1 term=1 \u{65e5}\u{672c}=1 vote=9",
            2,
            17,
            "`日本`",
        );
        err_at("cluster 3\r\ncrash\t4\r\n", 2, 7, "node 4 does not exist");
        err_at("cluster 3\n\u{a0}crash\u{a0}4", 2, 8, "node 4");
    }

    #[test]
    fn captions_run_to_the_end_of_the_line_and_take_their_chinese_from_the_next() {
        assert_eq!(
            cmd("say Node 3 times out # first, as its timer is shortest"),
            Command::Say(Caption {
                en: "Node 3 times out # first, as its timer is shortest".into(),
                zh: None
            })
        );
        let script = ok("cluster 3\nsay One.\nsay zh: 一。\nrun 1s\nsay Two.\n");
        let captions: Vec<_> = script
            .commands
            .iter()
            .filter_map(|c| match &c.value {
                Command::Say(c) => Some(c.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(captions[0].zh.as_deref(), Some("一。"));
        assert_eq!(captions[1].zh, None);
        // The canonical form reads back as the same script.
        assert_eq!(
            ok(&script.to_string()).commands.len(),
            script.commands.len()
        );
        err_at("cluster 3\nsay", 2, 1, "`say` takes the caption's text");
        err_at(
            "cluster 3\nsay zh:  ",
            2,
            1,
            "`say` takes the caption's text",
        );
        err_at("cluster 3\nsay zh: 你好", 2, 1, "on the line after a `say`");
        err_at(
            "cluster 3\nsay A\nrun 1s\nsay zh: 你好",
            4,
            1,
            "on the line after a `say`",
        );
        err_at(
            "cluster 3\nsay A\nsay zh: 甲\nsay zh: 乙",
            4,
            1,
            "and once for each",
        );
    }

    #[test]
    fn parse_error_display_and_error_trait() {
        let e = parse("cluster 5\ncrash 9", "scenarios/x.raft").unwrap_err();
        assert_eq!(
            e.to_string(),
            "scenarios/x.raft:2:7: node 9 does not exist in a 5-node cluster (ids are 1..5)"
        );
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().starts_with("scenarios/x.raft:2:7: "));
    }

    #[test]
    fn missing_or_misplaced_header() {
        err_at("", 1, 1, "the script must start with `cluster N`");
        err_at(
            "# only comments\n\n   # more\n",
            1,
            1,
            "the script must start with `cluster N`",
        );
        err_at(
            "\n\ncrash 1\ncluster 3",
            3,
            1,
            "the script must start with `cluster N`",
        );
        err_at(
            "log 1 1\ncluster 3",
            1,
            1,
            "the script must start with `cluster N`",
        );
        err_at(
            "hello world",
            1,
            1,
            "the script must start with `cluster N`",
        );
        err_at(
            "  clustr 3",
            1,
            3,
            "unknown command `clustr`; did you mean `cluster`?",
        );
        err_at(
            "cluster 5\n# x\ncluster 3",
            3,
            1,
            "already a `cluster` line (line 1)",
        );
        err_at(
            "cluster 3\nrun 1s\nlog 1 1",
            3,
            1,
            "before the first other command (line 2)",
        );
    }

    #[test]
    fn cluster_line_errors() {
        err_at("cluster", 1, 1, "`cluster` takes the number of nodes");
        err_at("cluster 0", 1, 9, "cluster 0: a cluster has 1 to 15 nodes");
        err_at("cluster 16", 1, 9, "a cluster has 1 to 15 nodes");
        err_at(
            "cluster 99999999999999999999999",
            1,
            9,
            "a cluster has 1 to 15 nodes",
        );
        err_at(
            "cluster x",
            1,
            9,
            "expected the number of nodes after `cluster`, found `x`",
        );
        err_at("cluster -3", 1, 9, "expected the number of nodes");
        err_at(
            "cluster 5 sed=3",
            1,
            11,
            "unknown option `sed`; did you mean `seed`?",
        );
        err_at("cluster 5 pre-vote=on", 1, 11, "did you mean `prevote`?");
        err_at(
            "cluster 5 colour=red",
            1,
            11,
            "expected one of: seed, election",
        );
        err_at(
            "cluster 5 seed=1 seed=2",
            1,
            18,
            "option `seed` is given twice (first at column 11)",
        );
        err_at(
            "cluster 5 seed",
            1,
            11,
            "option `seed` needs a value: write `seed=...`",
        );
        err_at("cluster 5 7", 1, 11, "expected an option key=value");
        err_at(
            "cluster 5 seed=-1",
            1,
            16,
            "seed=-1: expected a seed, a whole number",
        );
        err_at("cluster 5 seed=", 1, 16, "seed=: expected a seed");
        err_at(
            "cluster 5 seed=18446744073709551616",
            1,
            16,
            "the number is too large",
        );
        err_at(
            "cluster 5 election=300..150",
            1,
            20,
            "election=300..150: the range ends before it starts",
        );
        err_at("cluster 5 election=0..300", 1, 20, "at least 1ms");
        err_at("cluster 5 election=150", 1, 20, "expected a range MIN..MAX");
        err_at("cluster 5 election=1.5s..3s", 1, 20, "expected a duration");
        err_at("cluster 5 election=150..x", 1, 25, "expected a duration");
        err_at("cluster 5 heartbeat=0", 1, 21, "at least 1ms");
        err_at(
            "cluster 5 heartbeat=200",
            1,
            21,
            "(200ms) must be shorter than the shortest election timeout (150ms)",
        );
        err_at("cluster 5 election=40..80", 1, 20, "(50ms) must be shorter");
        err_at(
            "cluster 5 election=100..200 heartbeat=100",
            1,
            39,
            "must be shorter",
        );
        err_at(
            "cluster 5 latency=20..10",
            1,
            19,
            "latency=20..10: the range ends before it starts",
        );
        err_at("cluster 5 latency=10", 1, 19, "expected a range");
        err_at(
            "cluster 5 heartbeat=99999999999999999999s",
            1,
            21,
            "a duration is at most one hour (3600000ms)",
        );
        err_at(
            "cluster 5 heartbeat=18446744073709551615s",
            1,
            21,
            "a duration is at most",
        );
        err_at(
            "cluster 5 prevote=yes",
            1,
            19,
            "prevote=yes: expected `on` or `off`, found `yes`",
        );
        err_at("cluster 5 checkquorum=", 1, 23, "expected `on` or `off`");
        err_at("cluster 5 noop=1", 1, 16, "expected `on` or `off`");
        err_at("cluster 3 members=1,4", 1, 21, "node 4 does not exist");
        err_at("cluster 3 members=2,2", 1, 21, "node 2 is listed twice");
        err_at("cluster 3 members=1|2", 1, 19, "`members` takes the voters");
        err_at("cluster 3 members=", 1, 19, "`members` takes the voters");
        err_at(
            "cluster 5 batch=0",
            1,
            17,
            "a batch is between 1 and 1000000 entries",
        );
        err_at(
            "cluster 5 batch=99999999999999999999",
            1,
            17,
            "the number is too large",
        );
    }

    #[test]
    fn log_line_errors() {
        err_at(
            "cluster 3\nlog 1 - vote=2",
            2,
            9,
            "vote=2: a vote is cast in a term, and node 1 is in term 0",
        );
        err_at(
            "cluster 3\nlog 1 1 vote=4",
            2,
            14,
            "node 4 does not exist in a 3-node cluster",
        );
        err_at(
            "cluster 3\nlog 1 1 vote=1 vote=2",
            2,
            16,
            "option `vote` is given twice",
        );
        err_at("cluster 3\nlog 1 1 voet=1", 2, 9, "did you mean `vote`");
        err_at(
            "cluster 3\nlog 1",
            2,
            1,
            "`log` takes a node id and the terms",
        );
        err_at("cluster 3\nlog", 2, 1, "`log` takes a node id");
        err_at(
            "cluster 3\nlog 4 1",
            2,
            5,
            "node 4 does not exist in a 3-node cluster (ids are 1..3)",
        );
        err_at(
            "cluster 3\nlog x 1",
            2,
            5,
            "expected a node id (1..3), found `x`",
        );
        err_at(
            "cluster 3\nlog 1 1\nlog 1 2",
            3,
            5,
            "node 1's log is already given on line 2",
        );
        err_at(
            "cluster 3\nlog 1 1,0",
            2,
            9,
            "log 1 1,0: entries have terms from 1 up",
        );
        err_at("cluster 3\nlog 1 1,,2", 2, 9, "a term is missing");
        err_at("cluster 3\nlog 1 1,", 2, 9, "a term is missing");
        err_at("cluster 3\nlog 1 1,a", 2, 9, "found `a`");
        err_at(
            "cluster 3\nlog 1 99999999999999999999",
            2,
            7,
            "a term in a script is at most 1000000000",
        );
        err_at(
            "cluster 3\nlog 1 2,1",
            2,
            7,
            "never decrease, but entry 2 has term 1 after term 2",
        );
        err_at(
            "cluster 3\nlog 1 1,2 term=1",
            2,
            16,
            "at least the term of its last entry (2)",
        );
        err_at(
            "cluster 3\nlog 1 1 term=x",
            2,
            14,
            "term=x: expected a term",
        );
        err_at("cluster 3\nlog 1 1 term=1 term=2", 2, 16, "given twice");
        err_at(
            "cluster 3\nlog 1 term=3",
            2,
            7,
            "the terms of the entries come before `term=`",
        );
        err_at(
            "cluster 3\nlog 1 1 trm=2",
            2,
            9,
            "unknown option `trm`; did you mean `term`?",
        );
        err_at("cluster 3\nlog 1 1 2", 2, 9, "unexpected `2`");
        err_at(
            "cluster 1\nlog 2 1",
            2,
            5,
            "in a 1-node cluster (the only id is 1)",
        );
    }

    #[test]
    fn command_errors() {
        cerr(
            "crahs 1",
            1,
            "unknown command `crahs`; did you mean `crash`?",
        );
        cerr("Crash 1", 1, "did you mean `crash`?");
        cerr("  parition 1 | 2", 3, "did you mean `partition`?");
        cerr(
            "frobnicate",
            1,
            "unknown command `frobnicate`; expected one of: run, step",
        );
        cerr("crash", 1, "`crash` takes one node id");
        cerr("crash 1 2", 9, "unexpected `2`: `crash` takes one node id");
        cerr(
            "crash 9",
            7,
            "node 9 does not exist in a 5-node cluster (ids are 1..5)",
        );
        cerr("crash 0", 7, "node 0 does not exist");
        cerr(
            "crash 99999999999999999999999",
            7,
            "node 99999999999999999999999 does not exist",
        );
        cerr("crash x", 7, "expected a node id (1..5), found `x`");
        cerr("restart", 1, "`restart` takes one node id");
        cerr("isolate 6", 9, "node 6");
        cerr("rejoin a b", 10, "unexpected `b`");
        cerr("timeout -1", 9, "expected a node id");
        cerr("heartbeat", 1, "`heartbeat` takes one node id");
        err_at("cluster 1\ncrash 2", 2, 7, "(the only id is 1)");
    }

    #[test]
    fn time_and_stepping_errors() {
        cerr("run", 1, "`run` takes a duration");
        cerr("run 1.5s", 5, "run 1.5s: expected a duration");
        cerr("run -5", 5, "expected a duration");
        cerr("run 5m", 5, "expected a duration");
        cerr(
            "run untill leader",
            5,
            "unknown word `untill`; did you mean `until`?",
        );
        cerr("run 5s 6s", 8, "unexpected `6s`");
        cerr(
            "run 99999999999999999999999",
            5,
            "a duration is at most one hour (3600000ms)",
        );
        cerr("run 2000000s", 5, "a duration is at most");
        cerr("run 18446744073709551615s", 5, "a duration is at most");
        cerr("run until", 5, "`run until` takes a condition");
        cerr(
            "run until leadr",
            11,
            "unknown condition `leadr`; did you mean `leader`?",
        );
        cerr(
            "run until elected",
            11,
            "unknown condition `elected`; expected leader, leader=N",
        );
        cerr("run until leader=9", 18, "node 9 does not exist");
        cerr("run until leader=none", 18, "expected a node id");
        cerr("run until committed", 11, "write `committed=I`");
        cerr("run until applied", 11, "write `applied=I`");
        cerr(
            "run until committed=x",
            21,
            "committed=x: expected an index",
        );
        cerr("run until quiet=1", 11, "takes no value");
        cerr("run until leader within", 18, "`within` takes a duration");
        cerr("run until leader witin 5s", 18, "did you mean `within`?");
        cerr(
            "run until leader within=5s",
            18,
            "write `within DURATION` with a space",
        );
        cerr("run until leader 3", 18, "unexpected `3`");
        cerr("run until leader within 5s 6", 28, "unexpected `6`");
        cerr(
            "run until leader within soon",
            25,
            "within soon: expected a duration",
        );
        cerr("step 0", 6, "step 0: the count of events is at least 1");
        cerr("step x", 6, "step x: expected a count of events");
        cerr("step 99999999999999999999", 6, "too large");
        cerr(
            "step 18446744073709551615",
            6,
            "step 18446744073709551615: one command may cause at most 10000000 events",
        );
        assert_eq!(cmd("step 10000000"), Command::Step(10_000_000));
        cerr("step 1 2", 8, "unexpected `2`");
        cerr("timers", 1, "`timers` takes `on` or `off`");
        cerr(
            "timers maybe",
            8,
            "timers: expected `on` or `off`, found `maybe`",
        );
        cerr("timers on off", 11, "unexpected `off`");
        cerr(
            "settle now",
            8,
            "unexpected `now`: `settle` takes no arguments",
        );
        cerr("heal 1", 6, "`heal` takes no arguments");
        cerr("dump all", 6, "`dump` takes no arguments");
        cerr("deliver", 1, "`deliver` takes one link A->B");
        cerr("deliver 1-2", 9, "write the direction with `->`");
        cerr("deliver 1->1", 9, "a node sends no messages to itself");
        cerr("deliver 1->9", 12, "node 9 does not exist");
        cerr("deliver ->2", 9, "a node is missing");
        cerr("deliver 1->", 12, "a node is missing");
        cerr("deliver 1 2", 11, "unexpected `2`");
        cerr("deliver 12", 9, "expected A->B or A-B");
        cerr("drop x->1", 6, "expected a node id (1..5), found `x`");
    }

    #[test]
    fn client_and_fault_errors() {
        cerr("propose", 1, "`propose` takes a node id and a command");
        cerr("propose 1", 9, "`propose` takes a node id and a command");
        cerr("propose 7 set x 1", 9, "node 7 does not exist");
        cerr(
            "propose 1 sett x 5",
            11,
            "unknown client command `sett`; did you mean `set`?",
        );
        cerr("propose 1 put x 5", 11, "expected one of: set, del");
        cerr("propose 1 set x", 11, "write `set KEY VALUE`");
        cerr(
            "propose 1 set x 5 6",
            19,
            "unexpected `6`: write `set KEY VALUE`",
        );
        cerr("propose 1 set x=y 5", 15, "contains `=`");
        cerr("client", 1, "`client` takes a command");
        cerr("client del", 8, "write `del KEY`");
        cerr("client del x y", 14, "unexpected `y`");
        cerr("client set x none", 14, "the value `none` is reserved");
        cerr("partition", 1, "`partition` takes groups of node ids");
        cerr("partition 1,2 | 2,3", 17, "node 2 is listed twice");
        cerr("partition 1,1", 13, "node 1 is listed twice");
        cerr(
            "partition 1,2 | | 3",
            17,
            "a group before this `|` is empty",
        );
        cerr("partition | 1", 11, "a group before this `|` is empty");
        cerr("partition 1,2 |", 15, "a group after this `|` is empty");
        cerr("partition 1,6", 13, "node 6 does not exist");
        cerr(
            "partition 1,2 | 3,x",
            19,
            "expected a node id (1..5), found `x`",
        );
        cerr("cut", 1, "`cut` takes one link");
        cerr("cut 1", 5, "expected A->B or A-B");
        cerr("cut 1-1", 5, "cut 1-1: a link joins two different nodes");
        cerr(
            "link 2->2",
            6,
            "link 2->2: a link joins two different nodes",
        );
        cerr("cut 1-x", 7, "expected a node id");
        cerr("cut *-1", 5, "expected a node id");
        cerr("cut 1-2 3", 9, "unexpected `3`");
        cerr("loss", 1, "`loss` takes a percentage");
        cerr(
            "loss 150%",
            6,
            "loss 150%: a percentage is between 0% and 100%",
        );
        cerr("loss 100.1%", 6, "between 0% and 100%");
        cerr("loss 99999999999999999999999%", 6, "between 0% and 100%");
        cerr("loss 10", 6, "loss 10: expected a percentage like `10%`");
        cerr("loss 12.25%", 6, "at most one decimal");
        cerr("loss -1%", 6, "expected a percentage");
        cerr("loss .5%", 6, "expected a percentage");
        cerr("loss 5.%", 6, "expected a percentage");
        cerr(
            "latency 20..10",
            9,
            "latency 20..10: the range ends before it starts",
        );
        cerr("latency 10", 9, "expected a range MIN..MAX");
        cerr(
            "latency 10..60001",
            9,
            "latency 10..60001: a message takes at most 60 s (60000ms)",
        );
        assert_eq!(
            cmd("latency 0..60s"),
            Command::Latency {
                min_ms: 0,
                max_ms: 60_000
            }
        );
        err_at(
            "cluster 3 latency=1..3600s",
            1,
            19,
            "latency=1..3600s: a message takes at most 60 s",
        );
        cerr("latency", 1, "`latency` takes a range");
        cerr("latency 1..2..3", 12, "expected a duration");
        cerr(
            "bug no-jitter",
            1,
            "`bug` takes a bug name and `on` or `off`",
        );
        cerr(
            "bug nojitter on",
            5,
            "unknown bug `nojitter`; did you mean `no-jitter`?",
        );
        cerr(
            "bug flaky on",
            5,
            "expected one of: vote-ignores-log, commit-old-terms",
        );
        cerr(
            "bug no-jitter maybe",
            15,
            "bug no-jitter: expected `on` or `off`",
        );
    }

    #[test]
    fn expect_errors() {
        cerr("expect", 1, "`expect` takes a node id and checks");
        cerr(
            "expect in-flight=3",
            8,
            "`expect in-flight<=N` checks that at most N",
        );
        cerr(
            "expect in-flight<=x",
            19,
            "expected a count of messages, a whole number",
        );
        cerr("expect in-flight<=3 4", 21, "unexpected `4`");
        cerr("expect inflight<=3", 8, "did you mean `in-flight`?");
        cerr("expect 1", 8, "`expect 1` needs at least one check");
        cerr("expect 9 term=1", 8, "node 9 does not exist");
        cerr(
            "expect 1 role=leadr",
            15,
            "unknown role `leadr`; did you mean `leader`?",
        );
        cerr(
            "expect 1 role=boss",
            15,
            "expected one of: follower, candidate, precandidate",
        );
        cerr(
            "expect 1 rol=leader",
            10,
            "unknown check `rol`; did you mean `role`?",
        );
        cerr(
            "expect 1 term=1 term=2",
            17,
            "`term` is checked twice in this `expect` (first at column 10)",
        );
        cerr(
            "expect 1 term",
            10,
            "check `term` needs a value: write `term=...`",
        );
        cerr("expect 1 leader", 10, "check `leader` needs a value");
        cerr("expect 1 banana", 10, "expected a check key=value");
        cerr("expect 1 term=", 10, "term=: the value is missing");
        cerr("expect 1 term=x", 15, "term=x: expected a term");
        cerr("expect 1 commit=99999999999999999999", 17, "too large");
        cerr("expect 1 vote=9", 15, "node 9 does not exist");
        cerr("expect 1 leader=0", 17, "node 0 does not exist");
        cerr("expect 1 log=1,x", 16, "found `x`");
        cerr("expect 1 log=0", 14, "entries have terms from 1 up");
        cerr(
            "expect leader",
            8,
            "write `expect leader=N` or `expect leader=none`",
        );
        cerr("expect leader=9", 15, "node 9 does not exist");
        cerr("expect leader=1 2", 17, "unexpected `2`");
        cerr(
            "expect kv 1",
            8,
            "`expect kv` takes a node id and KEY=VALUE",
        );
        cerr("expect kv 1 x", 13, "expected KEY=VALUE, found `x`");
        cerr("expect kv 1 =5", 13, "the key is missing");
        cerr(
            "expect kv 1 x=",
            13,
            "x=: the value is missing; write `x=VALUE`, or `x=none`",
        );
        cerr("expect kv 6 x=1", 11, "node 6 does not exist");
        cerr("expect kv 1 x=1 y=2", 17, "unexpected `y=2`");
        cerr(
            "expect saf",
            8,
            "unknown expectation `saf`; did you mean `safe`?",
        );
        cerr("expect safe now", 13, "unexpected `now`");
        cerr(
            "expect violation",
            8,
            "`expect violation` takes a property name",
        );
        cerr(
            "expect violation log-matchin",
            18,
            "unknown property `log-matchin`; did you mean `log-matching`?",
        );
        cerr(
            "expect role=leader",
            8,
            "say which node to check: `expect N role=leader`",
        );
        cerr("expect kv=1", 8, "`kv` takes no `=`");
        cerr("expect everything", 8, "unknown expectation `everything`");
    }

    #[test]
    fn long_and_strange_tokens_give_short_messages() {
        let long = "x".repeat(100_000);
        let e = err(&format!("cluster 3\ncrash {long}"));
        assert!(e.message.len() < 200, "{}", e.message);
        assert!(e.message.contains('…'));
        let e = err(&format!("cluster 3\n{long}"));
        assert!(e.message.len() < 400, "{}", e.message);
        let e = err("cluster 3\ncrash \u{1b}[31m");
        assert!(e.message.contains("\\u{1b}"), "{}", e.message);
        assert!(!e.message.contains('\u{1b}'));
    }

    #[test]
    fn names_round_trip() {
        for b in BugName::ALL {
            assert_eq!(BugName::from_name(b.name()), Some(*b));
            assert_eq!(b.to_string(), b.name());
        }
        for p in Property::ALL {
            assert_eq!(Property::from_name(p.name()), Some(*p));
        }
        for r in RoleName::ALL {
            assert_eq!(RoleName::from_name(r.name()), Some(*r));
            if let Some(role) = r.role() {
                assert_eq!(role.name(), r.name());
                assert_eq!(RoleName::from(role), *r);
            }
        }
        assert_eq!(BugName::ALL.len(), 5);
        assert_eq!(Property::ALL.len(), 5);
        assert_eq!(BugName::from_name("No-Jitter"), None);
        let mut bugs = raft::Bugs::default();
        BugName::ForgetVote.set(&mut bugs, true);
        assert!(bugs.forget_vote && bugs.any());
        BugName::ForgetVote.set(&mut bugs, false);
        assert!(!bugs.any());
        for text in ["set x 5", "del x"] {
            assert_eq!(KvCommand::from_text(text).unwrap().to_string(), text);
        }
        assert_eq!(KvCommand::from_text("noop"), None);
        assert!(NodeSel::Any.matches(3) && NodeSel::Node(3).matches(3));
        assert!(!NodeSel::Node(2).matches(3));
    }

    /// The scripts the specs show, and a scenario that uses every row of the spec's tables.
    #[test]
    fn spec_examples_parse() {
        // embedding-api.md: an inline script, indented as in the HTML.
        let inline =
            "\n    cluster 3 seed=1\n    run until leader\n    crash 1\n    run until leader\n  ";
        let s = ok(inline);
        assert_eq!(s.header.nodes, 3);
        assert_eq!(s.header.seed, Some(1));
        assert_eq!(s.commands.len(), 3);
        assert_eq!(s.commands[1].value, Command::Crash(1));
        assert_eq!(s.commands[1].pos, Pos { line: 4, col: 5 });

        let all = "\
# Every row of scenario-language.md.
cluster 5 seed=7 election=150..300 heartbeat=50 latency=10..15 prevote=on checkquorum=on noop=off batch=64
log 1 1,1,2 term=3
log 2 -
run 150ms
run 2s
run 300
run until leader
run until leader=2 within 10s
run until committed=3
run until applied=3
run until quiet
step
step 3
timers off
timers on
timeout 1
heartbeat 1
settle
deliver 1->2
deliver *->3
drop 2->*
propose 1 set x 5
propose 2 del x
client set y 7
client del y
crash 3
restart 3
isolate 4
rejoin 4
partition 1,2 | 3,4,5
heal
cut 1-2
cut 1->2
link 1-2
loss 10%
latency 20..40
bug vote-ignores-log on
bug commit-old-terms on
bug forget-vote off
bug no-jitter off
expect 1 role=leader term=2 vote=1 leader=1 commit=3 applied=3 last=3 log=1,1,2
expect 2 role=down
expect 3 role=precandidate
expect leader=1
expect leader=none
expect kv 1 x=5
expect kv 1 x=none
expect safe
expect violation election-safety
expect violation leader-append-only
expect violation log-matching
expect violation leader-completeness
expect violation state-machine-safety
dump
";
        let s = ok(all);
        assert_eq!(s.header.logs.len(), 2);
        assert_eq!(s.commands.len(), 51);
        round_trips(&s);

        // Figure 8 of the paper, as a teaching script would draw it.
        let fig8 = "\
cluster 5 seed=8 noop=off
log 1 1,2 term=2
log 2 1,2 term=2
log 3 1
log 4 1
log 5 1,3 term=3
timers off
bug commit-old-terms on
timeout 1
settle
expect 1 role=leader term=4
propose 1 set x 1
deliver 1->3
expect violation state-machine-safety   # the checker catches it
";
        let s = ok(fig8);
        assert_eq!(s.header.logs.len(), 5);
        round_trips(&s);
    }

    /// A tiny deterministic generator for the fuzz test (xorshift64*).
    struct XorShift(u64);

    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.0 = x;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
    }

    const VOCAB: &[&str] = &[
        "cluster",
        "log",
        "run",
        "until",
        "within",
        "step",
        "timers",
        "on",
        "off",
        "timeout",
        "heartbeat",
        "settle",
        "deliver",
        "drop",
        "propose",
        "client",
        "set",
        "del",
        "add",
        "learner",
        "promote",
        "remove",
        "reconfig",
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
        "kv",
        "safe",
        "violation",
        "dump",
        "leader",
        "quiet",
        "none",
        "-",
        "*",
        "|",
        ",",
        "->",
        "..",
        "%",
        "=",
        "#",
        "1",
        "2",
        "3",
        "5",
        "0",
        "15",
        "16",
        "-1",
        "1.5",
        "99999999999999999999999",
        "18446744073709551615",
        "150ms",
        "2s",
        "10%",
        "12.5%",
        "150..300",
        "20..10",
        "1->2",
        "*->3",
        "1-2",
        "1,2",
        "1,2,3",
        "seed=7",
        "election=1..2",
        "heartbeat=0",
        "latency=5..1",
        "prevote=on",
        "batch=0",
        "term=3",
        "role=leader",
        "role=down",
        "vote=none",
        "leader=1",
        "log=1,1,2",
        "log=-",
        "commit=3",
        "x=5",
        "x=none",
        "leader=none",
        "committed=1",
        "applied=2",
        "no-jitter",
        "forget-vote",
        "log-matching",
        "é",
        "日本語",
        "\u{0}",
        "\u{feff}",
        "\u{a0}",
        "🦀",
        "\\",
        "\"",
        "'",
        "`",
        "=",
        "key=value=more",
        "1..",
        "..2",
        "ms",
        "s",
    ];
    const SEPS: &[&str] = &[" ", " ", " ", "\t", "  ", "\u{a0}", ""];
    const CHARS: &[char] = &[
        ' ', '\t', '\n', '\r', '#', '=', '.', ',', '|', '-', '>', '*', '%', '0', '1', '5', '9',
        'a', 'e', 's', 'é', '日', '🦀', '\u{0}', '\u{feff}', '\u{300}',
    ];

    fn random_script(rng: &mut XorShift) -> String {
        let mut out = String::new();
        if rng.below(5) > 0 {
            out.push_str(&format!("cluster {}\n", rng.below(18)));
        }
        for _ in 0..rng.below(10) {
            for _ in 0..rng.below(8) {
                out.push_str(rng.pick(VOCAB));
                out.push_str(rng.pick(SEPS));
            }
            out.push_str(rng.pick(&["\n", "\r\n", "\n\n", " # c\n", ""]));
        }
        out
    }

    fn mutate(rng: &mut XorShift, text: &str) -> String {
        let mut chars: Vec<char> = text.chars().collect();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(chars.len() + 1);
            match rng.below(5) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(at, CHARS[rng.below(CHARS.len())]),
                2 if at + 1 < chars.len() => chars.swap(at, at + 1),
                3 => {
                    let word: Vec<char> = rng.pick(VOCAB).chars().collect();
                    chars.splice(at..at, word);
                }
                _ if at < chars.len() => chars[at] = CHARS[rng.below(CHARS.len())],
                _ => {}
            }
        }
        chars.into_iter().collect()
    }

    /// Random and mutated scripts never panic; what parses prints back to an equal script,
    /// and every error points inside the source.
    #[test]
    fn fuzz_never_panics() {
        let seeds = [
            "cluster 5 seed=7 election=150..300 heartbeat=50 latency=10..15 prevote=on\n\
             log 1 1,1,2 term=3\nrun until leader within 5s\ncrash 1\npartition 1,2 | 3,4,5\n\
             deliver *->2\ncut 1->2\nloss 12.5%\nexpect 1 role=leader term=2 log=1,1\n\
             expect kv 1 x=5\npropose 1 set x 5\nbug no-jitter on\nexpect violation log-matching\n",
            "cluster 3\nrun 2s\nstep 3\nexpect leader=none\nexpect safe\ndump\n",
        ];
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        let mut parsed = 0;
        for i in 0..30_000 {
            let src = match i % 3 {
                0 => random_script(&mut rng),
                1 => {
                    let seed = seeds[rng.below(seeds.len())];
                    mutate(&mut rng, seed)
                }
                _ => {
                    let base = random_script(&mut rng);
                    mutate(&mut rng, &base)
                }
            };
            match parse(&src, "fuzz.raft") {
                Ok(script) => {
                    parsed += 1;
                    round_trips(&script);
                }
                Err(e) => {
                    let lines = src.split('\n').count() as u32;
                    assert!(e.line >= 1 && e.line <= lines.max(1), "{e} for {src:?}");
                    assert!(e.col >= 1, "{e} for {src:?}");
                    assert!(!e.message.is_empty());
                    assert!(e.message.len() < 1000, "{e}");
                }
            }
        }
        assert!(
            parsed > 500,
            "only {parsed} scripts parsed: the fuzz is too hostile"
        );
    }

    #[test]
    fn random_bytes_never_panic() {
        let mut rng = XorShift(42);
        for _ in 0..5_000 {
            let bytes: Vec<u8> = (0..rng.below(200)).map(|_| rng.next() as u8).collect();
            let text = String::from_utf8_lossy(&bytes);
            let _ = parse(&text, "bytes.raft");
            let _ = parse(&format!("cluster 3\n{text}"), "bytes.raft");
        }
    }
}
