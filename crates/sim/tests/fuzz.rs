//! A fuzz target for the scenario parser and runner together, sized for CI (there is no
//! nightly toolchain here, so no cargo-fuzz: this is an ordinary integration test).
//!
//! Every case is a script, as bytes. It is parsed with `parse_bytes`; if it parses, it is run
//! with `run_with` under small event caps and with checkpoints kept (as the page runs it).
//! What must hold, whatever the input:
//! - nothing panics (each case runs under `catch_unwind`);
//! - nothing hangs (each case runs on a worker thread, watched against a wall-clock limit);
//! - memory stays bounded (a counting allocator tracks the live heap while the case runs, and
//!   the process's VmHWM is read from `/proc/self/status` after it);
//! - a parse error names a line and column inside the input, and a runtime failure (which is a
//!   normal outcome: a failed `expect`, a `run until` that never holds, a cap reached) names a
//!   line of the script that holds a command;
//! - a run is deterministic (a cheap run is repeated without checkpoints and must give the
//!   same failure, dumps and event count), sees every event it simulates through its observer,
//!   and keeps its caps; a parsed script prints back to text that parses to the same script.
//!
//! First every file of `tests/fuzz-corpus/` is checked (inputs that once panicked, hung or blew
//! memory, and hand-picked nasty ones; each starts with a comment saying what it caught), then
//! random cases: scripts from a grammar-based generator that produce runs, and byte/line-level
//! mutations of generated scripts, of corpus files (except those marked `[expensive]` in their
//! first line) and of the `scenarios/` presets.
//!
//! Environment:
//! - `FUZZ_CASES=N`: random cases (default 1800, about a minute in a debug build);
//! - `FUZZ_SECS=S`: keep generating cases for S seconds instead (a campaign);
//! - `FUZZ_SEED=S|random`: the base seed (default fixed, so CI runs the same cases);
//! - `FUZZ_ONE=S`: run only the random case with seed S (as printed), and print its script;
//! - `FUZZ_FILE=PATH`: run only that file (set `FUZZ_VERBOSE=1` to see how it went);
//! - `FUZZ_VERBOSE=1`: print one line per case;
//! - `FUZZ_KEEP_GOING=1`: record every problem (saved under `FUZZ_OUT`, default
//!   `$CARGO_TARGET_TMPDIR/fuzz-found`) and fail at the end, instead of at the first one;
//! - `FUZZ_TIMEOUT_SECS` (default 20) and `FUZZ_MEM_MB` (default 1536): the limits;
//! - `FUZZ_MAX_LATENCY_MS=MS`: the longest latency the generator writes (default the most a
//!   script may give).
//!
//! The case being run is also written to `$CARGO_TARGET_TMPDIR/fuzz-current.raft`, so that a
//! crash that takes the process down (an abort, a stack overflow, the OOM killer) leaves it.
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex, Once};
use std::time::{Duration, Instant};

use sim::scenario::{parse, parse_bytes, run_with, Command, Options, Report, Script};
use sim::Rng;

// ----- Memory: a counting allocator -------------------------------------------------------

/// The global allocator of this test binary: the system's, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A field of `/proc/self/status` in bytes (`VmRSS`, `VmHWM`); 0 where there is none.
fn proc_status(field: &str) -> usize {
    let Ok(status) = fs::read_to_string("/proc/self/status") else {
        return 0;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().strip_suffix("kB")?.trim().parse::<usize>().ok())
        .map_or(0, |kb| kb * 1024)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

// ----- Settings ---------------------------------------------------------------------------

/// The event caps a case runs with: small, for CI; checkpoints kept, as the page keeps them.
// `..Options::default()` is there for options added later: they keep their defaults.
#[allow(clippy::needless_update)]
fn options() -> Options {
    Options {
        max_events_per_command: 200_000,
        max_events: 1_000_000,
        checkpoints: true,
        ..Options::default()
    }
}

/// Runs with at most this many events are run a second time, without checkpoints, to check
/// that the run is deterministic and that checkpoints change nothing.
const REPEAT_BELOW_EVENTS: u64 = 20_000;

const DEFAULT_CASES: u64 = 1800;
const DEFAULT_SEED: u64 = 0x5EED_F022;

/// The longest latency the generator writes (`FUZZ_MAX_LATENCY_MS`, default the most a script
/// may give, `sim::MAX_LATENCY_MS`): a lower one lets a campaign look past a known problem of
/// slow messages. Mutations still write longer ones, which the parser refuses.
fn max_latency() -> u64 {
    static MAX: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *MAX.get_or_init(|| env_u64("FUZZ_MAX_LATENCY_MS").unwrap_or(sim::MAX_LATENCY_MS))
}

fn env_u64(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    let v = v.trim();
    let parsed = match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    };
    Some(parsed.unwrap_or_else(|| panic!("{name}={v}: expected a number")))
}

struct Limits {
    timeout: Duration,
    memory: usize,
}

impl Limits {
    fn from_env() -> Self {
        Limits {
            timeout: Duration::from_secs(env_u64("FUZZ_TIMEOUT_SECS").unwrap_or(20)),
            memory: env_u64("FUZZ_MEM_MB").unwrap_or(1536) as usize * 1024 * 1024,
        }
    }
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    manifest_dir().join("tests/fuzz-corpus")
}

/// `(name, bytes)` of every file in `dir` (sorted by name), or none if it cannot be read.
fn files_in(dir: &Path, ext: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)))
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().to_string();
            Some((name, fs::read(&p).ok()?))
        })
        .collect();
    files.sort();
    files
}

// ----- One case ---------------------------------------------------------------------------

/// A script to check, with the name it is reported under.
struct Case {
    /// `corpus/NAME` or `random case seed=S (how it was made)`.
    name: String,
    /// The file name the script is parsed and run under.
    file: String,
    bytes: Vec<u8>,
}

impl Case {
    /// The script for a report: as text when it is UTF-8, else escaped bytes.
    fn shown(&self) -> String {
        const MAX: usize = 20_000;
        let text = match std::str::from_utf8(&self.bytes) {
            Ok(t) => t.to_string(),
            Err(_) => format!(
                "(not UTF-8; as a Rust byte string)\nb\"{}\"",
                self.bytes.escape_ascii()
            ),
        };
        if text.len() > MAX {
            let cut = (0..=MAX)
                .rev()
                .find(|&i| text.is_char_boundary(i))
                .unwrap_or(0);
            format!("{}\n... ({} bytes in all)", &text[..cut], text.len())
        } else {
            text
        }
    }
}

/// How a case went.
#[derive(Default)]
struct Outcome {
    parsed: bool,
    /// The script ran every command.
    passed: bool,
    /// The run stopped at a failed `expect`.
    expect_failed: bool,
    /// The first words of the failure message, for the summary.
    failure_kind: Option<String>,
    /// The failure, as it displays.
    failure: Option<String>,
    events: u64,
    /// What went wrong that must not (each a sentence).
    problems: Vec<String>,
}

/// The panic payload that stops a case the watchdog gave up on (from inside its observer).
struct Cancelled;

