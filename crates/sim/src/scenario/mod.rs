//! Scenario scripts (`docs/scenario-language.md`): the syntax tree, the parser and the runner.

pub mod ast;
pub mod parse;
pub mod problem;
pub mod run;

pub use ast::*;
pub use parse::{parse, parse_bytes, ParseError};
pub use problem::{KvForm, NumberOf, Problem, Usage, WordKind};
pub use run::{dump, run, run_with, Failure, NodeView, Options, Report};

/// The comment block at the top of a script, without the `#`s: what the scenario teaches.
/// Blank lines may sit between its lines; the first command (or any other line) ends it.
pub fn description(script: &str) -> String {
    script
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::description;

    #[test]
    fn descriptions_come_from_the_opening_comment() {
        assert_eq!(
            description("# one\n#two\n\ncluster 3\n# not this"),
            "one\ntwo"
        );
        assert_eq!(description("cluster 3\n# not this"), "");
        assert_eq!(description("  # a\n#\n# b\n"), "a\n\nb");
    }
}
