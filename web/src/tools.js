// What the page fetches after it starts: the tools module (web/tools: the scenario parser and
// runner, trace files), fetched the first time it is needed, then kept; and the presets' scripts,
// for the descriptions of their lessons.
//
// wasm-bindgen copies this file to snippets/<crate>-<hash>/src/tools.js, three levels below
// dist/'s root, whatever URL the page is served from: every URL is made from this file's own.
const fromRoot = (path) => new URL(`../../../${path}`, import.meta.url).href;
let tools;

// A text file of dist/ (`scenarios/NAME.raft`); a failure says which URL and why.
export async function fetchText(path) {
  const url = fromRoot(path);
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${url}: ${e?.message ?? e}`);
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

function load() {
  const url = fromRoot('raft-tools.js');
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
