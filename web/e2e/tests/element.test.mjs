// The <raft-playground> custom element (web/element/raft-playground.js, its wasm
// web/src/bin/raft-element.rs) against the embedding contract (embedding-api.md): on pages of
// someone else's site, under a sub-path (/docs/, with dist/ copied to /docs/raft/), next to a
// hostile stylesheet and under a strict Content-Security-Policy; its JavaScript API (step, back,
// seek, load, state, time) against raft-sim's own `dump` and `--trace`; its events; lazy
// loading; keyboard focus; what it shows for bad input.
//
// The host pages are written at test time into a temporary directory, each page's JavaScript
// in a file of its own (no inline scripts: one test serves them under a CSP). Screenshots of
// dist/examples/index.html land in web/e2e/artifacts/element-*.png. raft-sim runs through
// `cargo run -p raft-sim` (or the binary RAFT_SIM names).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { ARTIFACTS_DIR, DIST_DIR, REPO_DIR, launchBrowser, luminance, startServer } from '../harness.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** The host site's sub-path; dist/ sits under it, at raft/. */
const PREFIX = '/docs/';

/** The policy of the CSP test: nothing inline, nothing from elsewhere; wasm may compile. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let tmpRoot;
let site; // <tmp>/site, served at /docs/
let server; // harness's static server
let cspServer; // the same files with a Content-Security-Policy header
let browser;

// ----- Host pages ------------------------------------------------------------------------------

/** Records every raft-* event that reaches `document` (so, bubbling and composed) in window.raftLog. */
const RECORD_JS = `window.raftLog = [];
for (const type of ['raft-ready', 'raft-event', 'raft-error', 'raft-violation']) {
  document.addEventListener(type, (e) => {
    window.raftLog.push({
      type, id: e.target && e.target.id, detail: e.detail, bubbles: e.bubbles, composed: e.composed,
    });
  });
}
`;

/**
 * Writes `<name>.html` into the site: it loads record.js, the element (raft/raft-playground.js)
 * and, if given, `<name>.css` and `<name>.js` (written next to it).
 */
async function hostPage(name, { body, css = null, js = null, title = name }) {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="icon.svg">',
    `<title>${title}</title>`,
    css !== null ? `<link rel="stylesheet" href="${name}.css">` : '',
    '<script src="record.js"></script>',
    '<script type="module" src="raft/raft-playground.js"></script>',
    js !== null ? `<script type="module" src="${name}.js"></script>` : '',
  ].join('\n    ');
  await writeFile(join(site, `${name}.html`), `<!doctype html>\n<html lang="en">\n  <head>\n    ${head}\n  </head>\n  <body>\n${body}\n  </body>\n</html>\n`);
  if (css !== null) await writeFile(join(site, `${name}.css`), css);
  if (js !== null) await writeFile(join(site, `${name}.js`), js);
}

const SPACER_CSS = '.spacer { height: 3000px; } body { margin: 8px; font-family: sans-serif; }\n';

const HOSTILE_CSS = `/* A host stylesheet that would wreck anything it reached. */
* { all: unset; font-size: 40px !important; color: red !important; }
div, svg, circle { display: none !important; }
button { display: none !important; }
`;

