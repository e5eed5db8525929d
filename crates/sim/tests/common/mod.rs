//! What several integration tests share.
#![allow(dead_code)]

pub mod oracle;

use std::fs;
use std::path::PathBuf;

/// Every `scenarios/*.raft`, sorted by name.
pub fn scenario_files() -> Vec<PathBuf> {
    raft_files("../../scenarios")
}

/// Every `*.raft` in `dir` (relative to this crate), sorted by name.
pub fn raft_files(dir: &str) -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "raft"))
        .collect();
    files.sort();
    files
}

/// Every `scenarios/*.raft` as (file name, text), sorted by name.
pub fn scenario_texts() -> Vec<(String, String)> {
    scenario_files()
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect()
}
