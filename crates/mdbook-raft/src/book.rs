//! The mdBook side: the `[context, book]` JSON that mdBook writes to a preprocessor's stdin,
//! and the book it expects back on stdout.
//!
//! The book is walked as plain JSON rather than through the `mdbook` crate (a heavy
//! dependency for two fields), so both shapes work: mdBook 0.5 keeps the chapters in
//! `book.items`, 0.4 in `book.sections`. Each item is `{"Chapter": {...}}`, `"Separator"` or
//! `{"PartTitle": "..."}`; a chapter has `name`, `content`, `number`, `sub_items`, `path`,
//! `source_path` and `parent_names`. Only `content` is changed; everything else is written
//! back as it came.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{render_chapter, script_src, DEFAULT_SCRIPT};

/// `[preprocessor.raft]` in book.toml.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Where the element's script is, relative to the book's root, or an absolute URL.
    pub script: String,
    /// A playground build (`dist/`) to copy next to `script` in the book's source directory.
    pub dist: Option<PathBuf>,
}

/// The keys of `[preprocessor.raft]` that mdBook itself reads.
const MDBOOK_KEYS: [&str; 5] = ["command", "renderers", "before", "after", "optional"];

impl Config {
    /// Reads `[preprocessor.raft]` from the context's `config`.
    pub fn from_context(context: &Value) -> Result<Config, String> {
        let table = &context["config"]["preprocessor"]["raft"];
        let mut config = Config {
            script: DEFAULT_SCRIPT.to_string(),
            dist: None,
        };
        let Some(table) = table.as_object() else {
            return Ok(config);
        };
        for (key, value) in table {
            match key.as_str() {
                "script" => {
                    config.script = value
                        .as_str()
                        .filter(|s| !s.trim().is_empty())
                        .ok_or("[preprocessor.raft] script must be a path or URL, e.g. \"raft/raft-playground.js\"")?
                        .trim()
                        .to_string();
                }
                "dist" => {
                    let dist = value.as_str().filter(|s| !s.trim().is_empty()).ok_or(
                        "[preprocessor.raft] dist must be the path of a playground build (its dist/ directory)",
                    )?;
                    config.dist = Some(PathBuf::from(dist.trim()));
                }
                key if MDBOOK_KEYS.contains(&key) => {}
                key => {
                    return Err(format!(
                        "[preprocessor.raft] has an unknown key `{key}`: mdbook-raft reads \
                         `script` and `dist` (and mdBook reads {})",
                        MDBOOK_KEYS.join(", ")
                    ))
                }
            }
        }
        Ok(config)
    }
}

/// The book's root and source directories, from the context.
struct Dirs {
    root: PathBuf,
    /// `[book] src` as written (relative to the root), `src` by default.
    src: String,
}

impl Dirs {
    fn from_context(context: &Value) -> Dirs {
        let root = PathBuf::from(context["root"].as_str().unwrap_or("."));
        let src = context["config"]["book"]["src"]
            .as_str()
            .unwrap_or("src")
            .trim_end_matches(['/', '\\'])
            .to_string();
        Dirs { root, src }
    }
}

/// What the preprocessor did, for the summary line on stderr.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub chapters: usize,
    pub blocks: usize,
    pub copied: usize,
}

