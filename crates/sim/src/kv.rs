//! The replicated state machine: a key-value map fed by applied entries.

use raft::vec_map::VecMap;

use raft::Payload;

/// A node's applied key-value map.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Kv {
    map: VecMap<String, String>,
}

impl Kv {
    /// Applies one command: `set KEY VALUE` or `del KEY`. Anything else (the leader's no-op,
    /// a command the map does not know) changes nothing.
    pub fn apply(&mut self, payload: &Payload) {
        let mut words = payload.text().splitn(3, ' ');
        match (words.next(), words.next(), words.next()) {
            (Some("set"), Some(key), Some(value)) => {
                self.map.insert(key.to_string(), value.to_string());
            }
            (Some("del"), Some(key), None) => {
                self.map.remove(key);
            }
            _ => {}
        }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// Every key and value, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_del_and_noop() {
        let mut kv = Kv::default();
        kv.apply(&Payload::command("set x 5"));
        kv.apply(&Payload::command("set greeting hello world"));
        kv.apply(&Payload::Noop);
        assert_eq!(kv.get("x"), Some("5"));
        assert_eq!(kv.get("greeting"), Some("hello world"));
        kv.apply(&Payload::command("del x"));
        assert_eq!(kv.get("x"), None);
        kv.apply(&Payload::command("frobnicate"));
        assert_eq!(kv.iter().count(), 1);
    }
}
