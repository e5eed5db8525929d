//! The options of a ```raft block: the `key=value` words after `raft` in its info string,
//! which become attributes of the `<raft-playground>` element.
//!
//! The keys are those of the embedding contract (`embedding-api.md`). Values are checked
//! lightly, enough to catch a typo at build time: the element itself reads them again.

/// Every option, in the order the contract lists them, with what it accepts.
pub const OPTIONS: [(&str, &str); 11] = [
    ("scenario", "a preset's name, e.g. scenario=figure-8"),
    ("nodes", "a whole number from 3 to 9"),
    ("seed", "a whole number, e.g. seed=7"),
    (
        "speed",
        "simulated ms per real second, a number from 1 to 10000",
    ),
    ("autoplay", SWITCH),
    ("controls", "one of full, compact, minimal, none"),
    ("lang", "one of en, zh"),
    ("theme", "one of light, dark, auto"),
    ("prevote", SWITCH),
    ("checkquorum", SWITCH),
    ("loading", "one of lazy, eager"),
];

const SWITCH: &str = "on or off (on, off, true, false, yes, no, 1, 0), or the bare word for on";

/// Options that are switches: the bare word (`autoplay`) means on.
const SWITCHES: [&str; 3] = ["autoplay", "prevote", "checkquorum"];

/// One option as it becomes an attribute: `value` is `None` for a bare switch (`autoplay`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub name: &'static str,
    pub value: Option<String>,
}

/// A problem with one word of the info string; `col` is the word's column in the info string,
/// from 0, in characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionError {
    pub col: usize,
    pub message: String,
}

/// Reads the words after `raft` in `info` (the whole info string, `raft` first). Every bad
/// word gives an error; the attributes come back only when there is none.
pub fn parse(info: &str) -> Result<Vec<Attr>, Vec<OptionError>> {
    let mut attrs: Vec<Attr> = Vec::new();
    let mut errors = Vec::new();
    for (col, word) in words(info).into_iter().skip(1) {
        match option(word) {
            Ok(attr) if attrs.iter().any(|a| a.name == attr.name) => errors.push(OptionError {
                col,
                message: format!("`{}` is given twice", attr.name),
            }),
            Ok(attr) => attrs.push(attr),
            Err(message) => errors.push(OptionError { col, message }),
        }
    }
    if errors.is_empty() {
        Ok(attrs)
    } else {
        Err(errors)
    }
}

/// The whitespace-separated words of `text`, each with its column (from 0, in characters).
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    for (col, (byte, c)) in text.char_indices().enumerate() {
        if c.is_whitespace() {
            if let Some((b, k)) = start.take() {
                out.push((k, &text[b..byte]));
            }
        } else if start.is_none() {
            start = Some((byte, col));
        }
    }
    if let Some((b, k)) = start {
        out.push((k, &text[b..]));
    }
    out
}

fn option(word: &str) -> Result<Attr, String> {
    let (key, value) = match word.split_once('=') {
        Some((key, value)) => (key, Some(value)),
        None => (word, None),
    };
    let Some(&(name, accepts)) = OPTIONS.iter().find(|(name, _)| *name == key) else {
        return Err(unknown(key, word));
    };
    let Some(value) = value else {
        if SWITCHES.contains(&name) {
            return Ok(Attr { name, value: None });
        }
        return Err(format!("`{name}` needs a value: {name}=..., {accepts}"));
    };
    if valid(name, value) {
        Ok(Attr {
            name,
            value: Some(value.to_string()),
        })
    } else if value.is_empty() {
        Err(format!("`{name}=` has no value; expected {accepts}"))
    } else {
        Err(format!("`{word}`: expected {accepts}"))
    }
}

fn unknown(key: &str, word: &str) -> String {
    let names: Vec<&str> = OPTIONS.iter().map(|(name, _)| *name).collect();
    let allowed = names.join(", ");
    if key.is_empty() {
        return format!("`{word}` has no option name before `=`; the options are {allowed}");
    }
    let lower = key.to_ascii_lowercase();
    let near = names
        .iter()
        .copied()
        .filter(|name| distance(&lower, name) <= 2)
        .min_by_key(|name| distance(&lower, name));
    match near {
        Some(name) => {
            format!("unknown option `{key}` (did you mean `{name}`?); the options are {allowed}")
        }
        None => format!("unknown option `{key}`; the options are {allowed}"),
    }
}

