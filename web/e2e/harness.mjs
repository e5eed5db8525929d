// Shared plumbing for the browser tests: a static server for the Trunk build in dist/,
// a Chromium launcher, and a page opener that records every console and page error.
//
// Only Debian's Chromium is used (/usr/bin/chromium): Playwright's own browser downloads
// are not reachable from our machines, so playwright-core drives the system browser.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The Trunk output directory (`trunk build` writes it at the repository root). */
export const DIST_DIR = resolve(here, '..', '..', 'dist');

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

/**
 * Serve `root` (dist/ by default) on 127.0.0.1 at a free port.
 * Paths without an extension fall back to index.html, like Trunk's own server.
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function startServer(root = DIST_DIR) {
  if (!(await fileAt(join(root, 'index.html')))) {
    throw new Error(`${root}/index.html is missing: build the page first (cargo xtask test does)`);
  }

  const server = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
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
      res.writeHead(200, {
        'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
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
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * Open `url` in a fresh browser context (so tests never share storage).
 * `errors` collects console errors and uncaught page errors as strings; tests assert it stays empty.
 * @param {import('playwright-core').Browser} browser
 * @param {string} url
 * @param {import('playwright-core').BrowserContextOptions} [contextOptions]
 */
export async function openPage(browser, url, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
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
