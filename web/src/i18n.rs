//! The page's words in English and Simplified Chinese.
//!
//! Every string the interface shows lives in one [`Strings`] table per language, so a missing
//! translation is a compile error rather than a blank label. Sentences that carry values use
//! `{name}` placeholders, filled in with [`fill`].

// A catalogue: each view reads the few strings it needs, and the tests read them all.

use sim::Property;

/// A language the page can be shown in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every supported language, in the order a language menu lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The short code used in URLs, storage and the `lang` attribute: `en` or `zh`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language a code such as `en`, `en-US`, `zh-CN` or `ZH-hant` names, ignoring case;
    /// `None` for a language the page does not speak.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim();
        let primary = code.split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    /// The first supported language in a browser's preference list (`navigator.languages`),
    /// or English.
    pub fn from_browser(languages: &[String]) -> Lang {
        languages
            .iter()
            .find_map(|code| Lang::from_code(code))
            .unwrap_or(Lang::En)
    }

    /// The other language: what a language toggle switches to.
    pub const fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Zh,
            Lang::Zh => Lang::En,
        }
    }

    /// The language's name in itself, for the language menu.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }
}

/// The strings of `lang`. With the `words-fetched` feature (the page and the element), the
/// words fetched for it ([`words::install`]); blank until then (nothing is drawn before).
pub fn strings(lang: Lang) -> &'static Strings {
    words::get(lang).map_or(&words::BLANK, |(strings, _)| strings)
}

/// A language's words as a text. The page and the element carry no words of their own (the
/// `words-fetched` feature): they fetch the visitor's language, `words/en.txt` or
/// `words/zh.txt` beside the wasm, as it downloads, are drawn only once it is here, and fetch
/// the other language if the visitor switches. A table in the wasm costs more than its text
/// (a pointer and a length per string, and the code that reads them): both tables cost 15 KB
/// of the gzipped wasm, one text 6 KB. The build writes the files with the lang module
/// (`src/bin/raft-lang.rs`, run by `web/words.mjs`), from the same tables the tests read.
///
/// The text is the layout number ([`Strings::LAYOUT`] and the narration's, in hex), then
/// every string of [`Strings`] in order, then the narration's templates in order, each
/// followed by `\0`.
pub mod words {
    use super::{Lang, Strings};

    /// A hash of `names`, in order (FNV-1a), computed when the page is compiled.
    pub const fn layout(names: &[&str]) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut i = 0;
        while i < names.len() {
            let bytes = names[i].as_bytes();
            let mut j = 0;
            while j <= bytes.len() {
                // Each name ends with a byte no name has, so `ab`,`c` and `a`,`bc` differ.
                hash ^= if j < bytes.len() {
                    bytes[j] as u64
                } else {
                    0xff
                };
                hash = hash.wrapping_mul(0x0100_0000_01b3);
                j += 1;
            }
            i += 1;
        }
        hash
    }

    /// The layout both ends must agree on: the interface's strings, the narration's keys and
    /// the presets whose titles follow.
    fn layout_of_both() -> u64 {
        let presets: Vec<&str> = crate::model::PRESETS.iter().map(|p| p.name).collect();
        Strings::LAYOUT
            ^ crate::narrate::WORDS_LAYOUT.rotate_left(1)
            ^ layout(&presets).rotate_left(2)
    }

    /// Every word of `lang`, as [`install`] reads them: what the build writes.
    pub fn text(lang: Lang) -> String {
        match lang {
            Lang::En => text_of(&super::EN, crate::narrate::words_text(Lang::En), lang),
            Lang::Zh => text_of(&super::ZH, crate::narrate::words_text(Lang::Zh), lang),
        }
    }

    fn text_of(strings: &Strings, narration: &str, lang: Lang) -> String {
        let mut out = String::new();
        // The layout in hex, written by hand: `format!` would bring the formatting machinery
        // into the lang module for this alone.
        let layout = layout_of_both();
        for shift in (0..16).rev() {
            out.push(char::from_digit(((layout >> (shift * 4)) & 0xf) as u32, 16).unwrap_or('0'));
        }
        out.push('\0');
        for s in strings.as_array() {
            out.push_str(s);
            out.push('\0');
        }
        out.push_str(narration);
        // The presets' titles (the lessons menu, the lesson's heading): words too.
        for preset in crate::model::PRESETS {
            out.push_str(if lang == Lang::Zh {
                preset.title_zh
            } else {
                preset.title
            });
            out.push('\0');
        }
        out
    }

    /// Why fetched words cannot be used.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub enum Unusable {
        /// Made by a build with other strings (a cached module of another version).
        OtherBuild,
        /// Cut short, or with words to spare.
        Count,
    }

    /// A language's words: the interface's strings, the narration's templates (one text) and
    /// the presets' titles (in [`crate::model::PRESETS`] order).
    pub type Words = (Strings, &'static str, Vec<&'static str>);

    /// The words in `text` (as [`text`] writes them), if they fit this build.
    pub fn read(text: &'static str) -> Result<Words, Unusable> {
        let (layout, rest) = text.split_once('\0').ok_or(Unusable::Count)?;
        if u64::from_str_radix(layout, 16) != Ok(layout_of_both()) {
            return Err(Unusable::OtherBuild);
        }
        let mut strings = [""; Strings::COUNT];
        let mut rest = rest;
        for slot in &mut strings {
            let (s, after) = rest.split_once('\0').ok_or(Unusable::Count)?;
            *slot = s;
            rest = after;
        }
        // The narration's templates, each ended by `\0`, then the titles.
        let mut end = 0;
        for _ in 0..crate::narrate::WORDS_COUNT {
            end += rest[end..].find('\0').ok_or(Unusable::Count)? + 1;
        }
        let (narration, titles) = rest.split_at(end);
        let titles: Vec<&'static str> = titles.split_terminator('\0').collect();
        // The last title ends with its `\0` too: nothing follows it.
        if titles.len() != crate::model::PRESETS.len()
            || !(titles.is_empty() || rest.ends_with('\0'))
        {
            return Err(Unusable::Count);
        }
        Ok((Strings::from_array(strings), narration, titles))
    }

    /// The strings shown before any words are here: none (nothing is drawn before).
    pub(crate) static BLANK: Strings = Strings::from_array([""; Strings::COUNT]);

    /// The words fetched, English's and Chinese's.
    #[cfg(feature = "words-fetched")]
    static FETCHED: [std::sync::OnceLock<Words>; 2] =
        [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

    /// The strings and narration templates of `lang`, once fetched.
    #[cfg(feature = "words-fetched")]
    pub(crate) fn get(lang: Lang) -> Option<(&'static Strings, &'static str)> {
        FETCHED[lang as usize]
            .get()
            .map(|(strings, narration, _)| (strings, *narration))
    }

    /// The title of preset number `i` in `lang`, once fetched (empty until then).
    #[cfg(feature = "words-fetched")]
    pub(crate) fn preset_title(lang: Lang, i: usize) -> &'static str {
        FETCHED[lang as usize]
            .get()
            .and_then(|(_, _, titles)| titles.get(i).copied())
            .unwrap_or("")
    }

    /// The strings and narration templates of `lang`: built in.
    #[cfg(not(feature = "words-fetched"))]
    pub(crate) fn get(lang: Lang) -> Option<(&'static Strings, &'static str)> {
        Some(match lang {
            Lang::En => (&super::EN, crate::narrate::words_text(Lang::En)),
            Lang::Zh => (&super::ZH, crate::narrate::words_text(Lang::Zh)),
        })
    }

    /// The title of preset number `i` in `lang`: built in.
    #[cfg(not(feature = "words-fetched"))]
    pub(crate) fn preset_title(lang: Lang, i: usize) -> &'static str {
        crate::model::PRESETS.get(i).map_or("", |p| match lang {
            Lang::En => p.title,
            Lang::Zh => p.title_zh,
        })
    }

    /// Whether the page can be shown in `lang` now.
    pub fn has(lang: Lang) -> bool {
        get(lang).is_some()
    }

    /// Takes the words of `lang` from `text` (a fetched `words/LANG.txt`), for the rest of the
    /// page's life: they are kept, once, like words built in.
    pub fn install(lang: Lang, text: String) -> Result<(), Unusable> {
        if has(lang) {
            return Ok(());
        }
        let words = read(Box::leak(text.into_boxed_str()))?;
        #[cfg(feature = "words-fetched")]
        let _ = FETCHED[lang as usize].set(words);
        #[cfg(not(feature = "words-fetched"))]
        let _ = words;
        Ok(())
    }
}

