//! The page's settings, read from URL query parameters or from the attributes of a
//! `<raft-playground>` element, and written back as a query string for the Share link.
//!
//! Both use the same names (`embedding-api.md`): `embed`, `scenario`, `nodes`, `seed`, `speed`,
//! `autoplay`, `controls`, `lang`, `theme`, `prevote`, `checkquorum`, and beyond the spec
//! `election`, `heartbeat`, `latency` (ms, `MIN..MAX`), `loss` (percent) and `run` (the user's
//! actions). A link made by [`encode`] replays the exact run: [`parse`] reads it back to an
//! equal [`Params`].
//!
//! Bad input never stops the page: each bad parameter gives a [`ParamError`] saying what was
//! wrong and what is used instead (`nodes=12: a cluster here has 3 to 9 nodes; using 5`), and
//! every other parameter still counts. Nothing here panics, whatever the input. An error is
//! data ([`ParamProblem`]); `crate::errors` renders it in the visitor's language (its
//! `Display` is the English).
//!
//! # The `run` format
//!
//! `run` holds the visitor's inputs in the text format of [`sim::actions`] (documented there),
//! percent-encoded like any value: `run=3.215000c2_40.612345r2_1.0s1.set+x+1_n3`. Its end mark
//! makes a link cut short (by a chat app, a length limit) an error rather than a silently
//! different run.

pub use crate::i18n::Lang;
use crate::num;
use std::fmt::{self, Write as _};

pub use sim::actions::{encode_run, Action};
use sim::actions::{ActionError, ActionProblem};
use sim::{SimConfig, PPM};

/// The smallest cluster the page offers.
pub const MIN_NODES: usize = 3;
/// The largest cluster the page offers.
pub const MAX_PAGE_NODES: usize = 9;
/// The cluster size when `nodes` is not given.
pub const DEFAULT_NODES: usize = 5;
/// The slowest and the fastest `speed`, in simulated ms per real second.
pub const SPEED_RANGE: (f64, f64) = (1.0, 10_000.0);
pub use sim::LONGEST_MS;

/// Every parameter name, in the order [`encode`] writes them.
pub const NAMES: [&str; 22] = [
    "embed",
    "scenario",
    "tour",
    "nodes",
    "seed",
    "speed",
    "autoplay",
    "controls",
    "lang",
    "theme",
    "prevote",
    "checkquorum",
    "election",
    "heartbeat",
    "latency",
    "loss",
    "at",
    "run",
    "script",
    "src",
    "v",
    "loading",
];

/// The longest `script` a link or an attribute may carry, in bytes.
pub const MAX_SCRIPT_BYTES: usize = 100_000;

/// How much of the controls an embedded playground shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Controls {
    /// Every control (the default).
    #[default]
    Full,
    /// Play, step and the timeline, in one row.
    Compact,
    /// Play and pause, and one step each way.
    Minimal,
    /// No controls: an animation.
    None,
}

impl Controls {
    /// Every value, in the order the spec lists them.
    pub const ALL: [Controls; 4] = [
        Controls::Full,
        Controls::Compact,
        Controls::Minimal,
        Controls::None,
    ];

    /// The name used in URLs and attributes.
    pub const fn name(self) -> &'static str {
        match self {
            Controls::Full => "full",
            Controls::Compact => "compact",
            Controls::Minimal => "minimal",
            Controls::None => "none",
        }
    }

    /// The value named `name` (any case, surrounding spaces ignored).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Controls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The colour scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Theme {
    /// Light.
    Light,
    /// Dark.
    Dark,
    /// As the reader's system prefers (the default).
    #[default]
    Auto,
}

impl Theme {
    /// Every value, in the order the spec lists them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// The name used in URLs and attributes.
    pub const fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    /// The value named `name` (any case, surrounding spaces ignored).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        Self::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An error of the `run` codec as the error of the `run` parameter.
fn run_error(e: ActionError) -> ParamError {
    ParamError {
        name: "run".to_string(),
        value: e.item,
        problem: ParamProblem::Run(e.problem),
    }
}

/// The page's settings. `None` and the defaults mean "not given": the page, the preset or
/// the browser decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Just the playground, without the page around it (for an iframe).
    pub embed: bool,
    /// A preset's name.
    pub scenario: Option<String>,
    /// How many nodes, [`MIN_NODES`]..=[`MAX_PAGE_NODES`] (default [`DEFAULT_NODES`]).
    pub nodes: usize,
    /// The seed of the run; `None`: a fresh one.
    pub seed: Option<u64>,
    /// Simulated ms per real second, within [`SPEED_RANGE`]; `None`: the page's default.
    pub speed: Option<f64>,
    /// Start playing at once.
    pub autoplay: bool,
    /// How much of the controls to show.
    pub controls: Controls,
    /// The language; `None`: the browser's.
    pub lang: Option<Lang>,
    /// The colour scheme.
    pub theme: Theme,
    /// PreVote on or off.
    pub prevote: Option<bool>,
    /// CheckQuorum on or off.
    pub checkquorum: Option<bool>,
    /// The election timeout range `[min, max)` in ms (`election=150..300`).
    pub election_ms: Option<(u64, u64)>,
    /// The heartbeat interval in ms (`heartbeat=50`).
    pub heartbeat_ms: Option<u64>,
    /// The one-way latency range in ms (`latency=10..15`).
    pub latency_ms: Option<(u64, u64)>,
    /// The share of messages lost at random, 0 to 100 (`loss=5`).
    pub loss_percent: Option<f64>,
    /// The user's inputs in the order they happened (`run`).
    pub actions: Vec<Action>,
    /// The moment a share link was made, µs of simulated time (`at=631.204`, in ms): the page
    /// opens there, paused.
    pub at_us: Option<sim::raft::Time>,
    /// A scenario script to run (`script=`, or an element's inline script): wins over
    /// `scenario`.
    pub script: Option<String>,
    /// Where to fetch a scenario script from (`src=`, on the same site).
    pub src: Option<String>,
    /// The simulation version that made a share link (`v=`).
    pub version: Option<String>,
    /// Start the simulation only when the element comes near the viewport (an element's
    /// `loading`, `lazy` by default).
    pub lazy: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            embed: false,
            scenario: None,
            nodes: DEFAULT_NODES,
            seed: None,
            speed: None,
            autoplay: false,
            controls: Controls::Full,
            lang: None,
            theme: Theme::Auto,
            prevote: None,
            checkquorum: None,
            election_ms: None,
            heartbeat_ms: None,
            latency_ms: None,
            loss_percent: None,
            actions: Vec::new(),
            at_us: None,
            script: None,
            src: None,
            version: None,
            lazy: true,
        }
    }
}

impl Params {
    /// Writes the simulator settings that were given (timing, latency, PreVote, CheckQuorum)
    /// into `config`. The node count and seed are left to the caller, as a preset may fix
    /// them; the loss is an input ([`Params::loss_ppm`]), not a setting.
    pub fn apply_to(&self, config: &mut SimConfig) {
        if let Some(e) = self.election_ms {
            config.election_ms = e;
        }
        if let Some(h) = self.heartbeat_ms {
            config.heartbeat_ms = h;
        }
        if let Some(l) = self.latency_ms {
            config.latency_ms = l;
        }
        if let Some(on) = self.prevote {
            config.pre_vote = on;
        }
        if let Some(on) = self.checkquorum {
            config.check_quorum = on;
        }
    }

