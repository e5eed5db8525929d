//! Project automation, run as `cargo xtask <task>` (an alias in .cargo/config.toml).
//!
//! - `serve`: install the tools, then `trunk serve` the page with live reload.
//! - `test`:  install the tools (and Chromium), then every check CI runs, failing fast.
//! - `bench`: the benchmarks of the Raft core and of the simulator.
//! - `golden`: rewrite the narration's golden files (`web/tests/golden/`) from the code.
//!
//! Plain std on purpose: xtask must build before anything else is installed.

mod process;
mod setup;

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use process::{cmd, run, Result};
use setup::Needs;

const USAGE: &str = "\
usage: cargo xtask <task> [args]

tasks:
  serve [trunk args]   install missing tools, then `trunk serve` (e.g. --port 9000)
  test                 install missing tools, then fmt, clippy, tests, no_std build,
                       release page build and browser tests, stopping at the first failure
  bench [cargo args]   `cargo bench -p raft -p sim`
  golden               rewrite the narration's golden files in web/tests/golden/ (every
                       preset's events, and the catalogue of every sentence, in English
                       and Chinese) from the current code; review them with `git diff`
";

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let task = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();

    // `cargo install` puts trunk and wasm-bindgen in ~/.cargo/bin; make sure the tools we
    // install are the ones we then run, however this process was started.
    add_cargo_bin_to_path();
    // Run everything from the repository root, whatever directory xtask was called from.
    let root = repo_root();

    let result = match task.as_str() {
        "serve" => serve(&root, &rest),
        "test" if rest.is_empty() => test(&root),
        "bench" => bench(&root, &rest),
        "golden" if rest.is_empty() => golden(&root),
        "" | "help" | "-h" | "--help" => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => {
            eprint!(
                "unknown task or arguments: {task} {}\n\n{USAGE}",
                rest.join(" ")
            );
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("\nxtask {task}: FAILED: {err}");
            ExitCode::FAILURE
        }
    }
}

fn serve(root: &Path, trunk_args: &[String]) -> Result {
    setup::install(
        root,
        Needs {
            browser: false,
            lints: false,
            mdbook: false,
        },
    )?;
    // Offline comes from Trunk.toml, so Trunk never downloads tools; `setup` ran `cargo fetch`.
    run(cmd("trunk", ["serve"]).args(trunk_args).current_dir(root))
}

fn bench(root: &Path, cargo_args: &[String]) -> Result {
    run(cmd("cargo", ["bench", "-p", "raft", "-p", "sim"])
        .args(cargo_args)
        .current_dir(root))
}

/// The narration's golden-file tests, told to write the files instead of comparing them.
fn golden(root: &Path) -> Result {
    run(cmd(
        "cargo",
        [
            "test",
            "-p",
            "raft-playground-web",
            "--lib",
            "--",
            "narrate::tests::golden",
            "--nocapture",
        ],
    )
    .env("UPDATE_GOLDEN", "1")
    .current_dir(root))?;
    println!("golden files rewritten; review them with `git diff web/tests/golden`");
    Ok(())
}

fn test(root: &Path) -> Result {
    let mut steps = Steps::default();
    let result = test_steps(root, &mut steps);
    steps.print_summary(result.is_ok());
    result
}

