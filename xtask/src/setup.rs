//! Installing the tools the build needs, each at exactly the pinned version.
//!
//! A fresh machine (and CI, which runs in a fresh clone) must be able to go from nothing but
//! rustup, cargo and Node.js to a full build, so every step here checks what is present,
//! says what it found, and installs only what is missing or at the wrong version.
//! Only package registries are reachable (crates.io, npm, Debian): nothing is downloaded
//! any other way, and Trunk runs offline so it never tries.

use std::fs;
use std::path::Path;

use crate::process::{cmd, probe, run, Result};

/// Targets: the web app compiles to wasm32, and building the core for a bare-metal target
/// is how we prove it really is `no_std`.
const RUST_TARGETS: &[&str] = &["wasm32-unknown-unknown", "x86_64-unknown-none"];

/// `cargo xtask test` runs `cargo fmt` and `cargo clippy`; minimal rustup profiles lack them.
const RUST_COMPONENTS: &[&str] = &["rustfmt", "clippy"];

/// Debian's Chromium, driven by playwright-core (Playwright's own browser builds are not
/// downloadable from here).
pub const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// mdBook, for the tests of the mdbook-raft preprocessor (crates/mdbook-raft), which build
/// real books with it. Built without its default features (`serve`, `watch`, `search`):
/// `mdbook build` needs none of them, and the install takes about a minute instead of several.
/// 0.5.4 needs rustc 1.88 or newer.
pub const MDBOOK_VERSION: &str = "0.5.4";

/// playwright-core needs Node.js 20 or newer.
const NODE_MAJOR_MIN: u32 = 20;

/// Parallel jobs for `cargo install`, which ignores the repository's .cargo/config.toml
/// (where `jobs = 2` keeps every other cargo command within our two cores).
const INSTALL_JOBS: &str = "2";

/// What a task needs installed.
pub struct Needs {
    /// Chromium and the npm packages of the browser tests.
    pub browser: bool,
    /// rustfmt and clippy.
    pub lints: bool,
    /// mdBook, for the mdbook-raft tests.
    pub mdbook: bool,
}

pub fn install(root: &Path, needs: Needs) -> Result {
    rust_targets()?;
    if needs.lints {
        rust_components()?;
    }
    // Fetch first: Trunk runs with --offline, and Cargo.lock must be current before we read
    // the wasm-bindgen version from it.
    run(cmd("cargo", ["fetch"]).current_dir(root))?;
    trunk(root)?;
    wasm_bindgen(root)?;
    wasm_opt(root)?;
    esbuild(root)?;
    if needs.mdbook {
        mdbook()?;
    }
    if needs.browser {
        chromium()?;
        node()?;
        e2e_packages(root)?;
    }
    Ok(())
}

fn rust_targets() -> Result {
    let installed = probe("rustup", &["target", "list", "--installed"])
        .ok_or("`rustup target list` failed: rustup is required (https://rustup.rs)")?;
    let missing: Vec<&str> = RUST_TARGETS
        .iter()
        .copied()
        .filter(|target| !installed.lines().any(|line| line.trim() == *target))
        .collect();
    if missing.is_empty() {
        found("rust targets", &RUST_TARGETS.join(", "));
        return Ok(());
    }
    installing("rust targets", &missing.join(", "));
    run(cmd("rustup", ["target", "add"]).args(&missing))
}

fn rust_components() -> Result {
    let installed = probe("rustup", &["component", "list", "--installed"])
        .ok_or("`rustup component list` failed")?;
    // Installed components are listed with the host triple, e.g. `clippy-x86_64-unknown-linux-gnu`.
    let missing: Vec<&str> = RUST_COMPONENTS
        .iter()
        .copied()
        .filter(|name| {
            !installed
                .lines()
                .any(|line| line.trim().starts_with(&format!("{name}-")))
        })
        .collect();
    if missing.is_empty() {
        found("rust components", &RUST_COMPONENTS.join(", "));
        return Ok(());
    }
    installing("rust components", &missing.join(", "));
    run(cmd("rustup", ["component", "add"]).args(&missing))
}

