//! Runs every preset scenario at build time and builds its recording into the page, so that the
//! page replays presets without carrying the scenario parser (that lives in the tools module,
//! fetched only for a visitor's own script or trace).

use std::path::Path;

/// The presets, in menu order: each is `scenarios/NAME.raft`.
const PRESETS: [&str; 19] = [
    "election",
    "leader-crash",
    "split-vote",
    "log-repair",
    "figure-8",
    "partition",
    "prevote",
    "check-quorum",
    "add-server",
    "remove-leader",
    "joint-consensus",
    "learner-catch-up",
    "transfer",
    "removed-server-disrupts",
    "bug-vote-ignores-log",
    "bug-commit-old-terms",
    "bug-forget-vote",
    "bug-no-jitter",
    "bug-overlapping-changes",
];

/// The guided tour, in order: each chapter is `scenarios/tour/NAME.raft`, a preset named
/// `tour/NAME` (so it is fetched, described and linked as any preset is).
const TOUR: [&str; 10] = [
    "leader-election",
    "heartbeats-and-timeouts",
    "split-vote",
    "log-replication",
    "figure-8",
    "log-repair",
    "partitions",
    "prevote-and-checkquorum",
    "membership-changes",
    "leadership-transfer",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    // With `words-fetched` (the page and the element) the titles are words, fetched with the
    // reader's language (`i18n::words`); the lang module, built without it, writes them there.
    let titles = std::env::var_os("CARGO_FEATURE_WORDS_FETCHED").is_none();
    let mut out = String::from(
        "/// The presets, in menu order: each name, its title in English and in Chinese, and its\n\
         /// script's recording (see `sim::recording`) without its texts; empty in the wasm,\n\
         /// which fetches it (see `model::preset_missing`).\n\
         pub const PRESETS: &[Preset] = &[\n",
    );
    let chapters = TOUR.map(|chapter| format!("tour/{chapter}"));
    for name in PRESETS
        .iter()
        .copied()
        .chain(chapters.iter().map(String::as_str))
    {
        let path = dir.join(format!("{name}.raft"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file = format!("{name}.raft");
        let recording = sim::recording::Recording::from_script(&text, &file)
            .unwrap_or_else(|e| panic!("the preset {name} does not parse: {e}"));
        assert!(
            !recording.title.is_empty() && !recording.title_zh.is_empty(),
            "the preset {name} needs a `title` and a `title zh:` line"
        );
        assert!(
            !recording.about_zh.is_empty(),
            "the preset {name} needs a Chinese description (`# zh:` lines)"
        );
        // The titles travel as plain strings: in the recording, escaped, each Chinese character
        // would take nine bytes of the page's wasm instead of three. The descriptions do not
        // travel at all: the page fetches them from the script itself (`scenarios/NAME.raft`
        // in dist/) when the lesson opens, as the page at load shows no lesson. Nor, in the
        // wasm, do the runs: the page fetches a preset's (`presets/NAME.rec`, which
        // `raft-sim presets` writes into dist/) when it is opened. Native builds (the tests)
        // carry them.
        let run = if wasm {
            String::new()
        } else {
            recording.preset_text()
        };
        let (title, title_zh) = if titles {
            (recording.title.as_str(), recording.title_zh.as_str())
        } else {
            ("", "")
        };
        out.push_str(&format!(
            "    Preset {{ name: {name:?}, title: {title:?}, title_zh: {title_zh:?}, recording: {run:?} }},\n",
        ));
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// The guided tour's chapters, in order: presets named `tour/NAME`.\n\
         pub const TOUR: &[&str] = &{chapters:?};\n"
    ));
    let version = simulation_version(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    out.push_str(&format!(
        "/// The version of the simulation this page runs: a hash of the sources of the Raft core\n\
         /// and the simulator. Share links carry it, so a link made by another build says so.\n\
         pub const SIM_VERSION: &str = {version:?};\n"
    ));
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("presets.rs");
    std::fs::write(&target, out).expect("OUT_DIR is writable");
}

/// A hash (FNV-1a, 64 bits, as 12 hex digits) of every file under `crates/raft/src` and
/// `crates/sim/src`, by path and content. It changes with any change to the code that makes a
/// run (a comment too: a link then warns when it need not, never the other way round).
fn simulation_version(root: &Path) -> String {
    fn walk(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["crates/raft/src", "crates/sim/src"] {
        walk(&root.join(dir), &mut files);
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for path in &files {
        let name = path.strip_prefix(root).unwrap_or(path);
        eat(name.to_string_lossy().replace('\\', "/").as_bytes());
        eat(&[0]);
        eat(&std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())));
        eat(&[0]);
    }
    format!("{:012x}", hash >> 16)
}
