// The playground against its DOM contract: playback, stepping back exactly, faults (crash,
// partition, heal), language and theme, presets, trace import, bad URL parameters, the
// keyboard, accessibility (axe), a 360 px phone and reduced motion.
// Screenshots of the main states land in web/e2e/artifacts/ (see each test).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import {
  LEADER_PATTERN,
  REPO_DIR,
  ROOT,
  byTestId,
  effectiveBackground,
  errorsText,
  isPlaying,
  launchBrowser,
  luminance,
  nodeLocator,
  openPlayground,
  readClock,
  readLogs,
  readNodes,
  readState,
  roleOf,
  saveScreenshot,
  setPlaying,
  startServer,
  waitForClockPast,
  waitForLeader,
  waitForLeaderWhere,
} from '../harness.mjs';

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

// 1× speed (simulated ms per real second): elections take a fraction of a real second.
const FAST = 'speed=1000';

/**
 * Open the playground at `query`, run `body(page, errors)`, then check nothing was logged as an
 * error. On failure, a screenshot `<name>-failure.png` shows what the page looked like.
 */
async function withPlayground(name, query, body, { contextOptions = {}, allowConsoleErrors = false } = {}) {
  const { page, context, errors } = await openPlayground(browser, server, query, contextOptions);
  try {
    await body(page, errors);
    const unexpected = allowConsoleErrors ? errors.filter((e) => e.startsWith('page error')) : errors;
    assert.deepEqual(unexpected, [], 'the page logged errors');
  } catch (err) {
    await saveScreenshot(page, `${name}-failure`).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** The presets of scenarios/ and the node count each one's `cluster` line asks for. */
async function presetsOnDisk() {
  const dir = join(REPO_DIR, 'scenarios');
  const out = {};
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.raft')).sort()) {
    const text = await readFile(join(dir, file), 'utf8');
    const m = text.match(/^cluster\s+(\d+)/m);
    out[file.replace(/\.raft$/, '')] = m ? Number(m[1]) : 5;
  }
  return out;
}

const CONTRACT_PRESETS = [
  'election', 'leader-crash', 'split-vote', 'log-repair', 'figure-8', 'partition', 'prevote',
  'check-quorum', 'add-server', 'remove-leader', 'joint-consensus', 'learner-catch-up', 'transfer', 'removed-server-disrupts', 'bug-vote-ignores-log', 'bug-commit-old-terms', 'bug-forget-vote', 'bug-no-jitter', 'bug-overlapping-changes',
];

// ----- Loading --------------------------------------------------------------------------------

test('loads without errors: root in <main>, lang/theme attributes, 5 nodes, a leader', { timeout: 60_000 }, async () => {
  await withPlayground('load', '', async (page) => {
    const root = await page.evaluate((sel) => {
      const r = document.querySelector(sel);
      return r && {
        inMain: r.closest('body > main') !== null,
        lang: r.getAttribute('lang'),
        theme: r.getAttribute('data-theme'),
        count: document.querySelectorAll(sel).length,
      };
    }, ROOT);
    assert.ok(root, `${ROOT} is not on the page`);
    assert.equal(root.count, 1, `one ${ROOT} expected`);
    assert.ok(root.inMain, `${ROOT} must sit in a <main> directly in <body>`);
    assert.match(root.lang ?? '', /^(en|zh)$/, 'root lang');
    assert.match(root.theme ?? '', /^(auto|light|dark)$/, 'root data-theme');
    assert.equal((await readNodes(page)).length, 5, 'a fresh run has 5 nodes');
    assert.equal(await errorsText(page), '', 'no errors are shown for a clean URL');
    const safety = await page.$$eval(`${ROOT} [data-testid="safety"] li`, (lis) => lis.map((li) => li.className));
    assert.equal(safety.length, 5, 'the safety list has 5 properties');
    for (const c of safety) assert.match(c, /\bholds\b/, `a fresh run holds every property (li class "${c}")`);
    await waitForLeader(page);
    const focusable = await page.$$eval(`${ROOT} .cluster .node`, (ns) => ns.map((n) => [n.getAttribute('role'), n.tabIndex]));
    for (const [role, tab] of focusable) {
      assert.equal(role, 'button', 'a node has role=button');
      assert.ok(tab >= 0, 'a node is focusable');
    }
    const marks = await page.evaluate(() => performance.getEntriesByName('raft-first-draw').length);
    assert.equal(marks, 1, "performance.mark('raft-first-draw') is made once");
    const nodes = await readNodes(page);
    for (const n of nodes) {
      assert.ok(n.classes.some((c) => ['follower', 'candidate', 'precandidate', 'leader', 'down'].includes(c)),
        `node classes ${n.classes.join(' ')} name no role`);
      assert.match(n.label, /^Node \d+: (follower|candidate|pre-?candidate|leader|down), term \d+(, voted for \d+)?$/i,
        `node aria-label ${JSON.stringify(n.label)}`);
    }
  });
});

// ----- Playback ---------------------------------------------------------------------------------

test('play advances the clock, pause stops it', { timeout: 60_000 }, async () => {
  await withPlayground('play-pause', `?seed=11&${FAST}`, async (page) => {
    assert.equal(await isPlaying(page), true, 'the main page autoplays (the play button offers Pause)');
    // Read before the first frame, the clock may still count events ("#0"): that is time 0.
    const t0 = await readClock(page);
    const t1 = await waitForClockPast(page, t0.ms, 5_000);
    assert.ok(t1.ms > (Number.isFinite(t0.ms) ? t0.ms : -1), `the clock moved: ${t0.text} -> ${t1.text}`);

    await setPlaying(page, false);
    const p0 = await readClock(page);
    await sleep(600);
    const p1 = await readClock(page);
    assert.equal(p1.text, p0.text, 'paused, the clock stands still');

    await setPlaying(page, true);
    const r1 = await waitForClockPast(page, p1.ms, 5_000);
    assert.ok(r1.event >= p1.event, 'playing again goes on from where it stopped');
  });
});

/** Step forward then back (once, and ten times) from the current state; it must come back exactly. */
async function forwardAndBack(page) {
  const mid = await readState(page);
  const event = Number(mid.clock.match(/#(\d+)/)[1]);
  await byTestId(page, 'step').click();
  const stepped = await readState(page);
  assert.notEqual(stepped.clock, mid.clock, 'a step moves the clock');
  assert.equal((await readClock(page)).event, event + 1, 'a step is one event');
  await byTestId(page, 'back').click();
  const back = await readState(page);
  assert.equal(back.clock, mid.clock, 'back after forward restores the clock');
  assert.equal(back.cluster, mid.cluster, 'back after forward restores the cluster picture');
  assert.equal(back.log, mid.log, 'back after forward restores the log table');

  for (let i = 0; i < 10; i += 1) await byTestId(page, 'step').click();
  assert.equal((await readClock(page)).event, event + 10, 'ten steps are ten events');
  for (let i = 0; i < 10; i += 1) await byTestId(page, 'back').click();
  const back10 = await readState(page);
  assert.equal(back10.clock, mid.clock, '10 forward, 10 back: clock');
  assert.equal(back10.cluster, mid.cluster, '10 forward, 10 back: cluster');
  assert.equal(back10.log, mid.log, '10 forward, 10 back: log table');
}

/** A run with a leader and a client request in progress, paused wherever playback stopped. */
async function busyPausedRun(page) {
  await waitForLeader(page);
  // Some log entries, so the log table has something to restore too.
  await page.focus(ROOT);
  await page.keyboard.press('r');
  await sleep(300);
  await setPlaying(page, false);
}

test('step forward then back restores the exact state, from an event', { timeout: 60_000 }, async () => {
  await withPlayground('step-back', `?seed=5&${FAST}`, async (page) => {
    await busyPausedRun(page);
    // Onto an event first, so the instant on screen is an event's.
    await byTestId(page, 'step').click();
    await forwardAndBack(page);
  });
});

test('step forward then back restores the exact state, from a paused instant between events', { timeout: 60_000 }, async () => {
  await withPlayground('step-back-mid', `?seed=5&${FAST}`, async (page) => {
    await busyPausedRun(page);
    await forwardAndBack(page);
  });
});

// ----- Faults -----------------------------------------------------------------------------------

test('crash the leader: a new leader is elected in a later term', { timeout: 60_000 }, async () => {
  await withPlayground('crash-leader', `?seed=7&${FAST}`, async (page) => {
    const [leader, term] = await waitForLeader(page);
    // While playing, a leader's heartbeat pulse grows and shrinks, so its box never holds still
    // for Playwright's stability check: click its centre without waiting for that.
    await (await nodeLocator(page, leader)).click({ force: true });
    const actions = page.locator(`${ROOT} .node-actions`);
    await actions.waitFor({ timeout: 5_000 });
    const crash = actions.locator('button').first();
    const labels = await actions.locator('button').allTextContents();
    assert.match(labels[0] ?? '', /crash/i, `the first node action is Crash (${JSON.stringify(labels)})`);
    assert.match(labels[1] ?? '', /timeout/i, 'then force timeout');
    assert.match(labels[2] ?? '', /isolate|rejoin/i, 'then isolate/rejoin');
    assert.match(labels[3] ?? '', /request/i, 'then client request');
    await crash.click();
    assert.equal(await roleOf(page, leader), 'down', `node ${leader} is drawn as down after the crash`);
    const status = (await byTestId(page, 'leader').textContent()) ?? '';
    assert.doesNotMatch(status, LEADER_PATTERN, `with its leader down, the status says there is none (${JSON.stringify(status)})`);
    assert.match((await crash.textContent()) ?? '', /restart/i, 'the first node action now offers Restart');
    if (!(await isPlaying(page))) await setPlaying(page, true);
    const [next, nextTerm] = await waitForLeaderWhere(page, { notNode: leader, afterTerm: term }, 15_000);
    assert.notEqual(next, leader);
    assert.ok(nextTerm > term, `new term ${nextTerm} > ${term}`);

    // Restart it: it comes back as a follower of the new leader.
    await crash.click();
    await page.waitForFunction(
      ([sel, id]) => [...document.querySelectorAll(sel)].some((n) => (n.getAttribute('aria-label') ?? '').match(/\d+/)?.[0] === String(id) && !n.classList.contains('down')),
      [`${ROOT} .cluster .node`, leader],
      { timeout: 10_000 },
    );
  });
});

test('partition (minority): the old leader cannot commit, the majority elects; heal restores links', { timeout: 90_000 }, async () => {
  await withPlayground('partition', `?seed=5&${FAST}`, async (page) => {
    const [oldLeader, oldTerm] = await waitForLeader(page);
    // Let the leader commit something first (its no-op, or a request).
    await page.focus(ROOT);
    await page.keyboard.press('r');
    await sleep(500);
    await setPlaying(page, false);
    assert.equal(await page.locator(`${ROOT} .cluster .link.cut`).count(), 0, 'no cut links before');

    await byTestId(page, 'partition-minority').click();
    const cut = await page.locator(`${ROOT} .cluster .link.blocked`).count();
    // 5 nodes split 2 | 3: every link across is down (drawn as down by the partition, not cut).
    assert.equal(cut, 6, `a 2|3 partition of 5 nodes takes down 6 links (drawn: ${cut})`);
    const before = await readLogs(page);
    assert.ok(before, 'the log table is on the page');
    const oldCommit = before[oldLeader].commit;

    // Client requests during the partition: whatever reaches the old leader stays uncommitted.
    await page.focus(ROOT);
    await page.keyboard.press('r');
    await page.keyboard.press('r');
    await setPlaying(page, true);
    const [newLeader, newTerm] = await waitForLeaderWhere(page, { notNode: oldLeader, afterTerm: oldTerm }, 15_000);
    assert.ok(newTerm > oldTerm);
    await page.focus(ROOT);
    await page.keyboard.press('r');
    // The new leader commits (its no-op, the request) beyond what the old one had.
    await page.waitForFunction(
      ([sel, id, past]) => {
        const table = document.querySelector(sel);
        if (!table) return false;
        const header = [...table.querySelectorAll('thead tr:last-child > *')].map((c) => c.textContent.trim());
        const row = [...table.querySelectorAll('tbody tr')].find((r) => parseInt(r.children[0].textContent, 10) === id);
        return row && [...row.children].some((c, j) => c.classList.contains('committed') && Number(header[j]) > past);
      },
      [`${ROOT} .log-table`, newLeader, oldCommit],
      { timeout: 10_000 },
    );
    await sleep(500);
    const during = await readLogs(page);
    assert.equal(during[oldLeader].commit, oldCommit,
      `the old leader ${oldLeader} (minority) commits nothing new: ${JSON.stringify(during[oldLeader])}`);
    assert.ok(during[newLeader].commit > oldCommit, 'the new leader commits past the old leader');
    console.log(`partition: old leader ${oldLeader} (term ${oldTerm}) log ${JSON.stringify(during[oldLeader])}; ` +
      `new leader ${newLeader} (term ${newTerm}) log ${JSON.stringify(during[newLeader])}`);
    await setPlaying(page, false);
    await saveScreenshot(page, 'partition');

    await byTestId(page, 'heal').click();
    assert.equal(await page.locator(`${ROOT} .cluster .link.cut, ${ROOT} .cluster .link.blocked`).count(), 0, 'heal restores every link');
    await setPlaying(page, true);
    // Back in touch, the old leader learns of the later term and steps down.
    await page.waitForFunction(
      ([sel, id]) => [...document.querySelectorAll(sel)].some((n) => (n.getAttribute('aria-label') ?? '').match(/\d+/)?.[0] === String(id) && n.classList.contains('follower')),
      [`${ROOT} .cluster .node`, oldLeader],
      { timeout: 10_000 },
    );
  });
});

test('clicking a link cuts it, clicking again restores it', { timeout: 60_000 }, async () => {
  await withPlayground('link', `?seed=2&${FAST}`, async (page) => {
    await setPlaying(page, false);
    const link = page.locator(`${ROOT} .cluster .link`).first();
    assert.equal(await page.locator(`${ROOT} .cluster .link`).count(), 10, '5 nodes: 10 links');
    await link.click();
    assert.match((await link.getAttribute('class')) ?? '', /\bcut\b/, 'clicked link is cut');
    await link.click();
    assert.doesNotMatch((await link.getAttribute('class')) ?? '', /\bcut\b/, 'clicked again, it is restored');
  });
});

test('messages: one class per kind and an SVG <title> tooltip', { timeout: 60_000 }, async () => {
  await withPlayground('messages', `?seed=4&${FAST}`, async (page) => {
    await waitForLeader(page);
    await page.focus(ROOT);
    await setPlaying(page, false);
    await page.focus(ROOT);
    await page.keyboard.press('r');
    // At 1x a message lives about a frame: paused, step until some are on the wire.
    for (let i = 0; i < 60 && (await page.locator(`${ROOT} .cluster .msg`).count()) === 0; i += 1) {
      await page.keyboard.press('ArrowRight');
    }
    const msgs = await page.$$eval(`${ROOT} .cluster .msg`, (ms) =>
      ms.map((m) => ({ classes: [...m.classList], title: m.querySelector(':scope > title')?.textContent ?? '' })));
    assert.ok(msgs.length > 0, 'messages in flight');
    const kinds = ['vote-request', 'prevote', 'vote-granted', 'vote-refused', 'heartbeat', 'append', 'append-ok', 'append-conflict'];
    for (const m of msgs) {
      assert.ok(m.classes.some((c) => kinds.includes(c)), `message classes ${m.classes.join(' ')} name a kind`);
      assert.ok(m.title.trim().length > 0, 'each message has a <title> tooltip');
    }
  });
});

// ----- Language and theme -----------------------------------------------------------------------

test('language switch (English <-> 中文) and theme cycle (auto -> dark -> light)', { timeout: 60_000 }, async () => {
  await withPlayground('lang-theme', `?seed=3&${FAST}&lang=en`, async (page) => {
    await waitForLeader(page);
    await setPlaying(page, false);
    const root = page.locator(ROOT);
    assert.equal(await root.getAttribute('lang'), 'en');
    const englishStatus = await byTestId(page, 'leader').textContent();

    await byTestId(page, 'lang').click();
    // The first switch fetches the Chinese words: it flips a moment later.
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('lang') === 'zh', ROOT, { timeout: 5_000 })
      .catch(() => assert.fail('root lang flips to zh'));
    const status = (await byTestId(page, 'leader').textContent()) ?? '';
    assert.match(status, /[\u4e00-\u9fff]/, `the status line is in Chinese: ${JSON.stringify(status)}`);
    assert.doesNotMatch(status, LEADER_PATTERN, 'no English status left');
    const play = (await byTestId(page, 'play').textContent()) ?? '';
    assert.match(play, /[\u4e00-\u9fff]/, `the play button is in Chinese: ${JSON.stringify(play)}`);
    const english = await page.evaluate((sel) => {
      // Visible text nodes still in English words (a rough check: 3+ latin letters in a row).
      const walker = document.createTreeWalker(document.querySelector(sel), NodeFilter.SHOW_TEXT);
      const left = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || el.closest('title, option, script, style, .visually-hidden, [aria-hidden="true"]')) continue;
        if (!el.getClientRects().length) continue;
        const text = n.textContent.trim();
        const latin = text.replace(/Raft( Playground)?|ms|KB/g, '');
        if (/[A-Za-z]{3,}/.test(latin) && !/[\u4e00-\u9fff]/.test(text) && !/^[a-z0-9-]+$/.test(text) && !/^\w+=\w+/.test(text)) left.push(text);
      }
      return left;
    }, ROOT);
    if (english.length) console.log(`zh: visible text still in English: ${JSON.stringify(english.slice(0, 20))}`);
    await saveScreenshot(page, 'playground-zh');
    await byTestId(page, 'lang').click();
    assert.equal(await root.getAttribute('lang'), 'en', 'and back to en');
    assert.equal(await byTestId(page, 'leader').textContent(), englishStatus, 'the same status, in English again');

    assert.equal(await root.getAttribute('data-theme'), 'auto', 'theme starts at auto');
    await byTestId(page, 'theme').click();
    assert.equal(await root.getAttribute('data-theme'), 'dark', 'auto -> dark');
    const dark = await effectiveBackground(page);
    await byTestId(page, 'theme').click();
    assert.equal(await root.getAttribute('data-theme'), 'light', 'dark -> light');
    const light = await effectiveBackground(page);
    assert.ok(luminance(dark) < luminance(light),
      `dark background rgb(${dark}) must be darker than light rgb(${light})`);
    assert.ok(luminance(dark) < 0.2, `dark background rgb(${dark}) is dark`);
    assert.ok(luminance(light) > 0.6, `light background rgb(${light}) is light`);
    const bodyDark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await byTestId(page, 'theme').click();
    assert.equal(await root.getAttribute('data-theme'), 'auto', 'light -> auto');
    console.log(`theme backgrounds: dark rgb(${dark}), light rgb(${light}); body (light) ${bodyDark}`);
  });
});