    /// `loss` in parts per million, as [`Input::Loss`](sim::Input::Loss) takes it.
    pub fn loss_ppm(&self) -> Option<u32> {
        self.loss_percent
            .map(|p| (p * 10_000.0).round().clamp(0.0, f64::from(PPM)) as u32)
    }
}

/// A parameter that could not be used as given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name as given (lower case for known ones).
    pub name: String,
    /// Its value as given, decoded; empty when it had none. For `run`, the bad item.
    pub value: String,
    /// What is wrong and what is used instead.
    pub problem: ParamProblem,
}

/// What is wrong with a parameter, and what is used instead. The limits of a value (3 to 9
/// nodes, ...) are the constants of this module, which every rendering quotes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamProblem {
    /// Given `count` times: the last one counts.
    Repeated {
        /// How many times.
        count: usize,
    },
    /// A name that is no parameter: ignored. (The one it is probably a typo of is
    /// [`suggestion`]'s to find, when the error is told.)
    Unknown,
    /// A switch that is neither on nor off.
    NotSwitch {
        /// What is used instead.
        fallback: SwitchFallback,
    },
    /// A preset that does not exist: the default is used.
    NoPreset {
        /// Every preset.
        presets: Vec<String>,
    },
    /// `nodes` outside [`MIN_NODES`]..=[`MAX_PAGE_NODES`]: [`DEFAULT_NODES`] is used.
    Nodes,
    /// `seed` not a whole number: a fresh one is used.
    Seed,
    /// `speed` outside [`SPEED_RANGE`]: the page's default is used.
    Speed,
    /// `controls` not one of [`Controls::ALL`]: full controls are used.
    Controls,
    /// `lang` not one the page speaks: the browser's language is used.
    Lang,
    /// `theme` not one of [`Theme::ALL`]: `auto` is used.
    Theme,
    /// `election` not a range within [`LONGEST_MS`]: the default is used.
    Election,
    /// `heartbeat` not an interval within [`LONGEST_MS`]: the default is used.
    Heartbeat,
    /// `latency` not a range within [`sim::MAX_LATENCY_MS`]: the default is used.
    Latency,
    /// `loss` not a percentage: the default is used.
    Loss,
    /// `at` not a time within an hour: the run opens at its start.
    At,
    /// A heartbeat not below the shortest election timeout: the default is used.
    HeartbeatNotShorter {
        /// The shortest election timeout, ms.
        election_min_ms: u64,
        /// Whether that timeout was given (or is the default).
        given: bool,
    },
    /// A shortest election timeout not above the heartbeat: the default is used.
    ElectionNotLonger {
        /// The heartbeat, ms.
        heartbeat_ms: u64,
        /// Whether that heartbeat was given (or is the default).
        given: bool,
    },
    /// A `run` that cannot be read or replayed (in full).
    Run(ActionProblem),
    /// A `script` longer than [`MAX_SCRIPT_BYTES`]: not run.
    ScriptTooLong,
    /// A `src` that is not a path or URL on this site: not fetched.
    Src,
    /// A `v` that is not a version this page could have written: ignored.
    Version,
    /// `loading` neither `lazy` nor `eager`: `lazy` is used.
    Loading,
}

/// What a bad switch falls back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SwitchFallback {
    /// Off.
    Off,
    /// The preset's or the page's default.
    Default,
}

impl ParamError {
    fn new(name: &str, value: &str, problem: ParamProblem) -> Self {
        ParamError {
            name: name.to_string(),
            value: value.to_string(),
            problem,
        }
    }
}

impl fmt::Display for ParamError {
    /// `name=value: message`, or `name: message` without a value; a long value is cut. The
    /// English of [`crate::errors::param_error`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::errors::en::param(self))
    }
}

impl std::error::Error for ParamError {}

/// `text` for a message: at most 48 characters, control characters shown as `�`.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 48;
    let clean = |c: char| if c.is_control() { '\u{fffd}' } else { c };
    if text.chars().count() <= MAX {
        text.chars().map(clean).collect()
    } else {
        let mut s: String = text.chars().take(MAX - 1).map(clean).collect();
        s.push('…');
        s
    }
}

/// Reads `query` (`location.search`, with or without its `?`). Names and values are
/// percent-decoded, `+` is a space; a malformed escape is kept as it is and bytes that are not
/// UTF-8 become `�`. `presets` are the names `scenario` may take.
///
/// Every bad, unknown or repeated parameter adds a [`ParamError`]; a bad value leaves the
/// default, a repeated parameter's last value counts.
pub fn parse(query: &str, presets: &[&str]) -> (Params, Vec<ParamError>) {
    let query = query.strip_prefix('?').unwrap_or(query);
    let pairs = query.split('&').filter(|s| !s.is_empty()).map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (percent_decode(name), percent_decode(value))
    });
    read(pairs, presets, false)
}

/// `pairs` as a query string (`name=value&...`, percent-encoded), which [`decode_pairs`]
/// reads back: how an element's attributes travel to the tools module.
pub fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(&mut out, name);
        out.push('=');
        percent_encode(&mut out, value);
    }
    out
}

/// The pairs [`encode_pairs`] wrote.
pub fn decode_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// What was wrong in a link's query (or, with `attributes`, in an element's attributes as
/// [`encode_pairs`] wrote them), as one sentence in `lang`. The tools module says it: the
/// sentences for every kind of problem, in both languages, are not in the page's wasm.
pub fn describe(query: &str, attributes: bool, lang: Lang) -> String {
    let presets = crate::model::preset_names();
    let errors = if attributes {
        from_attributes(decode_pairs(query), &presets).1
    } else {
        parse(query, &presets).1
    };
    let lead = lead(attributes, lang);
    let errors: Vec<String> = errors
        .iter()
        .map(|e| crate::errors::param_error(lang, e))
        .collect();
    format!("{lead} {}", errors.join("; "))
}

/// How a notice of bad settings begins: a link's, or an element's attributes.
fn lead(attributes: bool, lang: Lang) -> &'static str {
    let text = crate::i18n::strings(lang);
    if attributes {
        text.bad_attribute
    } else {
        text.bad_param
    }
}

/// What was wrong, before the tools module has said it in full (or when it cannot be
/// fetched): the lead and each parameter as it was given.
pub fn outline(errors: &[ParamError], attributes: bool, lang: Lang) -> String {
    let lead = lead(attributes, lang);
    let given: Vec<String> = errors
        .iter()
        .map(|e| {
            if e.value.is_empty() {
                format!("`{}`", shorten(&e.name))
            } else {
                format!("`{}={}`", shorten(&e.name), shorten(&e.value))
            }
        })
        .collect();
    format!("{lead} {}", given.join(", "))
}

/// Reads an element's attributes (name, value), as [`parse`] reads a query: the same names,
/// values and errors, except that the attributes every HTML element may have (`id`, `class`,
/// `data-*`, ...) are not errors. An element is always embedded, and its controls are
/// compact unless it says otherwise.
pub fn from_attributes(
    attributes: impl IntoIterator<Item = (String, String)>,
    presets: &[&str],
) -> (Params, Vec<ParamError>) {
    let attributes: Vec<(String, String)> = attributes.into_iter().collect();
    let controls_given = attributes
        .iter()
        .any(|(n, _)| n.trim().eq_ignore_ascii_case("controls"));
    let (mut params, errors) = read(attributes.into_iter(), presets, true);
    params.embed = true;
    // Beside an author's text a compact playground is the default (the element's box is
    // sized for it); the full page's default is every control.
    if !controls_given {
        params.controls = Controls::Compact;
    }
    (params, errors)
}

