//! The tools module, fetched on first use (see `web/tools`): scripts and traces in, recordings
//! out, so the page's own wasm carries neither the scenario parser nor serde_json. Its errors
//! come in the visitor's language (`lang`: `en` or `zh`, as [`crate::i18n::Lang::code`]
//! gives), so the page carries neither the parser's messages nor their translation.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/tools.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = compile)]
    async fn js_compile(text: &str, name: &str, lang: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = importTrace)]
    async fn js_import_trace(text: &str, lang: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = describeParams)]
    async fn js_describe_params(
        query: &str,
        attributes: bool,
        lang: &str,
    ) -> Result<JsValue, JsValue>;
    /// Fills the lessons' boxes under `root` (see [`crate::ui::learn`]).
    #[wasm_bindgen(js_name = learn)]
    pub fn learn(
        root: &web_sys::Element,
        generation: u64,
        recording: Option<String>,
        position: u64,
        lang: &str,
        preset: &str,
    );
    #[wasm_bindgen(catch, js_name = exportTrace)]
    async fn js_export_trace(recording: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = fetchText)]
    async fn js_fetch_text(path: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = fetchWords)]
    async fn js_fetch_words(code: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = fetchSite)]
    async fn js_fetch_site(src: &str) -> Result<JsValue, JsValue>;
    /// In an iframe, keeps the parent told of `element`'s height (a `postMessage`).
    #[wasm_bindgen(js_name = reportHeight)]
    pub fn report_height(element: &web_sys::Element);
}

/// Why the tools module gave no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ToolError {
    /// The input is wrong: the module's message says what and where, in the language asked.
    Refused(String),
    /// The module itself could not be fetched or started (offline, a server error).
    Unavailable(String),
}

/// Fetches the words of `lang` (`words/LANG.txt`) and installs them (see
/// [`crate::i18n::words`]); on failure, which file and why (in English: it says why there
/// may be no words to say it with).
pub async fn fetch_words(lang: crate::i18n::Lang) -> Result<(), String> {
    use crate::i18n::words::{self, Unusable};
    let text = text_of(js_fetch_words(lang.code()).await).map_err(|e| match e {
        ToolError::Refused(why) | ToolError::Unavailable(why) => why,
    })?;
    let file = format!("words/{}.txt", lang.code());
    words::install(lang, text).map_err(|e| match e {
        Unusable::OtherBuild => format!("{file} is from another build of the page"),
        Unusable::Count => format!("{file} has too few or too many words"),
    })
}

/// What the page or an element shows, as plain text, when not even one language's words could
/// be fetched: the one sentence of the page not in the words (they are what is missing), in
/// both languages. `why` says which file and why.
pub fn no_words(why: &str) -> String {
    format!(
        "Raft Playground could not load its words ({why}). 无法加载 Raft 演练场的文字（{why}）。"
    )
}

/// A scenario script's recording (see `sim::recording`), or the parser's message in `lang`
/// (`en` or `zh`): `name:LINE:COL: ...` in either.
pub async fn compile(text: &str, name: &str, lang: &str) -> Result<String, ToolError> {
    text_of(js_compile(text, name, lang).await)
}

/// An exported trace's recording, or what is wrong with the trace and on which line, in
/// `lang` (`en` or `zh`).
pub async fn import_trace(text: &str, lang: &str) -> Result<String, ToolError> {
    text_of(js_import_trace(text, lang).await)
}

/// The sentence for what was wrong in a link's query (or an element's attributes, encoded by
/// `params::encode_pairs`), in `lang`.
pub async fn describe_params(
    query: &str,
    attributes: bool,
    lang: &str,
) -> Result<String, ToolError> {
    text_of(js_describe_params(query, attributes, lang).await)
}

/// The trace file of a recorded run.
pub async fn export_trace(recording: &str) -> Result<String, ToolError> {
    text_of(js_export_trace(recording).await)
}

/// A text file of the page's own directory (`scenarios/NAME.raft`), or which URL failed and
/// why.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    text_of(js_fetch_text(path).await).map_err(|e| match e {
        ToolError::Refused(why) | ToolError::Unavailable(why) => why,
    })
}

/// A script from the page's own site (`src=`, relative to the page), or which URL failed and
/// why.
pub async fn fetch_site(src: &str) -> Result<String, String> {
    text_of(js_fetch_site(src).await).map_err(|e| match e {
        ToolError::Refused(why) | ToolError::Unavailable(why) => why,
    })
}

fn text_of(result: Result<JsValue, JsValue>) -> Result<String, ToolError> {
    let field = |e: &JsValue, name: &str| {
        js_sys::Reflect::get(e, &JsValue::from_str(name))
            .ok()
            .and_then(|m| m.as_string())
    };
    match result {
        Ok(v) => v
            .as_string()
            .ok_or_else(|| ToolError::Refused("the tools module returned no text".into())),
        Err(e) => {
            let message = field(&e, "message")
                .or_else(|| e.as_string())
                .unwrap_or_default();
            if field(&e, "name").as_deref() == Some("ToolsUnavailable") {
                Err(ToolError::Unavailable(message))
            } else {
                Err(ToolError::Refused(message))
            }
        }
    }
}
