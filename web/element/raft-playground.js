// <raft-playground>: the Raft Playground as a custom element, for documentation pages.
//
//   <script type="module" src="raft/raft-playground.js"></script>
//   <raft-playground scenario="figure-8" controls="compact" lang="zh"></raft-playground>
//
// This file has a stable name and sits next to the rest of dist/; it finds everything else
// from its own URL, so dist/ can be hosted under any path. Every element on a page shares one
// download and one compile of the element's wasm (raft-element_bg.wasm) and of its stylesheet;
// each element is an independent app in its own shadow root. The attributes, the API and the
// events are described in docs/embedding.md.

const here = import.meta.url;
const url = (name) => new URL(name, here).href;

// Every attribute the element reads; all of them are also query parameters of index.html.
const ATTRIBUTES = [
  'scenario', 'nodes', 'seed', 'speed', 'autoplay', 'controls', 'lang', 'theme', 'prevote',
  'checkquorum', 'election', 'heartbeat', 'latency', 'loss', 'script', 'src', 'loading',
];
// Those an element follows after it started; the others choose the run it starts with.
const LIVE = ['lang', 'theme', 'controls', 'scenario', 'speed', 'script'];

let wasm; // the element's wasm module, loaded once for every element
function loadWasm() {
  wasm ??= import(url('raft-element.js')).then(async (module) => {
    await module.default({ module_or_path: url('raft-element_bg.wasm') });
    return module;
  });
  // A failed download is not kept: an element added later tries again.
  wasm.catch(() => { wasm = undefined; });
  return wasm;
}