fn trunk(root: &Path) -> Result {
    // Trunk.toml pins the exact version (`trunk-version = "=X.Y.Z"`), and Trunk enforces it.
    let wanted = trunk_toml_value(root, "trunk-version")?;
    let wanted = wanted.strip_prefix('=').unwrap_or(&wanted).to_string();
    // `trunk --version` prints `trunk 0.21.14`.
    let have = probe("trunk", &["--version"]).map(|out| second_word(&out));
    if have.as_deref() == Some(wanted.as_str()) {
        found("trunk", &wanted);
        return Ok(());
    }
    installing_over("trunk", &wanted, have.as_deref());
    // --locked: build with the dependency versions Trunk was released and tested with.
    run(cmd(
        "cargo",
        [
            "install",
            "trunk",
            "--version",
            &wanted,
            "--locked",
            "-j",
            INSTALL_JOBS,
        ],
    ))?;
    verify(
        "trunk",
        &wanted,
        probe("trunk", &["--version"]).map(|out| second_word(&out)),
    )
}

fn wasm_bindgen(root: &Path) -> Result {
    // Trunk only uses the wasm-bindgen CLI on PATH when it equals the wasm-bindgen crate in
    // Cargo.lock (the two must agree on the generated glue), so Cargo.lock decides.
    let wanted = wasm_bindgen_in_lockfile(root)?;
    // `wasm-bindgen --version` prints `wasm-bindgen 0.2.130`.
    let have = probe("wasm-bindgen", &["--version"]).map(|out| second_word(&out));
    if have.as_deref() == Some(wanted.as_str()) {
        found("wasm-bindgen-cli", &wanted);
        return Ok(());
    }
    installing_over("wasm-bindgen-cli", &wanted, have.as_deref());
    // Without --locked: that is the way this install was verified to build on our machines.
    run(cmd(
        "cargo",
        [
            "install",
            "wasm-bindgen-cli",
            "--version",
            &wanted,
            "-j",
            INSTALL_JOBS,
        ],
    ))?;
    verify(
        "wasm-bindgen-cli",
        &wanted,
        probe("wasm-bindgen", &["--version"]).map(|out| second_word(&out)),
    )
}

fn wasm_opt(root: &Path) -> Result {
    // Trunk.toml names it as Trunk does, `version_132`; npm's `binaryen` package 132.x ships it.
    // Debian's binaryen (108) is too old for current wasm-bindgen output.
    let pinned = trunk_toml_value(root, "wasm_opt")?;
    let wanted = pinned
        .strip_prefix("version_")
        .ok_or_else(|| {
            format!("Trunk.toml: wasm_opt = {pinned:?} should look like \"version_132\"")
        })?
        .to_string();
    let have = installed_wasm_opt();
    if have.as_deref() == Some(wanted.as_str()) {
        found("wasm-opt", &wanted);
        return Ok(());
    }
    installing_over("wasm-opt (npm binaryen)", &wanted, have.as_deref());
    run(
        cmd("npm", ["install", "--global", "--no-audit", "--no-fund"])
            .arg(format!("binaryen@{wanted}")),
    )?;
    verify("wasm-opt", &wanted, installed_wasm_opt())
}

/// esbuild minifies the release build's JS (Trunk's post-build hook, web/minify.mjs, which pins
/// its version and refuses any other).
fn esbuild(root: &Path) -> Result {
    let script = root.join("web/minify.mjs");
    let text = fs::read_to_string(&script).map_err(|err| format!("web/minify.mjs: {err}"))?;
    let wanted = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("export const ESBUILD_VERSION = '"))
        .and_then(|rest| rest.strip_suffix("';"))
        .ok_or("web/minify.mjs has no `export const ESBUILD_VERSION = '...';` line")?
        .to_string();
    let have = probe("esbuild", &["--version"]).map(|v| v.trim().to_string());
    if have.as_deref() == Some(wanted.as_str()) {
        found("esbuild", &wanted);
        return Ok(());
    }
    installing_over("esbuild (npm)", &wanted, have.as_deref());
    run(
        cmd("npm", ["install", "--global", "--no-audit", "--no-fund"])
            .arg(format!("esbuild@{wanted}")),
    )?;
    verify(
        "esbuild",
        &wanted,
        probe("esbuild", &["--version"]).map(|v| v.trim().to_string()),
    )
}

