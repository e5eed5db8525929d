//! Running other programs: every command is echoed before it runs, and a failure names it.

use std::borrow::BorrowMut;
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::process::{Command, ExitStatus, Stdio};

pub type Result<T = ()> = std::result::Result<T, String>;

/// `program` with `args`, ready to tweak (`current_dir`, `env`) and hand to [`run`].
pub fn cmd<I, S>(program: &str, args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(program);
    command.args(args);
    command
}

/// Run a command with inherited stdio so its output streams live; fail unless it exits 0.
/// Takes a `Command` or the `&mut Command` that builder calls return.
pub fn run(mut command: impl BorrowMut<Command>) -> Result {
    let command = command.borrow_mut();
    let shown = describe(command);
    println!("$ {shown}");
    let status = command
        .status()
        .map_err(|err| format!("could not start `{shown}`: {err}"))?;
    check(&shown, status)
}

/// The trimmed stdout of a command that exits 0, or `None` if it is missing or fails.
/// Used to ask tools for their version, so nothing is echoed and stderr is dropped.
pub fn probe(program: &str, args: &[&str]) -> Option<String> {
    let output = cmd(program, args)
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn check(shown: &str, status: ExitStatus) -> Result {
    if status.success() {
        return Ok(());
    }
    Err(match status.code() {
        Some(code) => format!("`{shown}` exited with status {code}"),
        None => format!("`{shown}` was killed by a signal"),
    })
}

/// `program arg arg`, prefixed with the directory when it is not the current one.
fn describe(command: &Command) -> String {
    let mut text = String::new();
    if let Some(dir) = command.get_current_dir() {
        let _ = write!(text, "(in {}) ", dir.display());
    }
    text.push_str(&command.get_program().to_string_lossy());
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
