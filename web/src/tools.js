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

// The lessons (web/tools/src/learn), drawn where the page left room for them under `root`:
// the lessons panel (`section.learn`, whose data- attributes carry the words its tabs need),
// the picked node's or message's panel (`.picked[data-ask]`), and an entry of the log, which
// a click or Enter explains under the log. Each box holds the tools module's answer about
// event `position` of the run; the run's recording comes only when it changed (its
// `generation` did). A box has one question on its way at most, and asks again when the
// answer came for a question already old. Called after every render of the page.
let run = { generation: -1, recording: '' };
let learnSheet;

function box(parent, words, testid) {
  let b = parent.querySelector(`:scope > [data-testid="${testid}"]`);
  if (!b) {
    b = document.createElement('div');
    b.className = 'learn-body';
    b.dataset.testid = testid;
    b.setAttribute('aria-live', 'polite');
    // It scrolls when long: keyboard users reach it too.
    b.tabIndex = 0;
    parent.append(b);
  }
  if (b.dataset.wait !== words.wait) {
    b.dataset.failed = words.failed;
    b.dataset.wait = words.wait;
  }
  return b;
}

function button(label, onclick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onclick);
  return b;
}

function entryOf(cell) {
  const row = cell.parentElement;
  const head = cell.closest('table')?.tHead?.rows[0]?.cells[cell.cellIndex];
  const n = parseInt(row?.cells[0]?.textContent ?? '', 10);
  const i = parseInt(head?.textContent ?? '', 10);
  return Number.isFinite(n) && Number.isFinite(i) ? `entry ${n} ${i}` : null;
}

export function learn(root, generation, recording, position, lang, preset) {
  if (recording !== undefined) run = { generation: Number(generation), recording };
  const section = root.querySelector('section.learn');
  if (!section) return;
  const words = section.dataset;
  if (!root.learnWired) {
    // An entry of the log: a click or Enter explains it; Escape or × closes the explanation.
    root.learnWired = true;
    const pick = (e) => {
      const cell = e.target.closest?.('.log-table td.entry');
      if (!cell) return;
      root.entryAsk = entryOf(cell);
      root.learnAgain?.();
    };
    root.addEventListener('click', pick);
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') pick(e);
      if (e.key === 'Escape' && root.entryAsk) {
        root.entryAsk = null;
        root.learnAgain?.();
      }
    });
  }
  if (!section.tabs) {
    const tabs = document.createElement('div');
    tabs.className = 'buttons';
    const title = document.createElement('h2');
    title.textContent = words.title;
    for (const [name, testid] of [['rules', 'learn-rules'], ['bugs', 'learn-bugs']]) {
      const b = button(words[name], () => {
        section.open = section.open === name ? null : name;
        for (const t of tabs.children) t.setAttribute('aria-expanded', String(t === b && section.open === name));
        root.learnAgain?.();
      });
      b.dataset.testid = testid;
      b.setAttribute('aria-expanded', 'false');
      tabs.append(b);
    }
    section.replaceChildren(title, tabs);
    section.tabs = tabs;
  }
  // The tabs' words follow the page's language; called every frame while playing, so only a
  // change touches the DOM.
  const say = (el, text) => { if (el.textContent !== text) el.textContent = text; };
  say(section.firstChild, words.title);
  say(section.tabs.children[0], words.rules);
  say(section.tabs.children[1], words.bugs);
  const asks = [];
  if (section.open) {
    asks.push([box(section, words, 'learn-body'), section.open === 'rules' ? 'rules' : `bugs ${preset}`]);
  } else {
    section.querySelector(':scope > .learn-body')?.remove();
  }
  const picked = root.querySelector('.picked[data-ask]');
  if (picked) asks.push([box(picked.querySelector('.learn-slot'), words, 'explain'), picked.dataset.ask]);
  const logs = root.querySelector('section.logs .entry-slot');
  let entry = logs?.querySelector(':scope > .entry-explain');
  if (root.entryAsk && logs) {
    if (!entry) {
      entry = document.createElement('div');
      entry.className = 'entry-explain';
      entry.dataset.testid = 'entry-explain';
      const head = document.createElement('h3');
      entry.append(head, button('×', () => { root.entryAsk = null; root.learnAgain?.(); }));
      logs.append(entry);
    }
    const [, n, i] = root.entryAsk.split(' ');
    say(entry.firstChild, words.entry.replace('{n}', n).replace('{i}', i));
    entry.children[1].setAttribute('aria-label', words.close);
    asks.push([box(entry, words, 'entry'), root.entryAsk]);
  } else {
    entry?.remove();
  }
  root.learnAgain = () => learn(root, generation, undefined, position, lang, preset);
  if (asks.length === 0) return;
  // The boxes' styles, adopted where the boxes are: the page's document or an element's
  // shadow root. A failure leaves them plain, never empty.
  learnSheet ??= fetchText('learn.css').then((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  }).catch(() => null);
  if (!root.learnStyled) {
    root.learnStyled = true;
    const where = root.getRootNode();
    learnSheet.then((sheet) => {
      if (sheet && !where.adoptedStyleSheets.includes(sheet)) where.adoptedStyleSheets = [...where.adoptedStyleSheets, sheet];
    });
  }
  for (const [b, ask] of asks) {
    b.want = { ask, position: Number(position), lang, generation: run.generation };
    fill(b);
  }
}

async function fill(box) {
  const want = box.want;
  const key = JSON.stringify(want);
  if (box.busy || box.shown === key) return;
  // Another question (another tab, another node): not the old answer meanwhile.
  if (box.asked !== want.ask) box.replaceChildren();
  box.busy = true;
  box.asked = want.ask;
  try {
    box.innerHTML = await (await load()).learn(run.recording, want.position, want.ask, want.lang);
  } catch (e) {
    const p = document.createElement('p');
    p.className = 'error';
    p.setAttribute('role', 'alert');
    p.textContent = box.dataset.failed.replace('{why}', e?.message ?? e);
    box.replaceChildren(p);
  }
  box.shown = key;
  box.busy = false;
  fill(box);
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
