// Shared plumbing for the browser tests: a static server for the Trunk build in dist/,
// a Chromium launcher, and a page opener that records every console and page error.
//
// Only Debian's Chromium is used (/usr/bin/chromium): Playwright's own browser downloads
// are not reachable from our machines, so playwright-core drives the system browser.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The Trunk output directory (`trunk build` writes it at the repository root).
 * RAFT_DIST_DIR points the tests at another build (e.g. a scratch copy) without touching dist/.
 */
export const DIST_DIR = process.env.RAFT_DIST_DIR
  ? resolve(process.env.RAFT_DIST_DIR)
  : resolve(here, '..', '..', 'dist');

/** The repository root (the presets live in scenarios/ there). */
export const REPO_DIR = resolve(here, '..', '..');

/** Screenshots and other files a person may want to look at after a run (git-ignored). */
export const ARTIFACTS_DIR = resolve(here, 'artifacts');

/** What the app shows once a leader is elected, e.g. "Node 2 leads term 1". */
export const LEADER_PATTERN = /Node (\d+) leads term (\d+)/;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Keep Chromium quiet and offline: no update checks, sync or QUIC probes that could
// reach for the network or add noise, and no GPU (none on CI).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  // Browsers refuse WebAssembly.instantiateStreaming without this exact type.
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

async function fileAt(path) {
  try {
    const info = await stat(path);
    return info.isFile() ? path : null;
  } catch {
    return null;
  }
}

/** `buffer` gzipped at level 9, the way a static host would precompress it. */
export function gzip9(buffer) {
  return gzipSync(buffer, { level: zlibConstants.Z_BEST_COMPRESSION });
}

/**
 * Serve `root` (dist/ by default) on 127.0.0.1 at a free port.
 * Paths without an extension fall back to index.html, like Trunk's own server.
 * With `{ prefix: '/docs/raft/' }`, serves root under that path only (and 404 elsewhere).
 * With `{ gzip: true }`, answers a client that accepts gzip with each file gzipped at level 9
 * (compressed once, then cached), as a production static host would.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
const SLOW_MS = Number(process.env.E2E_SLOW_MS ?? 0);

export async function startServer(root = DIST_DIR, { gzip = false, prefix = '/' } = {}) {
  const gzipped = new Map();
  if (!(await fileAt(join(root, 'index.html')))) {
    throw new Error(`${root}/index.html is missing: build the page first (cargo xtask test does)`);
  }

  const server = createServer(async (req, res) => {
    try {
      const { pathname: full } = new URL(req.url ?? '/', 'http://localhost');
      // Hosted under a sub-path (`prefix`, e.g. '/docs/raft/'), as on a project site: anything
      // outside it is not there.
      if (!full.startsWith(prefix)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const pathname = '/' + full.slice(prefix.length);
      const wanted = resolve(root, '.' + decodeURIComponent(pathname));
      // Never serve anything outside root, whatever ../ tricks the path holds.
      if (wanted !== root && !wanted.startsWith(root + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      let file = (await fileAt(wanted)) ?? (await fileAt(join(wanted, 'index.html')));
      if (!file && extname(wanted) === '') file = join(root, 'index.html');
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      // What the page fetches after it draws (a preset's run, a lesson's text) arrives late on a
      // slow machine: E2E_SLOW_MS=1500 makes it late here too, to find tests that race it.
      if (SLOW_MS > 0 && /\/(presets|scenarios)\//.test(pathname)) await new Promise((ok) => setTimeout(ok, SLOW_MS));
      const headers = {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      };
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        if (!gzipped.has(file)) gzipped.set(file, gzip9(await readFile(file)));
        const body = gzipped.get(file);
        res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.length });
        res.end(body);
        return;
      }
      res.writeHead(200, headers);
      createReadStream(file).pipe(res);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Start headless Chromium. Close it in an `after` hook. */
/**
 * Chromium for a test file. E2E_CPU_SLOWDOWN=4 runs every page four times slower (Chromium's
 * own CPU throttling), as on a loaded CI machine: to find tests that only pass when fast.
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  const rate = Number(process.env.E2E_CPU_SLOWDOWN ?? 1);
  if (rate > 1) {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (options) => {
      const context = await newContext(options);
      context.on('page', async (page) => {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      });
      return context;
    };
  }
  return browser;
}

/**
 * Open `url` in a fresh browser context (so tests never share storage).
 * `errors` collects console errors and uncaught page errors as strings; tests assert it stays empty.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions]
 */