/// The query string (without `?`) that [`parse`] reads back to `params`: only what differs
/// from the defaults, in the order of [`NAMES`], `run` last. Every value of a valid `Params`
/// round-trips exactly, the speed and loss included.
pub fn encode(params: &Params) -> String {
    let mut out = String::new();
    let mut put = |name: &str, value: Option<&str>| {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(name);
        if let Some(value) = value {
            out.push('=');
            percent_encode(&mut out, value);
        }
    };
    let on_off = |on: bool| if on { "on" } else { "off" };
    let range = |(a, b): (u64, u64)| format!("{a}..{b}");
    let p = params;
    if p.embed {
        put("embed", None);
    }
    if let Some(s) = &p.scenario {
        put("scenario", Some(s));
    }
    if p.nodes != DEFAULT_NODES {
        put("nodes", Some(&p.nodes.to_string()));
    }
    if let Some(seed) = p.seed {
        put("seed", Some(&seed.to_string()));
    }
    if let Some(speed) = p.speed {
        put("speed", Some(&num::decimal(speed, 3)));
    }
    if p.autoplay {
        put("autoplay", None);
    }
    if p.controls != Controls::Full {
        put("controls", Some(p.controls.name()));
    }
    if let Some(lang) = p.lang {
        put("lang", Some(lang.code()));
    }
    if p.theme != Theme::Auto {
        put("theme", Some(p.theme.name()));
    }
    if let Some(on) = p.prevote {
        put("prevote", Some(on_off(on)));
    }
    if let Some(on) = p.checkquorum {
        put("checkquorum", Some(on_off(on)));
    }
    if let Some(e) = p.election_ms {
        put("election", Some(&range(e)));
    }
    if let Some(h) = p.heartbeat_ms {
        put("heartbeat", Some(&h.to_string()));
    }
    if let Some(l) = p.latency_ms {
        put("latency", Some(&range(l)));
    }
    if let Some(loss) = p.loss_percent {
        put("loss", Some(&num::decimal(loss, 4)));
    }
    if let Some(t) = p.at_us {
        put("at", Some(&num::decimal(t as f64 / 1000.0, 3)));
    }
    if let Some(v) = &p.version {
        put("v", Some(v));
    }
    if let Some(src) = &p.src {
        put("src", Some(src));
    }
    if let Some(script) = &p.script {
        put("script", Some(script));
    }
    if !p.actions.is_empty() {
        put("run", Some(&encode_run(&p.actions)));
    }
    out
}

/// Reads a `run` value (already percent-decoded) with [`sim::actions::parse_run`]: at the
/// first bad item it stops, returning the actions before it with an error (named `run`)
/// naming the item, its number and the reason. A run without its end mark loses its last
/// item, which may have been cut.
pub fn parse_run(value: &str) -> (Vec<Action>, Option<ParamError>) {
    let (actions, error) = sim::actions::parse_run(value);
    (actions, error.map(run_error))
}

/// Whether `src` names a file on the page's own site: a relative path or one from the site's
/// root, never another origin (`https://…`, `//host/…`, `data:`, `javascript:`).
fn same_site_path(src: &str) -> bool {
    let s = src.trim();
    !s.is_empty()
        && !s.starts_with("//")
        && !s.contains('\\')
        && !s.split('/').next().unwrap_or("").contains(':')
        && !s.chars().any(char::is_control)
}

/// `s` if it is all ASCII digits and not empty.
fn digits(s: &str) -> Option<&str> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
}

/// Attributes HTML gives every element; an author may put them on `<raft-playground>`.
const HTML_ATTRIBUTES: [&str; 30] = [
    "accesskey",
    "autocapitalize",
    "autocorrect",
    "autofocus",
    "class",
    "contenteditable",
    "dir",
    "draggable",
    "enterkeyhint",
    "exportparts",
    "hidden",
    "id",
    "inert",
    "inputmode",
    "is",
    "itemid",
    "itemprop",
    "itemref",
    "itemscope",
    "itemtype",
    "nonce",
    "part",
    "popover",
    "role",
    "slot",
    "spellcheck",
    "style",
    "tabindex",
    "title",
    "translate",
];

fn is_html_attribute(name: &str) -> bool {
    HTML_ATTRIBUTES.contains(&name)
        || name.starts_with("data-")
        || name.starts_with("aria-")
        || name.starts_with("on")
}

/// The last value of a parameter, where it was and how often it was given.
struct Given {
    position: usize,
    value: String,
    count: usize,
}

/// Collects the parameters and the errors, each error with the position it refers to.
struct Reader {
    given: Vec<Option<Given>>,
    errors: Vec<(usize, ParamError)>,
}

impl Reader {
    /// The value of `name` (one of [`NAMES`]), if given; notes a repetition.
    fn take(&mut self, name: &str) -> Option<(usize, String)> {
        let i = NAMES.iter().position(|n| *n == name)?;
        let given = self.given[i].take()?;
        if given.count > 1 {
            self.errors.push((
                given.position,
                ParamError::new(
                    name,
                    &given.value,
                    ParamProblem::Repeated { count: given.count },
                ),
            ));
        }
        Some((given.position, given.value))
    }

    fn fail(&mut self, position: usize, name: &str, value: &str, problem: ParamProblem) {
        self.errors
            .push((position, ParamError::new(name, value, problem)));
    }

    /// A switch: on, off, or `None` when not given or bad (an error then says `fallback`).
    fn switch(&mut self, name: &str, fallback: SwitchFallback) -> Option<bool> {
        let (at, value) = self.take(name)?;
        let on = parse_switch(&value);
        if on.is_none() {
            self.fail(at, name, &value, ParamProblem::NotSwitch { fallback });
        }
        on
    }

    /// A value read by `read`, or `None` with the error `problem`.
    fn value<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&str) -> Option<T>,
        problem: ParamProblem,
    ) -> Option<(usize, T)> {
        let (at, value) = self.take(name)?;
        match read(&value) {
            Some(v) => Some((at, v)),
            None => {
                self.fail(at, name, &value, problem);
                None
            }
        }
    }
}

