// Browser benchmark of the built page. Run after a release build:
//
//     trunk build --release --offline      # from the repository root (after `cargo fetch`)
//     cd web/e2e && node bench.mjs
//
// (RAFT_DIST_DIR=/path/to/dist measures another build; BENCH_SECONDS sets the frame window.)
//
// It prints one line per figure:
//   (a) the transferred size of the page: every file index.html makes Chromium fetch until the
//       cluster is drawn, each gzipped at level 9 (as a static host would serve it), and in
//       total; plus what Chromium actually received from a gzip-serving server. Target: under
//       200 KB. Then the same for the <raft-playground> element on dist/examples/ (the
//       element's script, wasm and stylesheet; no target), and the tools module (raft-tools*,
//       fetched only to load a script or a trace, or to export one).
//   (b) script time per animation frame while playing (tick + render, from the page's own
//       `raftFrameTimes`), with 9 nodes and about 100 messages in flight (latency set to its
//       largest range, client requests sent all along). Targets: median under 4 ms, p95 under
//       8 ms. Cross-checked with Chromium's own ScriptDuration per frame.
//   (c) time from navigation to the first drawn cluster (`performance.mark('raft-first-draw')`),
//       median of 5 fresh loads. Target: under 500 ms.
// A figure over its target is marked OVER; the exit code stays 0 (this measures, CI decides).

import { readFile, stat } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import {
  DIST_DIR,
  ROOT,
  gzip9,
  launchBrowser,
  percentile,
  startServer,
  waitForLeader,
} from './harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const KB = 1024;
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
const ms = (v) => `${v.toFixed(2)} ms`;
const verdict = (ok) => (ok ? 'ok' : 'OVER');
const pad = (s, n) => String(s).padEnd(n);
const sleep = (t) => new Promise((ok) => setTimeout(ok, t));


// ----- (a) transferred size --------------------------------------------------------------------

async function transferSize(browser) {
  console.log(`\n(a) transferred size (${DIST_DIR}, gzip level 9)`);
  const server = await startServer(DIST_DIR, { gzip: true });

  // What a page really fetches, from a gzip-serving static host: each file it asked for,
  // gzipped at level 9, and what Chromium received.
  async function load(path, ready) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses = [];
    page.on('requestfinished', (request) => {
      responses.push(request.sizes().then((s) => ({ url: request.url(), ...s })).catch(() => null));
    });
    await page.goto(server.url + path, { waitUntil: 'load' });
    await ready(page);
    await sleep(300);
    const sizes = (await Promise.all(responses)).filter(Boolean);
    await context.close();
    const files = [];
    for (const s of sizes) {
      const file = decodeURIComponent(new URL(s.url).pathname).replace(/^\//, '') || 'index.html';
      const raw = await readFile(join(DIST_DIR, file.endsWith('/') ? file + 'index.html' : file)).catch(() => null);
      if (raw) files.push({ file, raw: raw.length, gz: gzip9(raw).length, body: s.responseBodySize });
    }
    return files;
  }
  const report = (label, files, target) => {
    for (const f of files) console.log(`size      ${pad(`${label}: ${f.file}`, 60)} ${pad(kb(f.gz), 10)} gzipped (${kb(f.raw)} raw)`);
    const total = files.reduce((n, f) => n + f.gz, 0);
    const bodies = files.reduce((n, f) => n + f.body, 0);
    console.log(`size      ${pad(`${label}: TOTAL, ${files.length} requests`, 60)} ${pad(kb(total), 10)} gzipped, ${kb(bodies)} received` +
      (target ? `   target < 200 KB: ${verdict(total < target)}` : ''));
    return total;
  };

  const pageFiles = await load('', (page) => page.locator(`${ROOT} .cluster .node`).first().waitFor({ timeout: 15_000 }));
  const fetchedTools = pageFiles.filter((f) => f.file.includes('raft-tools'));
  if (fetchedTools.length) console.log(`size      OVER: the page fetched the tools module at load: ${fetchedTools.map((f) => f.file)}`);
  const total = report('page at load', pageFiles, 200 * KB);
  // Shown in Chinese, the page also fetches the Chinese words (the lang module) before it draws.
  const zhFiles = await load('?lang=zh', (page) => page.locator(`${ROOT} .cluster .node`).first().waitFor({ timeout: 15_000 }));
  report('Chinese page at load', zhFiles, 200 * KB);

  // A documentation page with one preset element: what the element costs it.
  const elementFiles = (await load('examples/', (page) => page.locator('raft-playground .cluster .node').first().waitFor({ timeout: 15_000 })))
    .filter((f) => !f.file.startsWith('examples/') && !f.file.includes('raft-tools'));
  report('element', elementFiles);

  let tools = 0;
  for (const file of ['raft-tools.js', 'raft-tools_bg.wasm']) tools += gzip9(await readFile(join(DIST_DIR, file))).length;
  console.log(`size      ${pad('tools module, fetched on demand', 60)} ${pad(kb(tools), 10)} gzipped (page + tools: ${kb(total + tools)})`);
  await server.close();
  return total;
}

