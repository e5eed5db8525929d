//! `mdbook-raft`: the preprocessor as mdBook runs it.
//!
//! - `mdbook-raft supports RENDERER`: exit 0 for `html`, 1 for any other renderer.
//! - `mdbook-raft`: read `[context, book]` JSON on stdin, write the book JSON on stdout; on
//!   any problem, print each one (`FILE:LINE:COL: message`) on stderr and exit 1.

use std::io::{self, Read, Write};
use std::process::ExitCode;

const HELP: &str = "\
mdbook-raft: an mdBook preprocessor that turns ```raft code blocks into live
<raft-playground> elements

USAGE (mdBook runs it; declare it in book.toml as [preprocessor.raft]):
  mdbook-raft supports RENDERER   exit 0 if RENDERER is html, 1 otherwise
  mdbook-raft                     read [context, book] JSON on stdin, write the book on stdout
  mdbook-raft --help | --version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["supports", renderer] => {
            if *renderer == "html" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        [] => preprocess(),
        ["--help" | "-h"] => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        ["--version" | "-V"] => {
            println!("mdbook-raft {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        _ => {
            eprint!(
                "mdbook-raft: unexpected arguments: {}\n\n{HELP}",
                args.join(" ")
            );
            ExitCode::from(2)
        }
    }
}

fn preprocess() -> ExitCode {
    let mut input = String::new();
    if let Err(e) = io::stdin().read_to_string(&mut input) {
        eprintln!("mdbook-raft: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    match mdbook_raft::book::preprocess(&input) {
        Ok((book, summary)) => {
            let mut stdout = io::stdout().lock();
            if let Err(e) = stdout
                .write_all(book.as_bytes())
                .and_then(|()| stdout.flush())
            {
                eprintln!("mdbook-raft: cannot write the book to stdout: {e}");
                return ExitCode::FAILURE;
            }
            if summary.blocks > 0 {
                let copied = if summary.copied > 0 {
                    format!("; copied {} playground files", summary.copied)
                } else {
                    String::new()
                };
                eprintln!(
                    "mdbook-raft: {} raft block(s) in {} chapter(s){copied}",
                    summary.blocks, summary.chapters
                );
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in &errors {
                eprintln!("error: {error}");
            }
            eprintln!(
                "mdbook-raft: {} problem(s) in ```raft blocks; the book was not built",
                errors.len()
            );
            ExitCode::FAILURE
        }
    }
}