async function writeSite() {
  await writeFile(join(site, 'index.html'), '<!doctype html><title>docs</title><p>The docs.</p>\n');
  await writeFile(join(site, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>\n');
  await writeFile(join(site, 'record.js'), RECORD_JS);

  // 1. Three elements (a preset, an inline script, a seed) under a hostile stylesheet.
  await hostPage('hostile', {
    css: HOSTILE_CSS,
    body: `    <h1>Docs</h1>
    <raft-playground id="preset" scenario="leader-crash" controls="compact"></raft-playground>
    <raft-playground id="inline" controls="minimal">
      <script type="text/x-raft-scenario">
        cluster 3 seed=1
        run until leader
        crash 1
        run until leader
      </script>
    </raft-playground>
    <raft-playground id="seeded" seed="7"></raft-playground>`,
  });

  // 2, 3, 11, 12: one element to drive through the API.
  await hostPage('api', {
    body: '    <raft-playground id="e" loading="eager" autoplay="false" seed="3" controls="compact"></raft-playground>',
  });
  await hostPage('xss', {
    body: `    <raft-playground id="e" loading="eager" autoplay="false" seed="3" controls="full"></raft-playground>
    <raft-playground id="named" loading="eager" controls="compact" scenario="<img src=x onerror=alert(1)>"></raft-playground>`,
  });

  // 4. One element to break, one playing next to it.
  await hostPage('two', {
    css: 'raft-playground { margin-bottom: 8px; }\n',
    body: `    <raft-playground id="a" loading="eager" autoplay="false" seed="3" controls="compact"></raft-playground>
    <raft-playground id="b" loading="eager" seed="4" controls="none" speed="1000"></raft-playground>`,
  });

  // 5. A bug preset.
  await hostPage('bug', {
    body: '    <raft-playground id="bug" loading="eager" scenario="bug-forget-vote" controls="compact" speed="1000"></raft-playground>',
  });

  // 6. Bad attributes, and a good element that keeps playing.
  await hostPage('bad', {
    css: 'raft-playground { margin-bottom: 8px; }\n',
    body: `    <p id="text">The host page's own text.</p>
    <raft-playground id="good" loading="eager" seed="5" controls="none" speed="1000"></raft-playground>
    <raft-playground id="nodes" loading="eager" nodes="12" controls="compact"></raft-playground>
    <raft-playground id="controls" loading="eager" controls="tiny"></raft-playground>
    <raft-playground id="scenario" loading="eager" scenario="no-such" controls="compact"></raft-playground>`,
  });

  // 7. Lazy: one element far below the fold (nothing else), then eager and lazy ones below it.
  await hostPage('lazy', {
    css: SPACER_CSS,
    body: `    <p id="top">Scroll down.</p>
    <div class="spacer"></div>
    <raft-playground id="lazy" scenario="election" controls="compact"></raft-playground>`,
  });
  await hostPage('eager', {
    css: SPACER_CSS,
    body: `    <p id="top">Scroll down.</p>
    <div class="spacer"></div>
    <raft-playground id="eager" loading="eager" seed="4" controls="compact"></raft-playground>
    <div class="spacer"></div>
    <raft-playground id="lazy" seed="5" controls="compact"></raft-playground>`,
  });

  // 8. A playing element at the top of a long page.
  await hostPage('scroll', {
    css: SPACER_CSS,
    body: `    <raft-playground id="p" autoplay seed="6" controls="compact"></raft-playground>
    <div class="spacer"></div>
    <p id="bottom">The end.</p>`,
  });

  // 9. lang, theme and controls changed after creation.
  await hostPage('live', {
    body: '    <raft-playground id="e" loading="eager" autoplay="false" seed="3" lang="en" theme="light" controls="compact"></raft-playground>',
  });

  // 9b. Two elements born Chinese: the Chinese words are fetched once, for both.
  await hostPage('zh', {
    body: `    <raft-playground id="z1" loading="eager" autoplay="false" seed="3" lang="zh" controls="compact"></raft-playground>
    <raft-playground id="z2" loading="eager" autoplay="false" scenario="election" lang="zh" controls="compact"></raft-playground>`,
  });

  // 9c. A narrated lesson inside a documentation page: an inline script with captions.
  await hostPage('captions', {
    body: `    <raft-playground id="c" loading="eager" controls="compact" speed="300">
      <script type="text/x-raft-scenario">
        cluster 3 seed=2
        say Three servers, no leader yet.
        run until leader
        say A leader is elected.
        run 300ms
      </script>
    </raft-playground>`,
  });

  // 10. Two elements side by side on a page that scrolls.
  await hostPage('keys', {
    css: `${SPACER_CSS}.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }\n`,
    body: `    <p id="intro">Two playgrounds. Click one and use the keyboard.</p>
    <div class="pair">
      <raft-playground id="a" loading="eager" autoplay="false" seed="3" controls="compact"></raft-playground>
      <raft-playground id="b" loading="eager" autoplay="false" seed="4" controls="compact"></raft-playground>
    </div>
    <div class="spacer"></div>`,
  });

  // 13. One element, to be served under a CSP; it also loads a script (the parser is fetched).
  await hostPage('csp', {
    js: `const e = document.getElementById('e');
document.getElementById('load').addEventListener('click', () => {
  e.load('cluster 3 seed=2\\nrun until leader\\nrun 1s\\n').then(
    () => { document.getElementById('status').textContent = 'loaded'; },
    (err) => { document.getElementById('status').textContent = 'failed: ' + err.message; },
  );
});
`,
    body: `    <p><button id="load" type="button">Load a script</button> <output id="status"></output></p>
    <raft-playground id="e" loading="eager" autoplay seed="3" controls="compact" speed="1000"></raft-playground>`,
  });
}

// ----- Browser plumbing ------------------------------------------------------------------------

/**
 * Opens `path` of the site (`base`: harness's server unless told otherwise) in a fresh context.
 * `errors`: console errors and page errors; `messages`: every console message; `requests`: every
 * URL asked for; `dialogs`: every alert/confirm/prompt (dismissed).
 */
async function open(path, { base = server.url, viewport = { width: 1280, height: 900 }, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  const messages = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (msg) => {
    messages.push(`${msg.type()}: ${msg.text()}`);
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('request', (req) => requests.push(req.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  const url = new URL(PREFIX.slice(1) + path, base).href;
  const response = await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
  if (!response || !response.ok()) throw new Error(`GET ${url} answered ${response?.status() ?? 'nothing'}`);
  return { page, context, errors, messages, requests, dialogs };
}

/**
 * Runs `body` on a freshly opened page and checks it logged no errors (unless
 * `allowErrors`); on failure, leaves web/e2e/artifacts/element-<name>-failure.png.
 */
async function withPage(name, path, body, { allowErrors = false, ...options } = {}) {
  const opened = await open(path, options);
  try {
    await body(opened);
    if (!allowErrors) assert.deepEqual(opened.errors, [], 'the page logged errors');
  } catch (err) {
    await mkdir(ARTIFACTS_DIR, { recursive: true }).catch(() => {});
    await opened.page.screenshot({ path: join(ARTIFACTS_DIR, `element-${name}-failure.png`), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await opened.context.close();
  }
}

/** The nodes drawn inside element `#id` (Playwright's CSS pierces its open shadow root). */
const nodesOf = (page, id) => page.locator(`#${id} .cluster .node`);

/** Waits until element `#id` has drawn its cluster. */
async function drawn(page, id, timeout = 15_000) {
  // Visible, not only attached: an element opened on a preset keeps its cluster hidden until
  // the preset's run has arrived (see `.held`), and a reader sees nothing before that.
  await nodesOf(page, id).first().waitFor({ state: 'visible', timeout });
}

/** Scrolls element `#id` into view and waits until it has drawn its cluster. */
async function scrollToAndDraw(page, id) {
  await page.locator(`#${id}`).scrollIntoViewIfNeeded();
  await drawn(page, id);
}

/** The element's `time` (simulated ms). */
const timeOf = (page, id) => page.evaluate((i) => document.getElementById(i).time, id);

/** Every raft-* event recorded on `document`, of `type` (from element `id` if given). */
const logOf = (page, type, id = null) =>
  page.evaluate(([t, i]) => window.raftLog.filter((e) => e.type === t && (i === null || e.id === i)), [type, id]);

/** The text of the error notices shown inside element `#id` ('' when none). */
async function errorShown(page, id) {
  const texts = await page.locator(`#${id} .notice.error`).allInnerTexts();
  return texts.join(' | ').trim();
}

/** Waits until `check()` (in Node) holds, polling; fails with `what` and the last value. */
async function eventually(what, check, timeout = 10_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await check();
    if (last === true) return;
    if (Date.now() > end) assert.fail(`${what} (within ${timeout} ms; last: ${JSON.stringify(last)})`);
    await sleep(100);
  }
}

/** Waits until element `#id`'s time passes `ms`; returns it. */
async function timePast(page, id, ms, timeout = 10_000) {
  await page.waitForFunction(([i, t]) => document.getElementById(i).time > t, [id, ms], { timeout });
  return timeOf(page, id);
}

// ----- raft-sim --------------------------------------------------------------------------------

/** raft-sim on the command line: RAFT_SIM=<binary>, or `cargo run -p raft-sim` in the repository. */
function raftSimCommand(args) {
  if (process.env.RAFT_SIM) return [process.env.RAFT_SIM, args];
  return ['cargo', ['run', '-q', '--offline', '-p', 'raft-sim', '--', ...args]];
}

let scriptCount = 0;
/**
 * Runs each script with `raft-sim run` (one process for all); returns, per script, the JSON
 * objects its `dump`s printed. A script that does not end `ok` fails the test.
 */
async function raftSimDumps(scripts) {
  const files = [];
  for (const text of scripts) {
    const file = join(tmpRoot, `cli-${++scriptCount}.raft`);
    await writeFile(file, text);
    files.push(file);
  }
  const [program, args] = raftSimCommand(['run', ...files]);
  let stdout;
  try {
    ({ stdout } = await run(program, args, { cwd: REPO_DIR, timeout: 150_000, maxBuffer: 64 << 20 }));
  } catch (err) {
    throw new Error(`raft-sim run failed (${err.message.split('\n')[0]}):\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
  const out = [];
  let dumps = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    if (line.startsWith('{')) dumps.push(JSON.parse(line));
    else if (line.startsWith('ok ')) {
      out.push(dumps);
      dumps = [];
    } else throw new Error(`raft-sim: ${line}`);
  }
  assert.equal(out.length, scripts.length, `raft-sim ran ${out.length} of ${scripts.length} scripts:\n${stdout}`);
  return out;
}

/** `raft-sim run --trace`: the trace's event lines (the `start` line left out). */
async function raftSimTrace(script) {
  const file = join(tmpRoot, `cli-${++scriptCount}.raft`);
  const trace = `${file}.jsonl`;
  await writeFile(file, script);
  const [program, args] = raftSimCommand(['run', '--trace', trace, file]);
  await run(program, args, { cwd: REPO_DIR, timeout: 150_000 });
  const lines = (await readFile(trace, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines[0]?.kind, 'start', 'a trace starts with its start line');
  return lines.slice(1);
}

// ----- A static server that sends a Content-Security-Policy ------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.raft': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

/** Serves `root` under PREFIX like harness's server, every answer with `headers`. */
async function startHeaderServer(root, headers) {
  const http = createServer(async (req, res) => {
    try {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      if (!pathname.startsWith(PREFIX)) {
        res.writeHead(404, headers).end('not found');
        return;
      }
      let file = resolve(root, '.' + decodeURIComponent('/' + pathname.slice(PREFIX.length)));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403, headers).end('forbidden');
        return;
      }
      const info = await stat(file).catch(() => null);
      if (info?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (body === null) {
        res.writeHead(404, headers).end('not found');
        return;
      }
      res.writeHead(200, {
        ...headers,
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((ok, fail) => {
    http.once('error', fail);
    http.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${http.address().port}/`,
    close: () => new Promise((ok) => {
      http.closeAllConnections();
      http.close(() => ok());
    }),
  };
}

// ----- Setup -----------------------------------------------------------------------------------

before(async () => {
  tmpRoot = await mkdtemp(join(tmpdir(), 'raft-element-'));
  site = join(tmpRoot, 'site');
  await mkdir(site, { recursive: true });
  await cp(DIST_DIR, join(site, 'raft'), { recursive: true });
  await writeSite();
  server = await startServer(site, { prefix: PREFIX });
  cspServer = await startHeaderServer(site, { 'content-security-policy': CSP });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await cspServer?.close();
  if (tmpRoot) await rm(tmpRoot, { recursive: true, force: true });
});

const isElementWasm = (url) => new URL(url).pathname.endsWith('/raft-element_bg.wasm');

// ----- 1. Many elements, one download, a hostile host stylesheet -------------------------------

test('three elements under a hostile stylesheet draw, share one wasm download, and a fourth added later too', { timeout: 60_000 }, async () => {
  await withPage('hostile', 'hostile.html', async ({ page, requests }) => {
    for (const id of ['preset', 'inline', 'seeded']) await scrollToAndDraw(page, id);

    const expected = { preset: 5, inline: 3, seeded: 5 };
    for (const [id, count] of Object.entries(expected)) {
      assert.equal(await nodesOf(page, id).count(), count, `#${id} draws ${count} nodes`);
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      assert.ok(await nodesOf(page, id).first().isVisible(), `#${id}'s nodes are visible despite "svg, circle { display: none }"`);
      const play = page.locator(`#${id} [data-testid="play"]`);
      assert.ok(await play.isVisible(), `#${id}'s play button is visible despite "button { display: none }"`);
      const box = await page.locator(`#${id} .cluster`).boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `#${id}'s cluster has room: ${JSON.stringify(box)}`);
    }
    // Each one ran its own scenario: the preset is 5 nodes, the inline script 3.
    assert.equal(await page.locator('#inline').evaluate((e) => e.state().nodes.length), 3, 'the inline script runs (3 nodes)');

    // The three do not draw over one another.
    const boxes = [];
    for (const id of Object.keys(expected)) boxes.push([id, await page.locator(`#${id} .cluster`).boundingBox()]);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, p] = boxes[i];
        const [b, q] = boxes[j];
        const apart = p.y + p.height <= q.y || q.y + q.height <= p.y || p.x + p.width <= q.x || q.x + q.width <= p.x;
        assert.ok(apart, `#${a}'s cluster ${JSON.stringify(p)} overlaps #${b}'s ${JSON.stringify(q)}`);
      }
    }

    const wasm = () => requests.filter(isElementWasm);
    assert.equal(wasm().length, 1, `one download of raft-element_bg.wasm for three elements: ${JSON.stringify(wasm())}`);

    // An author's script adds a fourth after the page loaded.
    await page.evaluate(() => {
      const e = document.createElement('raft-playground');
      e.id = 'late';
      e.setAttribute('scenario', 'election');
      e.setAttribute('controls', 'minimal');
      document.body.append(e);
      e.scrollIntoView();
    });
    await drawn(page, 'late');
    assert.ok(await nodesOf(page, 'late').first().isVisible(), 'the fourth element draws');
    assert.ok(await page.locator('#late [data-testid="play"]').isVisible(), "the fourth element's play button is visible");
    assert.equal(wasm().length, 1, `no further wasm download for the fourth element: ${JSON.stringify(wasm())}`);
    assert.equal(requests.filter((u) => u.endsWith('/raft-element.js')).length, 1, 'raft-element.js is fetched once');
    for (const u of requests) assert.ok(new URL(u).pathname.startsWith(PREFIX), `everything comes from under ${PREFIX}: ${u}`);
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'element-hostile.png'), fullPage: true });
  });
});

// ----- 2. step and back ------------------------------------------------------------------------

test('step(5), step(3), back(3) comes back to exactly the state and time of step(5)', { timeout: 30_000 }, async () => {
  await withPage('step-back', 'api.html', async ({ page }) => {
    await page.evaluate(() => document.getElementById('e').ready);
    const clock = page.locator('#e [data-testid="clock"]');
    const first = await page.evaluate(() => {
      const e = document.getElementById('e');
      e.step(5);
      return { state: e.state(), time: e.time };
    });
    assert.ok(first.time > 0, `five events take time: ${first.time}`);
    await page.waitForFunction(() => /#5\b/.test(document.getElementById('e').shadowRoot.querySelector('[data-testid="clock"]')?.textContent ?? ''));
    const shown = await clock.textContent();

    const further = await page.evaluate(() => {
      const e = document.getElementById('e');
      e.step(3);
      return { state: e.state(), time: e.time };
    });
    assert.ok(further.time > first.time, `three more events move time on: ${first.time} -> ${further.time}`);
    assert.notDeepEqual(further.state, first.state, 'three more events change the state');
    await page.waitForFunction(() => /#8\b/.test(document.getElementById('e').shadowRoot.querySelector('[data-testid="clock"]')?.textContent ?? ''));

    const back = await page.evaluate(() => {
      const e = document.getElementById('e');
      e.back(3);
      return { state: e.state(), time: e.time };
    });
    assert.deepEqual(back.state, first.state, 'back(3) gives exactly the state of three events ago');
    assert.equal(back.time, first.time, 'and its time');
    await page.waitForFunction((text) => document.getElementById('e').shadowRoot.querySelector('[data-testid="clock"]')?.textContent === text, shown);
    assert.equal(await clock.textContent(), shown, 'the clock on screen reads as it did');
  });
});

// ----- 3. state() against raft-sim's dump ------------------------------------------------------

test("state() after seek(T) equals raft-sim's dump at T", { timeout: 150_000 }, async () => {
  const A = 'cluster 5 seed=11\nrun until leader\n';
  const B = `${A}client set x 1\nrun until applied=2\n`;
  const C = 'cluster 3 seed=5\n';
  const D = 'cluster 5 seed=4 members=1,2,3\nrun 400ms\nadd 4\n';
  // Where the runs are at their `run until`s (raft-sim says), to aim inside them.
  const [[atLeader], [applied, afterCrash, reelected]] = await raftSimDumps([
    `${A}dump\n`,
    `${B}dump\ncrash 4\ndump\nrun until leader\ndump\n`,
  ]);
  const leaderOf = (dump) => dump.nodes.find((n) => n.role === 'leader')?.id;
  assert.equal(leaderOf(applied), 4, 'seed 11 elects node 4 (the script below crashes it)');
  assert.notEqual(leaderOf(reelected), 4, 'another node leads after the crash');
  const tL = atLeader.time_ms;
  const tC = afterCrash.time_ms;
  const tL2 = reelected.time_ms;
  assert.ok(tC + 100 < tL2, `100 ms after the crash (${tC} ms) is before the new leader (${tL2} ms)`);

  // Each case: the element's script, then times T with the script that runs raft-sim to exactly T.
  // `run 0ms` after an input does what else is due at that instant: seek(T) does every event at
  // or before T.
  const cases = [
    {
      script: `${A}client set x 1\nrun 400ms\n`,
      at: [
        [tL + 400, `${A}client set x 1\nrun 400ms\ndump\n`],
        [tL, `${A}client set x 1\nrun 0ms\ndump\n`],
        [tL + 150, `${A}client set x 1\nrun 150ms\ndump\n`],
      ],
    },
    {
      script: `${B}crash 4\nrun until leader\nrun 300ms\n`,
      at: [
        [tL2 + 250, `${B}crash 4\nrun until leader\nrun 250ms\ndump\n`],
        [tC, `${B}crash 4\nrun 0ms\ndump\n`],
        [tC + 100, `${B}crash 4\nrun 100ms\ndump\n`],
      ],
    },
    {
      script: `${C}run 700ms\ncrash 1\nrun 500ms\nrestart 1\nrun 500ms\n`,
      at: [
        [1450, `${C}run 700ms\ncrash 1\nrun 500ms\nrestart 1\nrun 250ms\ndump\n`],
        [250, `${C}run 250ms\ndump\n`],
        [1000, `${C}run 700ms\ncrash 1\nrun 300ms\ndump\n`],
      ],
    },
    {
      // Membership: spares, an added server, a joint change under way and then done.
      script: `${D}run 300ms\nreconfig 2,3,4\nrun 600ms\n`,
      at: [
        [800, `${D}run 300ms\nreconfig 2,3,4\nrun 100ms\ndump\n`],
        [1200, `${D}run 300ms\nreconfig 2,3,4\nrun 500ms\ndump\n`],
        [600, `${D}run 200ms\ndump\n`],
      ],
    },
  ];
  const expected = await raftSimDumps(cases.flatMap((c) => c.at.map(([, cli]) => cli)));

  await withPage('state-dump', 'api.html', async ({ page }) => {
    await page.evaluate(() => document.getElementById('e').ready);
    let k = 0;
    for (const { script, at } of cases) {
      await page.evaluate(async (text) => {
        const e = document.getElementById('e');
        await e.load(text);
        e.pause();
      }, script);
      for (const [t] of at) {
        const [want] = expected[k++];
        const got = await page.evaluate((ms) => {
          const e = document.getElementById('e');
          e.seek(ms);
          return { state: e.state(), time: e.time };
        }, t);
        const where = `script ${JSON.stringify(script)} at ${t} ms`;
        assert.equal(want.time_ms, Math.round(t * 1000) / 1000, `raft-sim's dump is at ${t} ms (${where})`);
        assert.equal(got.time, want.time_ms, `time after seek(${t}) (${where})`);
        assert.deepEqual(got.state, want, `state() after seek(${t}) equals raft-sim's dump (${where})`);
      }
    }
  });
});

// ----- 4. load() of a malformed script ---------------------------------------------------------

test('load() of a malformed script rejects naming line and column, shows it, fires raft-error; the other element runs on', { timeout: 45_000 }, async () => {
  await withPage('load-error', 'two.html', async ({ page }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((e) => e.ready)));
    const b0 = await timePast(page, 'b', 0);
    const outcome = await page.evaluate(async () => {
      try {
        await document.getElementById('a').load('cluster 3 seed=1\nrun untill leader\n');
        return { resolved: true };
      } catch (e) {
        return { isError: e instanceof Error, message: String(e?.message) };
      }
    });
    assert.ok(!outcome.resolved, 'load() of a malformed script rejects');
    assert.ok(outcome.isError, 'with an Error');
    assert.match(outcome.message, /\bscript:2:5:/, `the message names line 2, column 5: ${outcome.message}`);
    assert.match(outcome.message, /untill/, 'and what is wrong there');

    await eventually('the element shows the error', async () => /script:2:5:.*untill/.test(await errorShown(page, 'a')) || (await errorShown(page, 'a')));
    assert.ok(await page.locator('#a .notice.error').first().isVisible(), 'the message is visible');
    assert.ok((await nodesOf(page, 'a').count()) > 0, 'the element still draws a cluster');
    await eventually('raft-error fired', async () => (await logOf(page, 'raft-error', 'a')).some((e) => /script:2:5:/.test(e.detail?.message)) || (await logOf(page, 'raft-error', 'a')));
    const [fired] = (await logOf(page, 'raft-error', 'a')).filter((e) => /script:2:5:/.test(e.detail?.message));
    assert.ok(fired.bubbles && fired.composed, 'raft-error bubbles out of the shadow root');

    const b1 = await timePast(page, 'b', b0, 5_000);
    const b2 = await timePast(page, 'b', b1, 5_000);
    assert.ok(b2 > b1 && b1 > b0, `the other element keeps running: ${b0} -> ${b1} -> ${b2} ms`);
    assert.equal(await errorShown(page, 'b'), '', 'and shows no error');
    assert.deepEqual(await logOf(page, 'raft-error', 'b'), [], 'nor fires raft-error');
  });
});

// ----- 4b. A good load() after a bad one ------------------------------------------------------

test('a load() that runs after one that did not parse leaves no stale error on screen', { timeout: 30_000 }, async () => {
  await withPage('load-after-error', 'api.html', async ({ page }) => {
    await page.evaluate(() => document.getElementById('e').ready);
    const rejected = await page.evaluate(() => document.getElementById('e').load('cluster 3 seed=1\nrun untill leader\n').then(() => false, () => true));
    assert.ok(rejected, 'the malformed script is refused');
    await eventually('the error is shown', async () => /script:2:5:/.test(await errorShown(page, 'e')) || (await errorShown(page, 'e')));
    await page.evaluate(() => document.getElementById('e').load('cluster 3 seed=1\nrun until leader\n'));
    assert.equal(await page.evaluate(() => document.getElementById('e').state().nodes.length), 3, 'the good script runs (3 nodes)');
    await sleep(500);
    assert.equal(await errorShown(page, 'e'), '', 'and the error about the script it replaced is gone');
  });
});

// ----- 5. A bug preset -------------------------------------------------------------------------

test('a bug preset played fires raft-violation naming the property', { timeout: 45_000 }, async () => {
  await withPage('violation', 'bug.html', async ({ page }) => {
    await page.evaluate(() => document.getElementById('bug').ready);
    assert.deepEqual(await logOf(page, 'raft-violation'), [], 'nothing is violated before it plays');
    await page.evaluate(() => document.getElementById('bug').play());
    await eventually('raft-violation fired', async () => (await logOf(page, 'raft-violation', 'bug')).length > 0, 25_000);
    const [v] = await logOf(page, 'raft-violation', 'bug');
    assert.equal(v.detail.property, 'election-safety', `detail.property names the property: ${JSON.stringify(v.detail)}`);
    assert.ok(v.bubbles && v.composed, 'raft-violation bubbles out of the shadow root');
    const banner = page.locator('#bug [data-testid="violation"]');
    await banner.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(await banner.innerText(), /election/i, 'the element shows which property broke');
  });
});

// ----- 6. Bad attributes -----------------------------------------------------------------------

test('a bad attribute shows a readable message inside the element and fires raft-error; it still draws; others are unaffected', { timeout: 45_000 }, async () => {
  await withPage('bad-attributes', 'bad.html', async ({ page }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((e) => e.ready)));
    const cases = [
      ['nodes', /nodes=12\b.*3.*9/s, 5],
      ['controls', /controls=tiny\b.*full/s, 5],
      ['scenario', /scenario=no-such\b/, 5],
    ];
    for (const [id, pattern, nodes] of cases) {
      await eventually(`#${id} shows its error`, async () => pattern.test(await errorShown(page, id)) || (await errorShown(page, id)));
      await page.locator(`#${id}`).scrollIntoViewIfNeeded();
      assert.ok(await page.locator(`#${id} .notice.error`).first().isVisible(), `#${id}'s message is visible`);
      assert.equal(await nodesOf(page, id).count(), nodes, `#${id} still draws a cluster of ${nodes}`);
      const fired = await logOf(page, 'raft-error', id);
      assert.ok(fired.some((e) => pattern.test(e.detail?.message ?? '')), `#${id} fired raft-error saying what: ${JSON.stringify(fired)}`);
    }
    assert.equal(await errorShown(page, 'good'), '', 'the good element shows no error');
    assert.deepEqual(await logOf(page, 'raft-error', 'good'), [], 'nor fires raft-error');
    assert.equal(await nodesOf(page, 'good').count(), 5, 'it draws its cluster');
    await page.locator('#good').scrollIntoViewIfNeeded();
    const t0 = await timeOf(page, 'good');
    const t1 = await timePast(page, 'good', t0, 5_000);
    assert.ok(t1 > t0, `and it plays: ${t0} -> ${t1}`);
    assert.equal(await page.locator('#text').innerText(), "The host page's own text.", "the host page's own text is untouched");
  });
});

