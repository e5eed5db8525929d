//! Turns a Rust panic into a visible message instead of a page that silently stops.

use std::panic;

/// Shows any panic as an alert at the top of the page and in the console.
pub fn install_hook() {
    panic::set_hook(Box::new(|info| {
        let message = format!("The playground stopped because of an internal error: {info}");
        web_sys::console::error_1(&message.as_str().into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(banner) = document.create_element("div") else {
            return;
        };
        banner.set_class_name("panic");
        let _ = banner.set_attribute("role", "alert");
        banner.set_text_content(Some(&format!("{message}. Reload the page to start again.")));
        if let Some(body) = document.body() {
            let _ = body.prepend_with_node_1(&banner);
        }
    }));
}