/// mdBook's stdin (`[context, book]`) to the book for stdout, or every problem found.
pub fn preprocess(input: &str) -> Result<(String, Summary), Vec<String>> {
    let parsed: Value = serde_json::from_str(input).map_err(|e| {
        vec![format!(
            "the input is not mdBook's [context, book] JSON: {e} (mdbook-raft is run by \
             `mdbook build`; see its README)"
        )]
    })?;
    let Value::Array(mut pair) = parsed else {
        return Err(vec![
            "the input is not mdBook's [context, book] JSON array".into()
        ]);
    };
    if pair.len() != 2 {
        return Err(vec![format!(
            "the input is a JSON array of {} values, not mdBook's [context, book]",
            pair.len()
        )]);
    }
    let mut book = pair.pop().unwrap_or_default();
    let context = pair.pop().unwrap_or_default();
    let config = Config::from_context(&context).map_err(|e| vec![e])?;
    let dirs = Dirs::from_context(&context);

    let mut summary = Summary::default();
    let mut errors = Vec::new();
    let items = match book.get_mut("items") {
        Some(items) => Some(items),
        None => book.get_mut("sections"),
    };
    let Some(Value::Array(items)) = items else {
        return Err(vec![
            "the book has neither `items` (mdBook 0.5) nor `sections` (mdBook 0.4)".into(),
        ]);
    };
    walk(items, &config, &dirs, &mut summary, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    if summary.blocks > 0 {
        if let Some(dist) = &config.dist {
            summary.copied = copy_dist(&dirs, dist, &config.script).map_err(|e| vec![e])?;
        }
    }
    let out = serde_json::to_string(&book).map_err(|e| vec![format!("writing the book: {e}")])?;
    Ok((out, summary))
}

fn walk(
    items: &mut [Value],
    config: &Config,
    dirs: &Dirs,
    summary: &mut Summary,
    errors: &mut Vec<String>,
) {
    for item in items {
        let Some(chapter) = item.get_mut("Chapter").and_then(Value::as_object_mut) else {
            continue; // "Separator", {"PartTitle": ...}
        };
        if let Some(Value::Array(subs)) = chapter.get_mut("sub_items") {
            walk(subs, config, dirs, summary, errors);
        }
        // A draft chapter (`[Name]()`) has no path and is not rendered.
        let Some(path) = chapter
            .get("path")
            .and_then(Value::as_str)
            .map(str::to_string)
        else {
            continue;
        };
        let source = chapter
            .get("source_path")
            .and_then(Value::as_str)
            .unwrap_or(&path)
            .to_string();
        let Some(content) = chapter.get("content").and_then(Value::as_str) else {
            continue;
        };
        let file = format!("{}/{}", dirs.src, source.replace('\\', "/"));
        match render_chapter(content, &file, &script_src(&path, &config.script)) {
            Ok(rendered) if rendered.blocks == 0 => {}
            Ok(rendered) => {
                summary.chapters += 1;
                summary.blocks += rendered.blocks;
                chapter.insert("content".into(), Value::String(rendered.content));
            }
            Err(found) => {
                // Line numbers count the chapter as mdBook handed it over: when an earlier
                // preprocessor ({{#include}}) changed it, say so.
                let on_disk = fs::read_to_string(dirs.root.join(&dirs.src).join(&source)).ok();
                let changed = on_disk.is_some_and(|text| text != content);
                for d in found {
                    let mut line = d.to_string();
                    if changed {
                        line.push_str(
                            " (note: the line counts this chapter as mdBook expanded it, which \
                             differs from the file; see mdbook-raft's README on `before = \
                             [\"links\"]`)",
                        );
                    }
                    errors.push(line);
                }
            }
        }
    }
}

/// Copies a playground build into the book's source, in the directory of `script`, so that
/// mdBook copies it into the output: the element's script and the other `.js`, `.wasm` and
/// `.css` files, and the `snippets/`, `scenarios/` and `presets/` directories. A file already there with
/// the same bytes is not rewritten (so `mdbook serve` does not see a change and rebuild).
/// Returns how many files were written.
fn copy_dist(dirs: &Dirs, dist: &Path, script: &str) -> Result<usize, String> {
    if crate::is_absolute(script) {
        return Err(format!(
            "[preprocessor.raft] dist copies the playground into the book, but script = \
             {script:?} is an absolute URL: set script to a path inside the book \
             (e.g. \"raft/raft-playground.js\") or drop dist"
        ));
    }
    let from = dirs.root.join(dist);
    let file_name = Path::new(script)
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("raft-playground.js");
    if !from.join(file_name).is_file() {
        return Err(format!(
            "[preprocessor.raft] dist = {:?}: {} has no {file_name} (build the playground with \
             `trunk build --release` and point dist at its dist/ directory)",
            dist.display().to_string(),
            from.display()
        ));
    }
    let script_dir = Path::new(script.trim_start_matches("./"))
        .parent()
        .unwrap_or(Path::new(""));
    let to = dirs.root.join(&dirs.src).join(script_dir);
    let mut written = 0;
    let entries = fs::read_dir(&from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = entry.path();
        if path.is_dir() && matches!(&*name, "snippets" | "scenarios" | "presets" | "words") {
            written += copy_tree(&path, &to.join(&*name))?;
        } else if path.is_file()
            && [".js", ".wasm", ".css"]
                .iter()
                .any(|ext| name.ends_with(ext))
        {
            written += copy_file(&path, &to.join(&*name))?;
        }
    }
    Ok(written)
}

fn copy_tree(from: &Path, to: &Path) -> Result<usize, String> {
    let mut written = 0;
    let entries = fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            written += copy_tree(&path, &target)?;
        } else if path.is_file() {
            written += copy_file(&path, &target)?;
        }
    }
    Ok(written)
}