test('theme auto follows the system colour scheme', { timeout: 60_000 }, async () => {
  const backgrounds = {};
  for (const scheme of ['light', 'dark']) {
    await withPlayground(`auto-${scheme}`, '?seed=1', async (page) => {
      assert.equal(await page.locator(ROOT).getAttribute('data-theme'), 'auto');
      backgrounds[scheme] = await effectiveBackground(page);
    }, { contextOptions: { colorScheme: scheme } });
  }
  assert.ok(luminance(backgrounds.dark) < luminance(backgrounds.light),
    `auto: dark system rgb(${backgrounds.dark}) must be darker than light system rgb(${backgrounds.light})`);
});

// ----- Presets ----------------------------------------------------------------------------------

test('every preset loads from the menu: description, no error, its node count, rewound', { timeout: 120_000 }, async () => {
  const expected = await presetsOnDisk();
  const firstLines = {};
  for (const name of Object.keys(expected)) {
    const text = await readFile(join(REPO_DIR, 'scenarios', `${name}.raft`), 'utf8');
    firstLines[name] = text.match(/^# (.+)$/m)[1].trim();
  }
  await withPlayground('presets', `?${FAST}`, async (page) => {
    const select = byTestId(page, 'preset');
    const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
    assert.ok(values.includes(''), 'the menu has a "none" option with value ""');
    for (const name of CONTRACT_PRESETS) assert.ok(values.includes(name), `the menu offers ${name}`);
    for (const name of Object.keys(expected)) assert.ok(values.includes(name), `the menu offers scenarios/${name}.raft`);

    // The tour's chapters are their own group (tests/lessons.test.mjs opens them): every
    // chapter on disk, and nothing else, is in it.
    const chapters = await select.locator('optgroup option').evaluateAll((os) => os.map((o) => o.value));
    const onDisk = (await readdir(join(REPO_DIR, 'scenarios', 'tour'))).filter((f) => f.endsWith('.raft')).map((f) => `tour/${f.replace(/\.raft$/, '')}`);
    assert.deepEqual([...chapters].sort(), onDisk.sort(), 'the tour group offers every chapter');
    for (const name of values.filter((v) => v !== '' && !v.startsWith('tour/'))) {
      if (await isPlaying(page)) await setPlaying(page, false);
      await select.selectOption(name);
      // A preset's run is fetched when it is chosen (presets/NAME.rec): until it is here, the
      // previous lesson stays on screen, so wait for this one's own words.
      const description = byTestId(page, 'description').filter({ hasText: firstLines[name] });
      await description.waitFor({ timeout: 10_000 });
      const text = ((await description.textContent()) ?? '').trim();
      assert.ok(text.length > 20, `${name}: a description is shown (${JSON.stringify(text)})`);
      assert.equal(await errorsText(page), '', `${name}: no error shown`);
      const nodes = await readNodes(page);
      assert.equal(nodes.length, expected[name] ?? nodes.length, `${name}: ${expected[name]} nodes drawn`);
      assert.equal(await select.inputValue(), name, `${name}: the menu shows it`);
      const clock = await readClock(page);
      if (await isPlaying(page)) {
        assert.ok(clock.ms < 1000, `${name}: starts over (clock ${clock.text})`);
      } else {
        assert.equal(clock.event, 0, `${name}: rewound to its start (clock ${clock.text})`);
      }
      const safety = await page.$$eval(`${ROOT} [data-testid="safety"] li.broken`, (l) => l.length);
      assert.equal(safety, 0, `${name}: nothing broken at its start`);

      if (name === 'figure-8') {
        // Into the scenario, so the picture shows logs of several terms.
        await page.focus(ROOT);
        for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+ArrowRight');
        await saveScreenshot(page, 'preset-figure-8');
      }
    }
  });
});

test('bug-forget-vote: playing pauses on the violation and the safety list shows it', { timeout: 60_000 }, async () => {
  await withPlayground('violation', `?${FAST}`, async (page) => {
    await setPlaying(page, false);
    await byTestId(page, 'preset').selectOption('bug-forget-vote');
    await byTestId(page, 'description').waitFor({ timeout: 10_000 });
    assert.equal((await readClock(page)).event, 0, 'the preset starts at event 0');
    // At 1x the scripted violation comes within a few frames: play may already have paused
    // again by the time the button is read, so only click it.
    await byTestId(page, 'play').click();
    await page.waitForSelector(`${ROOT} [data-testid="safety"] li.broken`, { timeout: 20_000 });
    await page.waitForFunction(() => /play/i.test(document.querySelector('.raft-playground [data-testid="play"]')?.textContent ?? '') &&
      !/pause/i.test(document.querySelector('.raft-playground [data-testid="play"]')?.textContent ?? ''), null, { timeout: 5_000 });
    const c1 = await readClock(page);
    await sleep(400);
    assert.equal((await readClock(page)).text, c1.text, 'paused on the violation');
    const broken = await page.$$eval(`${ROOT} [data-testid="safety"] li`, (lis) =>
      lis.map((li) => ({ broken: li.classList.contains('broken'), text: li.textContent.trim() })));
    assert.equal(broken.length, 5);
    const names = broken.filter((b) => b.broken).map((b) => b.text);
    assert.ok(names.some((t) => /election/i.test(t)), `election safety is broken: ${JSON.stringify(names)}`);
    const leaders = (await readNodes(page)).filter((n) => n.classes.includes('leader'));
    assert.ok(leaders.length >= 2, `two leaders drawn in the violation (${leaders.map((n) => n.label)})`);
    await saveScreenshot(page, 'violation');
  });
});

// ----- Bad input --------------------------------------------------------------------------------

test('the timeline of a lesson held at one instant moves event by event', { timeout: 60_000 }, async () => {
  await withPlayground('timeline-events', '?scenario=figure-8', async (page) => {
    const scrubber = page.locator(`${ROOT} .timeline input[type=range]`);
    assert.equal(await scrubber.getAttribute('step'), '1', 'figure-8 happens at t = 0: the timeline counts events');
    const end = Number(await scrubber.getAttribute('max'));
    assert.ok(end > 50, `the timeline spans every event (${end})`);
    await scrubber.fill('40');
    await page.waitForFunction((root) => /#40$/.test(document.querySelector(`${root} [data-testid="clock"]`)?.textContent ?? ''), ROOT, { timeout: 5_000 });
    await scrubber.fill('12');
    assert.match((await readClock(page)).text, /^#12$/);
  });
});

// ----- The tools module: scripts and traces ---------------------------------------------------

test('the tools module is fetched only when needed: a trace exported and opened again replays the run', { timeout: 60_000 }, async () => {
  await withPlayground('trace-round-trip', `?seed=11&${FAST}`, async (page) => {
    const fetched = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await waitForLeader(page);
    await setPlaying(page, false);
    assert.ok(!fetched.some((p) => p.includes('raft-tools')), `not fetched at load: ${fetched}`);
    // One step puts the view exactly at an event (paused, it may lie between two).
    await byTestId(page, 'step').click();
    // Attributes sorted: the same picture however Yew ordered them.
    const before = await canonicalState(page);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.locator(`${ROOT} footer button`, { hasText: 'Export trace' }).click(),
    ]);
    assert.ok(fetched.some((p) => p.endsWith('/raft-tools_bg.wasm')), 'export fetched the tools module');
    const trace = await readFile(await download.path(), 'utf8');
    const lines = trace.trim().split('\n');
    assert.match(lines[0], /"kind":"start"/, 'a trace starts with its settings');
    assert.ok(lines.length - 1 >= Number(before.clock.match(/#(\d+)/)[1]), `the trace has every event (${lines.length} lines for ${before.clock})`);

    // Opening it rebuilds the same run, rewound to its start; stepping to the same event
    // shows the same cluster and log.
    await byTestId(page, 'import').setInputFiles({
      name: 'run.jsonl', mimeType: 'application/json', buffer: Buffer.from(trace),
    });
    await page.waitForFunction((root) => /#0$/.test(document.querySelector(`${root} [data-testid="clock"]`)?.textContent ?? ''), ROOT, { timeout: 10_000 });
    assert.equal(await errorsText(page), '', 'no error');
    const event = Number(before.clock.match(/#(\d+)/)[1]);
    for (let i = 0; i < event; i++) await byTestId(page, 'step').click();
    const after = await canonicalState(page);
    assert.equal(after.clock, before.clock);
    assert.equal(after.cluster, before.cluster, 'the same cluster at the same event');
    assert.equal(after.log, before.log, 'the same logs');
  });
});

test('when the tools module cannot be fetched, opening a file says so; a later try works', { timeout: 60_000 }, async () => {
  await withPlayground('tools-offline', `?seed=5&${FAST}`, async (page) => {
    await waitForLeader(page);
    await page.route('**/raft-tools*', (route) => route.abort('internetdisconnected'));
    const script = Buffer.from('# Three nodes.\ncluster 3 seed=2\nrun until leader\n');
    await byTestId(page, 'import').setInputFiles({ name: 'three.raft', mimeType: 'text/plain', buffer: script });
    const errors = page.locator(`${ROOT} .notice`).first();
    await errors.waitFor({ timeout: 10_000 });
    const text = (await errors.textContent()) ?? '';
    assert.match(text, /could not be loaded; check the connection/, JSON.stringify(text));
    assert.doesNotMatch(text, /not a trace/, 'not blamed on the file');
    assert.equal((await readNodes(page)).length, 5, 'the run on screen stays');

    await page.unroute('**/raft-tools*');
    await byTestId(page, 'import').setInputFiles({ name: 'three.raft', mimeType: 'text/plain', buffer: script });
    await byTestId(page, 'description').waitFor({ timeout: 10_000 });
    assert.equal((await readNodes(page)).length, 3, 'the script loaded on the second try');
  }, { allowConsoleErrors: true });
});

test('opening a scenario script runs it; a broken one names its line and column', { timeout: 60_000 }, async () => {
  await withPlayground('open-script', `?seed=3&${FAST}`, async (page) => {
    await waitForLeader(page);
    const script = [
      '# My own scenario: three nodes elect a leader, and a client command commits.',
      'cluster 3 seed=4',
      'run until leader within 2s',
      'client set x 1',
      'run until applied=2',
      'expect safe',
      '',
    ].join('\n');
    await byTestId(page, 'import').setInputFiles({
      name: 'mine.raft', mimeType: 'text/plain', buffer: Buffer.from(script),
    });
    const description = byTestId(page, 'description');
    await description.waitFor({ timeout: 10_000 });
    assert.match((await description.textContent()) ?? '', /My own scenario/);
    assert.equal((await readNodes(page)).length, 3, 'the script\'s three nodes');
    assert.equal(await errorsText(page), '');

    await byTestId(page, 'import').setInputFiles({
      name: 'broken.raft', mimeType: 'text/plain', buffer: Buffer.from('cluster 3\nrun until leadr\n'),
    });
    const errors = page.locator(`${ROOT} .notice`).first();
    await errors.waitFor({ timeout: 10_000 });
    const text = (await errors.textContent()) ?? '';
    assert.match(text, /broken\.raft:2:\d+/, `the error names line 2 and a column: ${JSON.stringify(text)}`);
    assert.equal((await readNodes(page)).length, 3, 'the loaded run stays');
  });
});

test('importing a malformed trace shows an error naming the line; the page keeps running', { timeout: 60_000 }, async () => {
  await withPlayground('import', `?seed=9&${FAST}`, async (page) => {
    await waitForLeader(page);
    await byTestId(page, 'import').setInputFiles({
      name: 'broken-trace.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from('this is not a trace\n{"kind":"start"}\n'),
    });
    const errors = page.locator(`${ROOT} .notice`).first();
    await errors.waitFor({ timeout: 5_000 });
    assert.equal(await errors.getAttribute('role'), 'alert', '[data-testid=errors] has role=alert');
    const text = (await errors.textContent()) ?? '';
    assert.match(text, /line 1\b/i, `the error names line 1: ${JSON.stringify(text)}`);

    // A trace that starts right but breaks on its second line.
    await byTestId(page, 'import').setInputFiles({
      name: 'broken-2.jsonl',
      mimeType: 'application/json',
      buffer: Buffer.from('{"kind":"start","version":1,"config":{}}\n'),
    });
    await page.waitForFunction(
      (sel) => (document.querySelector(sel)?.textContent ?? '').match(/line \d+/gi)?.length >= 2,
      `${ROOT} [data-testid="errors"]`,
      { timeout: 5_000 },
    ).catch(() => {});
    console.log(`import errors shown: ${JSON.stringify(await errorsText(page))}`);

    // The run still plays.
    if (!(await isPlaying(page))) await setPlaying(page, true);
    const c = await readClock(page);
    await waitForClockPast(page, c.ms, 5_000);
  });
});

test('malformed URL parameters: each named in the errors, defaults used, a leader still elected', { timeout: 60_000 }, async () => {
  await withPlayground('bad-params', '?nodes=12&seed=abc&speed=-5&bogus=1&theme=purple', async (page, consoleErrors) => {
    const errors = page.locator(`${ROOT} .notice`).first();
    await errors.waitFor({ timeout: 5_000 });
    const text = (await errors.textContent()) ?? '';
    for (const part of ['nodes=12', 'seed=abc', 'speed=-5', 'bogus', 'theme=purple']) {
      assert.ok(text.includes(part), `the errors name ${part}: ${JSON.stringify(text)}`);
    }
    assert.equal((await readNodes(page)).length, 5, 'the default of 5 nodes is used');
    assert.equal(await page.locator(ROOT).getAttribute('data-theme'), 'auto', 'the default theme is used');
    await waitForLeader(page, 15_000);
    if (consoleErrors.length) console.log(`bad params: console errors ${JSON.stringify(consoleErrors)}`);
  }, { allowConsoleErrors: true });
});

test('embedding: ?embed waits for play, has no page chrome; scenario, lang and controls=none apply', { timeout: 60_000 }, async () => {
  await withPlayground('embed', `?embed&scenario=split-vote&lang=zh&${FAST}`, async (page) => {
    assert.equal(await page.locator(ROOT).getAttribute('lang'), 'zh', 'lang=zh');
    assert.equal((await readNodes(page)).length, 4, 'scenario=split-vote has 4 nodes');
    assert.equal(await page.locator('h1').count(), 0, 'no page header when embedded');
    const c0 = (await byTestId(page, 'clock').textContent()) ?? '';
    await sleep(500);
    assert.equal(await byTestId(page, 'clock').textContent(), c0, 'embedded, it does not autoplay');
    await byTestId(page, 'play').click();
    await page.waitForFunction(
      ([sel, was]) => document.querySelector(sel)?.textContent !== was,
      [`${ROOT} [data-testid="clock"]`, c0],
      { timeout: 5_000 },
    );
  });
  await withPlayground('embed-none', `?embed&controls=none&seed=2&autoplay&${FAST}`, async (page) => {
    assert.equal(await byTestId(page, 'play').count(), 0, 'controls=none: no play button');
    await waitForLeader(page);
  });
});

// ----- Keyboard ---------------------------------------------------------------------------------

test('keyboard: Space, arrows, Shift+arrows, ?/Escape, digits, x, i, h, t, n, c, r, l, d', { timeout: 60_000 }, async () => {
  await withPlayground('keyboard', `?seed=6&${FAST}`, async (page) => {
    // The main page autoplays: pause with the button, then drive everything from the keyboard.
    await setPlaying(page, false);
    const start = await readClock(page);
    await page.focus(ROOT);

    await page.keyboard.press('Space');
    assert.equal(await isPlaying(page), true, 'Space starts');
    await waitForClockPast(page, start.ms, 5_000);
    await page.keyboard.press('Space');
    assert.equal(await isPlaying(page), false, 'Space again pauses');
    const paused = await readClock(page);
    await sleep(300);
    assert.equal((await readClock(page)).text, paused.text, 'paused by Space, the clock stands still');

    const c0 = await readClock(page);
    await page.keyboard.press('ArrowRight');
    assert.equal((await readClock(page)).event, c0.event + 1, 'ArrowRight steps one event');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await readClock(page)).event, c0.event, 'ArrowLeft steps one back');
    await page.keyboard.press('Shift+ArrowRight');
    assert.equal((await readClock(page)).event, c0.event + 10, 'Shift+ArrowRight: 10 events');
    await page.keyboard.press('Shift+ArrowLeft');
    assert.equal((await readClock(page)).event, c0.event, 'Shift+ArrowLeft: 10 back');

    await page.keyboard.press('?');
    const help = page.locator(`${ROOT} .help`);
    await help.waitFor({ timeout: 2_000 });
    assert.equal(await help.getAttribute('role'), 'dialog', 'the help overlay is a dialog');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached', timeout: 2_000 });

    await page.keyboard.press('3');
    await page.locator(`${ROOT} .node-actions`).waitFor({ timeout: 2_000 });
    assert.ok((await readNodes(page)).find((n) => n.id === 3).classes.includes('selected'), '3 selects node 3');
    await page.keyboard.press('x');
    assert.equal(await roleOf(page, 3), 'down', 'x crashes the selected node');
    await page.keyboard.press('x');
    assert.notEqual(await roleOf(page, 3), 'down', 'x again restarts it');

    // i isolates the selected node (every link of it cut), i again rejoins; h heals.
    await page.keyboard.press('i');
    assert.equal(await page.locator(`${ROOT} .cluster .link.blocked`).count(), 4, 'i takes down the 4 links of node 3');
    await page.keyboard.press('i');
    assert.equal(await page.locator(`${ROOT} .cluster .link.blocked`).count(), 0, 'i again rejoins node 3');
    await page.keyboard.press('i');
    await page.keyboard.press('h');
    assert.equal(await page.locator(`${ROOT} .cluster .link.blocked`).count(), 0, 'h heals the network');

    // t: the selected node's election timer fires now.
    const termBefore = Number((await readNodes(page)).find((n) => n.id === 3).label.match(/term (\d+)/i)?.[1]);
    await page.keyboard.press('t');
    const after3 = (await readNodes(page)).find((n) => n.id === 3);
    assert.ok(after3.classes.includes('candidate') || after3.classes.includes('precandidate'),
      `t makes node 3 campaign (classes ${after3.classes.join(' ')})`);
    assert.ok(Number(after3.label.match(/term (\d+)/i)?.[1]) >= termBefore, 'its term does not go back');

    const before = await readClock(page);
    await page.keyboard.press('n');
    const after = await readClock(page);
    const said = await page.$$eval(`${ROOT} .notice span`, (s) => s.map((e) => e.textContent).join(' '));
    assert.ok(after.event > before.event || /No election is coming|Nothing like that/.test(said),
      `n jumps to the next election, or says none is coming (${said})`);
    await page.keyboard.press('r');
    const c1 = await readClock(page);
    await page.keyboard.press('c');
    assert.ok((await readClock(page)).event > c1.event, 'c jumps to the next commit');
    assert.equal(await isPlaying(page), false, 'jumps leave playback paused');

    await page.keyboard.press('l');
    // The first time, the Chinese words are fetched: it switches a moment later.
    await page.waitForFunction((root) => document.querySelector(root)?.getAttribute('lang') === 'zh', ROOT, { timeout: 5_000 })
      .catch(() => assert.fail('l switches the language'));
    await page.keyboard.press('l');
    assert.equal(await page.locator(ROOT).getAttribute('lang'), 'en', 'and back at once: English is here already');
    await page.keyboard.press('d');
    assert.equal(await page.locator(ROOT).getAttribute('data-theme'), 'dark', 'd cycles the theme');
  });
});

// ----- Accessibility ----------------------------------------------------------------------------

for (const theme of ['light', 'dark']) {
  test(`axe: no serious or critical violations (${theme})`, { timeout: 90_000 }, async () => {
    await withPlayground(`axe-${theme}`, `?seed=8&${FAST}&theme=${theme}`, async (page) => {
      await waitForLeader(page);
      await page.focus(ROOT);
      await page.keyboard.press('r');
      await sleep(400);
      await setPlaying(page, false);
      // A node selected, so its actions panel is scanned too.
      await (await nodeLocator(page, 1)).click();
      assert.equal(await page.locator(ROOT).getAttribute('data-theme'), theme, `theme=${theme} is applied`);
      await saveScreenshot(page, `playground-${theme}`);
      const results = await new AxeBuilder({ page }).include(ROOT).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.length} node(s), e.g. ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}` +
        (v.nodes[0]?.failureSummary ? ` [${v.nodes[0].failureSummary.replace(/\s+/g, ' ').slice(0, 200)}]` : ''));
      const minor = results.violations.filter((v) => !bad.includes(v)).map((v) => `${v.impact} ${v.id} (${v.nodes.length})`);
      if (minor.length) console.log(`axe ${theme}: minor: ${minor.join(', ')}`);
      assert.deepEqual(report, [], `axe (${theme}) found serious/critical violations`);
    }, { contextOptions: { colorScheme: theme } });
  });
}

// ----- Small screens and reduced motion ---------------------------------------------------------

test('360 px wide: no horizontal scroll, taps work', { timeout: 60_000 }, async () => {
  await withPlayground('narrow', `?seed=10&${FAST}`, async (page) => {
    await waitForLeader(page);
    const widths = await page.evaluate(() => ({
      scroll: document.scrollingElement.scrollWidth,
      client: document.scrollingElement.clientWidth,
    }));
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > 361 && getComputedStyle(el).position !== 'fixed')
        .filter((el) => !el.closest('.table-scroll') || el.matches('.table-scroll'))
        .slice(0, 8)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`));
    await saveScreenshot(page, 'playground-360');
    assert.ok(widths.scroll <= 360, `scrollWidth ${widths.scroll} > 360; too wide: ${JSON.stringify(wide)}`);

    await byTestId(page, 'play').tap();
    assert.equal(await isPlaying(page), false, 'a tap on Pause pauses');
    await byTestId(page, 'step').tap();
    const [leader] = await waitForLeader(page);
    await (await nodeLocator(page, leader)).tap();
    const actions = page.locator(`${ROOT} .node-actions`);
    await actions.waitFor({ timeout: 3_000 });
    await actions.locator('button').first().tap();
    assert.equal(await roleOf(page, leader), 'down', 'tapping Crash crashes the node');
    await byTestId(page, 'play').tap();
    assert.equal(await isPlaying(page), true, 'a tap on Play plays');
  }, { contextOptions: { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true } });
});

test('reduced motion: the page still plays, steps and elects', { timeout: 60_000 }, async () => {
  await withPlayground('reduced-motion', `?seed=12&${FAST}`, async (page) => {
    assert.equal(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches), true);
    const [leader, term] = await waitForLeader(page);
    assert.ok(term >= 1, `leader ${leader} in term ${term}`);
    const c = await readClock(page);
    await waitForClockPast(page, c.ms, 5_000);
    await setPlaying(page, false);
    const s = await readClock(page);
    await byTestId(page, 'step').click();
    assert.equal((await readClock(page)).event, s.event + 1, 'a step is one event');
    const anims = await page.evaluate(() => document.getAnimations().filter((a) => a.playState === 'running').length);
    console.log(`reduced motion: ${anims} CSS animations/transitions running`);
  }, { contextOptions: { reducedMotion: 'reduce' } });
});

// ----- Sharing --------------------------------------------------------------------------------

/**
 * The clock, cluster and log as canonical text: each element with its attributes sorted, so two
 * identical pictures compare equal however the framework happened to order their attributes.
 */
function canonicalState(page) {
  return page.evaluate((root) => {
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) return node.textContent;
      if (node.nodeType !== Node.ELEMENT_NODE) return '';
      const attrs = [...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
      return `<${node.tagName.toLowerCase()} ${attrs}>${[...node.childNodes].map(walk).join('')}</>`;
    };
    const r = document.querySelector(root);
    return {
      clock: r?.querySelector('[data-testid="clock"]')?.textContent ?? null,
      cluster: walk(r?.querySelector('.cluster')),
      log: walk(r?.querySelector('.log-table')),
    };
  }, ROOT);
}

