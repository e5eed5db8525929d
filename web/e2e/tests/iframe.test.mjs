// The page in an iframe, as a documentation author embeds it: dist/ copied under a sub-path
// of a site, a host page with an <iframe> (no inline script: its listener is a file), and
// what a reader of that page sees. Also share links made by another build.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, launchBrowser, saveScreenshot, startServer } from '../harness.mjs';

let site;
let server;
let browser;

// The snippet docs/embedding.md gives authors: size the iframe from the playground's message.
const LISTENER = `
const heights = [];
window.raftHeights = heights;
addEventListener('message', (e) => {
  const frame = document.querySelector('iframe');
  if (e.source !== frame.contentWindow || e.data?.type !== 'raft-playground:height') return;
  heights.push(e.data.height);
  frame.style.height = e.data.height + 'px';
});
`;

before(async () => {
  site = await mkdtemp(join(tmpdir(), 'raft-iframe-'));
  await mkdir(join(site, 'docs', 'lessons'), { recursive: true });
  await cp(DIST_DIR, join(site, 'docs', 'raft'), { recursive: true });
  await writeFile(join(site, 'docs', 'listen.js'), LISTENER);
  await writeFile(join(site, 'docs', 'index.html'), '<!doctype html><title>Docs</title><p>A documentation site.</p>');
  await writeFile(join(site, 'docs', 'lessons', 'three.raft'), '# Three servers elect a leader.\ncluster 3 seed=2\nrun until leader\n');
  server = await startServer(join(site, 'docs'), { prefix: '/docs/' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (site) await rm(site, { recursive: true, force: true });
});

/** A host page under /docs/ with one iframe of `query`, `width` × `height`. */
async function host(name, query, { width = 640, height = 400, listen = false } = {}) {
  const html = `<!doctype html><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,">
${listen ? '<script src="listen.js"></script>' : ''}
<h1>A page about Raft</h1>
<iframe title="Raft Playground" src="raft/index.html?${query}" width="${width}" height="${height}"></iframe>`;
  await writeFile(join(site, 'docs', `${name}.html`), html);
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}docs/${name}.html`);
  const frame = page.frameLocator('iframe');
  await frame.locator('.raft-playground .cluster .node').first().waitFor({ timeout: 15_000 });
  return { page, context, frame, errors };
}

const clockOf = async (frame) => (await frame.locator('[data-testid="clock"]').textContent()) ?? '';
const termsOf = (frame) => frame.locator('.cluster .node .term').allTextContents();

test('controls=compact fits a 640 × 400 iframe: the whole cluster, play, back and step', { timeout: 60_000 }, async () => {
  const { page, context, frame, errors } = await host('compact', 'embed&scenario=split-vote&controls=compact');
  try {
    assert.equal(await frame.locator('.cluster .node').count(), 4, 'split-vote has four servers');
    const box = await page.locator('iframe').boundingBox();
    for (const id of ['play', 'back', 'step']) {
      const b = await frame.locator(`[data-testid="${id}"]`).boundingBox();
      assert.ok(b && b.y >= box.y && b.y + b.height <= box.y + 400, `${id} is inside the frame`);
    }
    const svg = await frame.locator('.cluster svg').boundingBox();
    assert.ok(svg.y + svg.height <= box.y + 400 + 1, `the cluster ends at ${svg.y + svg.height - box.y} px of 400`);
    const nodes = await frame.locator('.cluster .node').evaluateAll((ns) => ns.map((n) => n.getBoundingClientRect().bottom));
    for (const bottom of nodes) assert.ok(bottom <= 400, `a server's bottom at ${bottom} px is in view`);
    await saveScreenshot(page, 'iframe-compact');
    const scroll = await frame.locator('html').evaluate((h) => h.scrollHeight - h.clientHeight);
    assert.ok(scroll <= 2, `nothing to scroll inside the frame (${scroll} px)`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('controls=none and minimal play on their own; autoplay=false waits', { timeout: 60_000 }, async () => {
  for (const controls of ['none', 'minimal']) {
    const { page, context, frame, errors } = await host(`auto-${controls}`, `embed&scenario=split-vote&controls=${controls}`);
    try {
      // split-vote sits at term 0 until something plays it: nothing but time does here.
      await page.waitForFunction(() => {
        const doc = document.querySelector('iframe').contentDocument;
        return [...doc.querySelectorAll('.cluster .node .term')].some((t) => !/^T0$|任期0/.test(t.textContent.trim()));
      }, null, { timeout: 20_000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
  const { context, frame } = await host('still', 'embed&scenario=split-vote&controls=none&autoplay=false');
  try {
    const before = await termsOf(frame);
    await new Promise((ok) => setTimeout(ok, 1500));
    assert.deepEqual(await termsOf(frame), before, 'autoplay=false: nothing moves');
  } finally {
    await context.close();
  }
});

test('the page tells its parent its height, and the author\'s snippet sizes the iframe', { timeout: 60_000 }, async () => {
  const { page, context, frame, errors } = await host('height', 'embed&scenario=leader-crash&controls=compact', { height: 150, listen: true });
  try {
    await page.waitForFunction(() => window.raftHeights.length > 0, null, { timeout: 10_000 });
    await page.waitForTimeout(500);
    const heights = await page.evaluate(() => window.raftHeights);
    const last = heights.at(-1);
    const content = await frame.locator('.raft-playground').evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(last >= content && last <= content + 40, `told ${last} px for ${content} px of playground`);
    const frameHeight = (await page.locator('iframe').boundingBox()).height;
    assert.ok(Math.abs(frameHeight - last) <= 4, `the iframe is now ${frameHeight} px tall`);
    const scroll = await frame.locator('html').evaluate((h) => h.scrollHeight - h.clientHeight);
    assert.ok(scroll <= 2, `no scrolling inside the sized iframe (${scroll} px)`);
    assert.ok(heights.length < 20, `a handful of messages, not a stream: ${heights.length}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('script= runs the author\'s own script; a broken one says where', { timeout: 60_000 }, async () => {
  const script = encodeURIComponent('cluster 3 seed=2\nrun until leader\n');
  const { context, frame, errors } = await host('script', `embed&controls=minimal&script=${script}`);
  try {
    await frame.locator('.cluster .node:nth-of-type(3)').waitFor({ timeout: 10_000 });
    await frame.locator('.cluster').evaluate(() => new Promise((ok) => setTimeout(ok, 500)));
    assert.equal(await frame.locator('.cluster .node').count(), 3, 'the script\'s three servers');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  const broken = encodeURIComponent('cluster 3\nrun untill leader\n');
  const second = await host('script-broken', `embed&controls=minimal&script=${broken}`);
  try {
    const notice = second.frame.locator('.notice.error');
    await notice.waitFor({ timeout: 10_000 });
    assert.match((await notice.textContent()) ?? '', /script:2:\d+/, 'the line and column');
  } finally {
    await second.context.close();
  }
});

test('src= fetches a script from the same site, and refuses another site', { timeout: 60_000 }, async () => {
  const { context, frame, errors } = await host('src', 'embed&controls=minimal&src=../lessons/three.raft');
  try {
    await frame.locator('.cluster').evaluate(() => new Promise((ok) => setTimeout(ok, 300)));
    await frame.locator('.cluster .node').nth(2).waitFor({ timeout: 10_000 });
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal(await frame.locator('.cluster .node').count(), 3);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  const other = await host('src-other', 'embed&controls=minimal&src=https://elsewhere.example/x.raft');
  try {
    const notice = other.frame.locator('.notice.error');
    await notice.waitFor({ timeout: 10_000 });
    assert.match((await notice.textContent()) ?? '', /src/);
    assert.equal(await other.frame.locator('.cluster .node').count(), 5, 'the default run plays instead');
  } finally {
    await other.context.close();
  }
});

test('a share link made by another build says so; one made by this build does not', { timeout: 60_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}docs/raft/index.html?seed=4&speed=300`);
    await page.locator('.raft-playground .cluster .node').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="share"]').click();
    const link = await page.locator('[data-testid="share-link"]').inputValue();
    const version = new URL(link).searchParams.get('v');
    assert.match(version ?? '', /^[0-9a-f]{12}$/, `the link carries the version: ${link}`);

    await page.goto(link);
    await page.locator('.raft-playground .cluster .node').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.raft-playground .notice.error').count(), 0, 'this build\'s own link opens quietly');

    const other = link.replace(`v=${version}`, 'v=0123456789ab');
    await page.goto(other);
    const notice = page.locator('.raft-playground .notice.error');
    await notice.waitFor({ timeout: 10_000 });
    const text = (await notice.textContent()) ?? '';
    assert.match(text, /another version of the simulation \(0123456789ab; this page runs [0-9a-f]{12}\)/, text);
  } finally {
    await context.close();
  }
});
