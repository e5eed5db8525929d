//! Finding the fenced code blocks of a Markdown chapter, as CommonMark defines them.
//!
//! A fence is a line of at least three backticks or tildes, indented by at most three spaces.
//! What follows the marker is the info string (a backtick fence's info string holds no
//! backtick, or the line is not a fence). The block ends at a line of the same character, at
//! least as long, indented by at most three spaces and followed by nothing but spaces or
//! tabs; a block that never closes runs to the end of the chapter. Lines inside a block are
//! its content, so a fence written inside another block is text, never a block.
//!
//! Only top-level fences are seen: a fence inside a block quote (`> ```raft`) or indented by
//! four spaces or more (a nested list item) is not found.

/// One fenced code block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fence {
    /// The opening fence's line, from 0.
    pub open: usize,
    /// The closing fence's line, from 0; `None` when the block runs to the end of the text.
    pub close: Option<usize>,
    /// The spaces before the opening fence (0 to 3): as many are removed from each content line.
    pub indent: usize,
    /// The info string, without the spaces around it.
    pub info: String,
    /// The info string's column in the opening line, from 1, in characters.
    pub info_col: usize,
}

impl Fence {
    /// The first word of the info string (the block's language), `""` when there is none.
    pub fn lang(&self) -> &str {
        self.info.split_whitespace().next().unwrap_or("")
    }
}

/// The text's lines without their line endings (`\n` or `\r\n`).
pub fn lines(text: &str) -> Vec<&str> {
    text.split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect()
}

/// Every fenced code block of `lines`, in order.
pub fn fences(lines: &[&str]) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(open) = opening(lines[i]) else {
            i += 1;
            continue;
        };
        let close = (i + 1..lines.len()).find(|&j| closes(lines[j], open.marker, open.len));
        found.push(Fence {
            open: i,
            close,
            indent: open.indent,
            info: open.info.to_string(),
            info_col: open.info_col,
        });
        match close {
            Some(close) => i = close + 1,
            None => break,
        }
    }
    found
}

/// An opening fence line, taken apart.
struct Opening<'a> {
    indent: usize,
    marker: char,
    len: usize,
    info: &'a str,
    info_col: usize,
}

/// The spaces at the start of `line`, if there are at most three.
fn small_indent(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    (indent <= 3).then_some(indent)
}

fn opening(line: &str) -> Option<Opening<'_>> {
    let indent = small_indent(line)?;
    let rest = &line[indent..];
    let marker = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(marker).len();
    if len < 3 {
        return None;
    }
    let after = &rest[len..];
    if marker == '`' && after.contains('`') {
        return None;
    }
    let info = after.trim_matches([' ', '\t']);
    let lead = after.len() - after.trim_start_matches([' ', '\t']).len();
    // Everything before the info string is ASCII (spaces, marker, blanks): bytes are columns.
    let info_col = indent + len + lead + 1;
    Some(Opening {
        indent,
        marker,
        len,
        info,
        info_col,
    })
}

fn closes(line: &str, marker: char, len: usize) -> bool {
    let Some(indent) = small_indent(line) else {
        return false;
    };
    let rest = &line[indent..];
    let run = rest.len() - rest.trim_start_matches(marker).len();
    run >= len && rest[run..].trim_matches([' ', '\t']).is_empty()
}

/// A content line with the fence's indentation removed (up to `indent` spaces), and how many
/// spaces were removed.
pub fn dedent(line: &str, indent: usize) -> (&str, usize) {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let removed = spaces.min(indent);
    (&line[removed..], removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Vec<Fence> {
        fences(&lines(text))
    }

    fn summary(text: &str) -> Vec<(usize, Option<usize>, String)> {
        scan(text)
            .into_iter()
            .map(|f| (f.open, f.close, f.info))
            .collect()
    }

    #[test]
    fn finds_backtick_and_tilde_fences() {
        let text = "# T\n\n```raft\ncluster 3\n```\n\n~~~raft nodes=5\ncluster 5\n~~~\n";
        assert_eq!(
            summary(text),
            vec![
                (2, Some(4), "raft".to_string()),
                (6, Some(8), "raft nodes=5".to_string())
            ]
        );
    }

    #[test]
    fn a_fence_inside_another_is_content() {
        // A longer outer fence shows a ```raft block as an example: it stays code.
        let text = "````markdown\n```raft\ncluster 3\n```\n````\n```raft\ncluster 5\n```\n";
        assert_eq!(
            summary(text),
            vec![
                (0, Some(4), "markdown".to_string()),
                (5, Some(7), "raft".to_string())
            ]
        );
        // A tilde fence is not closed by backticks, nor the other way round.
        let text = "~~~\n```raft\n```\n~~~\n";
        assert_eq!(summary(text), vec![(0, Some(3), String::new())]);
    }

    #[test]
    fn the_closing_fence_is_at_least_as_long() {
        let text = "`````raft\ncluster 3\n```\nstill inside\n``````\nafter\n";
        assert_eq!(summary(text), vec![(0, Some(4), "raft".to_string())]);
        // Text after a closing run is not a closing fence.
        let text = "```raft\n``` nope\n```\n";
        assert_eq!(summary(text), vec![(0, Some(2), "raft".to_string())]);
    }

    #[test]
    fn indentation_up_to_three_spaces() {
        let text = "   ```raft\n   cluster 3\n  run until leader\n      ```\n   ```\n";
        let found = scan(text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].open, found[0].close, found[0].indent),
            (0, Some(4), 3)
        );
        assert_eq!(found[0].info_col, 7);
        // Four spaces make an indented code block, not a fence.
        assert_eq!(summary("    ```raft\n    cluster 3\n    ```\n"), vec![]);
        assert_eq!(dedent("  run until leader", 3), ("run until leader", 2));
        assert_eq!(dedent("      x", 3), ("   x", 3));
    }

    #[test]
    fn an_unterminated_fence_runs_to_the_end() {
        let text = "```raft\ncluster 3\n\n```js\n";
        assert_eq!(summary(text), vec![(0, None, "raft".to_string())]);
    }

    #[test]
    fn not_fences() {
        // Two markers, a backtick in a backtick fence's info string, mixed markers.
        assert_eq!(summary("``raft\n``\n"), vec![]);
        // (the line after is then an opening fence of its own, never closed)
        assert_eq!(
            summary("```raft `x`\n```\n"),
            vec![(1, None, String::new())]
        );
        assert_eq!(summary("`~~raft\n"), vec![]);
        // A tilde fence may have backticks in its info string.
        assert_eq!(summary("~~~ raft `x`\n~~~\n").len(), 1);
    }

    #[test]
    fn languages_and_line_endings() {
        let found = scan("```  raft\tcontrols=compact \r\ncluster 3\r\n```\r\n");
        assert_eq!(found[0].lang(), "raft");
        assert_eq!(found[0].info, "raft\tcontrols=compact");
        assert_eq!(found[0].info_col, 6);
        assert_eq!(found[0].close, Some(2));
        assert_eq!(scan("```rafting\n```\n")[0].lang(), "rafting");
        assert_eq!(scan("```\n```\n")[0].lang(), "");
    }
}