test('share: the link replays the exact run, actions included', { timeout: 90_000 }, async () => {
  let link;
  let expected;
  await withPlayground('share-source', '?seed=7&autoplay=0', async (page) => {
    await page.focus(ROOT);
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('2');
    await page.keyboard.press('x'); // crash node 2: an action the link must carry
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Escape'); // the selection is the visitor's, not the run's
    // As a person sees it go (selecting a server also fetched the tools module to explain it,
    // which on a slow machine delays the next drawing).
    await page.waitForFunction((root) => !document.querySelector(`${root} .node.selected`), ROOT, { timeout: 10_000 });
    expected = await canonicalState(page);
    assert.match(expected.clock, /#71\b/, 'forty steps, one action, thirty steps');
    await page.getByRole('button', { name: /^Share$/ }).click();
    link = await page.locator(`${ROOT} .share-link input`).inputValue();
    assert.match(link, /[?&]run=/, 'the link carries the actions');
  });
  // The shared run opens paused where it was shared, after the crash and thirty steps: the
  // same picture, clock and log as the original.
  const query = link.slice(link.indexOf('?'));
  await withPlayground('share-replay', query, async (page) => {
    assert.equal(await errorsText(page), '', 'the link is read without complaint');
    assert.equal(await isPlaying(page), false, 'it opens paused');
    const replayed = await canonicalState(page);
    assert.equal(replayed.clock, expected.clock);
    assert.equal(replayed.log, expected.log);
    assert.equal(replayed.cluster, expected.cluster);
  });
});

test('markup in an imported trace is shown as text, never run', { timeout: 60_000 }, async () => {
  await withPlayground('trace-markup', `?seed=11&${FAST}`, async (page) => {
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
    await waitForLeader(page);
    await setPlaying(page, false);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10_000 }),
      page.locator(`${ROOT} footer button`, { hasText: 'Export trace' }).click(),
    ]);
    const lines = (await readFile(await download.path(), 'utf8')).trim().split('\n');
    // The second event's message kind becomes markup: the import refuses it and says what
    // the trace says, which holds the markup.
    const IMG = '<img src=x onerror=alert(1)>';
    lines[2] = lines[2].replace(/"kind":"[a-z-]+"/, `"kind":${JSON.stringify(IMG)}`);
    await byTestId(page, 'import').setInputFiles({
      name: 'tampered.jsonl', mimeType: 'application/json', buffer: Buffer.from(lines.join('\n') + '\n'),
    });
    const notice = page.locator(`${ROOT} .notice.error`).first();
    await notice.waitFor({ timeout: 10_000 });
    const text = (await notice.textContent()) ?? '';
    assert.ok(text.includes(IMG), `the trace's text is shown as it is: ${text}`);
    assert.equal(await page.locator(`${ROOT} img`).count(), 0, 'no element was made of it');
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, [], 'nothing ran');
  });
});
