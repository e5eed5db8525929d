//! The lang module: writes a language's words (the interface's strings and the narration's
//! templates) as the text the page and the element fetch, `words/LANG.txt`. Their wasm carries
//! no words (the `words-fetched` feature); the build (`web/words.mjs`, a Trunk hook) runs this
//! module once per language and keeps only the text. See `raft_playground::i18n::words`.

use raft_playground::i18n::{words, Lang};
use wasm_bindgen::prelude::*;

fn main() {}

/// Every word of the language `code` names (`en` or `zh`), as `words::install` reads them.
#[wasm_bindgen]
pub fn words(code: &str) -> Option<String> {
    Lang::from_code(code).map(words::text)
}