// ----- 7. Lazy loading -------------------------------------------------------------------------

test('a lazy element below the fold shows its placeholder and starts only when scrolled to; an eager one starts at once', { timeout: 60_000 }, async () => {
  await withPage('lazy', 'lazy.html', async ({ page, requests }) => {
    await sleep(1_500);
    const placeholder = page.locator('#lazy .placeholder');
    assert.equal(await placeholder.count(), 1, 'the lazy element shows a placeholder');
    assert.equal(await page.locator('#lazy .placeholder circle').count(), 5, 'a picture of 5 nodes');
    assert.match(await placeholder.textContent(), /election/, "with the scenario's name");
    assert.equal(await nodesOf(page, 'lazy').count(), 0, 'no cluster is drawn');
    assert.equal(await timeOf(page, 'lazy'), 0, 'time is 0');
    assert.equal(requests.filter(isElementWasm).length, 0, 'the wasm is not even fetched');
    const before = await page.locator('#lazy').boundingBox();

    await page.locator('#lazy').scrollIntoViewIfNeeded();
    await drawn(page, 'lazy');
    assert.ok(await nodesOf(page, 'lazy').first().isVisible(), 'scrolled into view, it draws');
    assert.equal(await placeholder.count(), 0, 'and the placeholder is gone');
    const afterBox = await page.locator('#lazy').boundingBox();
    assert.equal(afterBox.height, before.height, `it held its final height before the wasm came (${before.height} -> ${afterBox.height})`);
  });
  await withPage('eager', 'eager.html', async ({ page }) => {
    await drawn(page, 'eager');
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'nothing scrolled');
    assert.ok((await page.locator('#eager').boundingBox()).y > 3000, 'the eager element is far below the fold');
    assert.equal(await nodesOf(page, 'eager').count(), 5, 'loading="eager" mounts at once, out of view');
    assert.equal((await logOf(page, 'raft-ready', 'eager')).length, 1, 'and fires raft-ready');
    await sleep(500);
    assert.equal(await nodesOf(page, 'lazy').count(), 0, 'a lazy one further down still waits');
    assert.equal((await logOf(page, 'raft-ready', 'lazy')).length, 0, 'without raft-ready');
  });
});

