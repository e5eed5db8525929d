//! The names the simulator's rules and properties go by: the same spelling in the scenario
//! language, traces, share links and the page. They belong to the simulator (the checker and
//! the cluster use them), not to the language that spells them.

use std::fmt;

macro_rules! names {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in the spec's order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The spelling the scenario language uses.
            pub const fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The value spelled `name` in the scenario language (exact, case-sensitive).
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($text => Some($name::$variant),)*
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

// The language's own names (`RoleName`) are made the same way.
pub(crate) use names;

names! {
    /// A rule `bug NAME on|off` makes every node break.
    BugName {
        /// Grant votes without the "at least as up-to-date" check (section 5.4.1).
        VoteIgnoresLog = "vote-ignores-log",
        /// A leader commits entries of earlier terms by counting replicas (section 5.4.2).
        CommitOldTerms = "commit-old-terms",
        /// currentTerm and votedFor are not kept across a crash.
        ForgetVote = "forget-vote",
        /// Every election timeout equals the minimum.
        NoJitter = "no-jitter",
        /// A leader starts a configuration change before the previous one is committed
        /// (thesis 4.1).
        OverlappingChanges = "overlapping-changes",
    }
}

impl BugName {
    /// Switches this bug on or off in a node's [`raft::Bugs`].
    pub fn set(self, bugs: &mut raft::Bugs, on: bool) {
        let flag = match self {
            BugName::VoteIgnoresLog => &mut bugs.vote_ignores_log,
            BugName::CommitOldTerms => &mut bugs.commit_old_terms,
            BugName::ForgetVote => &mut bugs.forget_vote,
            BugName::NoJitter => &mut bugs.no_jitter,
            BugName::OverlappingChanges => &mut bugs.overlapping_changes,
        };
        *flag = on;
    }
}

names! {
    /// A safety property the checker watches (Raft paper, Figure 3).
    Property {
        /// At most one leader per term.
        ElectionSafety = "election-safety",
        /// A leader never overwrites or deletes entries in its log.
        LeaderAppendOnly = "leader-append-only",
        /// Two logs with an entry of the same index and term agree up to it.
        LogMatching = "log-matching",
        /// A committed entry is in the log of every later leader.
        LeaderCompleteness = "leader-completeness",
        /// No two nodes apply different commands at the same index.
        StateMachineSafety = "state-machine-safety",
    }
}
