// The tools module (web/tools: the scenario parser and runner, trace files) is not part of the
// page's own wasm: it is fetched the first time it is needed, then kept.
//
// wasm-bindgen copies this file to snippets/<crate>-<hash>/src/tools.js, three levels below the
// directory Trunk writes raft-tools.js to, whatever URL the page is served from.
let tools;

function load() {
  const url = new URL('../../../raft-tools.js', import.meta.url).href;
  tools ??= import(url).then(async (module) => {
    await module.default();
    return module;
  }).catch((e) => {
    // Told apart from the module's own errors (a bad script or trace) by its name.
    const error = new Error(`${url}: ${e?.message ?? e}`);
    error.name = 'ToolsUnavailable';
    throw error;
  });
  // A failed fetch is not kept, so that a later attempt can succeed.
  tools.catch(() => { tools = undefined; });
  return tools;
}

// `lang` is the visitor's language, `en` or `zh`: the module's errors come in it.
export async function compile(text, name, lang) {
  return (await load()).compile(text, name, lang);
}

export async function importTrace(text, lang) {
  return (await load()).importTrace(text, lang);
}

export async function exportTrace(recording) {
  return (await load()).exportTrace(recording);
}