fn mdbook() -> Result {
    let wanted = MDBOOK_VERSION;
    let have = installed_mdbook();
    if have.as_deref() == Some(wanted) {
        found("mdbook", wanted);
        return Ok(());
    }
    installing_over("mdbook", wanted, have.as_deref());
    run(cmd(
        "cargo",
        [
            "install",
            "mdbook",
            "--version",
            wanted,
            "--locked",
            "--no-default-features",
            "-j",
            INSTALL_JOBS,
        ],
    ))?;
    verify("mdbook", wanted, installed_mdbook())
}

fn installed_mdbook() -> Option<String> {
    probe("mdbook", &["--version"]).map(|out| mdbook_version(&out))
}

/// `mdbook --version` prints `mdbook v0.5.4`.
fn mdbook_version(out: &str) -> String {
    second_word(out).trim_start_matches('v').to_string()
}

/// `wasm-opt --version` prints `wasm-opt version 132 (version_132)`.
fn installed_wasm_opt() -> Option<String> {
    let out = probe("wasm-opt", &["--version"])?;
    out.split_whitespace().nth(2).map(str::to_string)
}

/// A font with Chinese glyphs, so the 中文 screenshots show text rather than empty boxes.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

fn chromium() -> Result {
    let has_font = Path::new(CJK_FONT).exists();
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() && has_font {
        let version = probe(CHROMIUM, &["--version"]).unwrap_or_else(|| "(version unknown)".into());
        found("chromium", &version);
        return Ok(());
    }
    installing(
        "chromium",
        "chromium chromium-driver fonts-wqy-microhei (apt)",
    );
    if probe("id", &["-u"]).as_deref() != Some("0") {
        return Err(format!(
            "{CHROMIUM} is missing and installing it needs root: run \
             `apt-get update && apt-get install -y chromium chromium-driver fonts-wqy-microhei` \
             as root"
        ));
    }
    // The package lists may be stale or empty on a fresh machine.
    run(cmd("apt-get", ["update"]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(cmd(
        "apt-get",
        [
            "install",
            "-y",
            "chromium",
            "chromium-driver",
            "fonts-wqy-microhei",
        ],
    )
    .env("DEBIAN_FRONTEND", "noninteractive"))?;
    if !Path::new(CHROMIUM).exists() {
        return Err(format!(
            "apt-get installed chromium but {CHROMIUM} is still missing"
        ));
    }
    Ok(())
}

fn node() -> Result {
    let version = probe("node", &["--version"])
        .ok_or("node is not installed: the browser tests need Node.js 20 or newer, with npm")?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .ok_or_else(|| format!("cannot read the node version from {version:?}"))?;
    if major < NODE_MAJOR_MIN {
        return Err(format!(
            "node {version} is too old: the browser tests need Node.js {NODE_MAJOR_MIN} or newer"
        ));
    }
    found("node", &version);
    Ok(())
}

/// `npm ci` in web/e2e, but only when node_modules is missing or package-lock.json changed
/// since the last install (we keep a copy of the lock file inside node_modules to compare).
fn e2e_packages(root: &Path) -> Result {
    let e2e = root.join("web/e2e");
    let lock = fs::read(e2e.join("package-lock.json"))
        .map_err(|err| format!("web/e2e/package-lock.json: {err}"))?;
    let stamp = e2e.join("node_modules/.xtask-package-lock.json");
    if fs::read(&stamp).ok().as_deref() == Some(lock.as_slice()) {
        found(
            "web/e2e npm packages",
            "node_modules matches package-lock.json",
        );
        return Ok(());
    }
    installing("web/e2e npm packages", "npm ci");
    run(cmd("npm", ["ci", "--no-audit", "--no-fund"]).current_dir(&e2e))?;
    fs::write(&stamp, &lock).map_err(|err| format!("{}: {err}", stamp.display()))
}

/// The version of the `wasm-bindgen` crate that Cargo.lock resolves to.
pub fn wasm_bindgen_in_lockfile(root: &Path) -> Result<String> {
    let text =
        fs::read_to_string(root.join("Cargo.lock")).map_err(|err| format!("Cargo.lock: {err}"))?;
    // Entries look like:  [[package]] / name = "wasm-bindgen" / version = "0.2.130"
    let mut versions = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if line == r#"name = "wasm-bindgen""# {
            if let Some(version) = lines.next().and_then(|next| quoted_value(next, "version")) {
                versions.push(version);
            }
        }
    }
    match versions.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err("Cargo.lock has no wasm-bindgen package (does web/ depend on it?)".into()),
        many => Err(format!(
            "Cargo.lock has several wasm-bindgen versions ({}); Trunk needs exactly one",
            many.join(", ")
        )),
    }
}