static CANCEL: AtomicBool = AtomicBool::new(false);
/// How far the running case has got: events seen, and the simulated time of the last (µs).
static PROGRESS_EVENTS: AtomicU64 = AtomicU64::new(0);
static PROGRESS_TIME: AtomicU64 = AtomicU64::new(0);
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);
/// The checks are serialized: they measure the process's memory, one case at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
const WORKER: &str = "fuzz-case";

/// Records the message and place of a panic on a worker thread (for the report) instead of
/// printing it; panics elsewhere print as usual.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(WORKER) {
                return default(info);
            }
            if info.payload().downcast_ref::<Cancelled>().is_some() {
                return;
            }
            let backtrace = std::backtrace::Backtrace::force_capture().to_string();
            // Keep the frames of this workspace: the rest is the standard library.
            let frames: Vec<&str> = backtrace
                .lines()
                .filter(|l| l.contains("sim::") || l.contains("raft::") || l.contains("/crates/"))
                .take(24)
                .collect();
            let text = format!(
                "{info}\n  backtrace (workspace frames):\n{}",
                frames.join("\n")
            );
            *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }));
    });
}

/// The number of lines of `bytes`, as the parser counts them (split at `\n`).
fn line_count(bytes: &[u8]) -> u32 {
    u32::try_from(bytes.split(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// Whether line `line` (from 1) of `bytes` holds a command: something before any `#`.
fn line_has_code(bytes: &[u8], line: u32) -> bool {
    let Some(raw) = bytes.split(|&b| b == b'\n').nth(line as usize - 1) else {
        return false;
    };
    let code = raw.split(|&b| b == b'#').next().unwrap_or(&[]);
    String::from_utf8_lossy(code)
        .chars()
        .any(|c| !c.is_whitespace() && c != '\u{feff}')
}

/// Whether the preloaded state is one a Raft history can leave, as far as the safety oracle
/// needs: every node is in a term at least as high as any entry of any log, so no election can
/// reuse a term that already has entries (the checker has found log matching intact). Logs
/// with an entry of term T on a node, and a majority still below T, let a later leader be
/// elected in T: two different entries of one term then break the rules through no fault of
/// the protocol.
fn reachable_start(script: &Script) -> bool {
    let logs = &script.header.logs;
    let highest = logs
        .iter()
        .filter_map(|l| l.value.terms.last())
        .max()
        .copied()
        .unwrap_or(0);
    (1..=script.header.nodes as sim::raft::NodeId).all(|id| {
        let term = logs
            .iter()
            .find(|l| l.value.node == id)
            .map_or(0, |l| l.value.current_term());
        term >= highest
    })
}

fn count(script: &Script, f: impl Fn(&Command) -> bool) -> usize {
    script.commands.iter().filter(|c| f(&c.value)).count()
}

/// Runs `script`, counting the events its observer sees; a cancelled watchdog stops it.
fn run_counted(script: &Script, file: &str, options: Options) -> (Report, u64) {
    let mut seen = 0u64;
    let report = run_with(script, file, options, &mut |frame| {
        seen += 1;
        if seen % 256 == 0 {
            PROGRESS_EVENTS.store(seen, Ordering::Relaxed);
            PROGRESS_TIME.store(frame.time, Ordering::Relaxed);
            if CANCEL.load(Ordering::Relaxed) {
                panic::panic_any(Cancelled);
            }
        }
    });
    (report, seen)
}

/// Parses and runs one case and checks everything that does not need a watchdog.
fn check_case(bytes: &[u8], file: &str) -> Outcome {
    let mut out = Outcome::default();
    let lines = line_count(bytes);
    let script = match parse_bytes(bytes, file) {
        Err(e) => {
            out.failure = Some(format!("parse error: {e}"));
            if e.line < 1 || e.line > lines || e.col < 1 {
                out.problems.push(format!(
                    "the parse error names {}:{}, outside the input ({lines} lines): {e}",
                    e.line, e.col
                ));
            }
            if e.message.is_empty() || e.message.len() > 2000 || e.file != file {
                out.problems.push(format!(
                    "a malformed parse error ({} bytes): {e}",
                    e.message.len()
                ));
            }
            return out;
        }
        Ok(script) => script,
    };
    out.parsed = true;

    // The canonical text parses back to the same script.
    let canonical = script.to_string();
    match parse(&canonical, file) {
        Ok(again) if again.to_string() == canonical => {}
        Ok(again) => out.problems.push(format!(
            "the canonical text does not print back the same:\n{canonical}---\n{again}"
        )),
        Err(e) => out.problems.push(format!(
            "the canonical text does not parse: {e}\n{canonical}"
        )),
    }

    let options = options();
    let (report, events) = run_counted(&script, file, options);
    out.events = events;
    let position = report.history.position();
    if position != events {
        out.problems.push(format!(
            "the run simulated {position} events but its observer saw {events}: some events \
             escaped the caps, the safety check and the trace"
        ));
    }
    if events > options.max_events + 1 {
        out.problems.push(format!(
            "the run caused {events} events, past the script's cap of {}",
            options.max_events
        ));
    }
    let bug_on = script
        .commands
        .iter()
        .any(|c| matches!(c.value, Command::Bug { on: true, .. }));
    let header_lines: Vec<u32> = std::iter::once(script.header.pos.line)
        .chain(script.header.logs.iter().map(|l| l.pos.line))
        .collect();
    if let Some(v) = report.history.start().violations().first() {
        // The preloaded logs already break a property: the run must stop at the header.
        if report
            .failure
            .as_ref()
            .is_none_or(|f| !header_lines.contains(&f.line))
        {
            out.problems.push(format!(
                "the start already breaks {} ({}), but the run went on: {:?}",
                v.property,
                v.message,
                report.failure.as_ref().map(ToString::to_string)
            ));
        }
    } else if reachable_start(&script) && !bug_on {
        // From a start that Raft can reach, with every rule kept, nothing may be unsafe: a
        // violation is a bug of the protocol or of the checker.
        if let Some(f) = report
            .failure
            .as_ref()
            .filter(|f| f.message.starts_with("safety violation"))
        {
            out.problems.push(format!(
                "Raft's safety broke with no bug on and no preload: {f}"
            ));
        }
    }

    let expects = count(&script, Command::is_expect);
    let dumps = count(&script, |c| matches!(c, Command::Dump));
    match &report.failure {
        None => {
            out.passed = true;
            if report.checkpoints.len() != expects || report.checkpoints.iter().any(|c| !c.2) {
                out.problems.push(format!(
                    "the run passed with {} checkpoints for {expects} expects: {:?}",
                    report.checkpoints.len(),
                    report.checkpoints
                ));
            }
            if report.dumps.len() != dumps {
                out.problems.push(format!(
                    "the run passed with {} dumps for {dumps} `dump` lines",
                    report.dumps.len()
                ));
            }
        }
        Some(failure) => {
            out.failure = Some(failure.to_string());
            out.expect_failed = failure.message.starts_with("expect failed");
            let kind: Vec<&str> = failure
                .message
                .split(|c: char| c == ':' || c.is_ascii_digit())
                .next()
                .unwrap_or("")
                .split_whitespace()
                .take(4)
                .collect();
            out.failure_kind = Some(kind.join(" "));
            if failure.line < 1 || failure.line > lines || !line_has_code(bytes, failure.line) {
                out.problems.push(format!(
                    "the failure names line {}, which holds no command of the script ({lines} \
                     lines): {failure}",
                    failure.line
                ));
            }
            if failure.file != file || failure.message.is_empty() {
                out.problems
                    .push(format!("a malformed failure: {failure:?}"));
            }
            let is_command = script.commands.iter().any(|c| c.pos.line == failure.line)
                || script.header.pos.line == failure.line;
            if !is_command {
                out.problems.push(format!(
                    "the failure names line {}, where no command of the parsed script starts: \
                     {failure}",
                    failure.line
                ));
            }
            if out.expect_failed && report.checkpoints.last().is_none_or(|c| c.2) {
                out.problems.push(format!(
                    "an expect failed but no failed checkpoint was kept: {failure}"
                ));
            }
        }
    }

    if events <= REPEAT_BELOW_EVENTS {
        let flat = Options {
            checkpoints: false,
            ..options
        };
        let (again, again_events) = run_counted(&script, file, flat);
        if again.failure != report.failure
            || again.dumps != report.dumps
            || again_events != events
            || sim::scenario::dump(again.history.current())
                != sim::scenario::dump(report.history.current())
        {
            out.problems.push(format!(
                "a second run (without checkpoints) differs: {events} then {again_events} \
                 events, failure {:?} then {:?}",
                report.failure.as_ref().map(ToString::to_string),
                again.failure.as_ref().map(ToString::to_string)
            ));
        }
    }
    out
}

/// What the watchdog saw of one case.
struct Watched {
    outcome: Outcome,
    seconds: f64,
    peak_heap: usize,
}

/// How far the running case has got, for a report.
fn progress() -> String {
    let events = PROGRESS_EVENTS.load(Ordering::Relaxed);
    if events == 0 {
        return " (before its first 256 events)".to_string();
    }
    format!(
        " (by then about {events} events, the last at {} ms of simulated time)",
        PROGRESS_TIME.load(Ordering::Relaxed) / 1000
    )
}

/// Runs `case` on a worker thread under the limits. Problems are in the outcome; `Err` means
/// the worker could not be stopped (the process must end).
fn watch(case: &Case, limits: &Limits) -> Result<Watched, Watched> {
    watch_with(case, limits, check_case)
}

/// [`watch`] with another check in place of [`check_case`] (to test the watchdog itself).
fn watch_with(
    case: &Case,
    limits: &Limits,
    check: fn(&[u8], &str) -> Outcome,
) -> Result<Watched, Watched> {
    let current = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-current.raft");
    let _ = fs::write(&current, &case.bytes);
    CANCEL.store(false, Ordering::SeqCst);
    PROGRESS_EVENTS.store(0, Ordering::SeqCst);
    PROGRESS_TIME.store(0, Ordering::SeqCst);
    *LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()) = None;
    let base = LIVE.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let hwm_before = proc_status("VmHWM");

    let (tx, rx) = mpsc::channel();
    let bytes = case.bytes.clone();
    let file = case.file.clone();
    let start = Instant::now();
    let worker = std::thread::Builder::new()
        .name(WORKER.to_string())
        .stack_size(8 << 20)
        .spawn(move || {
            let result = panic::catch_unwind(AssertUnwindSafe(|| check(&bytes, &file)));
            let _ = tx.send(result.is_ok());
            result
        })
        .expect("spawn a worker thread");

    let mut stopped: Option<String> = None;
    let finished = loop {
        match rx.recv_timeout(Duration::from_millis(25)) {
            Ok(_) => break true,
            Err(mpsc::RecvTimeoutError::Disconnected) => break true,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        let live = LIVE.load(Ordering::Relaxed).saturating_sub(base);
        if stopped.is_none() && live > limits.memory {
            stopped = Some(format!(
                "memory blow-up: the live heap grew by {} while the case ran (limit {}), after \
                 {:.1} s{}",
                mb(live),
                mb(limits.memory),
                start.elapsed().as_secs_f64(),
                progress()
            ));
            CANCEL.store(true, Ordering::SeqCst);
        }
        if stopped.is_none() && start.elapsed() > limits.timeout {
            stopped = Some(format!(
                "hang: the case did not finish within {} s{}",
                limits.timeout.as_secs(),
                progress()
            ));
            CANCEL.store(true, Ordering::SeqCst);
        }
        if stopped.is_some() && start.elapsed() > limits.timeout + Duration::from_secs(10) {
            break false;
        }
    };
    let seconds = start.elapsed().as_secs_f64();
    let peak_heap = PEAK.load(Ordering::SeqCst).saturating_sub(base);
    let mut outcome = if finished {
        match worker.join() {
            Ok(Ok(outcome)) => outcome,
            Ok(Err(_)) | Err(_) => Outcome::default(),
        }
    } else {
        Outcome::default()
    };
    if let Some(why) = stopped {
        outcome.problems.push(why);
    } else if let Some(p) = LAST_PANIC.lock().unwrap_or_else(|e| e.into_inner()).take() {
        outcome.problems.push(format!("panic: {p}"));
    }
    if peak_heap > limits.memory && !outcome.problems.iter().any(|p| p.starts_with("memory")) {
        outcome.problems.push(format!(
            "memory blow-up: the live heap peaked {} above its level before the case (limit {})",
            mb(peak_heap),
            mb(limits.memory)
        ));
    }
    let hwm = proc_status("VmHWM");
    if hwm > hwm_before && hwm > limits.memory + (256 << 20) {
        outcome.problems.push(format!(
            "memory blow-up: the process's peak resident set (VmHWM) is {} after this case",
            mb(hwm)
        ));
    }
    let watched = Watched {
        outcome,
        seconds,
        peak_heap,
    };
    if finished {
        Ok(watched)
    } else {
        Err(watched)
    }
}

// ----- Running many cases -----------------------------------------------------------------

#[derive(Default)]
struct Stats {
    cases: u64,
    parsed: u64,
    passed: u64,
    expect_failed: u64,
    events: u64,
    failure_kinds: BTreeMap<String, u64>,
    slowest: (f64, String, u64),
    biggest: (usize, String),
    problems: Vec<String>,
    seconds: f64,
}

impl Stats {
    fn summary(&self, title: &str) -> String {
        let mut s = format!(
            "{title}: {} cases in {:.1} s; {} parsed, {} ran to the end, {} stopped at a failed \
             expect, {} other failures; {} events simulated\n",
            self.cases,
            self.seconds,
            self.parsed,
            self.passed,
            self.expect_failed,
            self.parsed - self.passed - self.expect_failed,
            self.events
        );
        for (kind, n) in &self.failure_kinds {
            let _ = writeln!(s, "  {n:>6} × {kind}");
        }
        let _ = writeln!(
            s,
            "  slowest case: {:.2} s, {} events ({}); largest heap growth: {} ({}); VmHWM {}",
            self.slowest.0,
            self.slowest.2,
            self.slowest.1,
            mb(self.biggest.0),
            self.biggest.1,
            mb(proc_status("VmHWM"))
        );
        if !self.problems.is_empty() {
            let _ = writeln!(s, "  {} PROBLEMS", self.problems.len());
        }
        s
    }
}

/// Where problems found by a keep-going campaign are saved.
fn out_dir() -> PathBuf {
    std::env::var_os("FUZZ_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-found"))
}

/// Checks one case and adds it to `stats`. Panics (failing the test) at a problem unless
/// `keep_going`; ends the process if the case's worker cannot be stopped.
fn check(case: &Case, limits: &Limits, stats: &mut Stats, keep_going: bool) {
    let result = watch(case, limits);
    let unstoppable = result.is_err();
    let Watched {
        outcome,
        seconds,
        peak_heap,
    } = result.unwrap_or_else(|w| w);
    if verbose() {
        eprintln!(
            "{:.2}s {} events heap+{} parsed={} passed={} failure={:?}: {}",
            seconds,
            outcome.events,
            mb(peak_heap),
            outcome.parsed,
            outcome.passed,
            outcome.failure,
            case.name
        );
    }
    stats.cases += 1;
    stats.parsed += u64::from(outcome.parsed);
    stats.passed += u64::from(outcome.passed);
    stats.expect_failed += u64::from(outcome.expect_failed);
    stats.events += outcome.events;
    if let Some(kind) = outcome.failure_kind {
        *stats.failure_kinds.entry(kind).or_default() += 1;
    }
    if seconds > stats.slowest.0 {
        stats.slowest = (seconds, case.name.clone(), outcome.events);
    }
    if peak_heap > stats.biggest.0 {
        stats.biggest = (peak_heap, case.name.clone());
    }
    if outcome.problems.is_empty() {
        return;
    }
    let report = format!(
        "{}: {}\n--- script ({} bytes):\n{}\n---",
        case.name,
        outcome.problems.join("\n  and: "),
        case.bytes.len(),
        case.shown()
    );
    if keep_going {
        let dir = out_dir();
        let _ = fs::create_dir_all(&dir);
        let n = stats.problems.len();
        let _ = fs::write(dir.join(format!("{n:04}.raft")), &case.bytes);
        let _ = fs::write(dir.join(format!("{n:04}.txt")), &report);
        eprintln!("PROBLEM {n:04} {report}");
    }
    stats.problems.push(report.clone());
    if unstoppable {
        eprintln!(
            "FATAL: {report}\nThe case could not be stopped; ending the process. Its input is \
             in {}/fuzz-current.raft",
            env!("CARGO_TARGET_TMPDIR")
        );
        std::process::exit(101);
    }
    if !keep_going {
        panic!("{report}");
    }
}

// ----- The generator ----------------------------------------------------------------------

const KEYS: &[&str] = &["x", "y", "z", "k", "key-1", "日本", "🦀", "a.b"];
const VALUES: &[&str] = &["1", "2", "5", "v", "0", "-1", "值", "x=y", "true"];
const ROLES: &[&str] = &["follower", "candidate", "precandidate", "leader", "down"];
const BUGS: &[&str] = &[
    "vote-ignores-log",
    "commit-old-terms",
    "forget-vote",
    "no-jitter",
];
const PROPERTIES: &[&str] = &[
    "election-safety",
    "leader-append-only",
    "log-matching",
    "leader-completeness",
    "state-machine-safety",
];
/// Numbers that sit on a boundary of some check.
const HUGE: &[&str] = &[
    "0",
    "1",
    "15",
    "16",
    "3600000",
    "3600001",
    "3600s",
    "3601s",
    "60000",
    "60001",
    "60s",
    "61s",
    "10000000",
    "10000001",
    "1000000000",
    "1000000001",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999999999",
];

/// Picks an index by weight.
fn weighted(rng: &mut Rng, weights: &[u64]) -> usize {
    let total: u64 = weights.iter().sum();
    let mut x = rng.below(total);
    for (i, &w) in weights.iter().enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    weights.len() - 1
}

/// Writes a duration in ms as a script may: `150ms`, `2s` or a bare `150`.
fn duration_text(rng: &mut Rng, ms: u64) -> String {
    if ms % 1000 == 0 && ms > 0 && rng.chance(40) {
        format!("{}s", ms / 1000)
    } else if rng.chance(60) {
        format!("{ms}ms")
    } else {
        ms.to_string()
    }
}

struct Gen<'r> {
    rng: &'r mut Rng,
    nodes: u64,
    /// The script may use `duplicate`, which the parser does not know yet.
    duplicate: bool,
    /// The script's election timeout minimum, to size its durations.
    election_ms: u64,
}

impl Gen<'_> {
    fn node(&mut self) -> u64 {
        self.rng.range_inclusive(1, self.nodes)
    }

    fn sel(&mut self) -> String {
        if self.rng.chance(30) {
            "*".to_string()
        } else {
            self.node().to_string()
        }
    }

    /// A duration in ms: mostly short, sometimes up to the hour a script may ask for.
    fn duration_ms(&mut self) -> u64 {
        let e = self.election_ms.max(1);
        match weighted(self.rng, &[10, 30, 30, 14, 8, 3]) {
            0 => self.rng.below(3),
            1 => self.rng.range_inclusive(1, 300),
            2 => self.rng.range_inclusive(e, 6 * e).min(3_600_000),
            3 => self.rng.range_inclusive(1000, 20_000),
            4 => self.rng.range_inclusive(20_000, 600_000),
            _ => self.rng.pick(&[3_600_000, 3_599_999, 1_800_000]),
        }
    }

    fn duration(&mut self) -> String {
        let ms = self.duration_ms();
        duration_text(self.rng, ms)
    }

    /// A latency range at the top: the longest a script may give, or from 0 up to it.
    fn extreme_latency(&mut self) -> (u64, u64) {
        let max = max_latency();
        match self.rng.below(3) {
            0 => (max, max),
            1 => (0, max),
            _ => (max.saturating_sub(1), max),
        }
    }

    fn index(&mut self) -> u64 {
        match weighted(self.rng, &[60, 30, 10]) {
            0 => self.rng.below(6),
            1 => self.rng.below(40),
            _ => self.rng.pick(&[u64::MAX, 1_000_000, 1 << 40]),
        }
    }

    fn term_list(&mut self, max_len: u64) -> String {
        let len = self.rng.below(max_len + 1);
        if len == 0 {
            return "-".to_string();
        }
        let mut t = if self.rng.chance(5) {
            self.rng.range_inclusive(999_999_990, 1_000_000_000)
        } else {
            self.rng.range_inclusive(1, 3)
        };
        let mut terms = Vec::new();
        for _ in 0..len {
            terms.push(t.to_string());
            if self.rng.chance(35) {
                t = (t + self.rng.range_inclusive(1, 2)).min(1_000_000_000);
            }
        }
        terms.join(",")
    }

    fn kv(&mut self) -> String {
        let key = self.rng.pick(KEYS).replace('=', "");
        if self.rng.chance(25) {
            format!("del {key}")
        } else {
            let value = if self.rng.chance(3) {
                "v".repeat(self.rng.range_inclusive(100, 5000) as usize)
            } else {
                self.rng.pick(VALUES).to_string()
            };
            format!("set {key} {value}")
        }
    }

    fn header(&mut self) -> String {
        let nodes = match weighted(self.rng, &[5, 5, 30, 25, 10, 10, 8]) {
            0 => 1,
            1 => 2,
            2 => 3,
            3 => 5,
            4 => 7,
            5 => self.rng.range_inclusive(1, 15),
            _ => 15,
        };
        self.nodes = nodes;
        let mut options: Vec<String> = Vec::new();
        if self.rng.chance(60) {
            let seed = match weighted(self.rng, &[30, 30, 10, 30]) {
                0 => self.rng.below(20),
                1 => self.rng.next_u64(),
                2 => u64::MAX,
                _ => self.rng.below(1_000_000),
            };
            options.push(format!("seed={seed}"));
        }
        // Timing: the defaults, fast and tight, the usual, or slow; extremes on purpose.
        let (election, heartbeat) = match weighted(self.rng, &[40, 20, 25, 15]) {
            0 => (None, None),
            1 => {
                let min = self.rng.range_inclusive(2, 30);
                let max = if self.rng.chance(40) {
                    min
                } else {
                    min + self.rng.below(30)
                };
                (Some((min, max)), Some(self.rng.range_inclusive(1, min - 1)))
            }
            2 => {
                let min = self.rng.range_inclusive(50, 400);
                let max = if self.rng.chance(30) {
                    min
                } else {
                    min + self.rng.below(400)
                };
                let hb = if self.rng.chance(30) {
                    min - 1
                } else {
                    self.rng.range_inclusive(1, min / 2)
                };
                (Some((min, max)), Some(hb))
            }
            _ => {
                let min = self.rng.range_inclusive(1000, 3_600_000);
                let max = if self.rng.chance(40) {
                    min
                } else {
                    self.rng.range_inclusive(min, 3_600_000)
                };
                let hb = if self.rng.chance(50) {
                    min - 1
                } else {
                    self.rng.range_inclusive(1, min - 1)
                };
                (Some((min, max)), Some(hb))
            }
        };
        self.election_ms = election.map_or(150, |e| e.0);
        if let Some((min, max)) = election {
            if self.rng.chance(90) {
                let (a, b) = (duration_text(self.rng, min), duration_text(self.rng, max));
                options.push(format!("election={a}..{b}"));
                if let Some(hb) = heartbeat.filter(|_| self.rng.chance(90)) {
                    options.push(format!("heartbeat={}", duration_text(self.rng, hb)));
                }
            } else {
                self.election_ms = 150;
            }
        }
        if self.rng.chance(45) {
            let (min, max) = match weighted(self.rng, &[35, 15, 30, 15, 5]) {
                0 => (0, 0),
                1 => (0, self.rng.range_inclusive(1, 3)),
                2 => {
                    let a = self.rng.range_inclusive(1, 40);
                    (a, a + self.rng.below(40))
                }
                3 => {
                    let a = self.rng.range_inclusive(50, 2000);
                    (a, a + self.rng.below(3000))
                }
                _ => self.extreme_latency(),
            };
            let (min, max) = (min.min(max_latency()), max.min(max_latency()));
            options.push(format!("latency={min}..{max}"));
        }
        for key in ["prevote", "checkquorum", "noop"] {
            if self.rng.chance(30) {
                let v = if self.rng.chance(50) { "on" } else { "off" };
                options.push(format!("{key}={v}"));
            }
        }
        if self.rng.chance(20) {
            let b = self.rng.pick(&[1, 1, 2, 3, 64, 1_000_000]);
            options.push(format!("batch={b}"));
        }
        // Options come in any order.
        for i in (1..options.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            options.swap(i, j);
        }
        let mut line = format!("cluster {nodes}");
        for o in options {
            line.push(' ');
            line.push_str(&o);
        }
        line
    }

    /// `log` lines. Mostly a state a Raft history could leave (a common prefix, then for each
    /// node a suffix in a term only it holds, and every node in a term at least as high as any
    /// entry, so no later election reuses a term that has entries), sometimes arbitrary logs
    /// (which the checker may find broken at the start, or which let a later leader reuse a
    /// term: such runs are not held to the safety oracle).
    fn preloads(&mut self) -> Vec<String> {
        if !self.rng.chance(30) {
            return Vec::new();
        }
        let max_len = match weighted(self.rng, &[90, 9, 1]) {
            0 => 8,
            1 => 300,
            _ => 20_000,
        };
        if self.rng.chance(75) {
            self.reachable_preloads(max_len)
        } else {
            self.arbitrary_preloads(max_len)
        }
    }

    fn reachable_preloads(&mut self, max_len: u64) -> Vec<String> {
        let base: Vec<u64> = self
            .term_list(max_len)
            .split(',')
            .filter_map(|t| t.parse().ok())
            .collect();
        let top = base.last().copied().unwrap_or(0);
        let logs: Vec<Vec<u64>> = (1..=self.nodes)
            .map(|node| {
                let mut terms = base[..self.rng.below(base.len() as u64 + 1) as usize].to_vec();
                let own = (top + node).min(1_000_000_000);
                for _ in 0..self.rng.below(4) {
                    terms.push(own);
                }
                terms
            })
            .collect();
        let highest = logs
            .iter()
            .filter_map(|l| l.last())
            .max()
            .copied()
            .unwrap_or(0);
        let mut lines = Vec::new();
        for (i, terms) in logs.iter().enumerate() {
            let list = if terms.is_empty() {
                "-".to_string()
            } else {
                terms
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let term = (highest + self.rng.below(3)).min(1_000_000_000);
            let mut line = format!("log {} {list} term={term}", i + 1);
            if term > 0 && self.rng.chance(30) {
                line.push_str(&format!(" vote={}", self.node()));
            }
            lines.push(line);
        }
        lines
    }

    fn arbitrary_preloads(&mut self, max_len: u64) -> Vec<String> {
        let mut lines = Vec::new();
        for node in 1..=self.nodes {
            if !self.rng.chance(60) {
                continue;
            }
            let terms = self.term_list(max_len);
            let last: u64 = terms
                .rsplit(',')
                .next()
                .and_then(|t| t.parse().ok())
                .unwrap_or(0);
            let mut line = format!("log {node} {terms}");
            let mut term = last;
            if self.rng.chance(40) {
                term = match weighted(self.rng, &[60, 30, 10]) {
                    0 => last + self.rng.below(3),
                    1 => last + self.rng.below(1000),
                    _ => 1_000_000_000,
                }
                .clamp(last, 1_000_000_000);
                line.push_str(&format!(" term={term}"));
            }
            if term > 0 && self.rng.chance(40) {
                line.push_str(&format!(" vote={}", self.node()));
            }
            lines.push(line);
        }
        lines
    }

    fn condition(&mut self) -> String {
        match weighted(self.rng, &[35, 15, 20, 15, 15]) {
            0 => "leader".to_string(),
            1 => format!("leader={}", self.node()),
            2 => format!("committed={}", self.index()),
            3 => format!("applied={}", self.index()),
            _ => "quiet".to_string(),
        }
    }

    fn expect(&mut self) -> String {
        match weighted(self.rng, &[30, 10, 10, 30, 12, 8]) {
            0 => {
                let mut checks: Vec<String> = Vec::new();
                for key in sim::scenario::NodeCheck::KEYS {
                    if !self.rng.chance(25) {
                        continue;
                    }
                    let value = match *key {
                        "role" => self.rng.pick(ROLES).to_string(),
                        "term" => match weighted(self.rng, &[80, 20]) {
                            0 => self.rng.below(6).to_string(),
                            _ => self.rng.pick(HUGE).to_string(),
                        },
                        "vote" | "leader" => {
                            if self.rng.chance(30) {
                                "none".to_string()
                            } else {
                                self.node().to_string()
                            }
                        }
                        "log" => self.term_list(5),
                        _ => self.index().to_string(),
                    };
                    checks.push(format!("{key}={value}"));
                }
                if checks.is_empty() {
                    checks.push(format!("role={}", self.rng.pick(ROLES)));
                }
                format!("expect {} {}", self.node(), checks.join(" "))
            }
            1 => {
                if self.rng.chance(30) {
                    "expect leader=none".to_string()
                } else {
                    format!("expect leader={}", self.node())
                }
            }
            2 => {
                let key = self.rng.pick(KEYS);
                let value = if self.rng.chance(40) {
                    "none"
                } else {
                    self.rng.pick(VALUES)
                };
                format!("expect kv {} {key}={value}", self.node())
            }
            3 => "expect safe".to_string(),
            4 => format!("expect violation {}", self.rng.pick(PROPERTIES)),
            _ => {
                let n = match weighted(self.rng, &[40, 40, 20]) {
                    0 => self.rng.below(5).to_string(),
                    1 => self.rng.below(200).to_string(),
                    _ => self.rng.pick(HUGE).to_string(),
                };
                format!("expect in-flight<={n}")
            }
        }
    }

    fn partition(&mut self) -> String {
        let mut ids: Vec<u64> = (1..=self.nodes).filter(|_| self.rng.chance(85)).collect();
        if ids.is_empty() {
            ids.push(self.node());
        }
        for i in (1..ids.len()).rev() {
            let j = self.rng.below(i as u64 + 1) as usize;
            ids.swap(i, j);
        }
        let groups = self.rng.range_inclusive(1, (ids.len() as u64).min(4));
        let mut cuts: Vec<usize> = (0..groups - 1)
            .map(|_| self.rng.range_inclusive(1, ids.len() as u64 - 1) as usize)
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut text = String::from("partition ");
        let comma = if self.rng.chance(80) { "," } else { " " };
        let bar = self.rng.pick(&[" | ", "|", " |", "| "]);
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                text.push_str(if cuts.contains(&i) { bar } else { comma });
            }
            text.push_str(&id.to_string());
        }
        text
    }

    fn link(&mut self, both_ok: bool) -> String {
        let a = self.node();
        let b = if self.nodes > 1 {
            let b = self.rng.range_inclusive(1, self.nodes - 1);
            if b >= a {
                b + 1
            } else {
                b
            }
        } else {
            a // `cut 1-1` is a parse error, and the only link a one-node cluster can name.
        };
        let arrow = if !both_ok || self.rng.chance(50) {
            "->"
        } else {
            "-"
        };
        if self.rng.chance(10) {
            format!("{a} {arrow} {b}")
        } else {
            format!("{a}{arrow}{b}")
        }
    }

    fn command(&mut self) -> String {
        let weights = [
            12, // run
            10, // run until
            8,  // step
            4,  // timers
            5,  // timeout
            3,  // heartbeat
            4,  // settle
            6,  // deliver / drop
            5,  // propose
            6,  // client
            6,  // crash / restart
            3,  // isolate / rejoin
            3,  // partition
            2,  // heal
            5,  // cut / link
            3,  // loss
            3,  // latency
            3,  // bug
            5,  // expect
            2,  // dump
            3,  // comments and blank lines
            if self.duplicate { 4 } else { 0 },
        ];
        match weighted(self.rng, &weights) {
            0 => format!("run {}", self.duration()),
            1 => {
                let cond = self.condition();
                if self.rng.chance(50) {
                    format!("run until {cond} within {}", self.duration())
                } else {
                    format!("run until {cond}")
                }
            }
            2 => match weighted(self.rng, &[20, 40, 25, 10, 5]) {
                0 => "step".to_string(),
                1 => format!("step {}", self.rng.range_inclusive(1, 10)),
                2 => format!("step {}", self.rng.range_inclusive(10, 1000)),
                3 => format!("step {}", self.rng.range_inclusive(1000, 10_000_000)),
                _ => "step 10000000".to_string(),
            },
            3 => format!("timers {}", self.rng.pick(&["on", "off"])),
            4 => format!("timeout {}", self.node()),
            5 => format!("heartbeat {}", self.node()),
            6 => "settle".to_string(),
            7 => {
                let word = self.rng.pick(&["deliver", "drop"]);
                let (a, b) = (self.sel(), self.sel());
                if a == b && a != "*" {
                    format!("{word} {a}->*")
                } else {
                    format!("{word} {a}->{b}")
                }
            }
            8 => format!("propose {} {}", self.node(), self.kv()),
            9 => format!("client {}", self.kv()),
            10 => format!("{} {}", self.rng.pick(&["crash", "restart"]), self.node()),
            11 => format!("{} {}", self.rng.pick(&["isolate", "rejoin"]), self.node()),
            12 => self.partition(),
            13 => "heal".to_string(),
            14 => format!("{} {}", self.rng.pick(&["cut", "link"]), self.link(true)),
            15 => match weighted(self.rng, &[25, 20, 40, 15]) {
                0 => "loss 0%".to_string(),
                1 => "loss 100%".to_string(),
                2 => format!("loss {}%", self.rng.below(101)),
                _ => format!("loss {}.{}%", self.rng.below(100), self.rng.below(10)),
            },
            16 => {
                let (min, max) = match weighted(self.rng, &[30, 40, 20, 10]) {
                    0 => (0, 0),
                    1 => {
                        let a = self.rng.below(30);
                        (a, a + self.rng.below(30))
                    }
                    2 => {
                        let a = self.rng.range_inclusive(100, 5000);
                        (a, a + self.rng.below(5000))
                    }
                    _ => self.extreme_latency(),
                };
                let (min, max) = (min.min(max_latency()), max.min(max_latency()));
                format!("latency {min}..{max}")
            }
            17 => format!(
                "bug {} {}",
                self.rng.pick(BUGS),
                self.rng.pick(&["on", "off"])
            ),
            18 => self.expect(),
            19 => "dump".to_string(),
            20 => self
                .rng
                .pick(&["", "# a comment", "   ", "\t# indented comment", "#"])
                .to_string(),
            _ => {
                let (a, b) = (self.sel(), self.sel());
                format!("duplicate {a}->{b}")
            }
        }
    }

    /// A whole script.
    fn script(&mut self) -> String {
        self.duplicate = self.rng.chance(3);
        let mut lines = Vec::new();
        if self.rng.chance(20) {
            lines.push("# a generated script".to_string());
        }
        lines.push(self.header());
        lines.extend(self.preloads());
        let len = match weighted(self.rng, &[15, 50, 25, 10]) {
            0 => self.rng.below(4),
            1 => self.rng.range_inclusive(3, 15),
            2 => self.rng.range_inclusive(15, 40),
            _ => self.rng.range_inclusive(40, 150),
        };
        for _ in 0..len {
            let mut line = self.command();
            if self.rng.chance(5) {
                line.push_str("   # trailing comment");
            }
            if self.rng.chance(3) {
                line = format!("\t {line}  ");
            }
            lines.push(line);
        }
        let newline = if self.rng.chance(10) { "\r\n" } else { "\n" };
        let mut text = lines.join(newline);
        if self.rng.chance(80) {
            text.push_str(newline);
        }
        if self.rng.chance(3) {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

fn generate(rng: &mut Rng) -> String {
    Gen {
        rng,
        nodes: 3,
        duplicate: false,
        election_ms: 150,
    }
    .script()
}

// ----- Mutations --------------------------------------------------------------------------

/// Byte strings worth inserting: invalid UTF-8, control characters, Unicode spaces, syntax.
const INSERTS: &[&[u8]] = &[
    b"\xff",
    b"\xfe",
    b"\xc0\xaf",
    b"\x80",
    b"\xe6\x97",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\x00",
    b"\r",
    b"\t",
    b"\n",
    b"\xef\xbb\xbf",
    b"\xc2\xa0",
    b"\xe3\x80\x80",
    b"#",
    b"=",
    b"|",
    b",",
    b"-",
    b"->",
    b"*",
    b"%",
    b".",
    b"..",
    b" ",
    b"0",
    b"9",
    b"s",
    b"ms",
    b"none",
    b"until",
    b"within",
];

fn split_lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join_lines(lines: &[Vec<u8>]) -> Vec<u8> {
    lines.join(&b'\n')
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut bytes = input.to_vec();
    for _ in 0..rng.range_inclusive(1, 4) {
        let at = rng.below(bytes.len() as u64 + 1) as usize;
        match weighted(rng, &[10, 8, 8, 10, 12, 10, 10, 3, 6, 4]) {
            0 => {
                // Delete a line (never the only one).
                let mut lines = split_lines(&bytes);
                if lines.len() > 1 {
                    lines.remove(rng.below(lines.len() as u64) as usize);
                }
                bytes = join_lines(&lines);
            }
            1 => {
                // Duplicate a line, next to itself or somewhere else.
                let mut lines = split_lines(&bytes);
                let i = rng.below(lines.len() as u64) as usize;
                let j = rng.below(lines.len() as u64 + 1) as usize;
                let line = lines[i].clone();
                lines.insert(j, line);
                bytes = join_lines(&lines);
            }
            2 => {
                // Swap two lines.
                let mut lines = split_lines(&bytes);
                let i = rng.below(lines.len() as u64) as usize;
                let j = rng.below(lines.len() as u64) as usize;
                lines.swap(i, j);
                bytes = join_lines(&lines);
            }
            3 => {
                // Flip a byte: a random bit, or a random value.
                if at < bytes.len() {
                    if rng.chance(50) {
                        bytes[at] ^= 1 << rng.below(8);
                    } else {
                        bytes[at] = rng.next_u64() as u8;
                    }
                }
            }
            4 => {
                // Insert bytes: interesting ones, or random ones.
                let insert: Vec<u8> = if rng.chance(70) {
                    rng.pick(INSERTS).to_vec()
                } else {
                    (0..rng.range_inclusive(1, 8))
                        .map(|_| rng.next_u64() as u8)
                        .collect()
                };
                bytes.splice(at..at, insert);
            }
            5 => {
                // Replace a number with one on a boundary.
                let digits: Vec<usize> = (0..bytes.len())
                    .filter(|&i| {
                        bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit())
                    })
                    .collect();
                if !digits.is_empty() {
                    let start = digits[rng.below(digits.len() as u64) as usize];
                    let end = (start..bytes.len())
                        .find(|&i| !bytes[i].is_ascii_digit())
                        .unwrap_or(bytes.len());
                    bytes.splice(start..end, rng.pick(HUGE).bytes());
                }
            }
            6 => {
                // Insert a generated command line.
                let mut gen = Gen {
                    rng,
                    nodes: 5,
                    duplicate: false,
                    election_ms: 150,
                };
                let line = gen.command();
                let mut lines = split_lines(&bytes);
                let j = rng.below(lines.len() as u64 + 1) as usize;
                lines.insert(j, line.into_bytes());
                bytes = join_lines(&lines);
            }
            7 => bytes.truncate(at),
            8 => {
                // Replace a word (a run of non-space bytes) with another word.
                let word: &[u8] = match rng.below(3) {
                    0 => rng.pick(INSERTS),
                    1 => rng.pick(HUGE).as_bytes(),
                    _ => rng
                        .pick(&[
                            "run", "step", "settle", "cluster", "log", "expect", "*", "-",
                        ])
                        .as_bytes(),
                };
                let start = (0..at)
                    .rev()
                    .find(|&i| bytes[i] == b' ')
                    .map_or(0, |i| i + 1);
                let end = (at..bytes.len())
                    .find(|&i| bytes[i] == b' ' || bytes[i] == b'\n')
                    .unwrap_or(bytes.len());
                bytes.splice(start..end, word.iter().copied());
            }
            _ => {
                // Repeat a line many times.
                let mut lines = split_lines(&bytes);
                let i = rng.below(lines.len() as u64) as usize;
                let line = lines[i].clone();
                for _ in 0..rng.range_inclusive(10, 200) {
                    lines.insert(i, line.clone());
                }
                bytes = join_lines(&lines);
            }
        }
    }
    bytes
}

/// The random case with seed `seed`: a generated script, mutated or not, or a mutated seed
/// file.
fn random_case(seed: u64, seeds: &[(String, Vec<u8>)]) -> Case {
    let mut rng = Rng::new(seed);
    let (how, bytes) = match weighted(&mut rng, &[55, 25, 20]) {
        0 => ("generated".to_string(), generate(&mut rng).into_bytes()),
        1 => {
            let text = generate(&mut rng);
            (
                "generated, mutated".to_string(),
                mutate(&mut rng, text.as_bytes()),
            )
        }
        _ if !seeds.is_empty() => {
            let (name, bytes) = &seeds[rng.below(seeds.len() as u64) as usize];
            (format!("{name}, mutated"), mutate(&mut rng, bytes))
        }
        _ => ("generated".to_string(), generate(&mut rng).into_bytes()),
    };
    Case {
        name: format!("random case FUZZ_ONE={seed} ({how})"),
        file: format!("fuzz-{seed}.raft"),
        bytes,
    }
}

/// The seed of random case `i` of a run with base seed `base`.
fn case_seed(base: u64, i: u64) -> u64 {
    let mut rng = Rng::new(base ^ i.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    rng.next_u64()
}

// ----- The tests --------------------------------------------------------------------------

fn verbose() -> bool {
    std::env::var("FUZZ_VERBOSE").is_ok_and(|v| v != "0" && !v.is_empty())
}

fn keep_going() -> bool {
    std::env::var("FUZZ_KEEP_GOING").is_ok_and(|v| v != "0" && !v.is_empty())
}

fn finish(stats: &Stats, title: &str) {
    eprintln!("{}", stats.summary(title));
    if !stats.problems.is_empty() {
        panic!(
            "{} problems; the first:\n{}",
            stats.problems.len(),
            stats.problems[0]
        );
    }
}

/// The watchdog itself: a panic, a hang and a blow-up are each caught, stopped and named.
#[test]
fn the_watchdog_catches_panics_hangs_and_blow_ups() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    install_panic_hook();
    let limits = Limits {
        timeout: Duration::from_millis(500),
        memory: 64 << 20,
    };
    let case = Case {
        name: "self-test".to_string(),
        file: "self-test.raft".to_string(),
        bytes: b"cluster 3\n".to_vec(),
    };
    /// Waits for the watchdog, as a run's observer does between events.
    fn stop_when_told() {
        if CANCEL.load(Ordering::Relaxed) {
            panic::panic_any(Cancelled);
        }
    }
    let panics: fn(&[u8], &str) -> Outcome = |_, _| panic!("deliberately");
    let hangs: fn(&[u8], &str) -> Outcome = |_, _| loop {
        std::thread::sleep(Duration::from_millis(5));
        stop_when_told();
    };
    let blows_up: fn(&[u8], &str) -> Outcome = |_, _| {
        let mut hoard: Vec<Vec<u8>> = Vec::new();
        loop {
            hoard.push(vec![1; 1 << 20]);
            std::thread::sleep(Duration::from_millis(1));
            stop_when_told();
        }
    };
    let fine: fn(&[u8], &str) -> Outcome = check_case;
    for (check, wanted) in [
        (panics, "panic: "),
        (hangs, "hang: "),
        (blows_up, "memory blow-up: "),
        (fine, ""),
    ] {
        let watched = watch_with(&case, &limits, check).unwrap_or_else(|w| w);
        let problems = watched.outcome.problems;
        if wanted.is_empty() {
            assert!(problems.is_empty(), "{problems:?}");
        } else {
            assert!(
                problems.len() == 1 && problems[0].starts_with(wanted),
                "wanted {wanted:?}, got {problems:?}"
            );
        }
    }
}

/// Every corpus file passes the checks: what once broke stays fixed.
#[test]
fn corpus_inputs_stay_fixed() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    install_panic_hook();
    let limits = Limits::from_env();
    let files = files_in(&corpus_dir(), None);
    assert!(
        files.len() >= 5,
        "expected the fuzz corpus in {}",
        corpus_dir().display()
    );
    let mut stats = Stats::default();
    let start = Instant::now();
    for (name, bytes) in &files {
        assert!(
            bytes
                .strip_prefix(b"\xef\xbb\xbf")
                .unwrap_or(bytes)
                .starts_with(b"#"),
            "{name}: a corpus file starts with a comment saying what it caught"
        );
        let case = Case {
            name: format!("corpus/{name}"),
            file: name.clone(),
            bytes: bytes.clone(),
        };
        let t = Instant::now();
        check(&case, &limits, &mut stats, keep_going());
        eprintln!("  {name}: {:.2} s", t.elapsed().as_secs_f64());
    }
    stats.seconds = start.elapsed().as_secs_f64();
    finish(&stats, "fuzz corpus");
}

