//! `raft-sim`: the scenario runner and fault explorer on the command line.

use std::fs;
use std::io::Write;
use std::process::ExitCode;

use sim::explore::{explore_with_bugs, Faults};
use sim::scenario::run_with;
use sim::trace::TraceWriter;

const HELP: &str = "\
raft-sim: run Raft Playground scenarios and explore random faults

USAGE:
  raft-sim run [--trace OUT.jsonl] [--captions] FILE...
      Runs each scenario file (the language of docs/scenario-language.md).
      Prints one line per file: `ok FILE` or `FILE:LINE: what failed`, and each
      `dump` as a JSON line. With --trace (one FILE only), writes every event as
      one JSON object a line to OUT.jsonl, a trace the playground can import.
      With --captions, prints each caption (`say`) with the time and event it
      comes after, then its Chinese (`say zh:`) if the script gives one.

  raft-sim explore [--seeds A..B] [--nodes N] [--events E] [--faults LIST] [--bug NAME]...
      Runs random fault schedules under client load, one per seed in A..B
      (B excluded; default 0..100), on N nodes (default 5, 1..15), for E events
      each (default 2000), then heals everything and checks the cluster elects
      a leader and every node applies the same entries. Each seed also draws
      its options: prevote, checkquorum, noop and batch. LIST is a comma list
      of crash, partition, loss, latency and membership (adds, removes, learners,
      promotions, joint changes, transfers; after healing, servers the committed configuration
      leaves out are shut down) (default: all). --bug breaks a rule on every
      node from the start (any `bug` of the language; repeatable), to see the
      checker catch it. Prints every seed that broke a safety property or did
      not recover, with its options and what happened.

  raft-sim presets DIR OUT
      Writes the recording of each scenario DIR/NAME.raft as OUT/NAME.rec, the
      run the playground page fetches when that preset is opened (the page's
      build runs this into dist/presets).

  raft-sim --help
      This text.

EXIT STATUS:
  0  every scenario passed / every seed was safe and recovered
  1  an expectation or safety check failed / some seed failed
  2  a script is malformed, a file cannot be read, or the arguments are wrong
";

/// Prints a line; a closed stdout (`raft-sim ... | head`) ends the program quietly instead of
/// panicking.
macro_rules! say {
    ($($arg:tt)*) => {
        if writeln!(std::io::stdout().lock(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    };
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run_files(&args[1..]),
        Some("explore") => explore_seeds(&args[1..]),
        Some("presets") => write_presets(&args[1..]),
        None | Some("--help" | "-h" | "help") => {
            say!("{HELP}");
            Ok(0)
        }
        Some(other) => Err(format!(
            "unknown command `{other}`: use `run`, `explore` or `presets`"
        )),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("raft-sim: {message}\n(see `raft-sim --help`)");
            ExitCode::from(2)
        }
    }
}

/// `presets DIR OUT`: every `DIR/NAME.raft` as `OUT/NAME.rec` (`Recording::preset_text`).
fn write_presets(args: &[String]) -> Result<u8, String> {
    let [dir, out] = args else {
        return Err("presets needs a scenario directory and an output directory".into());
    };
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| format!("{dir}: {e}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "raft"))
        .collect();
    entries.sort();
    fs::create_dir_all(out).map_err(|e| format!("{out}: {e}"))?;
    for path in entries {
        let shown = path.display().to_string();
        let text = fs::read_to_string(&path).map_err(|e| format!("{shown}: {e}"))?;
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let recording =
            sim::Recording::from_script(&text, &file).map_err(|e| format!("{shown}: {e}"))?;
        let target = std::path::Path::new(out)
            .join(path.with_extension("rec").file_name().unwrap_or_default());
        fs::write(&target, recording.preset_text())
            .map_err(|e| format!("{}: {e}", target.display()))?;
    }
    Ok(0)
}

fn run_files(args: &[String]) -> Result<u8, String> {
    let mut trace_out = None;
    let mut captions = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--captions" => captions = true,
            "--trace" => {
                trace_out = Some(it.next().ok_or("--trace needs a file name")?.clone());
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            file => files.push(file.to_string()),
        }
    }
    if files.is_empty() {
        return Err("`run` needs at least one scenario file".into());
    }
    if trace_out.is_some() && files.len() > 1 {
        return Err("--trace writes one run: give exactly one FILE".into());
    }
    let mut worst = 0;
    for file in &files {
        // A file that cannot be read or parsed is reported and the others still run; the
        // exit status is the worst of all.
        worst = worst.max(run_file(file, trace_out.as_deref(), captions));
    }
    Ok(worst)
}

