//! `mdbook-raft`: an mdBook preprocessor that turns a fenced code block whose info string
//! starts with `raft` into a live `<raft-playground>` element.
//!
//! ````markdown
//! ```raft controls=compact lang=zh
//! cluster 3 seed=1
//! run until leader
//! ```
//! ````
//!
//! The words after `raft` are options ([`options::OPTIONS`]) that become the element's
//! attributes; the block's body is a scenario script, checked with the project's own parser
//! ([`sim::scenario::parse`]) and handed to the element as its `script` attribute. Any problem
//! fails the build, naming the chapter's file, line and column. Each chapter with a block also
//! gets the element's `<script type="module">`, with a path relative to that chapter.
//!
//! The mdBook side (the JSON on stdin and stdout, the configuration) is in [`book`].

pub mod book;
pub mod fence;
pub mod options;

use std::fmt;

use fence::{dedent, fences, lines, Fence};

/// The element's script, relative to the book's root, unless `[preprocessor.raft] script`
/// says otherwise.
pub const DEFAULT_SCRIPT: &str = "raft/raft-playground.js";

/// A problem in a chapter: its file, the line and column in that file (from 1), and what is
/// wrong. Displays as `FILE:LINE:COL: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.col, self.message
        )
    }
}

/// What a chapter becomes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The chapter's new Markdown.
    pub content: String,
    /// How many ```raft blocks became elements.
    pub blocks: usize,
}

/// Replaces every ```raft block of a chapter's Markdown with an element, and adds the
/// element's script tag (`script_src`, already relative to the chapter) when there was one.
/// `file` names the chapter in errors. Every problem of the chapter is returned, not only the
/// first.
pub fn render_chapter(
    content: &str,
    file: &str,
    script_src: &str,
) -> Result<Rendered, Vec<Diagnostic>> {
    let lines = lines(content);
    let blocks: Vec<Fence> = fences(&lines)
        .into_iter()
        .filter(|f| f.lang() == "raft")
        .collect();
    if blocks.is_empty() {
        return Ok(Rendered {
            content: content.to_string(),
            blocks: 0,
        });
    }
    let mut out = String::with_capacity(content.len() + 256);
    let mut errors = Vec::new();
    let mut next = 0; // the first line not yet copied
    for block in &blocks {
        for line in &lines[next..block.open] {
            out.push_str(line);
            out.push('\n');
        }
        match element(&lines, block, file) {
            Ok(html) => out.push_str(&html),
            Err(mut found) => errors.append(&mut found),
        }
        next = block.close.map_or(lines.len(), |close| close + 1);
    }
    let rest = &lines[next.min(lines.len())..];
    out.push_str(&rest.join("\n"));
    if !errors.is_empty() {
        return Err(errors);
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&format!(
        "\n<script type=\"module\" src=\"{}\"></script>\n",
        escape_attr(script_src)
    ));
    Ok(Rendered {
        content: out,
        blocks: blocks.len(),
    })
}

/// The HTML of one block: a blank line, the element's opening tag on one line, its closing
/// tag on the next, and a blank line, so that CommonMark takes it as one HTML block and
/// passes it through untouched (the script's newlines are `&#10;` inside the attribute).
fn element(lines: &[&str], block: &Fence, file: &str) -> Result<String, Vec<Diagnostic>> {
    let at = |line: usize, col: usize, message: String| Diagnostic {
        file: file.to_string(),
        line,
        col,
        message,
    };
    let open_line = block.open + 1;
    let Some(close) = block.close else {
        return Err(vec![at(
            open_line,
            block.indent + 1,
            "this ```raft block is never closed: end it with a line of ``` (or the fence it \
             opened with)"
                .to_string(),
        )]);
    };
    let attrs = options::parse(&block.info).map_err(|errors| {
        errors
            .into_iter()
            .map(|e| at(open_line, block.info_col + e.col, e.message))
            .collect::<Vec<_>>()
    })?;

    // The script: the body lines without the fence's indentation.
    let body: Vec<(&str, usize)> = lines[block.open + 1..close]
        .iter()
        .map(|line| dedent(line, block.indent))
        .collect();
    let script = body
        .iter()
        .map(|(line, _)| *line)
        .collect::<Vec<_>>()
        .join("\n");
    let has_scenario = attrs.iter().any(|a| a.name == "scenario");
    if script.trim().is_empty() {
        if !has_scenario {
            return Err(vec![at(
                open_line,
                block.indent + 1,
                "this ```raft block is empty: write a scenario script in it, or name a preset \
                 with scenario=NAME"
                    .to_string(),
            )]);
        }
    } else if let Err(e) = sim::scenario::parse(&script, file) {
        // The script's line 1 is the line after the opening fence.
        let line = usize::try_from(e.line).unwrap_or(usize::MAX);
        let removed = body
            .get(line.saturating_sub(1))
            .map_or(0, |(_, removed)| *removed);
        let col = usize::try_from(e.col).unwrap_or(usize::MAX);
        return Err(vec![at(
            open_line.saturating_add(line),
            col.saturating_add(removed),
            format!("in this ```raft block's scenario: {}", e.message),
        )]);
    }

    let indent = " ".repeat(block.indent);
    let mut tag = format!("{indent}<raft-playground");
    if !script.trim().is_empty() {
        tag.push_str(&format!(" script=\"{}\"", escape_attr(&script)));
    }
    for attr in &attrs {
        match &attr.value {
            Some(value) => tag.push_str(&format!(" {}=\"{}\"", attr.name, escape_attr(value))),
            None => tag.push_str(&format!(" {}", attr.name)),
        }
    }
    Ok(format!("\n{tag}>\n{indent}</raft-playground>\n\n"))
}