// ----- 8. Out of view, no animation ------------------------------------------------------------

test('a playing element scrolled out of view stops advancing, and advances again when back', { timeout: 45_000 }, async () => {
  await withPage('out-of-view', 'scroll.html', async ({ page }) => {
    await drawn(page, 'p');
    const t0 = await timePast(page, 'p', 0);
    const t1 = await timePast(page, 'p', t0, 5_000);
    assert.ok(t1 > t0, `in view it plays: ${t0} -> ${t1}`);

    await page.locator('#bottom').scrollIntoViewIfNeeded();
    await sleep(500);
    const away1 = await timeOf(page, 'p');
    await sleep(1_000);
    const away2 = await timeOf(page, 'p');
    assert.equal(away2, away1, `out of view, time stands still (${away1} -> ${away2} ms in 1 s)`);

    await page.locator('#p').scrollIntoViewIfNeeded();
    const back = await timePast(page, 'p', away2, 5_000);
    assert.ok(back > away2, `back in view it plays on: ${away2} -> ${back}`);
  });
});

// ----- 9. lang, theme, controls after creation -------------------------------------------------

test('an element plays a script\'s captions: over its cluster, stopping where the script says them', { timeout: 30_000 }, async () => {
  await withPage('captions', 'captions.html', async ({ page }) => {
    const caption = page.locator('#c [data-testid="caption"]');
    await caption.waitFor({ timeout: 15_000 });
    assert.equal(await caption.textContent(), 'Three servers, no leader yet.');
    const cluster = await page.locator('#c .cluster').boundingBox();
    const box = await caption.boundingBox();
    assert.ok(box.y >= cluster.y - 1 && box.y + box.height <= cluster.y + cluster.height + 1, 'over the cluster, inside the element');
    await page.locator('#c [data-testid="play"]').click();
    await eventually('the next caption, and playback stopped', async () =>
      ((await caption.textContent()) === 'A leader is elected.' && /Play|播放/.test(await page.locator('#c [data-testid="play"]').textContent())) || (await caption.textContent()));
    assert.match(await page.evaluate(() => JSON.stringify(document.getElementById('c').state().nodes.map((n) => n.role))), /leader/);
  });
});