/// Replaces each `{name}` in `template` with the value given for `name`. A placeholder with no
/// value, and a lone brace, are left as they are.
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    fill_with(template, |name, out| {
        let value = args.iter().find(|(n, _)| *n == name)?;
        out.push_str(&value.1);
        Some(())
    })
}

/// The scan behind every template of the page: for each `{name}`, `value(name, out)` writes
/// the value and says whether there was one; a placeholder without one, and a lone brace,
/// are left as they are, and values are not scanned again.
pub fn fill_with(template: &str, mut value: impl FnMut(&str, &mut String) -> Option<()>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after
            .find('}')
            .and_then(|close| value(&after[..close], &mut out).map(|()| close));
        match filled {
            Some(close) => rest = &after[close + 1..],
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares [`Strings`] and a list of its fields by name, so tests can check every one.
macro_rules! strings {
    ($($(#[$doc:meta])* $field:ident,)*) => {
        /// Every string the interface shows, in one language.
        ///
        /// `repr(C)` with nothing but `&'static str` fields: laid out as an array of them,
        /// which is how fetched words arrive (see [`words`]).
        #[derive(Debug, PartialEq, Eq)]
        #[repr(C)]
        pub struct Strings {
            $($(#[$doc])* pub $field: &'static str,)*
        }

        impl Strings {
            /// How many strings a language has.
            pub const COUNT: usize = [$(stringify!($field),)*].len();
            /// The fields' names, in order, hashed: words fetched from another build are
            /// told apart by it.
            pub const LAYOUT: u64 = words::layout(&[$(stringify!($field),)*]);

            /// Every string, in declaration order.
            pub fn as_array(&self) -> &[&'static str; Self::COUNT] {
                // SAFETY: `Strings` is `repr(C)` with `COUNT` fields, each a `&'static str`,
                // so it has the layout (size, alignment, field offsets) of this array.
                unsafe { &*(self as *const Self).cast::<[&'static str; Self::COUNT]>() }
            }

            /// The strings in declaration order as a table.
            pub const fn from_array(strings: [&'static str; Self::COUNT]) -> Self {
                // SAFETY: as in `as_array`; `transmute` checks the sizes match.
                unsafe { std::mem::transmute::<[&'static str; Self::COUNT], Self>(strings) }
            }

            /// Every field as `(name, text)`, in declaration order.
            #[cfg(test)]
            pub fn fields(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field),)*]
            }
        }
    };
}

strings! {
    // ----- Page -----
    /// The page title.
    title,
    /// One line under the title.
    tagline,
    /// Placeholder for a node in headers: `{n}` is its id.
    node_label,

    // ----- Playback -----
    /// Start playback.
    play,
    /// Stop playback.
    pause,
    /// Step one event forward.
    step_forward,
    /// Step one event back.
    step_back,
    /// The speed control's label.
    speed,
    /// What the speed numbers mean.
    speed_hint,
    /// Jump to the next election.
    next_election,
    /// Jump to the next commit.
    next_commit,
    /// The timeline's label.
    timeline,
    /// Start a fresh run.
    new_run,
    /// The seed field's label.
    seed,
    /// A seed that is not a number: `{v}` is what was typed.
    bad_seed,
    /// The node count field's label.
    nodes,
    /// The scenario menu's label.
    presets,
    /// The scenario menu's entry for no scenario.
    preset_none,

    // ----- Sharing and files -----
    /// Share the run.
    share,
    /// Confirmation after copying.
    link_copied,
    /// Download the run as a trace file.
    export_trace,
    /// Open a trace file or a scenario script.
    import_trace,

    // ----- Preferences and help -----
    /// The language menu's label.
    language,
    /// The theme menu's label.
    theme,
    /// Light theme.
    theme_light,
    /// Dark theme.
    theme_dark,
    /// Follow the system's theme.
    theme_auto,
    /// Open the help.
    help,
    /// The keyboard shortcuts heading.
    shortcuts,
    /// Close a dialog.
    close,
    /// The legend heading.
    legend,
    /// The narration panel heading.
    narration,

    // ----- Safety -----
    /// The safety panel heading.
    safety,
    /// Every property holds.
    safety_ok,
    /// A property was broken.
    safety_violated,
    /// Election Safety.
    election_safety,
    /// Election Safety in plain words.
    election_safety_help,
    /// Leader Append-Only.
    leader_append_only,
    /// Leader Append-Only in plain words.
    leader_append_only_help,
    /// Log Matching.
    log_matching,
    /// Log Matching in plain words.
    log_matching_help,
    /// Leader Completeness.
    leader_completeness,
    /// Leader Completeness in plain words.
    leader_completeness_help,
    /// State Machine Safety.
    state_machine_safety,
    /// State Machine Safety in plain words.
    state_machine_safety_help,

    // ----- Node details -----
    /// A node's log.
    log,
    /// A node's key-value state machine.
    kv_state,
    /// A leader's nextIndex for a follower.
    next_index,
    /// A leader's matchIndex for a follower.
    match_index,
    /// The time of an event.
    time,
    /// A term.
    term,
    /// A node's term inside its circle: `{t}`.
    term_short,
    /// Whom a node voted for.
    voted_for,
    /// The commit index.
    commit,
    /// The last applied index.
    applied,
    /// A log index.
    index,
    /// Marks entries not yet committed.
    uncommitted,
    /// No node leads a majority.
    no_leader,
    /// Who leads: `{n}` the node, `{t}` the term.
    leader_status,
    /// A node leads an old term without a majority: `{n}` the node, `{t}` its term, `{h}` the
    /// highest term.
    leader_stale,
    /// A node leads the highest term, but a majority has not heard from it yet: `{n}`, `{t}`.
    leader_unconfirmed,

    // ----- Settings -----
    /// The network panel heading.
    network,
    /// Random message loss.
    loss,
    /// Message latency.
    latency,
    /// Election timeout range.
    election_timeout,
    /// Heartbeat interval.
    heartbeat,
    /// The PreVote switch.
    prevote,
    /// The CheckQuorum switch.
    checkquorum,

    // ----- Actions -----
    /// Partition so the leader is in the minority.
    partition_minority,
    /// Partition so the leader is in the majority.
    partition_majority,
    /// Restore every link.
    heal,
    /// Crash a node.
    crash,
    /// Restart a crashed node.
    restart,
    /// Make a node's election timer fire now.
    force_timeout,
    /// Send a client command.
    client_request,
    /// Membership: the leader removes this server from the configuration.
    remove_server,
    /// Membership: the leader adds this spare server as a voter.
    add_voter,
    /// Membership: the leader adds this spare server as a learner.
    add_learner,
    /// Membership: the leader makes this learner a voter.
    promote,
    /// The leader hands leadership to this server.
    transfer_here,
    /// A membership change or a transfer asked for while no server leads.
    change_needs_leader,
    /// A new, empty server joins the network as a spare.
    add_server,
    /// A learner, as its label says.
    learner,
    /// A server outside every configuration, as its label says.
    spare,
    /// The configuration line under the cluster: `{v}` the voters.
    config_voters,
    /// Its learners, appended: `{l}` them.
    config_learners,
    /// During joint consensus: `{o}` C_old's voters and `{v}` C_new's, `{a}` and `{b}` the
    /// votes each majority needs.
    config_joint,
    /// Appended while the configuration entry is not committed.
    config_pending,
    /// During joint consensus, where the leader's latest entry stands: `{i}` its index, `{a}`
    /// of `{n}` old voters and `{b}` of `{m}` new ones hold it.
    config_acks,
    /// During joint consensus, a candidate's votes: `{c}` the candidate, then as above.
    config_votes,
    /// The legend: the outer rings during joint consensus.
    config_rings,
    /// The log key: a configuration entry.
    config_entry,
    /// A configuration entry's tooltip: `{v}` its voters (`1,2,3 → 3,4,5` when joint).
    config_cmd,
    /// Cut every link of a node.
    isolate,
    /// Restore every link of a node.
    rejoin,
    /// Cut the link between nodes `{a}` and `{b}`.
    cut_link,
    /// Restore the link between nodes `{a}` and `{b}`.
    restore_link,

    // ----- Roles -----
    /// Follower.
    follower,
    /// Candidate.
    candidate,
    /// Pre-candidate.
    precandidate,
    /// Leader.
    leader,
    /// A crashed node.
    down,

    // ----- Messages -----
    /// RequestVote.
    request_vote,
    /// A granted vote.
    vote_granted,
    /// A refused vote.
    vote_refused,
    /// A pre-vote request.
    pre_vote,
    /// A granted pre-vote.
    pre_vote_granted,
    /// A refused pre-vote.
    pre_vote_refused,
    /// AppendEntries carrying entries.
    append_entries,
    /// AppendEntries carrying none.
    heartbeat_msg,
    /// A successful AppendEntries reply.
    append_ok,
    /// A failed consistency check.
    append_conflict,
    /// A reply that says the sender's term is stale.
    append_stale,
    /// A leader's TimeoutNow to the server taking over (thesis 3.10).
    timeout_now,
    /// A lost message.
    lost,

    // ----- Errors -----
    /// A URL parameter could not be used (the detail follows).
    bad_param,
    /// Before a given script's error.
    bad_script,
    /// Before the element's attribute errors.
    bad_attribute,
    /// A file is neither a trace nor a script (the detail follows).
    bad_trace,
    /// The tools module (which reads and writes files) could not be fetched (the detail follows).
    tools_unavailable,
    /// The log table's column of node ids.
    node_column,
    /// Timeline marker key: an election started.
    marker_election,
    /// Timeline marker key: a leader was elected.
    marker_leader,
    /// Timeline marker key: a leader committed.
    marker_commit,
    /// Timeline marker key: something was done from outside.
    marker_input,
    /// Timeline marker key: a safety violation.
    marker_violation,
    /// Log key: a committed entry.
    committed_entry,
    /// Playback stopped on a safety violation at event `{n}`.
    violation_paused,
    /// The page stopped on an internal error.
    panic_message,

    // ----- Guidance and feedback -----
    /// A jump that found no election: `{n}` leads `{t}`, `{ms}` looked ahead.
    jump_leader_healthy,
    /// A jump to the next commit with nothing to commit.
    jump_nothing_pending,
    /// A jump that found nothing within `{ms}` ms.
    jump_not_within,
    /// Acting in the past: at event `{n}`, `{m}` later events dropped.
    forked,
    /// A file opened: `{name}`, `{events}` events, `{checks}` checks.
    opened,
    /// How to start a lesson.
    lesson_hint,
    /// The guided tour (the lessons menu's group, the tour bar's label).
    tour,
    /// Where the reader is in the tour: `{n}` of `{m}` chapters.
    tour_chapter,
    /// Open the chapter before.
    tour_previous,
    /// Open the chapter after.
    tour_next,
    /// Leave the tour: the run plays on from where it is, without its captions.
    tour_leave,
    /// The lessons panels' heading.
    learn,
    /// The Figure 2 panel's tab.
    learn_rules,
    /// The break-a-rule panel's tab.
    learn_bugs,
    /// While a lessons panel is worked out the first time.
    learn_wait,
    /// A lessons panel could not be worked out: `{why}`.
    learn_failed,
    /// A picked log entry: node `{n}`, index `{i}`.
    entry_heading,
    /// The checkpoints of a lesson: `{n}` of them.
    lesson_checks,
    /// A share link opened at its moment: `{ms}` ms, event `{n}`.
    shared_at,
    /// A link's actions that stop replaying at action `{i}` of `{n}`.
    replay_stopped,
    /// A link's actions that could not be replayed at all.
    replay_stopped_at_start,
    /// A recording the page could not replay.
    recording_mismatch,
    /// A share link made by another build: `{theirs}`, `{ours}` (versions).
    other_version,
    /// A `src=` script that could not be fetched: `{src}`, `{why}`.
    script_unavailable,
    /// The words of language `{lang}` (its own name) could not be fetched: `{why}`.
    words_unavailable,
    /// The picked message: `{id}`.
    message_heading,
    /// Lose the picked message.
    drop_message,
    /// Deliver the picked message now.
    deliver_message,
    /// Copy the picked message.
    duplicate_message,
    /// How to act on a message.
    message_hint,
    /// The ✓ beside a node's role.
    voted_mark,
    /// A link cut on purpose.
    cut_link_legend,
    /// A link down because of a partition or an isolation.
    blocked_link_legend,
    /// A lost message's mark.
    lost_legend,
    /// The quick network actions' heading.
    quick_network,
    /// The lesson panel's heading.
    lesson,
    /// A preset that does not exist: `{name}`.
    no_such_preset,
    /// A preset's description could not be fetched: `{why}`.
    lesson_unavailable,
    /// The narration before anything happened.
    no_events_yet,
    /// An event's number in the narration: `{n}`.
    event_no,

    // ----- Keyboard: one help line per shortcut, keys first -----
    /// Space.
    kb_play_pause,
    /// Left and right arrows.
    kb_step,
    /// Shift with the arrows.
    kb_jump,
    /// N.
    kb_next_election,
    /// C.
    kb_next_commit,
    /// ?.
    kb_help,
    /// 1 to 9.
    kb_select,
    /// X.
    kb_crash,
    /// T.
    kb_timeout,
    /// R.
    kb_request,
    /// I.
    kb_isolate,
    /// H.
    kb_heal,
    /// L.
    kb_language,
    /// D.
    kb_theme,
}

impl Strings {
    /// A property's name and its explanation in one plain line.
    pub fn property(&self, property: Property) -> (&'static str, &'static str) {
        match property {
            Property::ElectionSafety => (self.election_safety, self.election_safety_help),
            Property::LeaderAppendOnly => (self.leader_append_only, self.leader_append_only_help),
            Property::LogMatching => (self.log_matching, self.log_matching_help),
            Property::LeaderCompleteness => {
                (self.leader_completeness, self.leader_completeness_help)
            }
            Property::StateMachineSafety => {
                (self.state_machine_safety, self.state_machine_safety_help)
            }
        }
    }

    /// The keyboard help, one line per shortcut, keys first.
    pub fn shortcut_lines(&self) -> [&'static str; 14] {
        [
            self.kb_play_pause,
            self.kb_step,
            self.kb_jump,
            self.kb_next_election,
            self.kb_next_commit,
            self.kb_help,
            self.kb_select,
            self.kb_crash,
            self.kb_timeout,
            self.kb_request,
            self.kb_isolate,
            self.kb_heal,
            self.kb_language,
            self.kb_theme,
        ]
    }
}

/// English.
pub const EN: Strings = Strings {
    title: "Raft Playground",
    tagline: "Watch a Raft cluster elect a leader and replicate its log, one event at a time.",
    node_label: "Node {n}",

    play: "Play",
    pause: "Pause",
    step_forward: "Next event",
    step_back: "Previous event",
    speed: "Speed",
    speed_hint: "simulated time per real second",
    next_election: "Next election",
    next_commit: "Next commit",
    timeline: "Timeline",
    new_run: "New run",
    seed: "Seed",
    bad_seed: "“{v}” is not a seed: type a whole number.",
    nodes: "Nodes",
    presets: "Scenarios",
    preset_none: "Free run",

    share: "Share",
    link_copied: "Link copied",
    export_trace: "Export trace",
    import_trace: "Open trace or script",

    language: "Language",
    theme: "Theme",
    theme_light: "Light",
    theme_dark: "Dark",
    theme_auto: "Automatic",
    help: "Help",
    shortcuts: "Keyboard shortcuts",
    close: "Close",
    legend: "Legend",
    narration: "What happened",

    safety: "Safety",
    safety_ok: "All five safety properties hold.",
    safety_violated: "Safety violated",
    election_safety: "Election Safety",
    election_safety_help: "At most one leader is elected in any term.",
    leader_append_only: "Leader Append-Only",
    leader_append_only_help: "A leader never overwrites or deletes entries in its log; it only adds new ones.",
    log_matching: "Log Matching",
    log_matching_help: "If two logs hold an entry with the same index and term, they are identical up to that entry.",
    leader_completeness: "Leader Completeness",
    leader_completeness_help: "An entry committed in one term is in the log of every leader of a later term.",
    state_machine_safety: "State Machine Safety",
    state_machine_safety_help: "No two nodes ever apply different commands at the same log index.",

    log: "Log",
    kv_state: "State machine",
    next_index: "nextIndex",
    match_index: "matchIndex",
    time: "Time",
    term: "Term",
    term_short: "T{t}",
    voted_for: "Voted for",
    commit: "Commit index",
    applied: "Applied",
    index: "Index",
    uncommitted: "uncommitted",
    no_leader: "No leader",
    leader_status: "Node {n} leads term {t}",
    leader_stale: "No leader with a majority: node {n} still leads term {t}, but the highest term is {h}",
    leader_unconfirmed: "Node {n} leads term {t}, but a majority has not heard from it yet",

    network: "Network",
    loss: "Message loss",
    latency: "Latency",
    election_timeout: "Election timeout",
    heartbeat: "Heartbeat interval",
    prevote: "PreVote",
    checkquorum: "CheckQuorum",

    partition_minority: "Partition, leader in the minority",
    partition_majority: "Partition, leader in the majority",
    heal: "Heal network",
    crash: "Crash",
    restart: "Restart",
    force_timeout: "Force timeout",
    client_request: "Client request",
    remove_server: "Remove from cluster",
    add_voter: "Add as voter",
    add_learner: "Add as learner",
    promote: "Promote to voter",
    transfer_here: "Transfer leadership here",
    change_needs_leader: "No server leads right now, and only a leader changes the configuration or hands over leadership: try again once one is elected.",
    add_server: "Add server",
    learner: "Learner",
    spare: "Spare",
    config_voters: "Voters {v}",
    config_learners: " · learners {l}",
    config_joint: "Joint consensus: old voters {o} (majority {a}) and new voters {v} (majority {b})",
    config_pending: " (not yet committed)",
    config_acks: "Entry {i} is held by {a} of {n} old and {b} of {m} new voters",
    config_votes: "Node {c} has the votes of {a} of {n} old and {b} of {m} new voters",
    config_rings: "dashed ring: old voter, solid ring: new voter",
    config_entry: "configuration entry",
    config_cmd: "configuration {v}",
    isolate: "Isolate",
    rejoin: "Rejoin",
    cut_link: "Cut the link {a}–{b}",
    restore_link: "Restore the link {a}–{b}",

    follower: "Follower",
    candidate: "Candidate",
    precandidate: "Pre-candidate",
    leader: "Leader",
    down: "Down",

    request_vote: "RequestVote",
    vote_granted: "Vote granted",
    vote_refused: "Vote refused",
    pre_vote: "Pre-vote request",
    pre_vote_granted: "Pre-vote granted",
    pre_vote_refused: "Pre-vote refused",
    append_entries: "AppendEntries",
    heartbeat_msg: "Heartbeat",
    append_ok: "Append accepted",
    append_conflict: "Append rejected",
    append_stale: "Stale-term reply",
    timeout_now: "TimeoutNow",
    lost: "Lost",

    bad_param: "A setting in this link could not be used and was ignored:",
    bad_script: "This scenario script does not run:",
    bad_attribute: "An attribute of this element could not be used and was ignored:",
    bad_trace: "This file is not a trace or scenario script the playground can run:",
    tools_unavailable: "The part of the playground that reads and writes files could not be loaded; check the connection and try again:",
    node_column: "Node",
    marker_election: "election",
    marker_leader: "new leader",
    marker_commit: "commit",
    marker_input: "your action",
    marker_violation: "violation",
    committed_entry: "committed entry",
    violation_paused: "Playback paused: a safety property was violated at event #{n}.",
    panic_message: "The playground stopped because of an internal error. Reload the page to start again.",

    jump_leader_healthy: "No election is coming: node {n} leads term {t} with a majority and nothing is failing (looked {ms} ms ahead). Crash it, isolate it or cut its links to cause one.",
    jump_nothing_pending: "Nothing is waiting to be committed: send a client request first.",
    jump_not_within: "Nothing like that happens within {ms} ms of simulated time; the view stays where it was.",
    forked: "You acted at event #{n}: the {m} events recorded after it were dropped, and the run goes on from here.",
    opened: "Opened {name}: {events} events, {checks} checks.",
    lesson_hint: "Press ▶ Play (or Space) to watch it, or step through it one event at a time with ◀ and ▶.",
    tour: "Tour",
    tour_chapter: "Tour: chapter {n} of {m}",
    tour_previous: "◀ Previous chapter",
    tour_next: "Next chapter ▶",
    tour_leave: "Leave the tour and play on",
    learn: "Learn from this run",
    learn_rules: "Figure 2, live",
    learn_bugs: "Break a rule",
    learn_wait: "Working it out…",
    learn_failed: "The lessons could not be loaded: {why}",
    entry_heading: "Node {n}, index {i}",
    lesson_checks: "{n} checks along the way (the ◆ marks on the timeline).",
    shared_at: "This link opens at the moment it was shared: {ms} ms, event #{n}. Press ▶ Play to go on.",
    replay_stopped: "This link's actions could not all be replayed here: action {i} of {n} cannot be done in this run, so the run stops before it.",
    replay_stopped_at_start: "This link's actions could not be replayed here.",
    recording_mismatch: "The run could not be replayed: the tools module (raft-tools.js) seems to come from another build of the playground. Reload the page.",
    other_version: "This link was made by another version of the simulation ({theirs}; this page runs {ours}): the run you see may differ from the one that was shared.",
    script_unavailable: "The script {src} could not be fetched ({why}).",
    words_unavailable: "The words of {lang} could not be fetched ({why}), so the page is in English.",
    message_heading: "Message #{id}",
    drop_message: "Drop it",
    deliver_message: "Deliver now",
    duplicate_message: "Duplicate",
    message_hint: "Click or tap a message in flight to see its fields, drop it, deliver it now or duplicate it.",
    voted_mark: "✓3: voted for node 3 in its current term",
    cut_link_legend: "link cut (click it to restore)",
    blocked_link_legend: "link down: partition or isolation",
    lost_legend: "message lost",
    quick_network: "Break the network",
    lesson: "Lesson",
    no_such_preset: "There is no scenario named “{name}”.",
    lesson_unavailable: "The lesson’s text could not be fetched ({why}). Its run is loaded: press Play to watch it.",
    no_events_yet: "Nothing has happened yet.",
    event_no: "#{n}",

    kb_play_pause: "Space: play or pause",
    kb_step: "← / →: previous or next event",
    kb_jump: "Shift + ← / →: jump 10 events back or forward",
    kb_next_election: "N: jump to the next election",
    kb_next_commit: "C: jump to the next commit",
    kb_help: "?: show or hide this help",
    kb_select: "1–9: select a node",
    kb_crash: "X: crash or restart the selected node",
    kb_timeout: "T: make the selected node time out now",
    kb_request: "R: send a client request",
    kb_isolate: "I: isolate or rejoin the selected node",
    kb_heal: "H: heal the network",
    kb_language: "L: switch language",
    kb_theme: "D: switch theme",
};

/// Simplified Chinese.
pub const ZH: Strings = Strings {
    title: "Raft Playground",
    tagline: "逐个事件观察 Raft 集群如何选出领导者、复制日志。",
    node_label: "节点 {n}",

    play: "播放",
    pause: "暂停",
    step_forward: "下一个事件",
    step_back: "上一个事件",
    speed: "速度",
    speed_hint: "每真实一秒对应的模拟时间",
    next_election: "下一次选举",
    next_commit: "下一次提交",
    timeline: "时间线",
    new_run: "重新开始",
    seed: "随机种子",
    bad_seed: "“{v}”不是有效的种子：请输入一个整数。",
    nodes: "节点数",
    presets: "预设场景",
    preset_none: "自由运行",

    share: "分享",
    link_copied: "链接已复制",
    export_trace: "导出运行记录",
    import_trace: "打开运行记录或脚本",

    language: "语言",
    theme: "主题",
    theme_light: "浅色",
    theme_dark: "深色",
    theme_auto: "跟随系统",
    help: "帮助",
    shortcuts: "键盘快捷键",
    close: "关闭",
    legend: "图例",
    narration: "事件解说",

    safety: "安全性",
    safety_ok: "五项安全性质全部成立。",
    safety_violated: "安全性被破坏",
    election_safety: "选举安全",
    election_safety_help: "每个任期最多只会选出一个领导者。",
    leader_append_only: "领导者只追加",
    leader_append_only_help: "领导者从不覆盖或删除自己日志中的条目，只会追加新条目。",
    log_matching: "日志匹配",
    log_matching_help: "两份日志若在同一索引处有任期相同的条目，那么到该条目为止两者完全一致。",
    leader_completeness: "领导者完整性",
    leader_completeness_help: "某个任期内已提交的条目，一定出现在之后每个任期领导者的日志中。",
    state_machine_safety: "状态机安全",
    state_machine_safety_help: "任何两个节点都不会在同一日志索引处应用不同的命令。",

    log: "日志",
    kv_state: "状态机",
    next_index: "下一索引",
    match_index: "匹配索引",
    time: "时间",
    term: "任期",
    term_short: "任期{t}",
    voted_for: "投票给",
    commit: "提交索引",
    applied: "已应用",
    index: "索引",
    uncommitted: "未提交",
    no_leader: "暂无领导者",
    leader_status: "节点 {n} 是任期 {t} 的领导者",
    leader_stale: "没有获得多数支持的领导者：节点 {n} 仍是任期 {t} 的领导者，但当前最高任期为 {h}",
    leader_unconfirmed: "节点 {n} 是任期 {t} 的领导者，但多数节点尚未收到它的消息",

    network: "网络",
    loss: "丢包率",
    latency: "延迟",
    election_timeout: "选举超时",
    heartbeat: "心跳间隔",
    prevote: "预投票",
    checkquorum: "法定人数检查",

    partition_minority: "分区：领导者在少数派",
    partition_majority: "分区：领导者在多数派",
    heal: "修复网络",
    crash: "宕机",
    restart: "重启",
    force_timeout: "强制超时",
    client_request: "客户端请求",
    remove_server: "移出集群",
    add_voter: "加为投票成员",
    add_learner: "加为学习者",
    promote: "升为投票成员",
    transfer_here: "把领导权交给它",
    change_needs_leader: "现在没有领导者，而只有领导者才能变更配置或移交领导权：等选出领导者后再试。",
    add_server: "添加服务器",
    learner: "学习者",
    spare: "备用",
    config_voters: "投票成员 {v}",
    config_learners: " · 学习者 {l}",
    config_joint: "联合共识：旧投票成员 {o}（多数派 {a}）与新投票成员 {v}（多数派 {b}）",
    config_pending: "（尚未提交）",
    config_acks: "条目 {i} 已存于 {n} 个旧投票成员中的 {a} 个、{m} 个新投票成员中的 {b} 个",
    config_votes: "节点 {c} 得到 {n} 个旧投票成员中 {a} 个、{m} 个新投票成员中 {b} 个的选票",
    config_rings: "虚线圈：旧投票成员；实线圈：新投票成员",
    config_entry: "配置条目",
    config_cmd: "配置 {v}",
    isolate: "隔离",
    rejoin: "重新接入",
    cut_link: "切断链路 {a}–{b}",
    restore_link: "恢复链路 {a}–{b}",

    follower: "追随者",
    candidate: "候选人",
    precandidate: "预候选人",
    leader: "领导者",
    down: "已宕机",

    request_vote: "请求投票",
    vote_granted: "同意投票",
    vote_refused: "拒绝投票",
    pre_vote: "预投票请求",
    pre_vote_granted: "同意预投票",
    pre_vote_refused: "拒绝预投票",
    append_entries: "追加条目",
    heartbeat_msg: "心跳",
    append_ok: "追加成功",
    append_conflict: "追加被拒",
    append_stale: "任期过期的回复",
    timeout_now: "立即选举（TimeoutNow）",
    lost: "丢失",

    bad_param: "链接中有无法使用的设置，已忽略：",
    bad_script: "这个场景脚本无法运行：",
    bad_attribute: "此元素有无法使用的属性，已忽略：",
    bad_trace: "该文件不是可以运行的运行记录或场景脚本：",
    tools_unavailable: "无法加载演练场中读写文件的部分，请检查网络连接后重试：",
    node_column: "节点",
    marker_election: "选举",
    marker_leader: "新领导者",
    marker_commit: "提交",
    marker_input: "你的操作",
    marker_violation: "违反安全性",
    committed_entry: "已提交的条目",
    violation_paused: "已暂停：第 #{n} 个事件违反了安全性质。",
    panic_message: "演练场因内部错误而停止。请刷新页面重新开始。",

    jump_leader_healthy: "不会发生选举：节点 {n} 是任期 {t} 的领导者，得到多数支持，且没有任何故障（已向前查看 {ms} 毫秒）。让它宕机、隔离它或切断它的链路，才会引发选举。",
    jump_nothing_pending: "没有等待提交的日志条目：请先发送一个客户端请求。",
    jump_not_within: "在 {ms} 毫秒的模拟时间内不会发生这种事件；视图保持不变。",
    forked: "你在第 #{n} 个事件处进行了操作：之后记录的 {m} 个事件已被丢弃，运行从这里继续。",
    opened: "已打开 {name}：{events} 个事件，{checks} 项检查。",
    lesson_hint: "按 ▶ 播放（或空格键）观看，或用 ◀ 和 ▶ 逐个事件单步查看。",
    tour: "导览",
    tour_chapter: "导览：第 {n} 章，共 {m} 章",
    tour_previous: "◀ 上一章",
    tour_next: "下一章 ▶",
    tour_leave: "离开导览，继续播放",
    learn: "从这次运行中学习",
    learn_rules: "图 2，实时运行",
    learn_bugs: "破坏规则",
    learn_wait: "正在计算……",
    learn_failed: "无法加载课程：{why}",
    entry_heading: "节点 {n}，索引 {i}",
    lesson_checks: "途中共有 {n} 项检查（时间轴上的 ◆ 标记）。",
    shared_at: "此链接停在分享时的时刻：{ms} 毫秒，第 #{n} 个事件。按 ▶ 播放继续。",
    replay_stopped: "此链接中的操作无法在这里全部重放：第 {i} 个操作（共 {n} 个）无法在此运行中执行，因此运行停在它之前。",
    replay_stopped_at_start: "此链接中的操作无法在这里重放。",
    recording_mismatch: "无法重放此运行：工具模块（raft-tools.js）似乎来自另一个版本的演示。请重新加载页面。",
    other_version: "此链接由另一个版本的模拟器生成（{theirs}；本页为 {ours}）：你看到的运行可能与分享时的不同。",
    script_unavailable: "无法获取脚本 {src}（{why}）。",
    words_unavailable: "无法获取 {lang} 的文字（{why}），因此页面以中文显示。",
    message_heading: "消息 #{id}",
    drop_message: "丢弃它",
    deliver_message: "立即送达",
    duplicate_message: "复制一份",
    message_hint: "点击在途中的消息，可以查看它的字段，丢弃它、立即送达或复制一份。",
    voted_mark: "✓3：在当前任期投票给了节点 3",
    cut_link_legend: "被切断的链路（点击可恢复）",
    blocked_link_legend: "因分区或隔离而中断的链路",
    lost_legend: "丢失的消息",
    quick_network: "制造网络故障",
    lesson: "课程",
    no_such_preset: "没有名为“{name}”的场景。",
    lesson_unavailable: "无法获取这一课的说明（{why}）。它的运行已经载入：按“播放”即可观看。",
    no_events_yet: "还没有发生任何事件。",
    event_no: "事件 {n}",

    kb_play_pause: "空格键：播放或暂停",
    kb_step: "← / →：上一个或下一个事件",
    kb_jump: "Shift + ← / →：后退或前进 10 个事件",
    kb_next_election: "N：跳到下一次选举",
    kb_next_commit: "C：跳到下一次提交",
    kb_help: "?：显示或隐藏本帮助",
    kb_select: "1–9：选中节点",
    kb_crash: "X：让选中的节点宕机或重启",
    kb_timeout: "T：让选中的节点立即超时",
    kb_request: "R：发送一个客户端请求",
    kb_isolate: "I：隔离选中的节点，或让它重新接入",
    kb_heal: "H：修复网络",
    kb_language: "L：切换语言",
    kb_theme: "D：切换主题",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The words the lang module sends are read back into the very tables built in, and words
    /// from another build, or cut short, are refused rather than shown in the wrong places.
    #[test]
    fn fetched_words_are_the_built_in_ones_and_others_are_refused() {
        for lang in Lang::ALL {
            let text: &'static str = Box::leak(words::text(lang).into_boxed_str());
            let (strings, narration, titles) = words::read(text).expect("this build's words");
            assert_eq!(&strings, strings_built_in(lang));
            assert_eq!(narration, crate::narrate::words_text(lang));
            let built_in: Vec<&str> = (0..crate::model::PRESETS.len())
                .map(|i| words::preset_title(lang, i))
                .collect();
            assert_eq!(titles, built_in, "every preset's title, in order");
            assert!(titles.iter().all(|t| !t.is_empty()));
        }
        let zh = words::text(Lang::Zh);
        assert!(zh.contains("领导者"), "the Chinese words are in it");
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let (layout, rest) = zh.split_once('\0').unwrap();
        let other = format!("{:x}\0{rest}", u64::from_str_radix(layout, 16).unwrap() ^ 1);
        assert_eq!(
            words::read(leak(other)).unwrap_err(),
            words::Unusable::OtherBuild
        );
        let short = zh[..zh.len() - 1].to_string();
        assert_eq!(
            words::read(leak(short)).unwrap_err(),
            words::Unusable::Count
        );
        let long = format!("{zh}extra\0");
        assert_eq!(words::read(leak(long)).unwrap_err(), words::Unusable::Count);
        assert_eq!(words::read("").unwrap_err(), words::Unusable::Count);
        // No string holds the separator, so none can shift the rest.
        for lang in Lang::ALL {
            assert!(strings_built_in(lang)
                .as_array()
                .iter()
                .all(|s| !s.contains('\0')));
        }
    }

    fn strings_built_in(lang: Lang) -> &'static Strings {
        match lang {
            Lang::En => &EN,
            Lang::Zh => &ZH,
        }
    }

    /// A change to the list of strings changes the layout number.
    #[test]
    fn the_layout_number_follows_the_names_and_their_order() {
        assert_ne!(words::layout(&["a", "b"]), words::layout(&["b", "a"]));
        assert_ne!(words::layout(&["ab", "c"]), words::layout(&["a", "bc"]));
        assert_eq!(words::layout(&["a", "b"]), words::layout(&["a", "b"]));
        assert_eq!(Strings::COUNT, EN.fields().len());
    }

    /// Fields that read the same in both languages on purpose.
    const SAME_IN_BOTH: &[&str] = &["title"];

    #[test]
    fn codes_round_trip_and_browser_lists_pick_the_first_supported() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
            assert_ne!(lang.other(), lang);
        }
        for code in ["en", "EN", "en-US", "en_GB", " en-gb "] {
            assert_eq!(Lang::from_code(code), Some(Lang::En), "{code}");
        }
        for code in [
            "zh",
            "ZH",
            "zh-CN",
            "zh-Hans",
            "zh-TW",
            "zh-hant-HK",
            "zh_SG",
        ] {
            assert_eq!(Lang::from_code(code), Some(Lang::Zh), "{code}");
        }
        for code in ["", "fr", "de-DE", "eng", "zhx", "-", "e"] {
            assert_eq!(Lang::from_code(code), None, "{code}");
        }
        let list = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        assert_eq!(
            Lang::from_browser(&list(&["fr-FR", "zh-CN", "en"])),
            Lang::Zh
        );
        assert_eq!(Lang::from_browser(&list(&["de", "en-US", "zh"])), Lang::En);
        assert_eq!(Lang::from_browser(&list(&["fr", "ja"])), Lang::En);
        assert_eq!(Lang::from_browser(&[]), Lang::En);
    }

    #[test]
    fn every_string_is_present_and_translated() {
        let (en, zh) = (EN.fields(), ZH.fields());
        assert_eq!(en.len(), zh.len());
        assert!(en.len() > 100, "{} fields", en.len());
        for ((name, e), (_, z)) in en.iter().zip(&zh) {
            assert!(!e.trim().is_empty(), "EN.{name} is empty");
            assert!(!z.trim().is_empty(), "ZH.{name} is empty");
            if SAME_IN_BOTH.contains(name) {
                assert_eq!(e, z, "{name}");
            } else {
                assert_ne!(e, z, "ZH.{name} is not translated");
                // A Chinese string has Chinese in it (an RPC or key name alone is not one).
                assert!(
                    z.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "ZH.{name} = {z:?} has no Chinese"
                );
            }
        }
    }

    #[test]
    fn chinese_strings_use_the_standard_raft_terms() {
        for (name, z) in ZH.fields() {
            for english in ["leader", "follower", "candidate", "term", "vote"] {
                assert!(
                    !z.to_lowercase().contains(english),
                    "ZH.{name} = {z:?} contains {english:?}"
                );
            }
        }
        assert_eq!(ZH.leader, "领导者");
        assert_eq!(ZH.follower, "追随者");
        assert_eq!(ZH.candidate, "候选人");
        assert_eq!(ZH.precandidate, "预候选人");
        assert_eq!(ZH.term, "任期");
        assert_eq!(ZH.heartbeat_msg, "心跳");
    }

    #[test]
    fn templates_carry_the_same_placeholders_in_both_languages() {
        let placeholders = |s: &str| {
            let mut names: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            names.sort();
            names
        };
        for ((name, e), (_, z)) in EN.fields().iter().zip(&ZH.fields()) {
            assert_eq!(placeholders(e), placeholders(z), "{name}");
        }
        assert_eq!(placeholders(EN.leader_status), ["n", "t"]);
        assert_eq!(placeholders(EN.cut_link), ["a", "b"]);
        assert_eq!(placeholders(EN.restore_link), ["a", "b"]);
        assert_eq!(placeholders(EN.node_label), ["n"]);
        assert_eq!(placeholders(EN.bad_seed), ["v"]);
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        let args = [("n", 3.to_string()), ("t", 7.to_string())];
        assert_eq!(fill(EN.leader_status, &args), "Node 3 leads term 7");
        assert_eq!(fill(ZH.leader_status, &args), "节点 3 是任期 7 的领导者");
        assert_eq!(fill("{n}{n}-{t}", &args), "33-7");
        // Unknown names and stray braces stay; values are not re-scanned.
        assert_eq!(fill("{x} {n} { }", &args), "{x} 3 { }");
        assert_eq!(fill("a{b", &[]), "a{b");
        assert_eq!(fill("}{", &[]), "}{");
        assert_eq!(
            fill("{n}", &[("n", "{t}".to_string()), ("t", "9".into())]),
            "{t}"
        );
        assert_eq!(fill("", &args), "");
    }

    #[test]
    fn properties_and_shortcuts_are_complete() {
        for lang in Lang::ALL {
            let s = strings(lang);
            let mut names = std::collections::BTreeSet::new();
            for p in Property::ALL {
                let (name, help) = s.property(*p);
                assert!(!name.is_empty() && !help.is_empty());
                names.insert(name);
            }
            assert_eq!(names.len(), Property::ALL.len());
            let lines = s.shortcut_lines();
            for line in lines {
                assert!(!line.is_empty());
            }
            // Both languages list the same keys, in the same order.
            let keys = |line: &str| line.split(['：', ':']).next().unwrap_or("").to_string();
            let english = EN.shortcut_lines().map(keys);
            assert_eq!(
                lines.map(keys).map(|k| k.replace("空格键", "Space")),
                english
            );
        }
        assert_eq!(EN.property(Property::LogMatching).0, "Log Matching");
        assert_eq!(ZH.property(Property::StateMachineSafety).0, "状态机安全");
    }
}