/// Runs one scenario file and prints its result; returns its exit status.
fn run_file(file: &str, trace_out: Option<&str>, captions: bool) -> u8 {
    let source = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) => {
            say!("{file}: cannot read: {e}");
            return 2;
        }
    };
    let script = match sim::scenario::parse_bytes(&source, file) {
        Ok(script) => script,
        Err(e) => {
            say!("{e}");
            return 2;
        }
    };
    let start = sim::scenario::run::build(&script.header).ok();
    // Without --trace only the trace's hash is kept, so memory stays flat however long the
    // run; with it, lines go to the file as they come.
    let mut trace = match (start.as_ref(), trace_out) {
        (None, _) => None,
        (Some(start), None) => Some(TraceWriter::hash_only(start)),
        (Some(start), Some(out)) => match fs::File::create(out) {
            Ok(f) => Some(TraceWriter::to_writer(
                start,
                Box::new(std::io::BufWriter::new(f)),
            )),
            Err(e) => {
                say!("{out}: cannot write the trace: {e}");
                return 2;
            }
        },
    };
    let options = sim::scenario::Options {
        checkpoints: false,
        ..sim::scenario::Options::default()
    };
    let report = run_with(&script, file, options, &mut |frame| {
        if let Some(t) = trace.as_mut() {
            t.frame(frame);
        }
    });
    for dump in &report.dumps {
        say!("{dump}");
    }
    if captions {
        for (event, time, caption) in &report.captions {
            let ms = *time as f64 / sim::MICROS_PER_MS as f64;
            say!("say at {ms} ms (after event {event}): {}", caption.en);
            if let Some(zh) = &caption.zh {
                say!("say zh: {zh}");
            }
        }
    }
    let hash = trace.as_ref().map_or(0, TraceWriter::hash);
    let mut status = match &report.failure {
        None => {
            say!(
                "ok {file} ({} events, trace {hash:016x})",
                report.history.len()
            );
            0
        }
        Some(failure) => {
            say!("{failure}");
            1
        }
    };
    if let (Some(out), Some(trace)) = (trace_out, trace) {
        if let Err(e) = trace.finish() {
            say!("{out}: cannot write the trace: {e}");
            status = 2;
        }
    }
    status
}

fn explore_seeds(args: &[String]) -> Result<u8, String> {
    let (mut seeds, mut nodes, mut events, mut faults) = (0..100u64, 5usize, 2000u64, Faults::ALL);
    let mut bugs: Vec<sim::BugName> = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--seeds" => {
                let v = value("--seeds")?;
                let (a, b) = v
                    .split_once("..")
                    .ok_or(format!("--seeds {v}: write a range like 0..2000"))?;
                let a: u64 = a
                    .parse()
                    .map_err(|_| format!("--seeds {v}: `{a}` is not a number"))?;
                let b: u64 = b
                    .parse()
                    .map_err(|_| format!("--seeds {v}: `{b}` is not a number"))?;
                if b <= a {
                    return Err(format!("--seeds {v}: the range is empty"));
                }
                seeds = a..b;
            }
            "--nodes" => {
                let v = value("--nodes")?;
                nodes = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=sim::MAX_NODES).contains(n))
                    .ok_or(format!(
                        "--nodes {v}: give a number from 1 to {}",
                        sim::MAX_NODES
                    ))?;
            }
            "--events" => {
                let v = value("--events")?;
                events = v
                    .parse()
                    .map_err(|_| format!("--events {v}: not a number"))?;
            }
            "--faults" => faults = Faults::parse(&value("--faults")?)?,
            "--bug" => {
                let v = value("--bug")?;
                let bug = sim::BugName::from_name(&v).ok_or_else(|| {
                    let names: Vec<&str> = sim::BugName::ALL.iter().map(|b| b.name()).collect();
                    format!("--bug {v}: not a bug; one of {}", names.join(", "))
                })?;
                if !bugs.contains(&bug) {
                    bugs.push(bug);
                }
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let (mut failed, mut total) = (0u64, 0u64);
    for seed in seeds.clone() {
        total += 1;
        let outcome =
            explore_with_bugs(seed, nodes, events, faults, &bugs).map_err(|e| e.to_string())?;
        if outcome.passed() {
            continue;
        }
        failed += 1;
        let options = sim::explore::options_text(&outcome.config);
        for v in &outcome.violations {
            say!(
                "seed {seed} ({options}): {} violated at event {} ({:.3} ms): {}",
                v.property,
                v.frame,
                sim::trace::ms(v.time),
                v.message
            );
        }
        if let Some(stuck) = &outcome.stuck {
            say!("seed {seed} ({options}): {stuck}");
        }
    }
    say!(
        "explored seeds {}..{} on {nodes} nodes, {events} events each: {} passed, {failed} failed",
        seeds.start,
        seeds.end,
        total - failed
    );
    Ok(u8::from(failed > 0))
}
