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

// ----- The guided tour ----------------------------------------------------------------------------

test('the tour: a chapter by URL, its captions, the next chapter, and leaving the tour plays on from the same state', { timeout: 90_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, '?tour=split-vote&speed=300');
  try {
    const bar = byTestId(page, 'tour');
    await bar.waitFor({ timeout: 15_000 });
    assert.match(await bar.textContent(), /Tour: chapter 3 of 10/);
    assert.match(await page.locator(`${ROOT} .lesson-name`).textContent(), /Split votes/);
    assert.match(await caption(page), /^Four servers; we hold their timers/);
    // The chapter is in the lessons menu, under Tour.
    assert.equal(await byTestId(page, 'preset').inputValue(), 'tour/split-vote');
    await saveScreenshot(page, 'lessons-tour');

    await playUntilPaused(page);
    assert.match(await caption(page), /^Node 3 heard node 1 first/);

    // The next chapter, from the bar.
    await byTestId(page, 'tour-next').click();
    await page.waitForFunction((root) => /Log replication/.test(document.querySelector(`${root} .lesson-name`)?.textContent ?? ''), ROOT, { timeout: 10_000 });
    assert.match(await bar.textContent(), /chapter 4 of 10/);
    await playUntilPaused(page);
    assert.match(await caption(page), /^Node 5 leads term 1/);
    const at = await readClock(page);

    // Leaving the tour: no bar, no captions, and the run plays on from this very event.
    await byTestId(page, 'tour-leave').click();
    assert.equal(await byTestId(page, 'tour').count(), 0, 'the tour bar is gone');
    assert.equal(await byTestId(page, 'caption').count(), 0, 'and the captions with it');
    assert.equal(await isPlaying(page), true, 'it plays on');
    await page.waitForTimeout(600);
    const later = await readClock(page);
    assert.ok(later.event > at.event, `on from event ${at.event}: now ${later.event}`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the tour in Chinese: the bar, the chapter and its captions; the first chapter has no previous one', { timeout: 60_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, '?tour=leader-election&lang=zh', { viewport: { width: 360, height: 740 }, hasTouch: true });
  try {
    const bar = byTestId(page, 'tour');
    await bar.waitFor({ timeout: 15_000 });
    assert.match(await bar.textContent(), /导览：第 1 章，共 10 章/);
    assert.ok(await byTestId(page, 'tour-previous').isDisabled(), 'no chapter before the first');
    assert.match(await caption(page), /^五台服务器都以追随者身份启动/);
    assert.match(await page.locator(`${ROOT} .lesson-name`).textContent(), /领导者选举/);
    const box = await bar.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `the bar fits the phone: ${JSON.stringify(box)}`);
    // The caption guides the reader: no description or hints above the cluster, which starts
    // on the first screen.
    assert.equal(await byTestId(page, 'description').count(), 0);
    const svg = await page.locator(`${ROOT} .cluster svg`).boundingBox();
    assert.ok(svg.y < 740, `the cluster starts at ${svg.y} px`);
    await saveScreenshot(page, 'lessons-tour-zh-phone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a tour chapter that does not exist is named, with the chapters there are', { timeout: 30_000 }, async () => {
  const { page, context } = await openPlayground(browser, server, '?tour=figure-9');
  try {
    const notice = page.locator(`${ROOT} .notice`).first();
    await notice.waitFor({ timeout: 10_000 });
    await page.waitForFunction((root) => /figure-8/.test(document.querySelector(`${root} .notice`)?.textContent ?? ''), ROOT, { timeout: 10_000 });
    assert.match(await notice.textContent(), /tour=figure-9/);
  } finally {
    await context.close();
  }
});