// ----- (b) script time per frame ---------------------------------------------------------------

/** Pick the largest range of the latency <select> of the settings panel; false if none. */
async function largestLatency(page) {
  const select = page.locator(`${ROOT} label`).filter({ hasText: /latency|延迟/i }).locator('select').first();
  if ((await select.count()) === 0) return false;
  const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  const upper = (v) => Number((v.match(/(\d+)\D*$/) ?? [0, 0])[1]);
  const best = [...values].sort((a, b) => upper(b) - upper(a))[0];
  await select.selectOption(best);
  return best;
}

async function frameTimes(browser, server) {
  console.log(`\n(b) script time per animation frame, 9 nodes, ~100 messages in flight, ${SECONDS} s of playing`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // Heartbeats every 25 ms over links of 100..300 ms keep about 8 followers x 8 heartbeats x 2
  // directions = 100+ messages in flight on their own; client requests top it up.
  await page.goto(`${server.url}?nodes=9&seed=1&speed=1000&heartbeat=25`, { waitUntil: 'load' });
  await page.locator(`${ROOT} .cluster .node`).first().waitFor({ timeout: 15_000 });
  await waitForLeader(page, 15_000);
  let latency = await largestLatency(page);
  if (!latency) {
    // No settings select: the URL parameter the page also understands.
    await page.goto(`${server.url}?nodes=9&seed=1&speed=1000&heartbeat=25&latency=100..300`, { waitUntil: 'load' });
    await waitForLeader(page, 15_000);
    latency = '100..300 (URL)';
  }
  const nodes = await page.locator(`${ROOT} .cluster .node`).count();
  await page.focus(ROOT);
  const inFlight = () => page.locator(`${ROOT} .cluster .msg`).count();
  // Warm up: let the heartbeats fill the slower links (client traffic would thin them out, so
  // it only tops up a flight that stays short).
  for (let i = 0; i < 30 && (await inFlight()) < 100; i += 1) await sleep(100);
  for (let i = 0; i < 40 && (await inFlight()) < 100; i += 1) {
    await page.keyboard.press('r');
    await sleep(100);
  }

  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0;
  await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    if (Array.isArray(root.raftFrameTimes)) root.raftFrameTimes.length = 0;
    window.__benchFrames = 0;
    const count = () => {
      window.__benchFrames += 1;
      window.__benchRaf = requestAnimationFrame(count);
    };
    window.__benchRaf = requestAnimationFrame(count);
  }, ROOT);
  const script0 = await metric('ScriptDuration');
  const task0 = await metric('TaskDuration');

  const counts = [];
  const end = Date.now() + SECONDS * 1000;
  let requests = 0;
  while (Date.now() < end) {
    counts.push(await inFlight());
    // Heartbeats alone keep 100+ in flight; a client request when the flight thins out below
    // 100 (entries in flight make the leader hold back heartbeats, so more would thin it out).
    const presses = counts.at(-1) < 100 ? 1 : 0;
    for (let k = 0; k < presses; k += 1) await page.keyboard.press('r');
    requests += presses;
    await sleep(100);
  }
  const script1 = await metric('ScriptDuration');
  const task1 = await metric('TaskDuration');
  const { times, frames, playing } = await page.evaluate((sel) => {
    cancelAnimationFrame(window.__benchRaf);
    const root = document.querySelector(sel);
    return {
      times: Array.isArray(root.raftFrameTimes) ? [...root.raftFrameTimes] : null,
      frames: window.__benchFrames,
      playing: /pause/i.test(root.querySelector('[data-testid="play"]')?.textContent ?? ''),
    };
  }, ROOT);
  await context.close();

  console.log(`frames    setup: ${nodes} nodes, latency ${latency} ms, speed 1000 sim ms/s, ${requests} client requests during the window, still playing: ${playing}`);
  const med = percentile(counts, 50);
  console.log(`frames    load average while measuring: ${loadavg().map((v) => v.toFixed(2)).join(' ')} (other work on this machine skews these figures)`);
  console.log(`frames    messages in flight (.cluster .msg, ${counts.length} samples): median ${med}, min ${Math.min(...counts)}, max ${Math.max(...counts)}`);
  if (!times) {
    console.log('frames    root.raftFrameTimes is missing: no per-frame figure');
  } else if (times.length === 0) {
    console.log('frames    root.raftFrameTimes is empty: no frames were recorded while playing');
  } else {
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(`frames    script time per frame (raftFrameTimes, ${times.length} frames): median ${ms(p50)} (target < 4 ms: ${verdict(p50 < 4)}), ` +
      `p95 ${ms(p95)} (target < 8 ms: ${verdict(p95 < 8)}), max ${ms(Math.max(...times))}`);
    if (times.length >= 600) console.log('frames    (raftFrameTimes keeps the last 600 frames only)');
  }
  const fps = frames / SECONDS;
  console.log(`frames    Chromium: ${frames} animation frames in ${SECONDS} s (${fps.toFixed(1)}/s); ScriptDuration ${ms(((script1 - script0) * 1000) / Math.max(1, frames))}/frame, ` +
    `TaskDuration ${ms(((task1 - task0) * 1000) / Math.max(1, frames))}/frame (all main-thread work, incl. style/layout/paint)`);
  if (pageErrors.length) console.log(`frames    page errors: ${JSON.stringify(pageErrors)}`);
}

