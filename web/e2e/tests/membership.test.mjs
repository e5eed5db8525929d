// Membership changes and leadership transfer on the page, driven as a visitor does it: tap a
// server, use its menu, watch the picture, the configuration line, the log and the narration.
// The narration golden files (written from the simulator's runs of the presets) say which event
// tells what; the page must show it. Screenshots land in web/e2e/artifacts/ (membership-*.png).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  REPO_DIR,
  ROOT,
  byTestId,
  launchBrowser,
  nodeLocator,
  openPlayground,
  readNodes,
  readState,
  saveScreenshot,
  setPlaying,
  startServer,
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

async function withPage(name, query, body, contextOptions = {}) {
  const { page, context, errors } = await openPlayground(browser, server, query, contextOptions);
  try {
    await body(page);
    assert.deepEqual(errors, [], 'the page logged errors');
    await saveScreenshot(page, `membership-${name}`);
  } catch (err) {
    await saveScreenshot(page, `membership-${name}-failure`).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

/** Opens node `id`'s menu as a visitor does: a tap, unless it is open already (a second tap
 * would close it). */
async function openMenu(page, id) {
  const title = await byTestId(page, 'node-actions').locator('h2').textContent({ timeout: 200 }).catch(() => '');
  if (title !== `Node ${id}`) await (await nodeLocator(page, id)).click();
  await byTestId(page, 'node-actions').waitFor({ timeout: 2_000 });
}

/** A link's moment (`at=`), once the page shows it: the preset's run is fetched first. */
async function atMoment(page, ms) {
  await page.waitForFunction(([root, ms]) => (document.querySelector(`${root} [data-testid="clock"]`)?.textContent ?? '').trim().startsWith(`${ms} ms`), [ROOT, ms], { timeout: 5_000 });
}

const configLine = async (page) => ((await byTestId(page, 'config').textContent({ timeout: 2_000 })) ?? '').trim();
const classesOf = async (page, id) => (await readNodes(page)).find((n) => n.id === id)?.classes ?? [];
const narrationText = (page) => page.locator(`${ROOT} [data-testid="narration"]`).textContent();

/**
 * Whether the narration has told `re` at some event up to now. A visitor who missed a line goes
 * back along the history (Shift+← jumps 10 events) until the feed shows it, then to the end of
 * the timeline again; the feed shows 30 lines, and a slow machine plays past them before a test
 * reads them. Playing stops on the way.
 */
async function toldSince(page, re, jumps = 40) {
  await setPlaying(page, false);
  // Keys go to the page, not to a field that has the focus (the timeline, after the last call).
  await page.evaluate(() => document.activeElement?.blur());
  let found = re.test(await narrationText(page));
  for (let i = 0; !found && i < jumps; i++) {
    await page.keyboard.press('Shift+ArrowLeft');
    found = re.test(await narrationText(page));
  }
  await byTestId(page, 'timeline').focus();
  await page.keyboard.press('End');
  return found;
}

/** The event and time at which a preset's golden narration first says `needle`. */
function goldenEvent(preset, lang, needle) {
  const text = readFileSync(`${REPO_DIR}/web/tests/golden/presets/${preset}.${lang}.txt`, 'utf8');
  const line = text.split('\n').find((l) => l.startsWith('#') && l.includes(needle));
  assert.ok(line, `the golden narration of ${preset} says ${JSON.stringify(needle)}`);
  const [, event, ms, sentence] = line.match(/^#(\d+) ([\d.]+): (.*)$/);
  return { event: Number(event), ms: Number(ms), sentence };
}

test('remove a follower from its menu, add it back as a learner, promote it', { timeout: 90_000 }, async () => {
  // PreVote on: the removed server, which never hears of its removal, would otherwise depose
  // leaders (thesis 4.2.3; the removed-server-disrupts lesson shows it), and a change asked
  // for while there is no leader does nothing.
  await withPage('remove-add-promote', '?seed=3&speed=1000&prevote=on', async (page) => {
    const [leader] = await waitForLeader(page);
    const target = leader === 5 ? 4 : 5;
    await (await nodeLocator(page, target)).click();
    await byTestId(page, 'remove').click();
    // The leader's configuration drops it at once (thesis 4.1), and soon commits.
    await page.waitForFunction((root) => /^Voters [\d,]+$/.test(document.querySelector(`${root} [data-testid="config"]`)?.textContent.trim() ?? ''), ROOT, { timeout: 10_000 });
    const voters = (await configLine(page)).replace('Voters ', '').split(',').map(Number);
    assert.ok(!voters.includes(target) && voters.length === 4, `node ${target} is no voter: ${voters}`);
    assert.ok((await classesOf(page, target)).includes('spare'), 'the removed server is drawn as a spare');
    assert.ok(await toldSince(page, new RegExp(`You asked the leader to remove node ${target}\\.`)), 'the feed tells the removal');
    await setPlaying(page, true);
    // The configuration entry is in the log, striped, its whole configuration in the tooltip.
    const configCell = page.locator(`${ROOT} .log-table td.entry.config`).first();
    assert.match(await configCell.getAttribute('title'), new RegExp(`configuration ${voters.join(',')}`));

    // Its menu, still open, now offers to add it back.
    await openMenu(page, target);
    assert.equal(await byTestId(page, 'remove').count(), 0, 'a spare has nothing to be removed from');
    await byTestId(page, 'add-learner').click();
    // Committed (no "not yet committed"): only then may the next change start.
    await page.waitForFunction(([root, n]) => (document.querySelector(`${root} [data-testid="config"]`)?.textContent ?? '').endsWith(`learners ${n}`), [ROOT, target], { timeout: 10_000 });
    await page.waitForFunction(([root, n]) => [...document.querySelectorAll(`${root} .cluster .node`)].some((g) => g.classList.contains('learner') && g.getAttribute('aria-label').startsWith(`Node ${n}:`)), [ROOT, target], { timeout: 5_000 });

    await openMenu(page, target);
    await byTestId(page, 'promote').click();
    await page.waitForFunction((root) => !(document.querySelector(`${root} [data-testid="config"]`)?.textContent ?? 'x').includes('learners'), ROOT, { timeout: 10_000 });
    await page.waitForFunction(([root, n]) => (document.querySelector(`${root} [data-testid="config"]`)?.textContent ?? '') === '' || (document.querySelector(`${root} [data-testid="config"]`)?.textContent ?? '').includes(String(n)), [ROOT, target], { timeout: 10_000 });
    const classes = await classesOf(page, target);
    assert.ok(!classes.includes('learner') && !classes.includes('spare'), `node ${target} votes again: ${classes}`);
  });
});

test('transfer leadership here: the chosen follower leads within a second, and the narration tells TimeoutNow', { timeout: 60_000 }, async () => {
  await withPage('transfer', '?seed=5&speed=300', async (page) => {
    const [leader, term] = await waitForLeader(page);
    const target = leader === 1 ? 2 : 1;
    await (await nodeLocator(page, target)).click();
    await byTestId(page, 'transfer').click();
    const [now, newTerm] = await waitForLeaderWhere(page, { afterTerm: term }, 10_000);
    assert.equal(now, target, 'the target took over, not an ordinary election winner');
    assert.equal(newTerm, term + 1, 'in the very next term');
    // The feed keeps its latest lines; back along the timeline to the TimeoutNow if needed.
    assert.ok(await toldSince(page, /TimeoutNow/), 'the feed tells the TimeoutNow');
    assert.ok(await toldSince(page, /hands leadership|handing leadership/), 'and the transfer it ends');
  });
});

test('a leader is offered no transfer to itself, and a learner none at all', { timeout: 60_000 }, async () => {
  await withPage('transfer-menu', '?scenario=learner-catch-up&at=700', async (page) => {
    await atMoment(page, 700);
    // The preset's leader is node 2 (its script expects it).
    await (await nodeLocator(page, 2)).click();
    assert.equal(await byTestId(page, 'transfer').count(), 0, 'no transfer to the leader itself');
    await (await nodeLocator(page, 4)).click();
    assert.ok((await classesOf(page, 4)).includes('learner'), 'node 4 is a learner at 700 ms');
    assert.equal(await byTestId(page, 'transfer').count(), 0, 'no transfer to a learner');
    assert.equal(await byTestId(page, 'promote').count(), 1, 'a learner can be promoted');
  });
});

test('joint consensus: both majorities drawn and counted, in English and in Chinese, and step back is exact', { timeout: 60_000 }, async () => {
  for (const lang of ['en', 'zh']) {
    await withPage(`joint-${lang}`, `?scenario=joint-consensus&at=600&lang=${lang}`, async (page) => {
      await atMoment(page, 600);
      const line = await configLine(page);
      if (lang === 'en') {
        assert.match(line, /^Joint consensus: old voters 1,2,3 \(majority 2\) and new voters 4,5,6 \(majority 2\) \(not yet committed\)\. Entry \d+ is held by 3 of 3 old and 1 of 3 new voters$/, line);
      } else {
        assert.match(line, /^联合共识：旧投票成员 1,2,3（多数派 2）与新投票成员 4,5,6（多数派 2）（尚未提交）/, line);
        assert.doesNotMatch(line, /[A-Za-z]{2,}/, 'no English on the Chinese page');
      }
      // Each majority's voters carry its ring: 1, 2, 3 the old one, 4, 5, 6 the new one.
      const rings = await page.$$eval(`${ROOT} .cluster .node`, (nodes) => nodes.map((g) => ({
        id: Number((g.getAttribute('aria-label') ?? '').match(/\d+/)?.[0]),
        old: !!g.querySelector('.cfg.old'),
        fresh: !!g.querySelector('.cfg.new'),
      })));
      for (const r of rings) {
        assert.equal(r.old, r.id <= 3, `node ${r.id} old ring`);
        assert.equal(r.fresh, r.id >= 4, `node ${r.id} new ring`);
      }
      // In the middle of the joint change, a step forward and back restores the page exactly.
      const before = await readState(page);
      await byTestId(page, 'step').click();
      assert.notDeepEqual(await readState(page), before);
      await byTestId(page, 'back').click();
      assert.deepEqual(await readState(page), before, 'back to the same picture, log and clock');
    });
  }
});

test('the removed leader steps down when its removal commits, told in both languages', { timeout: 60_000 }, async () => {
  for (const lang of ['en', 'zh']) {
    const needle = lang === 'en' ? 'steps down (thesis 4.2.2)' : '退位了';
    const at = goldenEvent('remove-leader', lang, needle);
    await withPage(`remove-leader-${lang}`, `?scenario=remove-leader&at=${at.ms}&lang=${lang}`, async (page) => {
      // The preset's run is fetched, then the link's moment shown: give it that moment.
      await page.waitForFunction(([root, sentence]) => (document.querySelector(`${root} [data-testid="narration"]`)?.textContent ?? '').includes(sentence), [ROOT, at.sentence], { timeout: 5_000 }).catch(() => {});
      const feed = await narrationText(page);
      assert.ok(feed.includes(at.sentence), `the feed at ${at.ms} ms shows: ${at.sentence}\n${feed.slice(0, 400)}`);
      assert.ok(!(await classesOf(page, 2)).includes('leader'), 'node 2 no longer leads');
    });
  }
});

test('a refused second change is told, and the spare servers of add-server are drawn as spares', { timeout: 60_000 }, async () => {
  await withPage('add-server', '?scenario=add-server', async (page) => {
    for (const id of [4, 5]) assert.ok((await classesOf(page, id)).includes('spare'), `node ${id} starts as a spare`);
    assert.equal(await configLine(page), 'Voters 1,2,3');
    const at = goldenEvent('add-server', 'en', 'refuses the change');
    await page.goto(`${server.url}?scenario=add-server&at=${at.ms}`);
    await page.waitForFunction(([root, sentence]) => (document.querySelector(`${root} [data-testid="narration"]`)?.textContent ?? '').includes(sentence), [ROOT, at.sentence], { timeout: 5_000 }).catch(() => {});
    assert.ok((await narrationText(page)).includes(at.sentence), at.sentence);
  });
});

test('add server: a sixth server appears, joins as a voter and catches up; at nine (what the page draws legibly) the button is disabled', { timeout: 90_000 }, async () => {
  await withPage('add-server-button', '?seed=3&speed=1000', async (page) => {
    await waitForLeader(page);
    // Paused, to read what the narration says of it before it scrolls on.
    await setPlaying(page, false);
    await byTestId(page, 'add-server').click();
    await page.waitForFunction((root) => document.querySelectorAll(`${root} .cluster .node`).length === 6, ROOT, { timeout: 5_000 });
    const feed = await narrationText(page);
    assert.match(feed, /You started a new server, node 6/);
    assert.match(feed, /You asked the leader to add node 6 as a voter/);
    await setPlaying(page, true);
    // The leader adds it at once; once that commits, every server is a voter again and the
    // configuration line has nothing left to say.
    await page.waitForFunction((root) => (document.querySelector(`${root} [data-testid="config"]`)?.textContent ?? 'x').trim() === '', ROOT, { timeout: 10_000 });
    const classes = await classesOf(page, 6);
    assert.ok(!classes.includes('spare') && !classes.includes('learner'), `node 6 votes: ${classes}`);
    await page.waitForFunction((root) => {
      const rows = [...document.querySelectorAll(`${root} .log-table tbody tr`)];
      const entries = (r) => r.querySelectorAll('td.entry').length;
      return rows.length === 6 && entries(rows[5]) > 0 && entries(rows[5]) === entries(rows[0]);
    }, ROOT, { timeout: 10_000 });
  });
  await withPage('add-server-full', '?nodes=9&seed=1&speed=1000', async (page) => {
    assert.ok(await byTestId(page, 'add-server').isDisabled(), 'nine servers is the most the page adds to');
  });
});

test('a membership lesson plays without moving the page: the configuration line and the log key keep their place', { timeout: 60_000 }, async () => {
  for (const [name, query, options] of [
    ['joint-still', '?scenario=joint-consensus&speed=1000', {}],
    ['joint-still-phone-zh', '?scenario=joint-consensus&speed=1000&lang=zh', { viewport: { width: 360, height: 740 }, hasTouch: true }],
  ]) await withPage(name, query, async (page) => {
    await page.waitForFunction((root) => (document.querySelector(`${root} [data-testid="description"]`)?.textContent ?? '').length > 20, ROOT, { timeout: 10_000 });
    // The narration's panel, not its list: the feed's own items may move inside it.
    const tops = () => page.evaluate((root) => ['.cluster svg', '[data-testid="config"]', '.quick-network', '.log-key', 'section.narration', '.panel.safety']
      .map((sel) => Math.round(document.querySelector(`${root} ${sel}`)?.getBoundingClientRect().top ?? -1)), ROOT);
    const before = await tops();
    assert.ok(before.every((t) => t >= 0), `every part is there: ${before}`);
    await byTestId(page, 'play').click();
    for (let i = 0; i < 25; i++) {
      await page.waitForTimeout(100);
      assert.deepEqual(await tops(), before, `${name}: nothing moved while playing (sample ${i})`);
    }
  }, options);
});