test('elements born Chinese draw in Chinese from the start, and fetch the Chinese words once for both', { timeout: 30_000 }, async () => {
  await withPage('zh', 'zh.html', async ({ page, requests }) => {
    for (const id of ['z1', 'z2']) {
      await drawn(page, id);
      assert.match(await page.locator(`#${id} [data-testid="play"]`).textContent(), /播放/, `#${id}'s play button is Chinese`);
      assert.equal(await page.locator(`#${id} .raft-playground`).getAttribute('lang'), 'zh');
    }
    assert.equal(requests.filter((u) => u.endsWith('/words/zh.txt')).length, 1, `one download of the Chinese words: ${requests.filter((u) => u.includes('/words/'))}`);
  });
});

test('lang, theme and controls changed after creation (attribute or property) are followed', { timeout: 30_000 }, async () => {
  await withPage('live-attributes', 'live.html', async ({ page }) => {
    await page.evaluate(() => document.getElementById('e').ready);
    const play = page.locator('#e [data-testid="play"]');
    const root = page.locator('#e .raft-playground');
    await page.waitForFunction(() => /Play/.test(document.getElementById('e').shadowRoot.querySelector('[data-testid="play"]')?.textContent ?? ''));

    await page.evaluate(() => document.getElementById('e').setAttribute('lang', 'zh'));
    await eventually('the play button reads 播放', async () => /播放/.test(await play.textContent()) || (await play.textContent()));
    assert.equal(await root.getAttribute('lang'), 'zh', 'the playground is marked lang="zh"');
    await page.evaluate(() => { document.getElementById('e').lang = 'en'; });
    await eventually('the play button reads Play again', async () => /\bPlay\b/.test(await play.textContent()) || (await play.textContent()));
    assert.equal(await root.getAttribute('lang'), 'en');

    const background = () => root.evaluate((r) => (getComputedStyle(r).backgroundColor.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number));
    assert.equal(await root.getAttribute('data-theme'), 'light');
    const light = luminance(await background());
    await page.evaluate(() => document.getElementById('e').setAttribute('theme', 'dark'));
    await eventually('data-theme is dark', async () => (await root.getAttribute('data-theme')) === 'dark' || (await root.getAttribute('data-theme')));
    const dark = luminance(await background());
    assert.ok(dark < 0.2 && light > 0.6, `dark looks dark (luminance ${dark}), light looks light (${light})`);
    await page.evaluate(() => { document.getElementById('e').theme = 'light'; });
    await eventually('data-theme is light again', async () => (await root.getAttribute('data-theme')) === 'light' || (await root.getAttribute('data-theme')));

    assert.ok(await play.isVisible(), 'compact controls show the transport');
    await page.evaluate(() => { document.getElementById('e').controls = 'none'; });
    await eventually('controls="none" hides the transport', async () => (await play.count()) === 0 || `${await play.count()} play buttons`);
    assert.equal(await page.locator('#e [data-testid="clock"]').count(), 0, 'and the clock');
    assert.ok((await nodesOf(page, 'e').count()) > 0, 'the cluster stays');
    await page.evaluate(() => document.getElementById('e').setAttribute('controls', 'compact'));
    await play.waitFor({ state: 'visible', timeout: 5_000 });
  });
});