fn copy_file(from: &Path, to: &Path) -> Result<usize, String> {
    let bytes = fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    if fs::read(to).ok().as_deref() == Some(bytes.as_slice()) {
        return Ok(0);
    }
    if let Some(dir) = to.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(to, &bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    Ok(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chapter(name: &str, path: &str, content: &str, subs: Vec<Value>) -> Value {
        json!({"Chapter": {
            "name": name, "content": content, "number": null, "sub_items": subs,
            "path": path, "source_path": path, "parent_names": []
        }})
    }

    fn context(raft: Value) -> Value {
        json!({"root": "/nonexistent-book", "config": {"book": {"title": "t"},
               "preprocessor": {"raft": raft}}, "renderer": "html", "mdbook_version": "0.5.4"})
    }

    const BLOCK: &str = "```raft\ncluster 3\n```\n";

    #[test]
    fn walks_items_and_sub_items_and_keeps_the_rest() {
        let book = json!({"items": [
            chapter("A", "a.md", BLOCK, vec![]),
            "Separator",
            {"PartTitle": "Part"},
            chapter("B", "part/b.md", "# B\n", vec![chapter("C", "part/deep/c.md", BLOCK, vec![])]),
            {"Chapter": {"name": "Draft", "content": "", "number": null, "sub_items": [],
                         "path": null, "source_path": null, "parent_names": []}},
        ], "__non_exhaustive": null});
        let input = json!([context(json!({"command": "mdbook-raft"})), book]).to_string();
        let (out, summary) = preprocess(&input).unwrap();
        assert_eq!(
            summary,
            Summary {
                chapters: 2,
                blocks: 2,
                copied: 0
            }
        );
        let out: Value = serde_json::from_str(&out).unwrap();
        let items = out["items"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        assert_eq!(items[1], json!("Separator"));
        assert_eq!(out["__non_exhaustive"], Value::Null);
        let a = items[0]["Chapter"]["content"].as_str().unwrap();
        assert!(a.contains("src=\"raft/raft-playground.js\""), "{a}");
        assert_eq!(items[3]["Chapter"]["content"], json!("# B\n"));
        let c = items[3]["Chapter"]["sub_items"][0]["Chapter"]["content"]
            .as_str()
            .unwrap();
        assert!(c.contains("src=\"../../raft/raft-playground.js\""), "{c}");
    }

    #[test]
    fn older_books_have_sections() {
        let book =
            json!({"sections": [chapter("A", "x/a.md", BLOCK, vec![])], "__non_exhaustive": null});
        let raft = json!({"script": "https://cdn.example/raft-playground.js"});
        let (out, _) = preprocess(&json!([context(raft), book]).to_string()).unwrap();
        assert!(
            out.contains("src=\\\"https://cdn.example/raft-playground.js\\\""),
            "{out}"
        );
    }

    #[test]
    fn errors_name_the_file_under_src() {
        let book = json!({"items": [chapter("A", "part/a.md", "x\n\n```raft nodes=99\ncluster 3\n```\n", vec![])]});
        let errors = preprocess(&json!([context(json!({})), book]).to_string()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with("src/part/a.md:3:9: `nodes=99`"),
            "{errors:?}"
        );
    }

    #[test]
    fn config_keys() {
        let config = Config::from_context(&context(
            json!({"command": "x", "script": "js/p.js", "dist": "../dist"}),
        ))
        .unwrap();
        assert_eq!(config.script, "js/p.js");
        assert_eq!(config.dist, Some(PathBuf::from("../dist")));
        let default = Config::from_context(&json!({"config": {}})).unwrap();
        assert_eq!(default.script, DEFAULT_SCRIPT);
        let err = Config::from_context(&context(json!({"scirpt": "x"}))).unwrap_err();
        assert!(err.contains("unknown key `scirpt`"), "{err}");
        assert!(Config::from_context(&context(json!({"script": 3}))).is_err());
    }

    #[test]
    fn bad_input_is_explained() {
        assert!(preprocess("not json").unwrap_err()[0].contains("[context, book]"));
        assert!(preprocess("[1]").unwrap_err()[0].contains("[context, book]"));
        assert!(preprocess("[{}, {}]").unwrap_err()[0].contains("neither `items`"));
    }

    #[test]
    fn copies_a_playground_build_once() {
        let dir = std::env::temp_dir().join(format!("mdbook-raft-copy-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let dist = dir.join("dist");
        fs::create_dir_all(dist.join("snippets/web-1")).unwrap();
        fs::create_dir_all(dist.join("scenarios")).unwrap();
        fs::create_dir_all(dist.join("presets")).unwrap();
        fs::create_dir_all(dist.join("words")).unwrap();
        for (name, text) in [
            ("raft-playground.js", "js"),
            ("raft-playground-abc_bg.wasm", "wasm"),
            ("style.css", "css"),
            ("index.html", "not copied"),
            ("snippets/web-1/a.js", "snippet"),
            ("scenarios/election.raft", "cluster 5"),
            ("presets/election.rec", "raft-recording 1"),
            ("words/zh.txt", "0\0"),
        ] {
            fs::write(dist.join(name), text).unwrap();
        }
        fs::create_dir_all(dir.join("book")).unwrap();
        let dirs = Dirs {
            root: dir.join("book"),
            src: "src".into(),
        };
        assert_eq!(
            copy_dist(&dirs, Path::new("../dist"), DEFAULT_SCRIPT),
            Ok(7)
        );
        let raft = dir.join("book/src/raft");
        assert_eq!(
            fs::read_to_string(raft.join("snippets/web-1/a.js")).unwrap(),
            "snippet"
        );
        assert!(raft.join("scenarios/election.raft").is_file());
        assert!(raft.join("presets/election.rec").is_file());
        assert!(raft.join("words/zh.txt").is_file());
        assert!(!raft.join("index.html").exists());
        // Nothing changed: nothing is written.
        assert_eq!(
            copy_dist(&dirs, Path::new("../dist"), DEFAULT_SCRIPT),
            Ok(0)
        );
        let missing = copy_dist(&dirs, Path::new("nowhere"), DEFAULT_SCRIPT).unwrap_err();
        assert!(missing.contains("has no raft-playground.js"), "{missing}");
        let absolute =
            copy_dist(&dirs, Path::new("../dist"), "https://x/raft-playground.js").unwrap_err();
        assert!(absolute.contains("absolute URL"), "{absolute}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
