// Guided lessons as a reader meets them: a script's captions (`say`) stop playback where the
// script says them and show until the next; the play button goes on; stepping back before one
// shows the one before; a Chinese reader reads the Chinese captions; an element plays them too.
// Screenshots land in web/e2e/artifacts/ (lessons-*.png).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, byTestId, isPlaying, launchBrowser, openPlayground, readClock, saveScreenshot, startServer } from '../harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const SCRIPT = [
  '# A guided election.',
  'cluster 3 seed=2',
  'title Captions',
  'say Three servers, no leader yet # each waits for its timer.',
  'say zh: 三台服务器，还没有领导者：各自等待计时器。',
  'run until leader',
  'say A leader is elected.',
  'say zh: 选出了领导者。',
  'run 300ms',
  'say Its heartbeats keep the others followers.',
  'run 300ms',
  '',
].join('\n');

const caption = (page) => byTestId(page, 'caption').textContent({ timeout: 5_000 });

async function playUntilPaused(page) {
  await byTestId(page, 'play').click();
  await page.waitForFunction((root) => /play/i.test(document.querySelector(`${root} [data-testid="play"]`)?.textContent ?? ''), ROOT, { timeout: 15_000 });
}

test('captions stop playback where the script says them; play goes on; back shows the one before', { timeout: 90_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, `?script=${encodeURIComponent(SCRIPT)}&speed=300`);
  try {
    await page.waitForFunction((root) => document.querySelector(`${root} [data-testid="caption"]`), ROOT, { timeout: 15_000 });
    assert.equal(await caption(page), 'Three servers, no leader yet # each waits for its timer.');
    assert.equal(await isPlaying(page), false, 'a lesson waits for its reader');
    // The cluster does not move when a caption comes or goes: it lies over the cluster.
    const svg = await page.locator(`${ROOT} .cluster svg`).boundingBox();

    await playUntilPaused(page);
    assert.equal(await caption(page), 'A leader is elected.');
    assert.match(await byTestId(page, 'leader').textContent(), /leads term/, 'stopped once a leader is elected');
    const at = await readClock(page);
    await saveScreenshot(page, 'lessons-caption');

    await playUntilPaused(page);
    assert.equal(await caption(page), 'Its heartbeats keep the others followers.');
    assert.ok((await readClock(page)).ms > at.ms, 'stopped later');

    // One event back, before the last caption: the one before shows again.
    await byTestId(page, 'back').click();
    assert.equal(await caption(page), 'A leader is elected.');
    await playUntilPaused(page);
    assert.equal(await caption(page), 'Its heartbeats keep the others followers.', 'and playing on stops at it again');
    assert.equal((await page.locator(`${ROOT} .cluster svg`).boundingBox()).y, svg.y, 'nothing moved');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a Chinese reader reads the Chinese captions, and the English where the script gives none', { timeout: 60_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, `?script=${encodeURIComponent(SCRIPT)}&lang=zh&speed=300`, { viewport: { width: 360, height: 740 }, hasTouch: true });
  try {
    await page.waitForFunction((root) => document.querySelector(`${root} [data-testid="caption"]`), ROOT, { timeout: 15_000 });
    assert.equal(await caption(page), '三台服务器，还没有领导者：各自等待计时器。');
    await byTestId(page, 'play').click();
    await page.waitForFunction((root) => document.querySelector(`${root} [data-testid="caption"]`)?.textContent === '选出了领导者。', ROOT, { timeout: 15_000 });
    const box = await byTestId(page, 'caption').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `the caption fits the phone: ${JSON.stringify(box)}`);
    await saveScreenshot(page, 'lessons-caption-zh-phone');
    await byTestId(page, 'play').click();
    await page.waitForFunction((root) => document.querySelector(`${root} [data-testid="caption"]`)?.textContent === 'Its heartbeats keep the others followers.', ROOT, { timeout: 15_000 });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