// ----- 10. Keyboard ----------------------------------------------------------------------------

test('keyboard shortcuts act only on the focused element, never on the host page', { timeout: 30_000 }, async () => {
  await withPage('keys', 'keys.html', async ({ page }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((e) => e.ready)));
    const look = (id) => page.evaluate((i) => {
      const e = document.getElementById(i);
      return {
        time: e.time,
        state: JSON.stringify(e.state()),
        clock: e.shadowRoot.querySelector('[data-testid="clock"]')?.textContent,
        play: e.shadowRoot.querySelector('[data-testid="play"]')?.textContent,
        events: window.raftLog.filter((x) => x.type === 'raft-event' && x.id === i).length,
      };
    }, id);
    const b0 = await look('b');

    // Click A's cluster background (a corner, away from the nodes).
    await page.locator('#a .cluster').click({ position: { x: 4, y: 4 } });
    const a0 = await look('a');
    await page.keyboard.press('ArrowRight');
    await eventually('ArrowRight steps A', async () => (await look('a')).events > a0.events || (await look('a')));
    const a1 = await look('a');
    assert.ok(a1.time > a0.time, `A moved one event on: ${a0.clock} -> ${a1.clock}`);
    assert.notEqual(a1.state, a0.state, "A's state changed");

    await page.keyboard.press(' ');
    await eventually('Space plays A', async () => /Pause/.test((await look('a')).play) || (await look('a')).play);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Space did not scroll the host page');
    await page.keyboard.press(' ');
    await eventually('Space again pauses A', async () => /Play/.test((await look('a')).play) || (await look('a')).play);
    assert.deepEqual(await look('b'), b0, 'B did not change at all');

    // Focus on the host page: nothing happens to either.
    await page.locator('#intro').click();
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'the host page has the focus');
    const a2 = await look('a');
    for (const key of ['ArrowRight', 'n', 'c', 'ArrowLeft', ' ']) await page.keyboard.press(key);
    await sleep(500);
    assert.deepEqual(await look('a'), a2, 'keys on the host page leave A alone');
    assert.deepEqual(await look('b'), b0, 'and B');
  });
});