fn parse_switch(value: &str) -> Option<bool> {
    let v = value.trim().to_ascii_lowercase();
    match v.as_str() {
        "" | "1" | "true" | "on" | "yes" => Some(true),
        "0" | "false" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn parse_uint(value: &str) -> Option<u64> {
    digits(value.trim())?.parse().ok()
}

/// A duration in ms: `50` or `50ms`.
fn parse_ms(value: &str) -> Option<u64> {
    let v = value.trim();
    parse_uint(v.strip_suffix("ms").unwrap_or(v))
}

/// A range in ms: `150..300`, `150-300` or `150` (both ends), each may end in `ms`.
fn parse_range(value: &str) -> Option<(u64, u64)> {
    let v = value.trim();
    // `..` found a `char` at a time, not as a `&str` (see `ui::parse_range`): a `.` not
    // followed by another one leaves only `-` to try, and no number has a `.` in it.
    let dots = v
        .split_once('.')
        .and_then(|(a, b)| Some((a, b.strip_prefix('.')?)));
    let (a, b) = dots.or_else(|| v.split_once('-')).unwrap_or((v, v));
    Some((parse_ms(a)?, parse_ms(b)?))
}

fn parse_number(value: &str) -> Option<f64> {
    num::parse_decimal(value)
}

fn read(
    pairs: impl Iterator<Item = (String, String)>,
    presets: &[&str],
    attributes: bool,
) -> (Params, Vec<ParamError>) {
    let mut r = Reader {
        given: NAMES.iter().map(|_| None).collect(),
        errors: Vec::new(),
    };
    for (position, (name, value)) in pairs.enumerate() {
        let lower = name.trim().to_ascii_lowercase();
        match NAMES.iter().position(|n| *n == lower) {
            Some(i) => {
                let count = r.given[i].as_ref().map_or(0, |g| g.count) + 1;
                r.given[i] = Some(Given {
                    position,
                    value,
                    count,
                });
            }
            None if attributes && is_html_attribute(&lower) => {}
            None => {
                r.fail(position, &name, &value, ParamProblem::Unknown);
            }
        }
    }

    let mut p = Params {
        embed: r.switch("embed", SwitchFallback::Off).unwrap_or(false),
        ..Params::default()
    };
    if let Some((at, value)) = r.take("scenario") {
        let name = value.trim();
        match presets.iter().find(|s| s.eq_ignore_ascii_case(name)) {
            Some(s) => p.scenario = Some(s.to_string()),
            None => {
                let problem = ParamProblem::NoPreset {
                    presets: presets.iter().map(|s| s.to_string()).collect(),
                };
                r.fail(at, "scenario", &value, problem);
            }
        }
    }
    // `tour=NAME` opens the tour's chapter NAME: the preset `tour/NAME`.
    if let Some((at, value)) = r.take("tour") {
        let name = format!("tour/{}", value.trim());
        match presets.iter().find(|s| s.eq_ignore_ascii_case(&name)) {
            Some(s) => p.scenario = Some(s.to_string()),
            None => {
                let problem = ParamProblem::NoPreset {
                    presets: presets
                        .iter()
                        .filter_map(|s| s.strip_prefix("tour/"))
                        .map(str::to_string)
                        .collect(),
                };
                r.fail(at, "tour", &value, problem);
            }
        }
    }
    let in_range = |n: u64| (MIN_NODES as u64..=MAX_PAGE_NODES as u64).contains(&n);
    if let Some((_, n)) = r.value(
        "nodes",
        |v| parse_uint(v).filter(|&n| in_range(n)),
        ParamProblem::Nodes,
    ) {
        p.nodes = n as usize;
    }
    p.seed = r
        .value("seed", parse_uint, ParamProblem::Seed)
        .map(|(_, s)| s);
    let (slow, fast) = SPEED_RANGE;
    p.speed = r
        .value(
            "speed",
            |v| parse_number(v).filter(|s| (slow..=fast).contains(s)),
            ParamProblem::Speed,
        )
        .map(|(_, s)| s);
    p.autoplay = r.switch("autoplay", SwitchFallback::Off).unwrap_or(false);
    if let Some((_, c)) = r.value("controls", Controls::from_name, ParamProblem::Controls) {
        p.controls = c;
    }
    p.lang = r
        .value("lang", Lang::from_code, ParamProblem::Lang)
        .map(|(_, l)| l);
    if let Some((_, t)) = r.value("theme", Theme::from_name, ParamProblem::Theme) {
        p.theme = t;
    }
    p.prevote = r.switch("prevote", SwitchFallback::Default);
    p.checkquorum = r.switch("checkquorum", SwitchFallback::Default);

    let election = r.value(
        "election",
        |v| parse_range(v).filter(|&(a, b)| a >= 1 && a <= b && b <= LONGEST_MS),
        ParamProblem::Election,
    );
    let heartbeat = r.value(
        "heartbeat",
        |v| parse_ms(v).filter(|h| (1..=LONGEST_MS).contains(h)),
        ParamProblem::Heartbeat,
    );
    p.latency_ms = r
        .value(
            "latency",
            |v| parse_range(v).filter(|&(a, b)| a <= b && b <= sim::MAX_LATENCY_MS),
            ParamProblem::Latency,
        )
        .map(|(_, l)| l);
    p.loss_percent = r
        .value(
            "loss",
            |v| {
                let v = v.trim();
                parse_number(v.strip_suffix('%').unwrap_or(v)).filter(|l| (0.0..=100.0).contains(l))
            },
            ParamProblem::Loss,
        )
        .map(|(_, l)| l);
    p.at_us = r
        .value(
            "at",
            |v| {
                parse_number(v)
                    .filter(|ms| (0.0..=LONGEST_MS as f64).contains(ms))
                    .map(|ms| (ms * 1000.0).round() as sim::raft::Time)
            },
            ParamProblem::At,
        )
        .map(|(_, t)| t);
    // The heartbeat must be shorter than the shortest election timeout. Without a preset
    // (which may set its own timing) the simulator's defaults fill in what was not given.
    let defaults = (p.scenario.is_none()).then(|| SimConfig::new(DEFAULT_NODES, 0));
    p.heartbeat_ms = heartbeat.and_then(|(at, h)| {
        let shortest = election
            .map(|(_, e)| (e.0, true))
            .or_else(|| defaults.as_ref().map(|d| (d.election_ms.0, false)));
        match shortest {
            Some((min, given)) if h >= min => {
                r.fail(
                    at,
                    "heartbeat",
                    &h.to_string(),
                    ParamProblem::HeartbeatNotShorter {
                        election_min_ms: min,
                        given,
                    },
                );
                None
            }
            _ => Some(h),
        }
    });
    p.election_ms = election.and_then(|(at, e)| {
        let heartbeat = p
            .heartbeat_ms
            .map(|h| (h, true))
            .or_else(|| defaults.as_ref().map(|d| (d.heartbeat_ms, false)));
        match heartbeat {
            Some((h, given)) if e.0 <= h => {
                r.fail(
                    at,
                    "election",
                    &format!("{}..{}", e.0, e.1),
                    ParamProblem::ElectionNotLonger {
                        heartbeat_ms: h,
                        given,
                    },
                );
                None
            }
            _ => Some(e),
        }
    });

    if let Some((at, value)) = r.take("script") {
        if value.len() > MAX_SCRIPT_BYTES {
            r.fail(at, "script", &value, ParamProblem::ScriptTooLong);
        } else {
            p.script = Some(value);
        }
    }
    p.src = r
        .value(
            "src",
            |v| same_site_path(v).then(|| v.trim().to_string()),
            ParamProblem::Src,
        )
        .map(|(_, s)| s);
    p.version = r
        .value(
            "v",
            |v| {
                let v = v.trim();
                (!v.is_empty() && v.len() <= 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| v.to_ascii_lowercase())
            },
            ParamProblem::Version,
        )
        .map(|(_, v)| v);
    if let Some((_, lazy)) = r.value(
        "loading",
        |v| match v.trim().to_ascii_lowercase().as_str() {
            "lazy" => Some(true),
            "eager" => Some(false),
            _ => None,
        },
        ParamProblem::Loading,
    ) {
        p.lazy = lazy;
    }

    if let Some((at, value)) = r.take("run") {
        let (actions, error) = parse_run(&value);
        p.actions = actions;
        if let Some(e) = error {
            r.errors.push((at, e));
        }
    }

    // In the order the parameters were given. A stable insertion sort: a link has a handful of
    // errors, and core's sort would add kilobytes to the page's wasm.
    let mut errors = r.errors;
    for i in 1..errors.len() {
        let mut j = i;
        while j > 0 && errors[j - 1].0 > errors[j].0 {
            errors.swap(j - 1, j);
            j -= 1;
        }
    }
    (p, errors.into_iter().map(|(_, e)| e).collect())
}

/// The candidate closest to `word` (any case), if it is close enough to be a likely typo.
/// What an unknown parameter or preset is probably a typo of: found when the error is told
/// (by the tools module), not when the link is read.
pub fn suggestion(e: &ParamError) -> Option<String> {
    match &e.problem {
        ParamProblem::Unknown => closest(&e.name, &NAMES).map(str::to_string),
        ParamProblem::NoPreset { presets } => {
            let presets: Vec<&str> = presets.iter().map(String::as_str).collect();
            closest(&e.value, &presets).map(str::to_string)
        }
        _ => None,
    }
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Parameter names and values are ASCII: ASCII case folding keeps Unicode tables out of
    // the page.
    let word = word.trim().to_ascii_lowercase();
    if word.is_empty() || word.chars().count() > 64 {
        return None;
    }
    candidates
        .iter()
        .filter_map(|c| {
            let lower = c.to_ascii_lowercase();
            let d = if word.chars().count() >= 3 && lower.starts_with(&word) {
                1
            } else {
                distance(&word, &lower)
            };
            (d <= (lower.chars().count() / 3).max(1)).then_some((d, *c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edits (insert, delete, substitute, swap neighbours) turning `a` into `b`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[..w].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = best;
        }
    }
    d[a.len() * w + b.len()]
}

/// Decodes `%XX` escapes and `+` (a space); a malformed escape stays as it is, bytes that are
/// not UTF-8 become `�` (as the browser's `URLSearchParams` does).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends `s` with everything but `A-Z a-z 0-9 - . _ ~` escaped, a space as `+`.
fn percent_encode(out: &mut String, s: &str) {
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sim::raft::NodeId;
    use sim::History;
    use sim::{BugName, Input, Rng, Simulation, MAX_NODES};

    const PRESETS: [&str; 7] = [
        "election",
        "leader-crash",
        "split-vote",
        "log-repair",
        "figure-8",
        "partition",
        "vote-ignores-log",
    ];

    fn p(query: &str) -> (Params, Vec<String>) {
        let (params, errors) = parse(query, &PRESETS);
        (params, errors.iter().map(ToString::to_string).collect())
    }

    fn action(frame: u64, time_us: u64, input: Input) -> Action {
        Action::new(frame, time_us, input)
    }

    fn every_input() -> Vec<Input> {
        sim::actions::sample_inputs()
    }

    #[test]
    fn nothing_given_is_the_default() {
        for q in ["", "?", "&&", "?&"] {
            assert_eq!(p(q), (Params::default(), vec![]), "{q:?}");
        }
        assert_eq!(encode(&Params::default()), "");
    }

    #[test]
    fn the_spec_examples_read() {
        let (params, errors) = p("?embed&scenario=split-vote&controls=compact");
        assert!(errors.is_empty(), "{errors:?}");
        assert!(params.embed);
        assert_eq!(params.scenario.as_deref(), Some("split-vote"));
        assert_eq!(params.controls, Controls::Compact);
    }

    #[test]
    fn every_setting_reads() {
        let (params, errors) = p("nodes=7&seed=18446744073709551615&speed=12.5&autoplay\
             &controls=None&lang=zh-CN&theme=Dark&prevote=yes&checkquorum=0\
             &election=200-400ms&heartbeat=20ms&latency=5..5&loss=2.5%25");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            params,
            Params {
                nodes: 7,
                seed: Some(u64::MAX),
                speed: Some(12.5),
                autoplay: true,
                controls: Controls::None,
                lang: Some(Lang::Zh),
                theme: Theme::Dark,
                prevote: Some(true),
                checkquorum: Some(false),
                election_ms: Some((200, 400)),
                heartbeat_ms: Some(20),
                latency_ms: Some((5, 5)),
                loss_percent: Some(2.5),
                ..Params::default()
            }
        );
        assert_eq!(params.loss_ppm(), Some(25_000));
        let mut config = SimConfig::new(7, 1);
        params.apply_to(&mut config);
        assert_eq!(config.election_ms, (200, 400));
        assert_eq!(config.heartbeat_ms, 20);
        assert!(config.pre_vote && !config.check_quorum);
        assert!(config.validate().is_ok());
    }

    #[test]
    fn bad_values_say_what_and_use_the_default() {
        let cases = [
            (
                "nodes=12",
                "nodes=12: a cluster here has 3 to 9 nodes; using 5",
            ),
            ("nodes=", "nodes: a cluster here has 3 to 9 nodes; using 5"),
            (
                "nodes=-4",
                "nodes=-4: a cluster here has 3 to 9 nodes; using 5",
            ),
            (
                "seed=18446744073709551616",
                "seed=18446744073709551616: a seed is a whole number from 0 to \
                 18446744073709551615; using a fresh one",
            ),
            (
                "speed=inf",
                "speed=inf: speed is simulated milliseconds per real second, from 1 to 10000; \
                 using the page's default",
            ),
            (
                "autoplay=maybe",
                "autoplay=maybe: expected on or off (or 1/0, true/false, yes/no); using off",
            ),
            (
                "controls=tiny",
                "controls=tiny: controls is one of full, compact, minimal, none; using full",
            ),
            (
                "lang=fr",
                "lang=fr: the playground speaks en, zh; using the browser's language",
            ),
            (
                "theme=blue",
                "theme=blue: theme is one of light, dark, auto; using auto",
            ),
            (
                "scenario=figur-8",
                "scenario=figur-8: no such preset; did you mean figure-8? Using the default",
            ),
            (
                "scenario=zzz",
                "scenario=zzz: no such preset (the presets are election, leader-crash, \
                 split-vote, log-repair, figure-8, partition, vote-ignores-log); using the \
                 default",
            ),
            (
                "sed=7",
                "sed=7: unknown parameter `sed`, ignored; did you mean `seed`?",
            ),
            ("foo", "foo: unknown parameter `foo`, ignored"),
            (
                "heartbeat=150",
                "heartbeat=150: the heartbeat must be shorter than the default shortest \
                 election timeout (150 ms); using the default",
            ),
            (
                "election=40..80",
                "election=40..80: the shortest election timeout must be longer than the \
                 default heartbeat (50 ms); using the default",
            ),
            (
                "election=300..150",
                "election=300..150: election is the timeout range in ms, MIN..MAX with 1 ≤ MIN \
                 ≤ MAX ≤ 3600000, as in 150..300; using the default",
            ),
            (
                "loss=101",
                "loss=101: loss is the percentage of messages lost, from 0 to 100; using the \
                 default",
            ),
        ];
        for (query, expected) in cases {
            let (params, errors) = p(query);
            assert_eq!(errors, vec![expected.to_string()], "{query}");
            let known = !query.starts_with("sed") && !query.starts_with("foo");
            if known {
                assert_eq!(params, Params::default(), "{query}");
            }
        }
    }

    #[test]
    fn good_values_stay_beside_bad_ones() {
        let (params, errors) = p("nodes=3&seed=x&theme=dark&utm_source=chat&speed=0");
        assert_eq!(params.nodes, 3);
        assert_eq!(params.seed, None);
        assert_eq!(params.theme, Theme::Dark);
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(errors[0].starts_with("seed=x:"));
        assert!(errors[1].starts_with("utm_source=chat: unknown parameter"));
        assert!(errors[2].starts_with("speed=0:"));
    }

    #[test]
    fn timing_is_checked_against_what_is_given() {
        let (params, errors) = p("election=20..40&heartbeat=10");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.election_ms, Some((20, 40)));
        let (params, errors) = p("election=20..40&heartbeat=30");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!((params.election_ms, params.heartbeat_ms), (None, None));
        // A preset may have its own timing: only what is given is checked.
        let (params, errors) = p("scenario=election&heartbeat=200");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.heartbeat_ms, Some(200));
    }

    #[test]
    fn switches_take_every_spelling() {
        for (v, on) in [
            ("", true),
            ("=", true),
            ("=1", true),
            ("=TRUE", true),
            ("=on", true),
            ("=Yes", true),
            ("=0", false),
            ("=false", false),
            ("=off", false),
            ("=no", false),
        ] {
            let (params, errors) = p(&format!("autoplay{v}&prevote{v}&embed{v}"));
            assert!(errors.is_empty(), "{v}: {errors:?}");
            assert_eq!(params.autoplay, on, "{v}");
            assert_eq!(params.embed, on, "{v}");
            assert_eq!(params.prevote, Some(on), "{v}");
        }
    }

    #[test]
    fn the_last_of_a_repeated_parameter_counts() {
        let (params, errors) = p("seed=1&nodes=3&seed=2&seed=3");
        assert_eq!(params.seed, Some(3));
        assert_eq!(errors, vec!["seed=3: given 3 times; the last one counts"]);
        // Even when the last is bad: no silent fallback to an earlier one.
        let (params, errors) = p("nodes=7&nodes=70");
        assert_eq!(params.nodes, 5);
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn names_and_values_are_percent_decoded() {
        let (params, errors) = p("%73eed=%34%32&scen%61rio=Figure%2D8&lang=+zh+");
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(params.seed, Some(42));
        assert_eq!(params.scenario.as_deref(), Some("figure-8"));
        assert_eq!(params.lang, Some(Lang::Zh));
        assert_eq!(percent_decode("a+b%20c%zz%4%"), "a b c%zz%4%");
        assert_eq!(percent_decode("%FF%e4%b8%ad"), "\u{fffd}中");
        let (_, errors) = p("seed=%FF");
        assert_eq!(
            errors,
            vec!["seed=\u{fffd}: a seed is a whole number from 0 to 18446744073709551615; using a fresh one"]
        );
    }

    #[test]
    fn the_run_format_is_as_documented() {
        let actions = vec![
            action(3, 215_000, Input::Crash(2)),
            action(43, 827_345, Input::Restart(2)),
            action(44, 827_345, Input::Propose(1, "set x 1".into())),
        ];
        assert_eq!(
            encode_run(&actions),
            "3.215000c2_40.612345r2_1.0s1.set x 1_n3"
        );
        let params = Params {
            actions,
            ..Params::default()
        };
        assert_eq!(
            encode(&params),
            "run=3.215000c2_40.612345r2_1.0s1.set+x+1_n3"
        );
        assert_eq!(parse(&encode(&params), &[]), (params, vec![]));
    }

    #[test]
    fn every_input_round_trips_through_a_link() {
        // The `run` value alone round-trips in sim::actions' tests; here, inside a whole link.
        let actions: Vec<Action> = every_input()
            .into_iter()
            .enumerate()
            .map(|(i, input)| action(1 + 3 * i as u64, 1000 * i as u64, input))
            .collect();
        let params = Params {
            actions,
            ..Params::default()
        };
        let query = encode(&params);
        assert_eq!(parse(&query, &PRESETS), (params, vec![]), "{query}");
    }

    fn run_error(run: &str) -> (usize, String) {
        let (actions, error) = parse_run(run);
        let error = error.expect("an error");
        (actions.len(), error.to_string())
    }

    #[test]
    fn a_bad_action_drops_it_and_the_rest() {
        assert_eq!(
            run_error("1.0c1_1.5q_1.0h_1.0h_n4"),
            (
                1,
                "run=1.5q: action 2 of 4 is not valid (expected 1 (on) or 0 (off) after the \
                 letter); dropped it and the 2 after it, replaying the 1 before it"
                    .to_string()
            )
        );
        assert_eq!(
            run_error("1.0c16_n1"),
            (
                0,
                "run=1.0c16: action 1 of 1 is not valid (node 16 cannot exist (node ids are 1 \
                 to 15)); dropped it, replaying none"
                    .to_string()
            )
        );
        for (run, why) in [
            ("c1_n1", "it should start with the events and µs"),
            ("1c1_n1", "it should start with the events and µs"),
            ("0.0c1_n1", "at least 1 event after"),
            ("1.0_n1", "the letter naming the action is missing"),
            ("1.0Q_n1", "`Q` is not an action letter"),
            ("1.0c0_n1", "node 0 cannot exist"),
            ("1.0c99999999999_n1", "node 99999999999 cannot exist"),
            ("1.0c1x_n1", "unexpected `x` at its end"),
            ("1.0c_n1", "expected a node id"),
            ("1.0x1_n1", "expected `-` between the two nodes"),
            ("1.0f1000001_n1", "more than all"),
            ("1.0y5-4_n1", "ends before it starts"),
            (
                "1.0w150-300-150_n1",
                "shorter than the shortest election timeout",
            ),
            ("1.0w0-300-50_n1", "should have 1 ≤ MIN"),
            (
                "1.0g1sleepy_n1",
                "`sleepy` is not a bug (the bugs are vote-ignores-log",
            ),
            (
                "1.0s1set_n1",
                "expected `.` between the node and the command",
            ),
            ("1.0kset~5Gx_n1", "`~5G` in the text is not an escape"),
            ("1.0kset~E4_n1", "`~E4` in the text is not an escape"),
            ("1.0kset~_n1", "`~` in the text is not an escape"),
            (
                "99999999999999999999.0h_n1",
                "the number 99999999999999999999 is too large",
            ),
            (
                "18446744073709551615.0h_1.0h_n2",
                "its event number is too large",
            ),
            ("1.18446744073709551615h_1.1h_n2", "its time is too large"),
            ("1.0h_n1_1.0h_n2", "it should start with the events"),
        ] {
            let (_, error) = run_error(run);
            assert!(error.contains(why), "{run}: {error}");
        }
    }

    #[test]
    fn a_run_cut_short_is_an_error_not_a_different_run() {
        // Every cut is refused by the codec (sim::actions' tests); here, what the link says.
        let (kept, error) = parse_run("1.0c1_1.0c2");
        assert_eq!(kept.len(), 1);
        assert_eq!(
            error.unwrap().to_string(),
            "run=1.0c2: the run has no end mark (`n` and the number of actions), so the link \
             was probably cut short; dropped it, replaying the 1 before it"
        );
        let (kept, error) = parse_run("1.0c1_1.0c2_n3");
        assert_eq!(kept.len(), 2);
        assert_eq!(
            error.unwrap().to_string(),
            "run=n3: the end mark says 3 actions but the run holds 2, so the link was \
             changed; replaying the 2 actions there are"
        );
        assert_eq!(parse_run("n0"), (vec![], None));
        assert_eq!(
            parse_run("").1.unwrap().to_string(),
            "run: the run is empty (even no actions is `n0`), so the link was probably cut \
             short; replaying none"
        );
        assert!(parse_run("n").1.is_some());
    }

    #[test]
    fn a_recorded_history_replays_from_its_link() {
        let mut history = History::new(Simulation::new(SimConfig::new(5, 7)).unwrap());
        let mut clicks = vec![
            (5, Input::Crash(2)),
            (9, Input::Client("set x 1".into())),
            (20, Input::Partition(vec![vec![1, 2], vec![3, 4, 5]])),
            (30, Input::Heal),
            (31, Input::Propose(3, "del x_y".into())),
            (40, Input::Restart(2)),
        ]
        .into_iter();
        let mut next = clicks.next();
        for _ in 0..200 {
            match next {
                Some((at, _)) if history.position() >= at => {
                    let (_, input) = next.take().unwrap();
                    let now = history.current().now();
                    history.apply_at(now + 1_234, input).unwrap();
                    next = clicks.next();
                }
                _ => {
                    history.step();
                }
            }
        }
        let params = Params {
            seed: Some(7),
            actions: Action::from_history(&history),
            ..Params::default()
        };
        assert_eq!(params.actions.len(), 6);
        let (read, errors) = parse(&encode(&params), &PRESETS);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(read, params);

        let mut again = History::new(Simulation::new(SimConfig::new(5, 7)).unwrap());
        sim::actions::replay(&mut again, &read.actions).unwrap();
        assert_eq!(Action::from_history(&again), params.actions);
        while again.position() < history.position() {
            again.step();
        }
        assert_eq!(again.current().now(), history.current().now());

        // A link for a smaller cluster stops, with a message, at the first impossible step.
        let mut small = History::new(Simulation::new(SimConfig::new(5, 7)).unwrap());
        let bad = vec![action(1, 0, Input::Crash(9))];
        let error =
            super::run_error(sim::actions::replay(&mut small, &bad).unwrap_err()).to_string();
        assert!(error.starts_with("run=1.0c9: action 1 of 1 could not be replayed (node 9"));
    }

    #[test]
    fn errors_are_outlined_at_once_and_told_in_full_from_the_same_query() {
        let query = "sed=7&nodes=12&scenario=figur-8";
        let (_, errors) = parse(query, &crate::model::preset_names());
        let outline = outline(&errors, false, Lang::En);
        assert_eq!(
            outline,
            "A setting in this link could not be used and was ignored: `sed=7`, `nodes=12`, `scenario=figur-8`"
        );
        let told = describe(query, false, Lang::En);
        assert!(told.contains("did you mean `seed`?"), "{told}");
        assert!(told.contains("did you mean figure-8?"), "{told}");
        let zh = describe(query, false, Lang::Zh);
        assert!(zh.starts_with("链接中有无法使用的设置"), "{zh}");
        // An element's attributes travel as encoded pairs and come back the same.
        let pairs = [("controls", "tiny & <b>"), ("lang", "fr")];
        let encoded = encode_pairs(pairs);
        assert_eq!(
            decode_pairs(&encoded),
            pairs.map(|(a, b)| (a.to_string(), b.to_string()))
        );
        let told = describe(&encoded, true, Lang::En);
        assert!(told.starts_with("An attribute of this element"), "{told}");
        assert!(told.contains("controls=tiny & <b>"), "{told}");
    }

    #[test]
    fn suggestions_find_typos_only() {
        assert_eq!(closest("figur-8", &PRESETS), Some("figure-8"));
        assert_eq!(closest("Split-Vtoe", &PRESETS), Some("split-vote"));
        assert_eq!(closest("log", &PRESETS), Some("log-repair"));
        assert_eq!(closest("xyz", &PRESETS), None);
        assert_eq!(closest("", &PRESETS), None);
        assert_eq!(closest("checkqorum", &NAMES), Some("checkquorum"));
        assert_eq!(closest("pre-vote", &NAMES), Some("prevote"));
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(1000);
        let (_, errors) = p(&format!("seed={long}"));
        let shown = errors[0].split(':').next().unwrap();
        assert_eq!(shown.chars().count(), "seed=".len() + 48);
        assert!(shown.ends_with('…'));
        let (_, errors) = p("seed=a%0Ab");
        assert!(errors[0].starts_with("seed=a\u{fffd}b:"));
    }

    const PIECES: &[&str] = &[
        "=",
        "&",
        "?",
        "%",
        "%2",
        "%25",
        "%FF",
        "%C3%A9",
        "%e4%b8%ad",
        "+",
        "_",
        "~",
        ".",
        "..",
        "-",
        "n",
        "n3",
        "1.0",
        "c1",
        "s2.",
        "k",
        "~5F",
        "~7E",
        "~zz",
        "0",
        "1",
        "9",
        "12",
        "99999999999999999999999999",
        "18446744073709551615",
        "-1",
        "1e400",
        "NaN",
        "inf",
        "0.5",
        "ms",
        "%",
        "on",
        "off",
        "中",
        "😀",
        "\u{0}",
        "\n",
        " ",
        "é",
        "\u{fffd}",
    ];

    fn random_text(rng: &mut Rng, max: u64) -> String {
        let mut s = String::new();
        for _ in 0..rng.below(max) {
            match rng.below(4) {
                0 => s.push_str(rng.pick(&NAMES)),
                1 => s.push_str(rng.pick(PIECES)),
                2 => s.push(char::from(rng.below(128) as u8)),
                _ => s.push(char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('?')),
            }
        }
        s
    }

    fn random_input(rng: &mut Rng) -> Input {
        let node = |rng: &mut Rng| 1 + rng.below(MAX_NODES as u64) as NodeId;
        let text = |rng: &mut Rng| {
            let mut s = String::new();
            for _ in 0..rng.below(12) {
                let c = match rng.below(3) {
                    0 => rng.pick(&['_', '~', '%', '+', '&', '=', '#', ' ', '.', 'n', '5', 'F']),
                    1 => char::from(rng.below(128) as u8),
                    _ => char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('é'),
                };
                s.push(c);
            }
            s
        };
        let big = |rng: &mut Rng| {
            if rng.chance(10) {
                u64::MAX - rng.below(3)
            } else {
                rng.below(1_000_000)
            }
        };
        match rng.below(23) {
            0 => Input::Crash(node(rng)),
            1 => Input::Restart(node(rng)),
            2 => Input::Isolate(node(rng)),
            3 => Input::Rejoin(node(rng)),
            4 => Input::Timeout(node(rng)),
            5 => Input::Heartbeat(node(rng)),
            6 => Input::Partition(
                (0..rng.below(4))
                    .map(|_| (0..rng.below(4)).map(|_| node(rng)).collect())
                    .collect(),
            ),
            7 => Input::Heal,
            8 => Input::Cut {
                from: node(rng),
                to: node(rng),
                both: rng.chance(50),
            },
            9 => Input::Link {
                from: node(rng),
                to: node(rng),
                both: rng.chance(50),
            },
            10 => Input::Loss(rng.below(u64::from(PPM) + 1) as u32),
            11 => {
                let a = big(rng);
                let b = big(rng);
                Input::Latency(a.min(b), a.max(b))
            }
            12 => {
                let min = 2 + rng.below(1000);
                Input::Timing {
                    election_ms: (min, min + rng.below(1000)),
                    heartbeat_ms: 1 + rng.below(min - 1),
                }
            }
            13 => Input::Timers(rng.chance(50)),
            14 => Input::PreVote(rng.chance(50)),
            15 => Input::CheckQuorum(rng.chance(50)),
            16 => Input::Bug(rng.pick(BugName::ALL), rng.chance(50)),
            17 => Input::Propose(node(rng), text(rng)),
            18 => Input::Client(text(rng)),
            19 => Input::Deliver(big(rng)),
            20 => Input::Drop(big(rng)),
            21 => Input::Heal,
            _ => Input::Crash(node(rng)),
        }
    }

    fn random_actions(rng: &mut Rng) -> Vec<Action> {
        let (mut frame, mut time) = (0u64, 0u64);
        let mut actions = Vec::new();
        for _ in 0..rng.below(40) {
            let span = if rng.chance(5) { 1 << 40 } else { 300 };
            frame += 1 + rng.below(span);
            let span = if rng.chance(5) { 1 << 40 } else { 100_000 };
            time += rng.below(span);
            actions.push(action(frame, time, random_input(rng)));
        }
        actions
    }

    /// Changes a few bytes of `s` (ASCII) and maybe cuts it.
    fn damage(rng: &mut Rng, s: String) -> String {
        let mut bytes = s.into_bytes();
        if !bytes.is_empty() && rng.chance(50) {
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(bytes.len() as u64) as usize;
                bytes[i] = rng.pick(b"_~.-%&=+n0129cszXpg");
            }
        }
        if rng.chance(20) {
            bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }

    const VALUES: &[&str] = &[
        "",
        "3",
        "5",
        "9",
        "12",
        "0",
        "1",
        "on",
        "off",
        "Yes",
        "maybe",
        "figure-8",
        "figur-8",
        "Split-Vote",
        "compact",
        "none",
        "zh-TW",
        "fr",
        "dark",
        "150..300",
        "20-40",
        "40..20",
        "50ms",
        "10",
        "200",
        "2.5%25",
        "100",
        "1e3",
        "inf",
        "-0",
        "18446744073709551616",
        "n0",
    ];

    fn random_query(rng: &mut Rng) -> String {
        let mut query = String::new();
        if rng.chance(30) {
            query.push('?');
        }
        for i in 0..rng.below(8) {
            if i > 0 || rng.chance(10) {
                query.push('&');
            }
            let name = if rng.chance(85) {
                rng.pick(&NAMES).to_string()
            } else {
                random_text(rng, 4)
            };
            let (name, value) = match rng.below(6) {
                0 => (name, None),
                1 | 2 => (name, Some(rng.pick(VALUES).to_string())),
                3 => (name, Some(random_text(rng, 8))),
                _ => {
                    let mut run = String::new();
                    percent_encode(&mut run, &encode_run(&random_actions(rng)));
                    ("run".to_string(), Some(damage(rng, run)))
                }
            };
            query.push_str(&name);
            let Some(value) = value else { continue };
            query.push('=');
            query.push_str(&value);
        }
        query
    }

    #[test]
    fn fuzz_random_queries_never_panic_and_settle() {
        let mut rng = Rng::new(0x9e37_79b9_7f4a_7c15);
        let (mut set, mut with_actions) = (0, 0);
        for round in 0..20_000 {
            let query = if round % 4 == 0 {
                random_text(&mut rng, 24)
            } else {
                random_query(&mut rng)
            };
            let (params, _) = parse(&query, &PRESETS);
            set += usize::from(params != Params::default());
            with_actions += usize::from(!params.actions.is_empty());
            // Whatever was read, its link reads back the same with no complaint.
            let again = encode(&params);
            assert_eq!(
                parse(&again, &PRESETS),
                (params.clone(), vec![]),
                "{query:?}"
            );
            let _ = parse_run(&query);
        }
        // The fuzz reaches past the defaults, runs included.
        assert!(set > 8_000 && with_actions > 6_000, "{set} {with_actions}");
    }

    fn random_params(rng: &mut Rng) -> Params {
        let mut p = Params::default();
        let maybe = |rng: &mut Rng| rng.chance(40);
        p.embed = maybe(rng);
        if maybe(rng) {
            p.scenario = Some(rng.pick(&PRESETS).to_string());
        }
        p.nodes = rng.below((MAX_PAGE_NODES - MIN_NODES + 1) as u64) as usize + MIN_NODES;
        if maybe(rng) {
            p.seed = Some(if rng.chance(20) {
                u64::MAX
            } else {
                rng.next_u64()
            });
        }
        if maybe(rng) {
            let (lo, hi) = SPEED_RANGE;
            p.speed = Some(match rng.below(4) {
                0 => lo,
                1 => hi,
                2 => (rng.below(10_000) + 1) as f64,
                // A link carries speed to 3 decimals: a finer one would not round-trip.
                _ => {
                    ((lo + (hi - lo) * (rng.next_u64() as f64 / u64::MAX as f64)) * 1e3).round()
                        / 1e3
                }
            });
        }
        p.autoplay = maybe(rng);
        p.controls = rng.pick(&Controls::ALL);
        if maybe(rng) {
            p.lang = Some(rng.pick(&Lang::ALL));
        }
        p.theme = rng.pick(&Theme::ALL);
        if maybe(rng) {
            p.prevote = Some(maybe(rng));
        }
        if maybe(rng) {
            p.checkquorum = Some(maybe(rng));
        }
        if maybe(rng) {
            let min = 60 + rng.below(1000);
            p.election_ms = Some((min, min + rng.below(1000)));
        }
        if maybe(rng) {
            p.heartbeat_ms = Some(1 + rng.below(50));
        }
        if maybe(rng) {
            let min = rng.below(100);
            p.latency_ms = Some((min, min + rng.below(100)));
        }
        if maybe(rng) {
            p.loss_percent = Some(match rng.below(4) {
                0 => 0.0,
                1 => 100.0,
                2 => rng.below(101) as f64,
                // And loss to 4 (one part per million).
                _ => (100.0 * (rng.next_u64() as f64 / u64::MAX as f64) * 1e4).round() / 1e4,
            });
        }
        if maybe(rng) {
            p.actions = random_actions(rng);
        }
        p
    }

    #[test]
    fn fuzz_generated_params_round_trip() {
        let mut rng = Rng::new(0x2545_f491_4f6c_dd1d);
        for _ in 0..5_000 {
            let params = random_params(&mut rng);
            let query = encode(&params);
            assert!(
                query
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~=&+%".contains(&b)),
                "{query}"
            );
            assert_eq!(parse(&query, &PRESETS), (params.clone(), vec![]), "{query}");
            assert_eq!(
                parse(&format!("?{query}"), &PRESETS),
                (params.clone(), vec![])
            );
            // Damage anywhere never panics; the run, if damaged, comes back as a prefix.
            let mut bytes = query.clone().into_bytes();
            if !bytes.is_empty() {
                for _ in 0..1 + rng.below(3) {
                    let i = rng.below(bytes.len() as u64) as usize;
                    bytes[i] = rng.pick(b"_~.-%&=+n0129cszXp");
                }
                let damaged = String::from_utf8_lossy(&bytes).into_owned();
                let _ = parse(&damaged, &PRESETS);
                let cut = rng.below(query.len() as u64) as usize;
                let (read, errors) = parse(&query[..cut], &PRESETS);
                if query[..cut].contains("run") {
                    assert!(!errors.is_empty(), "{}", &query[..cut]);
                }
                assert!(
                    params.actions.starts_with(&read.actions),
                    "{}",
                    &query[..cut]
                );
            }
        }
    }
}