/// `text` as an HTML attribute value between double quotes: `&`, `<`, `>`, `"` and `'` as
/// character references, a newline as `&#10;` (so the tag stays on one line) and a carriage
/// return as `&#13;`.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The relative path from a chapter to the book's root: `""` for `intro.md`, `"../"` for
/// `part/intro.md`, `"../../"` one level deeper. `path` is mdBook's chapter path (either
/// slash).
pub fn path_to_root(path: &str) -> String {
    let depth = path
        .split(['/', '\\'])
        .filter(|part| !part.is_empty() && *part != ".")
        .count()
        .saturating_sub(1);
    "../".repeat(depth)
}

/// Where a chapter at `path` loads the element from: `script` as it is when it is an
/// absolute URL or path (`https://...`, `//host/...`, `/raft/...`), else relative to the root.
pub fn script_src(path: &str, script: &str) -> String {
    if is_absolute(script) {
        script.to_string()
    } else {
        format!("{}{}", path_to_root(path), script.trim_start_matches("./"))
    }
}

/// An absolute URL (with a scheme), or a path from the site's root.
pub fn is_absolute(script: &str) -> bool {
    script.starts_with('/') || script.contains("://") || script.starts_with("data:")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "raft/raft-playground.js";

    fn render(content: &str) -> Result<Rendered, Vec<Diagnostic>> {
        render_chapter(content, "src/ch.md", SRC)
    }

    fn one_error(content: &str) -> Diagnostic {
        let errors = render(content).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    #[test]
    fn a_block_becomes_an_element_on_lines_of_its_own() {
        let md = "# T\nSome text.\n```raft controls=compact lang=zh\ncluster 3 seed=1\nrun until leader\n\ncrash 1\nrun until leader\n```\nMore text.\n";
        let out = render(md).unwrap();
        assert_eq!(out.blocks, 1);
        assert_eq!(
            out.content,
            "# T\nSome text.\n\n<raft-playground script=\"cluster 3 seed=1&#10;run until leader\
             &#10;&#10;crash 1&#10;run until leader\" controls=\"compact\" lang=\"zh\">\n\
             </raft-playground>\n\nMore text.\n\n\
             <script type=\"module\" src=\"raft/raft-playground.js\"></script>\n"
        );
    }

    #[test]
    fn chapters_without_blocks_are_untouched() {
        let md = "# T\n\n```rust\nfn main() {}\n```\n\n```\nraft\n```\n";
        let out = render(md).unwrap();
        assert_eq!((out.content.as_str(), out.blocks), (md, 0));
    }

    #[test]
    fn other_fences_and_fences_in_fences_stay_code() {
        let md =
            "````markdown\n```raft\nnot a script at all\n```\n````\n\n~~~raft\ncluster 3\n~~~\n";
        let out = render(md).unwrap();
        assert_eq!(out.blocks, 1);
        assert!(out.content.starts_with("````markdown\n```raft\nnot a script at all\n```\n````\n\n\n<raft-playground script=\"cluster 3\">"), "{}", out.content);
    }

    #[test]
    fn a_preset_needs_no_body_but_an_empty_block_needs_a_preset() {
        let out = render("```raft scenario=figure-8 nodes=5\n```\n").unwrap();
        assert!(out.content.starts_with(
            "\n<raft-playground scenario=\"figure-8\" nodes=\"5\">\n</raft-playground>\n"
        ));
        let e = one_error("text\n\n```raft controls=none\n\n```\n");
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message.contains("scenario=NAME"), "{e}");
    }

    #[test]
    fn author_text_is_escaped_never_markup() {
        let md = "```raft\n# <img src=x onerror=alert(1)> & \"quotes\" 'too'\ncluster 3\n```\n";
        let out = render(md).unwrap();
        assert!(out.content.contains(
            "script=\"# &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;&#10;cluster 3\""
        ), "{}", out.content);
        assert!(!out.content.contains("<img"));
        assert_eq!(escape_attr("a\r\nb"), "a&#13;&#10;b");
    }

    #[test]
    fn a_script_error_is_placed_in_the_markdown_file() {
        // The opening fence is line 3; the script's line 2 is the file's line 5.
        let md = "# T\n\n```raft\ncluster 3\ncrsh 1\n```\n";
        let e = one_error(md);
        assert_eq!((e.file.as_str(), e.line, e.col), ("src/ch.md", 5, 1));
        assert!(e.message.contains("did you mean `crash`"), "{e}");
        assert!(e
            .to_string()
            .starts_with("src/ch.md:5:1: in this ```raft block's scenario: "));

        // An indented fence: its indentation is stripped for the parser and added back here.
        let md = "1. A list item\n\n   ```raft\n   cluster 3 seed=x\n   ```\n";
        let e = one_error(md);
        // The parser points at the bad value, `x`, column 16 of the script's line.
        assert_eq!((e.line, e.col), (4, 19), "{e}");

        // The second block of a chapter, after a first good one.
        let md = "```raft\ncluster 3\n```\n\ntext\n\n```raft\ncluster 3\nrun until leadr\n```\n";
        let e = one_error(md);
        assert_eq!((e.line, e.col), (9, 11), "{e}");
    }

    #[test]
    fn option_errors_are_placed_at_the_option() {
        let md = "para\n\n  ```raft controls=compact colour=dark\n  cluster 3\n  ```\n";
        let e = one_error(md);
        // `colour` starts at column 28 of line 3.
        assert_eq!((e.line, e.col), (3, 28), "{e}");
        assert!(e.message.contains("unknown option `colour`"));
        let e = one_error("```raft nodes=12\ncluster 3\n```\n");
        assert_eq!((e.line, e.col), (1, 9), "{e}");
        assert!(e.message.contains("3 to 9"), "{e}");
    }

    #[test]
    fn every_problem_of_a_chapter_is_reported() {
        let md =
            "```raft nodes=1\ncluster 3\n```\n```raft\ncluster 3\nbogus\n```\n```raft\ncluster 3\n";
        let errors = render(md).unwrap_err();
        let places: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.col)).collect();
        assert_eq!(places, vec![(1, 9), (6, 1), (8, 1)], "{errors:?}");
        assert!(errors[2].message.contains("never closed"));
    }

    #[test]
    fn crlf_chapters() {
        let out = render("```raft\r\ncluster 3\r\nrun until leader\r\n```\r\nafter\r\n").unwrap();
        assert!(
            out.content
                .contains("script=\"cluster 3&#10;run until leader\""),
            "{}",
            out.content
        );
        assert!(out.content.contains("after\n"));
    }

    #[test]
    fn paths_to_the_root() {
        assert_eq!(path_to_root("README.md"), "");
        assert_eq!(path_to_root("intro/foo.md"), "../");
        assert_eq!(path_to_root("a/b/c.md"), "../../");
        assert_eq!(path_to_root("a\\b\\c.md"), "../../");
        assert_eq!(
            script_src("intro/foo.md", SRC),
            "../raft/raft-playground.js"
        );
        assert_eq!(script_src("a/b/c.md", "./js/x.js"), "../../js/x.js");
        assert_eq!(script_src("a/b/c.md", "/raft/x.js"), "/raft/x.js");
        assert_eq!(
            script_src("a/b.md", "https://cdn.example/raft-playground.js"),
            "https://cdn.example/raft-playground.js"
        );
        let out = render_chapter(
            "```raft\ncluster 3\n```",
            "src/a/b.md",
            &script_src("a/b.md", SRC),
        )
        .unwrap();
        assert!(
            out.content.ends_with(
                "\n\n<script type=\"module\" src=\"../raft/raft-playground.js\"></script>\n"
            ),
            "{}",
            out.content
        );
    }
}