// ----- 11. raft-event --------------------------------------------------------------------------

test('stepping fires raft-event with one trace event (as raft-sim --trace writes it), bubbling to document', { timeout: 60_000 }, async () => {
  const script = 'cluster 3 seed=9\nrun 2s\n';
  const trace = await raftSimTrace('cluster 3 seed=9\nstep 6\n');
  assert.equal(trace.length, 6, 'raft-sim traced six events');
  await withPage('raft-event', 'api.html', async ({ page }) => {
    await page.evaluate(async (text) => {
      const e = document.getElementById('e');
      await e.ready;
      await e.load(text);
      e.pause();
      window.raftLog.length = 0;
    }, script);
    const events = () => logOf(page, 'raft-event', 'e');
    for (let n = 1; n <= 3; n++) {
      await page.evaluate(() => document.getElementById('e').step());
      await eventually(`raft-event ${n} fired`, async () => (await events()).length >= n || (await events()).length);
    }
    await page.evaluate(() => document.getElementById('e').step(3));
    await eventually('raft-events 4 to 6 fired', async () => (await events()).length >= 6 || (await events()).length);
    await sleep(300);
    const got = await events();
    assert.deepEqual(got.map((e) => e.detail.n), [1, 2, 3, 4, 5, 6], 'one raft-event per event, in order');
    for (const e of got) {
      assert.equal(typeof e.detail.kind, 'string', `detail.kind: ${JSON.stringify(e.detail)}`);
      assert.equal(typeof e.detail.time_ms, 'number', 'detail.time_ms');
      assert.ok(e.bubbles && e.composed, 'raft-event bubbles and is composed (heard on document)');
    }
    assert.deepEqual(got.map((e) => e.detail), trace, 'each detail is the event as raft-sim --trace writes it');
    const last = await page.evaluate(() => document.getElementById('e').time);
    assert.equal(last, trace[5].time_ms, 'time is that of the last event');
  });
});

// ----- 12. XSS ---------------------------------------------------------------------------------

