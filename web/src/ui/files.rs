//! Sharing and files: a link to the run, a trace to download, a trace or script to open; and
//! the page's own switches (language, theme, help).

use yew::prelude::*;

use crate::i18n::{strings, Lang};
use crate::params::Theme;
use crate::state::{Action, Notice};
use crate::tools;
use crate::ui::notices::notice_view;
use crate::ui::{button, send};

/// `share_link`: the last link made; `notice`: the notice about a file, if any.
pub fn files(
    lang: Lang,
    theme: Theme,
    share_link: Option<&str>,
    notice: Option<&Notice>,
    d: &Callback<Action>,
) -> Html {
    let text = strings(lang);
    let on_open = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                // A trace or a script becomes a recording in the tools module (fetched now if
                // need be), which the page replays.
                let recording = if is_script(&name, &text) {
                    tools::compile(&text, &name, lang.code()).await
                } else {
                    tools::import_trace(&text, lang.code()).await
                };
                let result = recording.map_err(|e| tool_error(lang, &e));
                d.emit(Action::Opened { name, result });
            });
        })
    };
    let theme = match theme {
        Theme::Light => text.theme_light,
        Theme::Dark => text.theme_dark,
        Theme::Auto => text.theme_auto,
    };
    html! {
        <footer class="tools">
            <div class="buttons">
                { button(Some("share"), None, text.share, send(d, Action::Share)) }
                { button(Some("export"), None, text.export_trace, send(d, Action::Export)) }
                <label class="import">{ text.import_trace }
                    <input type="file" accept=".raft,.jsonl,.json,.txt,application/json,text/plain" data-testid="import" onchange={on_open} />
                </label>
                <button type="button" data-testid="lang" lang={lang.other().code()} aria-keyshortcuts="l"
                    aria-label={format!("{}: {}", text.language, lang.other().native_name())}
                    onclick={send(d, Action::ToggleLang)}>{ lang.other().native_name() }</button>
                <button type="button" data-testid="theme" aria-keyshortcuts="d" onclick={send(d, Action::CycleTheme)}>
                    { format!("{}: {theme}", text.theme) }
                </button>
                { button(Some("help-button"), Some("?"), text.help, send(d, Action::ToggleHelp)) }
            </div>
            { notice_view(notice, lang, d) }
            if let Some(link) = share_link {
                <p class="share-link">{ text.link_copied }{ " " }
                    <input type="text" readonly=true value={link.to_string()} aria-label={text.share} data-testid="share-link" />
                </p>
            }
        </footer>
    }
}

/// What to tell the visitor when the tools module gave no answer.
pub fn tool_error(lang: Lang, e: &tools::ToolError) -> String {
    let text = strings(lang);
    match e {
        tools::ToolError::Refused(why) => format!("{} {why}", text.bad_trace),
        tools::ToolError::Unavailable(why) => format!("{} {why}", text.tools_unavailable),
    }
}

/// What to tell the visitor when a script given to the page (`script=`, `src=`, an element's
/// script or `load()`) did not compile.
pub fn script_error(lang: Lang, e: &tools::ToolError) -> String {
    let text = strings(lang);
    match e {
        tools::ToolError::Refused(why) => format!("{} {why}", text.bad_script),
        tools::ToolError::Unavailable(why) => format!("{} {why}", text.tools_unavailable),
    }
}

/// Whether an opened file is a scenario script rather than a trace: by its name, or failing
/// that by its first character (a trace is JSON lines).
pub fn is_script(name: &str, text: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if name.ends_with(".raft") || name.ends_with(".txt") {
        return true;
    }
    if name.ends_with(".jsonl") || name.ends_with(".json") {
        return false;
    }
    !text.trim_start().starts_with('{')
}

#[cfg(test)]
mod tests {
    use super::is_script;

    #[test]
    fn opened_files_are_told_apart_by_name_then_content() {
        assert!(is_script("mine.raft", "{ not json anyway"));
        assert!(is_script("notes.TXT", "cluster 3"));
        assert!(!is_script("run.jsonl", "this is not a trace"));
        assert!(!is_script("run.json", ""));
        assert!(!is_script("download", "  {\"kind\":\"start\"}"));
        assert!(is_script("download", "# a scenario\ncluster 3\n"));
    }
}