fn valid(name: &str, value: &str) -> bool {
    match name {
        "scenario" => {
            !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        "nodes" => whole(value).is_some_and(|n| (3..=9).contains(&n)),
        "seed" => whole(value).is_some(),
        "speed" => decimal(value).is_some_and(|s| (1.0..=10_000.0).contains(&s)),
        "controls" => ["full", "compact", "minimal", "none"].contains(&value),
        "lang" => ["en", "zh"].contains(&value),
        "theme" => ["light", "dark", "auto"].contains(&value),
        "loading" => ["lazy", "eager"].contains(&value),
        _ if SWITCHES.contains(&name) => {
            ["on", "off", "true", "false", "yes", "no", "1", "0"].contains(&value)
        }
        _ => false,
    }
}

/// A whole number written in digits.
fn whole(value: &str) -> Option<u64> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

/// A decimal number written in digits, with at most one point (`2`, `0.5`, `250.`).
fn decimal(value: &str) -> Option<f64> {
    let digits = value.bytes().filter(u8::is_ascii_digit).count();
    let points = value.bytes().filter(|b| *b == b'.').count();
    if digits == 0 || points > 1 || digits + points != value.len() {
        return None;
    }
    value.parse().ok()
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(name: &'static str, value: &str) -> Attr {
        Attr {
            name,
            value: Some(value.to_string()),
        }
    }

    #[test]
    fn reads_every_option() {
        let info = "raft scenario=figure-8 nodes=5 seed=7 speed=250.5 autoplay controls=compact \
                    lang=zh theme=dark prevote=off checkquorum=1 loading=eager";
        let attrs = parse(info).unwrap();
        assert_eq!(attrs.len(), OPTIONS.len());
        assert_eq!(attrs[0], attr("scenario", "figure-8"));
        assert_eq!(
            attrs[4],
            Attr {
                name: "autoplay",
                value: None
            }
        );
        assert_eq!(attrs[9], attr("checkquorum", "1"));
        assert_eq!(parse("raft").unwrap(), vec![]);
    }

    #[test]
    fn an_unknown_key_is_refused_at_its_column() {
        let errors = parse("raft controls=compact colour=dark").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].col, 22);
        assert!(
            errors[0].message.starts_with("unknown option `colour`"),
            "{errors:?}"
        );
        assert!(
            errors[0].message.contains("scenario, nodes, seed"),
            "{errors:?}"
        );
        let errors = parse("raft  contrls=full").unwrap_err();
        assert_eq!(errors[0].col, 6);
        assert!(
            errors[0].message.contains("did you mean `controls`?"),
            "{errors:?}"
        );
    }

    #[test]
    fn bad_values_say_what_is_allowed() {
        let cases = [
            (
                "raft nodes=12",
                "`nodes=12`: expected a whole number from 3 to 9",
            ),
            ("raft nodes=2", "from 3 to 9"),
            (
                "raft controls=tiny",
                "`controls=tiny`: expected one of full, compact, minimal, none",
            ),
            ("raft lang=fr", "one of en, zh"),
            ("raft theme=blue", "one of light, dark, auto"),
            ("raft loading=soon", "one of lazy, eager"),
            ("raft seed=-1", "a whole number"),
            ("raft speed=1e9", "from 1 to 10000"),
            ("raft speed=0.5", "from 1 to 10000"),
            ("raft prevote=maybe", "on or off"),
            ("raft scenario=\"x\"", "a preset's name"),
            ("raft scenario=", "`scenario=` has no value"),
            ("raft nodes", "`nodes` needs a value"),
            ("raft =5", "no option name"),
            ("raft nodes=3 nodes=5", "given twice"),
        ];
        for (info, wanted) in cases {
            let errors = parse(info).unwrap_err();
            assert!(
                errors.iter().any(|e| e.message.contains(wanted)),
                "{info}: {errors:?}"
            );
        }
    }

    #[test]
    fn every_bad_word_is_reported_with_its_column() {
        let errors = parse("raft a=1 nodes=5 b=2").unwrap_err();
        let cols: Vec<usize> = errors.iter().map(|e| e.col).collect();
        assert_eq!(cols, vec![5, 17]);
        // Columns count characters, not bytes.
        let errors = parse("raft\u{3000}lang=中文").unwrap_err();
        assert_eq!(errors[0].col, 5);
    }
}