test('markup in a scenario, an error message or an attribute is shown as text, never run', { timeout: 45_000 }, async () => {
  const IMG = '<img src=x onerror=alert(1)>';
  await withPage('xss', 'xss.html', async ({ page, dialogs, requests }) => {
    await page.evaluate(() => Promise.all([...document.querySelectorAll('raft-playground')].map((e) => e.ready)));

    // A malformed line whose error message echoes it.
    const message = await page.evaluate(async () => {
      try {
        await document.getElementById('e').load('cluster 3 seed=1\nrun until leader\nexpect 1 role=<img src=x onerror=alert(3)>\n');
        return null;
      } catch (e) {
        return e.message;
      }
    });
    assert.match(message ?? '', /script:3:\d+:.*<img/, `the error names the place and echoes the text: ${message}`);
    await eventually('the error is shown literally', async () => (await errorShown(page, 'e')).includes('<img') || (await errorShown(page, 'e')));

    // A description and a title holding markup.
    await page.evaluate(async (img) => {
      await document.getElementById('e').load(`# ${img} is what this lesson is about.\ncluster 3 seed=1\ntitle ${img}\nrun until leader\n`);
    }, IMG);
    await eventually('the description is shown literally', async () => {
      const text = await page.locator('#e').evaluate((e) => e.shadowRoot.textContent);
      return text.includes(`${IMG} is what this lesson is about.`) || text.slice(0, 300);
    });

    // An attribute's value, echoed in the placeholder and the "no such preset" message.
    await eventually('the attribute is shown literally', async () => (await errorShown(page, 'named')).includes(`scenario=${IMG}`) || (await errorShown(page, 'named')));

    await sleep(500);
    for (const id of ['e', 'named']) {
      assert.equal(await page.locator(`#${id}`).evaluate((e) => e.shadowRoot.querySelectorAll('img').length), 0, `no <img> inside #${id}`);
    }
    assert.equal(await page.locator('img').count(), 0, 'no <img> anywhere on the page');
    assert.deepEqual(dialogs, [], 'no dialog opened');
    assert.deepEqual(requests.filter((u) => /\/x$/.test(new URL(u).pathname)), [], 'nothing fetched the image "x"');
  });
});

// ----- 13. Content-Security-Policy -------------------------------------------------------------

const cspComplaints = (messages) => messages.filter((m) => /Content Security Policy|Refused/i.test(m));

test(`under "${CSP}" the element and the full page work with no violation`, { timeout: 60_000 }, async () => {
  await withPage('csp-element', 'csp.html', async ({ page, messages }) => {
    await drawn(page, 'e');
    assert.ok(await nodesOf(page, 'e').first().isVisible(), 'the element draws');
    await timePast(page, 'e', 400, 10_000); // a leader and its heartbeats, animated
    await page.locator('#load').click();
    await page.locator('#status').filter({ hasText: /loaded|failed/ }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#status').textContent(), 'loaded', 'load() works (the parser is fetched under the policy)');
    await drawn(page, 'e');
    await sleep(1_000);
    assert.deepEqual(cspComplaints(messages), [], 'no CSP violation');
  }, { base: cspServer.url });

  await withPage('csp-page', 'raft/index.html?speed=1000', async ({ page, messages }) => {
    await page.locator('.raft-playground .cluster .node').first().waitFor({ timeout: 15_000 });
    assert.ok(await page.locator('.raft-playground .cluster .node').first().isVisible(), 'the full page draws');
    await sleep(2_000);
    assert.deepEqual(cspComplaints(messages), [], 'no CSP violation on the full page');
  }, { base: cspServer.url });
});

// ----- 14. Screenshots of the examples page ----------------------------------------------------

test('screenshots of examples/index.html: 1280 and 360 px wide, light and dark; nothing overflows or is cut off', { timeout: 90_000 }, async () => {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const variants = [
    ['1280-light', { width: 1280, height: 900 }, 'light'],
    ['1280-dark', { width: 1280, height: 900 }, 'dark'],
    ['360-light', { width: 360, height: 780 }, 'light'],
    ['360-dark', { width: 360, height: 780 }, 'dark'],
  ];
  // Every screenshot is taken first; what looks wrong in any of them is told at the end.
  const problems = [];
  const inside = (b, host) => b.x >= host.x - 0.5 && b.x + b.width <= host.x + host.width + 0.5
    && b.y >= host.y - 0.5 && b.y + b.height <= host.y + host.height + 0.5;
  for (const [name, viewport, colorScheme] of variants) {
    await withPage(`examples-${name}`, 'raft/examples/index.html', async ({ page }) => {
      const ids = await page.$$eval('raft-playground', (els) => els.map((e) => e.id));
      assert.deepEqual(ids, ['preset', 'inline', 'driven'], 'the examples page has its three elements');
      for (const id of ids) await scrollToAndDraw(page, id);
      await page.evaluate(() => window.scrollTo(0, 0));
      await sleep(300);
      await page.screenshot({ path: join(ARTIFACTS_DIR, `element-${name}.png`), fullPage: true });

      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      if (scrollWidth > innerWidth) problems.push(`${name}: the page scrolls sideways (scrollWidth ${scrollWidth} > ${innerWidth})`);
      for (const id of ids) {
        const host = await page.locator(`#${id}`).boundingBox();
        if (host.x < 0 || host.x + host.width > viewport.width + 0.5) problems.push(`${name}: #${id} is wider than the page: ${JSON.stringify(host)}`);
        const cluster = await page.locator(`#${id} .cluster`).boundingBox();
        if (!inside(cluster, host)) problems.push(`${name}: #${id}'s cluster ${JSON.stringify(cluster)} is cut off by the element ${JSON.stringify(host)}`);
        for (const button of await page.locator(`#${id} button:visible`).all()) {
          const b = await button.boundingBox();
          if (!inside(b, host)) problems.push(`${name}: #${id}'s button "${(await button.innerText()).trim()}" ${JSON.stringify(b)} is cut off by the element ${JSON.stringify(host)}`);
        }
        // The status line ("No leader", "Node 2 leads term 1") is what a reader watches.
        const status = page.locator(`#${id} [data-testid="leader"]`);
        if ((await status.count()) === 1) {
          const b = await status.boundingBox();
          if (!b || !inside(b, host)) {
            problems.push(`${name}: #${id}'s status line "${(await status.innerText()).trim()}" ${JSON.stringify(b)} is cut off by the element ${JSON.stringify(host)}`);
          }
        }
        const bg = await page.locator(`#${id} .raft-playground`).evaluate((r) => (getComputedStyle(r).backgroundColor.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number));
        const l = luminance(bg);
        if (colorScheme === 'dark' ? l >= 0.2 : l <= 0.6) problems.push(`${name}: #${id} does not follow the ${colorScheme} scheme (background ${bg})`);
      }
    }, { viewport, colorScheme });
  }
  assert.deepEqual(problems, [], 'what the screenshots in web/e2e/artifacts/element-*.png show wrong');
});