let sheet; // the playground's stylesheet, parsed once and adopted by every shadow root
function loadSheet() {
  sheet ??= fetch(url('style.css'))
    .then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${r.url}: HTTP ${r.status}`))))
    .then((css) => {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      return s;
    });
  sheet.catch(() => { sheet = undefined; });
  return sheet;
}

// The host's own box, before anything loads: its final height for each `controls` (so the
// author's page never jumps), the custom properties it can be themed with, and the
// placeholder. An author's `height` on the element wins.
const hostSheet = new CSSStyleSheet();
hostSheet.replaceSync(`
:host {
  /* Important, so that a host page's rules for every element (\`* { all: unset }\`) cannot
     unsize it; an author sizes it with --raft-height. */
  display: block !important; position: relative !important; box-sizing: border-box !important;
  overflow: hidden !important; height: var(--raft-height, 400px) !important; min-width: 0;
  contain: layout paint;
  color-scheme: light dark;
  background: var(--raft-background, light-dark(#fbfbfd, #14161b));
  color: light-dark(#1d1f24, #e6e8ee);
  font-family: var(--raft-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "PingFang SC", "Microsoft YaHei", sans-serif);
  border-radius: .5rem;
}
:host([hidden]) { display: none !important; }
:host([theme="light"]) { color-scheme: light; }
:host([theme="dark"]) { color-scheme: dark; }
:host([controls="full"]) { height: var(--raft-height, 900px) !important; overflow: auto !important; }
:host([controls="minimal"]) { height: var(--raft-height, 360px) !important; }
:host([controls="none"]) { height: var(--raft-height, 320px) !important; }
/* The host page's font size is not inherited: the layout is measured for this one. */
.mount { height: 100%; container-type: inline-size; font-size: var(--raft-font-size, 16px); }
/* In an element the playground fills the element's box (its height is the element's). */
.raft-playground.hosted:not(.controls-full) { height: 100%; display: flex; flex-direction: column; }
.raft-playground.hosted:not(.controls-full) .stage { flex: 1 1 auto; min-height: 0; }
.raft-playground.hosted:not(.controls-full) .cluster-column,
.raft-playground.hosted:not(.controls-full) .cluster-wrap,
.raft-playground.hosted:not(.controls-full) .cluster { height: 100%; min-height: 0; }
.raft-playground.hosted:not(.controls-full) .cluster { display: flex; flex-direction: column; }
.raft-playground.hosted:not(.controls-full) .cluster svg { flex: 1 1 0; min-height: 0; height: auto; max-width: none; }
.raft-playground.hosted:not(.controls-full) .cluster .status { flex: none; margin: 0; }
.raft-playground.hosted.controls-compact .side { max-height: 100%; }
@container (max-width: 520px) {
  .raft-playground.controls-compact .stage { grid-template-columns: 1fr; }
  .raft-playground.controls-compact .side { display: none; }
  .raft-playground .transport .label { display: none; }
  .raft-playground .speed { min-width: 0; flex: 1 1 6rem; }
}

.placeholder {
  position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center;
  justify-content: center; gap: .5rem; color: light-dark(#565c6b, #a9b0be);
}
.placeholder svg { width: min(70%, 260px); height: auto; max-height: 70%; }
.placeholder circle { fill: none; stroke: currentColor; stroke-width: 3; opacity: .5; }
.placeholder .failed { color: light-dark(#8a1c1c, #ffc9c9); max-width: 90%; text-align: center; }
`);

const SVG = 'http://www.w3.org/2000/svg';

/** A static picture of the cluster: the node count's circles on a ring, and a name. */
function placeholder(nodes, name) {
  const box = document.createElement('div');
  box.className = 'placeholder';
  box.setAttribute('aria-hidden', 'true');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 200 200');
  for (let i = 0; i < nodes; i++) {
    const a = (2 * Math.PI * i) / nodes - Math.PI / 2;
    const c = document.createElementNS(SVG, 'circle');
    c.setAttribute('cx', String(100 + 70 * Math.cos(a)));
    c.setAttribute('cy', String(100 + 70 * Math.sin(a)));
    c.setAttribute('r', '18');
    svg.append(c);
  }
  const label = document.createElement('div');
  label.textContent = name; // an attribute's text, shown as text
  box.append(svg, label);
  return box;
}

class RaftPlayground extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #shadow;
  #handle = null; // the wasm side (Embedded), once mounted
  #starting = null; // the Promise of the mount
  #queue = []; // API calls made before the mount
  #observer = null;
  #placeholder = null;
  #near = false; // within 200 px of the viewport
  #ready;
  #resolveReady;
  #rejectReady;

  constructor() {
    super();
    this.#shadow = this.attachShadow({ mode: 'open' });
    this.#shadow.adoptedStyleSheets = [hostSheet];
    this.#ready = new Promise((ok, fail) => {
      this.#resolveReady = ok;
      this.#rejectReady = fail;
    });
    // Rejected when the playground cannot load; a page that never awaits it is not told off.
    this.#ready.catch(() => {});
    this.addEventListener('raft-ready', () => {
      this.#placeholder?.remove();
      this.#placeholder = null;
      this.#resolveReady();
    });
  }

  connectedCallback() {
    // A property set before this script defined the element sits on the instance and hides
    // the accessor: hand it to the accessor now.
    for (const name of ATTRIBUTES) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    if (!this.#handle && !this.#placeholder) {
      const nodes = Number.parseInt(this.getAttribute('nodes') ?? '', 10);
      const name = this.getAttribute('scenario') ?? 'Raft Playground';
      this.#placeholder = placeholder(nodes >= 1 && nodes <= 9 ? nodes : 5, name);
      this.#shadow.append(this.#placeholder);
    }
    const eager = (this.getAttribute('loading') ?? '').trim().toLowerCase() === 'eager';
    this.#observer = new IntersectionObserver((entries) => {
      this.#near = entries.some((e) => e.isIntersecting);
      if (this.#near) this.#start();
      this.#handle?.setVisible(this.#near);
    }, { rootMargin: '200px' });
    this.#observer.observe(this);
    if (eager) this.#start();
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#handle?.setVisible(false);
    // Moved within the page, it is connected again at once; removed, it is taken down.
    queueMicrotask(() => {
      if (!this.isConnected && this.#handle) {
        this.#handle.destroy();
        this.#handle = null;
        this.#starting = null;
        this.#shadow.querySelector('.mount')?.remove();
      }
    });
  }

  attributeChangedCallback(name, before, after) {
    if (before === after || !this.#handle || !LIVE.includes(name)) return;
    this.#handle.set(name, after ?? undefined);
  }

  /** Loads the wasm (shared) and mounts this element's app, once. */
  #start() {
    this.#starting ??= (async () => {
      let module;
      try {
        [module] = await Promise.all([loadWasm(), loadSheet().then((s) => {
          this.#shadow.adoptedStyleSheets = [s, hostSheet];
        })]);
      } catch (e) {
        this.#starting = null;
        // The app's string tables are in the wasm that did not load: this one sentence is
        // here, in both languages.
        const why = e?.message ?? e;
        this.#fail(/^zh/i.test(this.getAttribute('lang') ?? navigator.language)
          ? `无法加载演示（${why}）。`
          : `The playground could not be loaded (${why}).`);
        return;
      }
      const mount = document.createElement('div');
      mount.className = 'mount';
      this.#shadow.append(mount);
      const attributes = ATTRIBUTES.flatMap((n) => (this.hasAttribute(n) ? [[n, this.getAttribute(n)]] : []));
      // Attributes it does not know are reported too (a typo of a real one).
      for (const a of this.attributes) {
        if (!ATTRIBUTES.includes(a.name)) attributes.push([a.name, a.value]);
      }
      const inline = this.querySelector('script[type="text/x-raft-scenario"]')?.textContent ?? undefined;
      this.#handle = module.mount(mount, this, attributes, inline, url('index.html'));
      this.#handle.setVisible(this.#near);
      for (const call of this.#queue.splice(0)) call(this.#handle);
    })();
    return this.#starting;
  }

  #fail(message) {
    if (this.#placeholder) {
      let p = this.#placeholder.querySelector('.failed');
      if (!p) {
        p = document.createElement('div');
        p.className = 'failed';
        p.setAttribute('role', 'alert');
        this.#placeholder.append(p);
      }
      this.#placeholder.removeAttribute('aria-hidden');
      p.textContent = message;
    }
    this.dispatchEvent(new CustomEvent('raft-error', { bubbles: true, composed: true, detail: { message } }));
    this.#rejectReady(new Error(message));
  }

  /** Runs `call` on the app now, or once it is up (an API call starts a lazy element). */
  #call(call) {
    if (this.#handle) return call(this.#handle);
    this.#queue.push(call);
    this.#start();
    return undefined;
  }

  play() { this.#call((h) => h.play()); }
  pause() { this.#call((h) => h.pause()); }
  step(n = 1) { this.#call((h) => h.step(count(n))); }
  back(n = 1) { this.#call((h) => h.back(count(n))); }
  seek(ms) { this.#call((h) => h.seek(Number(ms))); }

  /** Replaces the scenario; rejects with an Error naming the line and column. */
  async load(text) {
    await this.#start();
    if (!this.#handle) throw new Error('The playground could not be loaded.');
    return this.#handle.load(String(text));
  }

  /** The cluster on screen in raft-sim's `dump` schema (undefined until ready). */
  state() { return this.#handle?.state(); }

  /** The simulated time on screen, ms. */
  get time() { return this.#handle?.time() ?? 0; }

  /** Resolves once the element has drawn its cluster. */
  get ready() { return this.#ready; }
}

// Attributes that are also properties, as a host page's framework expects.
for (const name of ATTRIBUTES) {
  Object.defineProperty(RaftPlayground.prototype, name, {
    get() { return this.getAttribute(name); },
    set(value) {
      if (value === null || value === undefined || value === false) this.removeAttribute(name);
      else this.setAttribute(name, value === true ? '' : String(value));
    },
  });
}

function count(n) {
  const v = Math.floor(Number(n));
  return Number.isFinite(v) && v > 0 ? Math.min(v, 1_000_000) : 1;
}

if (!customElements.get('raft-playground')) customElements.define('raft-playground', RaftPlayground);
