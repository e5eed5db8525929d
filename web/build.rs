//! Runs every preset scenario at build time and builds its recording into the page, so that the
//! page replays presets without carrying the scenario parser (that lives in the tools module,
//! fetched only for a visitor's own script or trace).

use std::path::Path;

/// The presets, in menu order: each is `scenarios/NAME.raft`.
const PRESETS: [&str; 12] = [
    "election",
    "leader-crash",
    "split-vote",
    "log-repair",
    "figure-8",
    "partition",
    "prevote",
    "check-quorum",
    "bug-vote-ignores-log",
    "bug-commit-old-terms",
    "bug-forget-vote",
    "bug-no-jitter",
];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut out = String::from(
        "/// The presets, in menu order: each name with its script's recording (see `sim::recording`).\n\
         pub const PRESETS: &[(&str, &str)] = &[\n",
    );
    for name in PRESETS {
        let path = dir.join(format!("{name}.raft"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let file = format!("{name}.raft");
        let recording = sim::recording::Recording::from_script(&text, &file)
            .unwrap_or_else(|e| panic!("the preset {name} does not parse: {e}"));
        out.push_str(&format!("    ({name:?}, {:?}),\n", recording.encode()));
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("presets.rs");
    std::fs::write(&target, out).expect("OUT_DIR is writable");
}
