//! Scenario scripts (`docs/scenario-language.md`): the syntax tree, the parser and the runner.

pub mod ast;
pub mod parse;
pub mod problem;
pub mod run;

pub use ast::*;
pub use parse::{parse, parse_bytes, ParseError};
pub use problem::{KvForm, NumberOf, Problem, Usage, WordKind};
pub use run::{dump, dump_value, run, run_with, Failure, NodeView, Options, Report};

/// The comment block at the top of a script, without the `#`s: what the scenario teaches.
/// Blank lines may sit between its lines; the first command (or any other line) ends it. Its
/// lines that begin with `zh:` are the Chinese description ([`description_zh`]), not this.
pub fn description(script: &str) -> String {
    described(script, false)
}

/// The Chinese description: the opening comment's lines that begin with `zh:`.
pub fn description_zh(script: &str) -> String {
    described(script, true)
}

fn described(script: &str, zh: bool) -> String {
    script
        .lines()
        .take_while(|l| l.trim_start().starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.trim_start().strip_prefix('#'))
        .map(str::trim)
        .filter_map(|l| match (l.strip_prefix("zh:"), zh) {
            (Some(text), true) => Some(text.trim()),
            (None, false) => Some(l),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::{description, description_zh};

    #[test]
    fn descriptions_come_from_the_opening_comment() {
        assert_eq!(
            description("# one\n#two\n\ncluster 3\n# not this"),
            "one\ntwo"
        );
        assert_eq!(description("cluster 3\n# not this"), "");
        assert_eq!(description("  # a\n#\n# b\n"), "a\n\nb");
        let text = "# A lesson.\n# zh: 一课。\n#\n# More.\n# zh: 更多。\ncluster 3\n";
        assert_eq!(description(text), "A lesson.\n\nMore.");
        assert_eq!(description_zh(text), "一课。\n更多。");
        assert_eq!(description_zh("# no Chinese\ncluster 3"), "");
    }
}