// ----- (c) time to first draw ------------------------------------------------------------------

async function firstDraw(browser, server) {
  // The Chinese page waits for its words (the lang module) before it draws: one more request.
  for (const [label, query] of [['English', ''], ['Chinese', '?lang=zh']]) {
    console.log(`\n(c) navigation to the first drawn cluster (raft-first-draw), ${label} page, 5 fresh loads, gzip server`);
    const values = [];
    for (let i = 0; i < 5; i += 1) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(server.url + query, { waitUntil: 'load' });
      const handle = await page
        .waitForFunction(() => performance.getEntriesByName('raft-first-draw')[0]?.startTime, null, { timeout: 15_000 })
        .catch(() => null);
      const value = handle ? await handle.jsonValue() : NaN;
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType('navigation')[0];
        return n ? { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd } : null;
      });
      values.push(value);
      console.log(`first     ${label} load ${i + 1}: ${Number.isNaN(value) ? 'no raft-first-draw mark' : `${value.toFixed(0)} ms`}` +
        (nav ? ` (DOMContentLoaded ${nav.dcl.toFixed(0)} ms, load ${nav.load.toFixed(0)} ms)` : ''));
      await context.close();
    }
    const med = percentile(values.filter((v) => !Number.isNaN(v)), 50);
    console.log(`first     ${label} median time to first draw: ${Number.isNaN(med) ? 'n/a' : `${med.toFixed(0)} ms`} (target < 500 ms: ${verdict(med < 500)})`);
  }
}

// -----------------------------------------------------------------------------------------------

async function main() {
  await stat(join(DIST_DIR, 'index.html')).catch(() => {
    throw new Error(`${DIST_DIR}/index.html is missing: run \`trunk build --release --offline\` first`);
  });
  const browser = await launchBrowser();
  const server = await startServer(DIST_DIR, { gzip: true });
  try {
    console.log(`Raft Playground browser benchmark: Chromium ${browser.version()}, ${availableParallelism()} cores, node ${process.version}`);
    await transferSize(browser);
    await frameTimes(browser, server);
    await firstDraw(browser, server);
  } finally {
    await server.close();
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
