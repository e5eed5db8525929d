//! Turns a Rust panic into a visible message instead of a page that silently stops.

use std::panic;

/// Shows any panic as an alert at the top of the page and in the console.
pub fn install_hook() {
    panic::set_hook(Box::new(|info| {
        // In the page's language, which its root says (the hook has no other way to know).
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(".raft-playground").ok().flatten())
            .and_then(|r| r.get_attribute("lang"))
            .and_then(|code| crate::i18n::Lang::from_code(&code))
            .unwrap_or(crate::i18n::Lang::En);
        let text = crate::i18n::strings(lang).panic_message;
        let message = format!("{text} ({info})");
        web_sys::console::error_1(&message.as_str().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(banner) = document.create_element("div") else {
            return;
        };
        banner.set_class_name("panic");
        let _ = banner.set_attribute("role", "alert");
        banner.set_text_content(Some(&message));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(&banner);
        }
    }));
}