/// Random scripts, generated and mutated, pass the checks.
#[test]
fn random_scripts_never_panic_hang_or_blow_up() {
    let _serial = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    install_panic_hook();
    let limits = Limits::from_env();
    // Corpus files marked `[expensive]` on their first line are not mutated: their mutants
    // would cost as much, and the default run has a time budget.
    let mut seeds: Vec<(String, Vec<u8>)> = files_in(&corpus_dir(), None)
        .into_iter()
        .filter(|(_, bytes)| {
            let first = bytes.split(|&b| b == b'\n').next().unwrap_or(&[]);
            !String::from_utf8_lossy(first).contains("[expensive]")
        })
        .collect();
    for (name, bytes) in files_in(&manifest_dir().join("../../scenarios"), Some("raft")) {
        seeds.push((format!("scenarios/{name}"), bytes));
    }

    if let Some(path) = std::env::var_os("FUZZ_FILE") {
        let path = PathBuf::from(path);
        let case = Case {
            name: path.display().to_string(),
            file: path
                .file_name()
                .map_or("file".into(), |n| n.to_string_lossy().to_string()),
            bytes: fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        };
        let mut stats = Stats::default();
        check(&case, &limits, &mut stats, false);
        eprintln!("{}", stats.summary("one file"));
        return;
    }
    if let Some(seed) = env_u64("FUZZ_ONE") {
        let case = random_case(seed, &seeds);
        eprintln!("{}\n--- script:\n{}\n---", case.name, case.shown());
        let mut stats = Stats::default();
        check(&case, &limits, &mut stats, false);
        eprintln!("{}", stats.summary("one case"));
        return;
    }

    let base = match std::env::var("FUZZ_SEED").as_deref() {
        Ok("random") => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
        _ => env_u64("FUZZ_SEED").unwrap_or(DEFAULT_SEED),
    };
    let budget = env_u64("FUZZ_SECS").map(Duration::from_secs);
    let cases = env_u64("FUZZ_CASES").unwrap_or(if budget.is_some() {
        u64::MAX
    } else {
        DEFAULT_CASES
    });
    eprintln!("random scripts: FUZZ_SEED={base}, up to {cases} cases");
    let keep_going = keep_going() || budget.is_some();
    let mut stats = Stats::default();
    let start = Instant::now();
    for i in 0..cases {
        if budget.is_some_and(|b| start.elapsed() > b) {
            break;
        }
        let case = random_case(case_seed(base, i), &seeds);
        check(&case, &limits, &mut stats, keep_going);
        if budget.is_some() && i % 5000 == 4999 {
            stats.seconds = start.elapsed().as_secs_f64();
            eprintln!("{}", stats.summary("so far"));
        }
    }
    stats.seconds = start.elapsed().as_secs_f64();
    finish(&stats, &format!("random scripts (FUZZ_SEED={base})"));
    // The generator must keep producing scripts that run, not only parse errors.
    if stats.cases >= 200 {
        assert!(
            stats.parsed * 2 >= stats.cases,
            "only {} of {} cases parsed: the generator no longer fits the language",
            stats.parsed,
            stats.cases
        );
        assert!(
            stats.passed * 10 >= stats.cases,
            "only {} of {} cases ran to the end",
            stats.passed,
            stats.cases
        );
    }
}