/// A `key = "value"` setting from Trunk.toml. Our keys are unique across its tables, so a
/// line scan is enough and spares xtask a TOML dependency.
fn trunk_toml_value(root: &Path, key: &str) -> Result<String> {
    let text =
        fs::read_to_string(root.join("Trunk.toml")).map_err(|err| format!("Trunk.toml: {err}"))?;
    text.lines()
        .find_map(|line| quoted_value(line.trim(), key))
        .ok_or_else(|| format!("Trunk.toml has no `{key} = \"...\"` line"))
}

/// `Some("v")` for a line `key = "v"`.
fn quoted_value(line: &str, key: &str) -> Option<String> {
    let (name, value) = line.split_once('=')?;
    if name.trim() != key {
        return None;
    }
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    Some(value.to_string())
}

fn second_word(text: &str) -> String {
    text.split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string()
}

fn verify(tool: &str, wanted: &str, have: Option<String>) -> Result {
    match have {
        Some(have) if have == wanted => {
            found(tool, &have);
            Ok(())
        }
        Some(have) => Err(format!(
            "installed {tool} {wanted}, but the one on PATH is {have}: check PATH order"
        )),
        None => Err(format!(
            "installed {tool} {wanted}, but it does not run from PATH"
        )),
    }
}

fn found(tool: &str, what: &str) {
    println!("[setup] {tool}: {what} (ok, skipping)");
}

fn installing(tool: &str, what: &str) {
    println!("[setup] {tool}: installing {what}");
}

fn installing_over(tool: &str, wanted: &str, have: Option<&str>) {
    let have = have.map_or("not installed".to_string(), |have| format!("found {have}"));
    println!("[setup] {tool}: {have}, installing {wanted}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_values() {
        assert_eq!(
            quoted_value(r#"wasm_opt = "version_132""#, "wasm_opt").as_deref(),
            Some("version_132")
        );
        assert_eq!(quoted_value(r#"wasm_opt = "version_132""#, "sass"), None);
        assert_eq!(quoted_value("# wasm_opt is pinned", "wasm_opt"), None);
    }

    #[test]
    fn reads_the_mdbook_version() {
        assert_eq!(mdbook_version("mdbook v0.5.4\n"), "0.5.4");
        assert_eq!(mdbook_version("mdbook 0.4.52"), "0.4.52");
    }

    #[test]
    fn repository_pins_are_readable() {
        let root = crate::repo_root();
        assert!(!wasm_bindgen_in_lockfile(&root).unwrap().is_empty());
        assert!(trunk_toml_value(&root, "trunk-version")
            .unwrap()
            .starts_with('='));
        assert!(trunk_toml_value(&root, "wasm_opt")
            .unwrap()
            .starts_with("version_"));
    }
}