/// Every check, cheapest first, so a formatting slip fails in seconds rather than after
/// a release build. The jobs limit for cargo is in .cargo/config.toml.
fn test_steps(root: &Path, steps: &mut Steps) -> Result {
    let cargo = |args: &[&str]| {
        let mut command = cmd("cargo", args);
        command.current_dir(root);
        command
    };

    steps.run("install tools", || {
        setup::install(
            root,
            Needs {
                browser: true,
                lints: true,
                mdbook: true,
            },
        )
    })?;
    steps.run("format (cargo fmt --check)", || {
        run(cargo(&["fmt", "--all", "--", "--check"]))
    })?;
    steps.run("clippy (host, all targets)", || {
        run(cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    // The web app's wasm-only code (cfg(target_arch = "wasm32")) is only linted this way, and
    // with the words fetched (`words-fetched`), as the page and the element are built.
    steps.run("clippy (web app and tools module, wasm32)", || {
        run(cargo(&[
            "clippy",
            "-p",
            "raft-playground-web",
            "-p",
            "raft-playground-tools",
            "--features",
            "raft-playground-web/words-fetched",
            "--target",
            "wasm32-unknown-unknown",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    // Unit, integration and doc tests of every crate (doc tests include the raft crate's).
    steps.run("tests (cargo test --workspace)", || {
        run(cargo(&["test", "--workspace"]))
    })?;
    // Every preset natively, through the command-line tool; their trace hashes are what the
    // wasm build must reproduce.
    let mut hashes = String::new();
    steps.run("scenarios (raft-sim run scenarios/*.raft)", || {
        hashes = native_trace_hashes(root)?;
        Ok(())
    })?;
    steps.run("determinism in wasm32 (sim presets under Node)", || {
        let mut command = cargo(&[
            "test",
            "-p",
            "sim",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "wasm",
        ]);
        command.env("NATIVE_TRACE_HASHES", &hashes);
        run(command)
    })?;
    // A target without std: this fails to build if anything in the core pulls std in.
    steps.run("no_std build of raft (x86_64-unknown-none)", || {
        run(cargo(&[
            "build",
            "-p",
            "raft",
            "--no-default-features",
            "--target",
            "x86_64-unknown-none",
        ]))
    })?;
    // The page exactly as it ships, into dist/; the crates were fetched by `install tools`.
    steps.run("release page build (trunk build --release)", || {
        run(cmd("trunk", ["build", "--release", "--offline"]).current_dir(root))
    })?;
    steps.run("browser tests (node --test, Chromium)", || {
        browser_tests(root)
    })?;
    Ok(())
}

/// Runs every scenario with `raft-sim run` and returns `name=hash` pairs, one per preset.
fn native_trace_hashes(root: &Path) -> Result<String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join("scenarios"))
        .map_err(|err| format!("scenarios/: {err}"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "raft"))
        .map(|path| path.to_string_lossy().into_owned())
        .collect();
    files.sort();
    let output = cmd("cargo", ["run", "-q", "-p", "raft-sim", "--", "run"])
        .args(&files)
        .current_dir(root)
        .output()
        .map_err(|err| format!("cannot run raft-sim: {err}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!("raft-sim run exited with {}", output.status));
    }
    // Lines look like `ok scenarios/election.raft (211 events, trace 567848117d26ac38)`.
    let pairs: Vec<String> = stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("ok ")?;
            let (path, tail) = rest.split_once(" (")?;
            let hash = tail.rsplit_once("trace ")?.1.trim_end_matches(')');
            let name = Path::new(path).file_name()?.to_string_lossy().into_owned();
            Some(format!("{name}={hash}"))
        })
        .collect();
    if pairs.len() != files.len() {
        return Err(format!(
            "expected a trace hash for each of {} scenarios, read {}",
            files.len(),
            pairs.len()
        ));
    }
    Ok(pairs.join(" "))
}

/// node's built-in test runner over web/e2e/tests/*.test.mjs, against the fresh dist/.
fn browser_tests(root: &Path) -> Result {
    let e2e = root.join("web/e2e");
    let mut files: Vec<PathBuf> = std::fs::read_dir(e2e.join("tests"))
        .map_err(|err| format!("web/e2e/tests: {err}"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no web/e2e/tests/*.test.mjs files".into());
    }
    // Paths relative to web/e2e keep the runner's output short.
    let relative = files
        .iter()
        .map(|path| path.strip_prefix(&e2e).unwrap_or(path));
    // One file at a time on every machine (node's default depends on the core count): each
    // file drives its own Chromium, and the suite's waits are sized for one at a time.
    run(cmd("node", ["--test", "--test-concurrency=1"])
        .args(relative)
        .current_dir(&e2e))
}

/// The outcome of each `cargo xtask test` step, for the closing summary.
#[derive(Default)]
struct Steps {
    done: Vec<(&'static str, Duration, bool)>,
}

impl Steps {
    fn run(&mut self, name: &'static str, step: impl FnOnce() -> Result) -> Result {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = step();
        self.done.push((name, start.elapsed(), result.is_ok()));
        result.map_err(|err| format!("step \"{name}\" failed: {err}"))
    }

    fn print_summary(&self, all_ok: bool) {
        println!("\n==> summary");
        for (name, took, ok) in &self.done {
            let mark = if *ok { "ok  " } else { "FAIL" };
            println!("  {mark} {:>7}  {name}", format_duration(*took));
        }
        let total: Duration = self.done.iter().map(|(_, took, _)| *took).sum();
        if all_ok {
            println!(
                "xtask test: all {} steps ok in {}; screenshots in web/e2e/artifacts/",
                self.done.len(),
                format_duration(total)
            );
        }
    }
}

fn format_duration(took: Duration) -> String {
    let secs = took.as_secs();
    if secs >= 60 {
        format!("{}m{:02}s", secs / 60, secs % 60)
    } else {
        format!("{:.1}s", took.as_secs_f64())
    }
}

/// The workspace root: xtask lives in <root>/xtask.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("xtask sits one level below the workspace root")
        .to_path_buf()
}

fn add_cargo_bin_to_path() {
    let cargo_home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(bin) = cargo_home.map(|home| home.join("bin")) else {
        return;
    };
    let path = env::var_os("PATH").unwrap_or_default();
    let mut dirs: Vec<PathBuf> = env::split_paths(&path).collect();
    if !dirs.contains(&bin) {
        dirs.insert(0, bin);
        if let Ok(joined) = env::join_paths(dirs) {
            // Single-threaded at this point, so changing the environment is sound.
            env::set_var("PATH", joined);
        }
    }
}
