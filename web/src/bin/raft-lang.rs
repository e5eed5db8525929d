//! The lang module: the Chinese words of the page and the element (the interface's strings
//! and the narration's templates), which their wasm does not carry (the `zh-fetched`
//! feature). `tools.js` fetches it the first time a page or an element is shown in Chinese,
//! so a visitor reading English never downloads them. See `raft_playground::i18n::words`.

use raft_playground::i18n::{words, Lang};
use wasm_bindgen::prelude::*;

fn main() {}

/// Every word of the language `code` names, as `words::install` reads them: `zh`, the one
/// language the page fetches (nothing for any other).
#[wasm_bindgen]
pub fn words(code: &str) -> Option<String> {
    (Lang::from_code(code) == Some(Lang::Zh)).then(words::zh_text)
}
