//! `raft-sim`: the scenario runner and fault explorer on the command line.

use std::fs;
use std::io::Write;
use std::process::ExitCode;

use sim::explore::{explore, Faults};
use sim::scenario::{parse, run};
use sim::trace::TraceWriter;

const HELP: &str = "\
raft-sim: run Raft Playground scenarios and explore random faults

USAGE:
  raft-sim run [--trace OUT.jsonl] FILE...
      Runs each scenario file (the language of shared/spec/scenario-language.md).
      Prints one line per file: `ok FILE` or `FILE:LINE: what failed`, and each
      `dump` as a JSON line. With --trace (one FILE only), writes every event as
      one JSON object a line to OUT.jsonl, a trace the playground can import.

  raft-sim explore [--seeds A..B] [--nodes N] [--events E] [--faults LIST]
      Runs random fault schedules under client load, one per seed in A..B
      (B excluded; default 0..100), on N nodes (default 5, 1..15), for E events
      each (default 2000), then heals everything and checks the cluster elects
      a leader and every node applies the same entries. LIST is a comma list of
      crash, partition, loss, latency (default: all). Prints every seed that
      broke a safety property or did not recover, with what happened.

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
        None | Some("--help" | "-h" | "help") => {
            say!("{HELP}");
            Ok(0)
        }
        Some(other) => Err(format!("unknown command `{other}`: use `run` or `explore`")),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("raft-sim: {message}\n(see `raft-sim --help`)");
            ExitCode::from(2)
        }
    }
}

fn run_files(args: &[String]) -> Result<u8, String> {
    let mut trace_out = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
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
        let source = fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
        let script = match parse(&source, file) {
            Ok(script) => script,
            Err(e) => {
                say!("{e}");
                worst = 2;
                continue;
            }
        };
        let start = sim::scenario::run::build(&script.header).ok();
        let mut trace = start.as_ref().map(TraceWriter::new);
        let report = run(&script, file, &mut |frame| {
            if let Some(t) = trace.as_mut() {
                t.frame(frame);
            }
        });
        for dump in &report.dumps {
            say!("{dump}");
        }
        match &report.failure {
            None => say!(
                "ok {file} ({} events, trace {:016x})",
                report.history.len(),
                trace.as_ref().map_or(0, TraceWriter::hash)
            ),
            Some(failure) => {
                say!("{failure}");
                worst = worst.max(1);
            }
        }
        if let (Some(out), Some(trace)) = (&trace_out, &trace) {
            fs::write(out, trace.text()).map_err(|e| format!("cannot write {out}: {e}"))?;
        }
    }
    Ok(worst)
}

fn explore_seeds(args: &[String]) -> Result<u8, String> {
    let (mut seeds, mut nodes, mut events, mut faults) = (0..100u64, 5usize, 2000u64, Faults::ALL);
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
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let (mut failed, mut total) = (0u64, 0u64);
    for seed in seeds.clone() {
        total += 1;
        let outcome = explore(seed, nodes, events, faults).map_err(|e| e.to_string())?;
        if outcome.passed() {
            continue;
        }
        failed += 1;
        for v in &outcome.violations {
            say!(
                "seed {seed}: {} violated at event {} ({:.3} ms): {}",
                v.property,
                v.frame,
                sim::trace::ms(v.time),
                v.message
            );
        }
        if let Some(stuck) = &outcome.stuck {
            say!("seed {seed}: {stuck}");
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