export async function openPage(browser, url, contextOptions = {}, prepare = async () => {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  // Before the page loads: routes that slow or block a request, say.
  await prepare(page);
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  const response = await page.goto(url, { waitUntil: 'load' });
  if (!response || !response.ok()) {
    throw new Error(`GET ${url} answered ${response?.status() ?? 'nothing'}`);
  }
  return { page, context, errors };
}

/**
 * Wait until `[data-testid="leader"]` reads "Node N leads term T"; return [node, term].
 * On timeout, the error says what the element showed instead.
 */
export async function waitForLeader(page, timeout = 10_000) {
  const selector = '[data-testid="leader"]';
  try {
    await page.waitForFunction(
      ([sel, source]) => new RegExp(source).test(document.querySelector(sel)?.textContent ?? ''),
      [selector, LEADER_PATTERN.source],
      { timeout },
    );
  } catch (err) {
    const shown = await page
      .locator(selector)
      .first()
      .textContent({ timeout: 100 })
      .catch(() => null);
    throw new Error(
      `no leader within ${timeout} ms: ${selector} ` +
        (shown === null ? 'is not on the page' : `shows ${JSON.stringify(shown)}`) +
        ` (${err.message.split('\n')[0]})`,
    );
  }
  const text = await page.locator(selector).first().textContent();
  const [, node, term] = text.match(LEADER_PATTERN);
  return [Number(node), Number(term)];
}

/** Save a full-page screenshot to web/e2e/artifacts/<name>.png and return its path. */
export async function saveScreenshot(page, name) {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// ----- Playground helpers (the DOM contract of the page) ------------------------------------

/** The playground's root element. */
export const ROOT = '.raft-playground';

/** Within the root: `[data-testid=<id>]`. */
export function byTestId(page, id) {
  return page.locator(`${ROOT} [data-testid="${id}"]`);
}

/** Open `query` (e.g. '?seed=3') on the server and wait for the cluster to be drawn. */
export async function openPlayground(browser, server, query = '', contextOptions = {}, prepare) {
  const opened = await openPage(browser, server.url + query, {
    viewport: { width: 1280, height: 900 },
    ...contextOptions,
  }, prepare);
  await opened.page.locator(`${ROOT} .cluster .node`).first().waitFor({ timeout: 15_000 });
  return opened;
}

const CLOCK_PATTERN = /([\d.]+)\s*ms\s*·\s*#(\d+)/;
/** A lesson held at one instant counts events only: "#12" (事件 12 in Chinese). */
const EVENT_CLOCK_PATTERN = /^(?:#|事件\s*)(\d+)$/;

/** The clock: "12.3 ms · #45" as { text, ms: 12.3, event: 45 }; "#12" as { ms: NaN, event: 12 }. */
export async function readClock(page) {
  const text = ((await byTestId(page, 'clock').textContent({ timeout: 5_000 })) ?? '').trim();
  const m = text.match(CLOCK_PATTERN);
  if (m) return { text, ms: Number(m[1]), event: Number(m[2]) };
  const e = text.match(EVENT_CLOCK_PATTERN);
  if (e) return { text, ms: NaN, event: Number(e[1]) };
  throw new Error(`the clock reads ${JSON.stringify(text)}, not "<ms> ms · #<event>" or "#<event>"`);
}

/**
 * Wait until the clock passes `ms` (simulated) and return it. In the first simulated
 * millisecond the clock counts events only ("#0", read as NaN): then any reading in ms passes.
 */
export async function waitForClockPast(page, ms, timeout = 10_000) {
  const past = Number.isFinite(ms) ? ms : -1;
  await page.waitForFunction(
    ([source, past]) => {
      const m = document.querySelector('.raft-playground [data-testid="clock"]')?.textContent?.match(new RegExp(source));
      return m && Number(m[1]) > past;
    },
    [CLOCK_PATTERN.source, past],
    { timeout },
  );
  return readClock(page);
}

/** Whether the play button offers "Pause" (English UI), i.e. time is running. */
export async function isPlaying(page) {
  const text = (await byTestId(page, 'play').textContent()) ?? '';
  if (/pause/i.test(text)) return true;
  if (/play/i.test(text)) return false;
  throw new Error(`the play button reads ${JSON.stringify(text)}: neither Play nor Pause`);
}

/** Click [data-testid=play] until time runs (`on`) or stands still (`!on`). */
export async function setPlaying(page, on) {
  if ((await isPlaying(page)) !== on) await byTestId(page, 'play').click();
  const now = await isPlaying(page);
  if (now !== on) throw new Error(`the play button did not switch to ${on ? 'playing' : 'paused'}`);
}

/** Every node drawn: { id, classes, label } in DOM order. */
export function readNodes(page) {
  return page.$$eval(`${ROOT} .cluster .node`, (nodes) =>
    nodes.map((n) => {
      const label = n.getAttribute('aria-label') ?? '';
      const m = label.match(/(\d+)/);
      return { id: m ? Number(m[1]) : NaN, classes: [...n.classList], label };
    }),
  );
}

/** The `.cluster .node` of node `id` (found by its aria-label "Node <id>: ..."). */
export async function nodeLocator(page, id) {
  const nodes = await readNodes(page);
  const index = nodes.findIndex((n) => n.id === id);
  if (index < 0) throw new Error(`no node ${id} among ${JSON.stringify(nodes.map((n) => n.label))}`);
  return page.locator(`${ROOT} .cluster .node`).nth(index);
}

/** The role class of node `id` (follower | candidate | precandidate | leader | down). */
export async function roleOf(page, id) {
  const node = (await readNodes(page)).find((n) => n.id === id);
  return node?.classes.find((c) => ['follower', 'candidate', 'precandidate', 'leader', 'down'].includes(c));
}

/**
 * Wait until the status reads "Node N leads term T" with N != `notNode` (if given) and
 * T > `afterTerm` (if given); return [N, T].
 */
export async function waitForLeaderWhere(page, { notNode = null, afterTerm = null } = {}, timeout = 10_000) {
  const selector = '[data-testid="leader"]';
  try {
    await page.waitForFunction(
      ([sel, source, not, after]) => {
        const m = document.querySelector(sel)?.textContent?.match(new RegExp(source));
        return m && (not === null || Number(m[1]) !== not) && (after === null || Number(m[2]) > after);
      },
      [selector, LEADER_PATTERN.source, notNode, afterTerm],
      { timeout },
    );
  } catch {
    const shown = await page.locator(selector).first().textContent({ timeout: 100 }).catch(() => null);
    throw new Error(
      `no leader other than node ${notNode} in a term after ${afterTerm} within ${timeout} ms; ` +
        `the status shows ${JSON.stringify(shown)}`,
    );
  }
  const [, node, term] = (await page.locator(selector).first().textContent()).match(LEADER_PATTERN);
  return [Number(node), Number(term)];
}

/**
 * The log table per node: { [id]: { last, commit, entries } } where `last` is the highest
 * index with an entry shown, `commit` the highest index shown as committed (0 if none).
 * Columns are mapped by the header cells that hold an index number.
 */
export function readLogs(page) {
  return page.$$eval(`${ROOT} .log-table`, (tables) => {
    const table = tables[0];
    if (!table) return null;
    const header = [...table.querySelectorAll('thead tr:last-child > *')].map((c) => c.textContent.trim());
    const out = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const cells = [...row.children];
      const id = parseInt(cells[0]?.textContent ?? '', 10);
      let last = 0;
      let commit = 0;
      let entries = 0;
      cells.forEach((cell, j) => {
        const index = /^\d+$/.test(header[j] ?? '') ? Number(header[j]) : null;
        if (index === null) return;
        if (cell.classList.contains('entry')) {
          entries += 1;
          last = Math.max(last, index);
          if (cell.classList.contains('committed')) commit = Math.max(commit, index);
        }
      });
      out[id] = { last, commit, entries };
    }
    return out;
  });
}

/** What the step/back test compares: the clock, the cluster picture and the log table. */
export function readState(page) {
  return page.evaluate((root) => {
    const r = document.querySelector(root);
    return {
      clock: r?.querySelector('[data-testid="clock"]')?.textContent ?? null,
      cluster: r?.querySelector('.cluster')?.outerHTML ?? null,
      log: r?.querySelector('.log-table')?.outerHTML ?? null,
    };
  }, ROOT);
}

/** The text of every error notice shown ('' when none is). */
export async function errorsText(page) {
  const texts = await page.$$eval(`${ROOT} .notice.error span`, (els) => els.map((e) => (e.textContent ?? '').trim()));
  return texts.join(' | ');
}

/**
 * The colour painted behind `selector`: its own background-color, or the nearest ancestor's
 * that is not transparent (the canvas' colour as a last resort). As [r, g, b].
 */
export function effectiveBackground(page, selector = ROOT) {
  return page.evaluate((sel) => {
    const parse = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    for (let el = document.querySelector(sel); el; el = el.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(el).backgroundColor);
      if (a > 0) return [r, g, b];
    }
    return [255, 255, 255];
  }, selector);
}

/** Relative luminance of an [r, g, b] colour, 0 (black) .. 1 (white). */
export function luminance([r, g, b]) {
  const lin = (v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Median and nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
