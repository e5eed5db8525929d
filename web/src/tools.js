// What the page fetches after it starts: the tools module (web/tools: the scenario parser and
// runner, trace files), fetched the first time it is needed, then kept; the words of a
// language; and the presets' runs and scripts.
//
// wasm-bindgen copies this file to snippets/<crate>-<hash>/src/tools.js, three levels below
// dist/'s root, whatever URL the page is served from: every URL is made from this file's own.
const fromRoot = (path) => new URL(`../../../${path}`, import.meta.url).href;
let tools;

// A text file of dist/ (`scenarios/NAME.raft`); a failure says which URL and why.
export async function fetchText(path) {
  const url = new URL(path, fromRoot('')).href;
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new Error(`${url}: ${e?.message ?? e}`);
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

// The words of the page's language (words/LANG.txt, see i18n::words in the page's code),
// asked for as soon as this module loads, while the wasm is still downloading: the page is
// not drawn without them. The guess follows the page's own rule (`lang=` in the URL, else the
// browser's first English or Chinese, else English); a wrong guess costs time, not the right
// words, as the page then asks for the file it needs.
const words = new Map();
{
  const code = (c) => /^(en|zh)(?:[-_]|$)/i.exec(c ?? '')?.[1].toLowerCase();
  const guess = code(new URLSearchParams(location.search).get('lang')) ??
    (navigator.languages ?? []).map(code).find(Boolean) ?? 'en';
  const early = fetchText(`words/${guess}.txt`);
  // Unhandled until the page asks for it: a failure then is the page's to tell.
  early.catch(() => {});
  words.set(guess, early);
}

// One request a language, however many elements ask at once; a failure is not kept, so that
// a later attempt can succeed.
export function fetchWords(code) {
  let text = words.get(code);
  if (!text) {
    text = fetchText(`words/${code}.txt`);
    words.set(code, text);
  }
  text.catch(() => { if (words.get(code) === text) words.delete(code); });
  return text;
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

export async function describeParams(query, attributes, lang) {
  return (await load()).describeParams(query, attributes, lang);
}

export async function exportTrace(recording) {
  return (await load()).exportTrace(recording);
}

// A script from the site the page is on (`src=`): relative to the page, never another origin.
export async function fetchSite(src) {
  const url = new URL(src, document.baseURI);
  if (url.origin !== location.origin) throw new Error(`${url.href}: not on this site`);
  return fetchText(url.href);
}

// In an iframe, tells the parent page how tall the playground is, now and whenever it
// changes: `{ type: 'raft-playground:height', height }` (CSS px), which the docs' snippet
// listens for to size the iframe.
export function reportHeight(element) {
  if (window.parent === window) return;
  let last = -1;
  const send = () => {
    const style = getComputedStyle(document.body);
    const height = Math.ceil(element.getBoundingClientRect().height +
      parseFloat(style.marginTop) + parseFloat(style.marginBottom));
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: 'raft-playground:height', height }, '*');
  };
  new ResizeObserver(send).observe(element);
  send();
}
