//! The preprocessor under the real mdBook: `mdbook build` of the books in tests/book (which
//! must come out with live elements) and tests/bad-book (which must fail, naming each block).
//!
//! mdBook itself is installed, at its pinned version, by `cargo xtask test`. Without it on
//! PATH these tests fail and say so; set MDBOOK_RAFT_SKIP_MDBOOK=1 to skip them on purpose.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SKIP_VAR: &str = "MDBOOK_RAFT_SKIP_MDBOOK";

fn book_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// A fresh, empty scratch directory for this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mdbook-raft-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `mdbook build BOOK -d OUT` with our freshly built preprocessor; `None` when mdBook is
/// missing and the skip variable says to skip.
fn mdbook_build(book: &Path, out: &Path) -> Option<Output> {
    let result = Command::new("mdbook")
        .arg("build")
        .arg(book)
        .arg("--dest-dir")
        .arg(out)
        .env(
            "MDBOOK_PREPROCESSOR__RAFT__COMMAND",
            env!("CARGO_BIN_EXE_mdbook-raft"),
        )
        .output();
    match result {
        Ok(output) => Some(output),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var_os(SKIP_VAR).is_some_and(|v| !v.is_empty() && v != "0") {
                eprintln!("mdbook is not on PATH: skipped, as {SKIP_VAR} asks");
                return None;
            }
            panic!(
                "mdbook is not on PATH: run `cargo xtask test`, which installs the pinned \
                 version (or `cargo install mdbook --version <pinned> --locked \
                 --no-default-features`; the version is in xtask/src/setup.rs), or set \
                 {SKIP_VAR}=1 to skip these tests"
            );
        }
        Err(err) => panic!("cannot run mdbook: {err}"),
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One `<raft-playground ...>` opening tag of a page: its attributes in order, decoded, and
/// what comes right before it.
#[derive(Debug)]
struct Element {
    attrs: Vec<(String, Option<String>)>,
    before: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_deref().unwrap_or(""))
    }

    fn names(&self) -> Vec<&str> {
        self.attrs.iter().map(|(n, _)| n.as_str()).collect()
    }
}

/// Every `<raft-playground>` of `html`, read the way a browser reads attributes (quoted
/// values may span lines; character references decoded). Panics unless each is closed by
/// `</raft-playground>`.
fn elements(html: &str) -> Vec<Element> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<raft-playground") {
        let before = rest[..start]
            .trim_end()
            .chars()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let mut chars = rest[start + "<raft-playground".len()..]
            .char_indices()
            .peekable();
        let mut attrs = Vec::new();
        let end;
        loop {
            let Some((i, c)) = chars.next() else {
                panic!("an unterminated <raft-playground tag in:\n{html}")
            };
            if c.is_whitespace() {
                continue;
            }
            if c == '>' {
                end = start + "<raft-playground".len() + i + 1;
                break;
            }
            let mut name = c.to_string();
            while let Some(&(_, c)) = chars.peek() {
                if c.is_whitespace() || c == '=' || c == '>' {
                    break;
                }
                name.push(c);
                chars.next();
            }
            let mut value = None;
            if chars.peek().map(|&(_, c)| c) == Some('=') {
                chars.next();
                assert_eq!(chars.next().map(|(_, c)| c), Some('"'), "unquoted value");
                let mut raw = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                    raw.push(c);
                }
                value = Some(decode(&raw));
            }
            attrs.push((name, value));
        }
        rest = &rest[end..];
        assert!(
            rest.trim_start().starts_with("</raft-playground>"),
            "the element is not closed right after its tag: {:?}",
            &rest[..rest.len().min(80)]
        );
        found.push(Element { attrs, before });
    }
    found
}

fn decode(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let semi = tail.find(';').expect("a character reference ends with ;");
        let name = &tail[1..semi];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ if name.starts_with("#x") => {
                char::from_u32(u32::from_str_radix(&name[2..], 16).unwrap()).unwrap()
            }
            _ if name.starts_with('#') => char::from_u32(name[1..].parse().unwrap()).unwrap(),
            _ => panic!("unexpected character reference &{name};"),
        };
        out.push(c);
        rest = &tail[semi + 1..];
    }
    out.push_str(rest);
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn mdbook_builds_live_elements() {
    let out = scratch("book");
    let Some(output) = mdbook_build(&book_dir("book"), &out) else {
        return;
    };
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "mdbook build failed:\n{stderr}");
    assert!(
        stderr.contains("mdbook-raft: 3 raft block(s) in 2 chapter(s)"),
        "{stderr}"
    );

    // The first page has no block: no element, no script; its nested example stays code.
    let index = read(&out.join("index.html"));
    assert!(elements(&index).is_empty());
    assert!(!index.contains("raft-playground.js"), "{index}");
    assert!(
        index.contains("```raft controls=compact"),
        "the example inside a ````markdown fence should stay code"
    );

    // A chapter at the root: a preset and an inline scenario.
    let page = read(&out.join("elections.html"));
    let found = elements(&page);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(
        found[0].names(),
        ["scenario", "nodes", "controls", "loading"]
    );
    assert_eq!(found[0].attr("scenario"), Some("election"));
    assert_eq!(found[0].attr("nodes"), Some("5"));
    assert_eq!(
        found[1].names(),
        ["script", "controls", "theme", "seed", "prevote", "loading"]
    );
    assert_eq!(
        found[1].attr("script"),
        Some(
            "# Elections with <b>five</b> & \"quotes\": <img src=x onerror=alert(1)>\n\
             cluster 5 seed=7\n\nrun until leader\nexpect safe"
        )
    );
    assert_eq!(found[1].attr("prevote"), Some("off"));
    for element in &found {
        assert!(
            !element.before.ends_with("<p>"),
            "an element was wrapped in a paragraph: {element:?}"
        );
    }
    // The author's markup is text inside the attribute, never an element of the page.
    assert!(!page.contains("<img src=x"), "{page}");
    assert!(!page.contains("<b>five"), "{page}");
    assert!(page.contains("<p>Text after the block is a paragraph of its own.</p>"));
    assert_eq!(
        page.matches(r#"<script type="module" src="raft/raft-playground.js"></script>"#)
            .count(),
        1
    );

    // A nested chapter: the script is one level up.
    let page = read(&out.join("faults/crash.html"));
    let found = elements(&page);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].names(), ["script", "controls", "lang", "loading"]);
    assert_eq!(
        found[0].attr("script"),
        Some("cluster 3 seed=1\nrun until leader\ncrash 1\nrun until leader")
    );
    assert_eq!(found[0].attr("lang"), Some("zh"));
    assert!(
        page.contains(r#"<script type="module" src="../raft/raft-playground.js"></script>"#),
        "{page}"
    );
    assert!(page.contains("<p>After the playground.</p>"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn mdbook_fails_on_malformed_blocks_naming_file_line_and_column() {
    let out = scratch("bad-book");
    let Some(output) = mdbook_build(&book_dir("bad-book"), &out) else {
        return;
    };
    let stderr = text(&output.stderr);
    assert!(
        !output.status.success(),
        "mdbook build should have failed:\n{stderr}"
    );
    assert!(
        stderr.contains(
            "error: src/part/bad.md:8:1: in this ```raft block's scenario: unknown command \
             `crsh`; did you mean `crash`?"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("error: src/part/bad.md:13:9: unknown option `colour`"),
        "{stderr}"
    );
    assert!(
        !out.join("part/bad.html").exists(),
        "no page should be written"
    );
    let _ = std::fs::remove_dir_all(&out);
}
