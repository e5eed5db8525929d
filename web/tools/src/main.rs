//! The playground's occasional work, kept out of the page's own wasm so that every visitor does
//! not download it: the scenario parser and runner, and trace files (serde_json). The page
//! imports this module the first time a visitor loads a script or a trace, or exports one.
//!
//! Every function trades in text. A run crosses between the two modules as a
//! [`sim::recording::Recording`]: the settings, preloaded logs and inputs that rebuild it, which
//! the page replays with the simulator it already has (the same code, so the same run).

use sim::recording::Recording;
use wasm_bindgen::prelude::*;

/// Trunk builds this module as a binary; everything it offers is in the exports below.
fn main() {}

/// Parses and runs a scenario script, and returns its recording. `name` names the script in
/// error messages (`name:LINE:COL: ...`).
#[wasm_bindgen]
pub fn compile(text: &str, name: &str) -> Result<String, JsError> {
    compile_text(text, name).map_err(|e| JsError::new(&e))
}

/// Reads an exported trace file (the `--trace` JSON-lines schema) and returns its recording.
#[wasm_bindgen(js_name = importTrace)]
pub fn import_trace(text: &str) -> Result<String, JsError> {
    import_text(text).map_err(|e| JsError::new(&e))
}

/// Replays a recording and writes its trace file.
#[wasm_bindgen(js_name = exportTrace)]
pub fn export_trace(recording: &str) -> Result<String, JsError> {
    export_text(recording).map_err(|e| JsError::new(&e))
}

fn compile_text(text: &str, name: &str) -> Result<String, String> {
    Recording::from_script(text, name)
        .map(|r| r.encode())
        .map_err(|e| e.to_string())
}

fn import_text(text: &str) -> Result<String, String> {
    let history = sim::trace::import(text).map_err(|e| e.to_string())?;
    Ok(Recording::of(&history).encode())
}

fn export_text(recording: &str) -> Result<String, String> {
    let recording = Recording::decode(recording).map_err(|e| e.to_string())?;
    let history = recording.replay().map_err(|e| e.to_string())?;
    Ok(sim::trace::export(&history))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ELECTION: &str = include_str!("../../../scenarios/election.raft");

    #[test]
    fn a_script_becomes_a_recording_whose_trace_matches_the_script_run() {
        let recording = compile_text(ELECTION, "election.raft").unwrap();
        let exported = export_text(&recording).unwrap();
        let script = sim::scenario::parse(ELECTION, "election.raft").unwrap();
        let report = sim::scenario::run(&script, "election.raft", &mut |_| {});
        assert_eq!(exported, sim::trace::export(&report.history));
        // And back: importing the trace gives a recording that exports the same trace.
        let again = import_text(&exported).unwrap();
        assert_eq!(export_text(&again).unwrap(), exported);
    }

    #[test]
    fn bad_input_is_an_error_naming_where() {
        let e = compile_text("cluster 3\nrun until leaderr\n", "mine.raft").unwrap_err();
        assert!(e.starts_with("mine.raft:2:"), "{e}");
        let e = import_text("{\"kind\":\"start\"}\nnot json\n").unwrap_err();
        assert!(e.contains("line 1") || e.contains("line 2"), "{e}");
        assert!(export_text("not a recording").is_err());
    }
}
