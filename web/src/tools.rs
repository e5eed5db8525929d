//! The tools module, fetched on first use (see `web/tools`): scripts and traces in, recordings
//! out, so the page's own wasm carries neither the scenario parser nor serde_json.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/tools.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = compile)]
    async fn js_compile(text: &str, name: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = importTrace)]
    async fn js_import_trace(text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = exportTrace)]
    async fn js_export_trace(recording: &str) -> Result<JsValue, JsValue>;
}

/// A scenario script's recording (see `sim::recording`), or the parser's message
/// (`name:LINE:COL: ...`).
pub async fn compile(text: &str, name: &str) -> Result<String, String> {
    text_of(js_compile(text, name).await)
}

/// An exported trace's recording, or what is wrong with the trace and on which line.
pub async fn import_trace(text: &str) -> Result<String, String> {
    text_of(js_import_trace(text).await)
}

/// The trace file of a recorded run.
pub async fn export_trace(recording: &str) -> Result<String, String> {
    text_of(js_export_trace(recording).await)
}

fn text_of(result: Result<JsValue, JsValue>) -> Result<String, String> {
    match result {
        Ok(v) => v
            .as_string()
            .ok_or_else(|| "the tools module returned no text".to_string()),
        // An Error from the module (a JsError) or from the fetch (a network failure).
        Err(e) => Err(js_sys::Reflect::get(&e, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "the tools module could not be loaded".to_string())),
    }
}
