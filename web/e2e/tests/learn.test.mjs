// The lessons as a reader meets them: Figure 2 lights the rule lines each event ran, with the
// values compared, forward and back; break-a-rule walks back from a violation to the broken
// rule, one click per step; a node, a message and a log entry are explained where they are
// picked (a click, or the keyboard). In English and Chinese, at 1280 px and 360 px, light and
// dark; screenshots land in web/e2e/artifacts/ (learn-*.png).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, byTestId, launchBrowser, openPlayground, readClock, saveScreenshot, startServer } from '../harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(undefined, { prefix: '/docs/raft/' });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/** Latin words on a Chinese panel beyond the paper's notation and names. */
function english(text) {
  const ok = new Set(['Raft', 'RequestVote', 'AppendEntries', 'PreVote', 'CheckQuorum', 'TimeoutNow', 'RPC',
    'currentTerm', 'votedFor', 'lastLogTerm', 'lastLogIndex', 'prevLogIndex', 'prevLogTerm', 'leaderCommit',
    'commitIndex', 'lastApplied', 'matchIndex', 'nextIndex', 'candidateId', 'log', 'term', 'min', 'config',
    'quorum', 'electionTimeoutMin', 'leader', 'false', 'vote', 'ignores', 'commit', 'old', 'terms', 'forget',
    'jitter', 'overlapping', 'changes', 'bug', 'set', 'del']);
  return (text.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !ok.has(w));
}

test('Figure 2 lights the vote check with its values as the reader steps forward and back', { timeout: 90_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, 'docs/raft/?scenario=election&autoplay=false', { colorScheme: 'light' });
  try {
    await byTestId(page, 'learn-rules').click();
    const body = byTestId(page, 'learn-body');
    await body.locator('h2').waitFor({ timeout: 20_000 });
    // Step with the keyboard, as a reader does, until a vote is granted.
    let granted = null;
    for (let i = 0; i < 40 && !granted; i++) {
      await page.keyboard.press('ArrowRight');
      const { event } = await readClock(page);
      await page.waitForFunction(([root, n]) => document.querySelector(`${root} [data-testid="fig2-now"]`)?.textContent.includes(` ${n}`), [ROOT, event], { timeout: 10_000 });
      const lit = body.locator('li.ran[data-rule="vote.grant"]');
      if (await lit.count()) granted = { event, text: await lit.textContent() };
    }
    assert.ok(granted, 'some event grants a vote');
    assert.match(granted.text, /\(lastLogTerm, lastLogIndex\) \(\d+, \d+\) ≥ \(\d+, \d+\) ✓ → grant/);
    // The line under the rules says what the narration says of the same event.
    const now = await byTestId(page, 'fig2-now').textContent();
    const told = await page.locator(`${ROOT} .narration li`).first().textContent();
    const sentence = told.replace(/^\s*[\d.]+\s*ms\s*/, '').trim();
    assert.ok(sentence.length > 10 && now.includes(sentence), `${now} / ${told}`);
    await body.locator('li.ran[data-rule="vote.grant"]').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'learn-figure2-1280-light');
    // One back: another event, and the vote line is no longer the one lit for it.
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(([root, n]) => document.querySelector(`${root} [data-testid="fig2-now"]`)?.textContent.startsWith(`Event ${n - 1},`), [ROOT, granted.event], { timeout: 10_000 });
    // Each line says why it exists, with its paper section.
    const why = body.locator('li[data-rule="vote.up-to-date"] details');
    await why.locator('summary').click();
    assert.match(await why.textContent(), /section 5\.4\.1/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('break a rule: from the violation back to the vote that skipped the log check, in Chinese on a phone', { timeout: 90_000 }, async () => {
  const { page, context, errors } = await openPlayground(browser, server, 'docs/raft/?scenario=bug-vote-ignores-log&autoplay=false&lang=zh', { ...PHONE, colorScheme: 'dark' });
  try {
    await byTestId(page, 'learn-bugs').tap();
    const why = byTestId(page, 'why');
    await why.waitFor({ timeout: 20_000 });
    // Before the damage, the panel offers to jump to it.
    const jump = why.locator('button[data-goto]');
    const at = Number(await jump.getAttribute('data-goto'));
    await jump.tap();
    await page.waitForFunction(([root, n]) => document.querySelector(`${root} [data-testid="why"] ol.steps`) && document.querySelector(`${root} [data-testid="clock"]`)?.textContent.includes(String(n)), [ROOT, at], { timeout: 10_000 });
    assert.equal((await readClock(page)).event, at);
    const steps = why.locator('ol.steps li');
    assert.ok(await steps.count() >= 3, 'the violation, the election, the votes');
    assert.match(await steps.first().textContent(), /领导者完整性|领导者/);
    const cause = why.locator('ol.steps li.cause').first();
    assert.match(await cause.textContent(), /跳过了日志检查/);
    assert.deepEqual(english(await byTestId(page, 'learn-body').innerText()), []);
    await why.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'learn-bugs-360-dark-zh');
    // One tap back to the cause: the history is there, and the narration tells the vote.
    const n = Number(await cause.locator('button').getAttribute('data-goto'));
    await cause.locator('button').tap();
    await page.waitForFunction(([root, n]) => document.querySelector(`${root} [data-testid="clock"]`)?.textContent.includes(String(n)), [ROOT, n], { timeout: 10_000 });
    assert.match(await page.locator(`${ROOT} .narration li`).first().textContent(), /投票给节点 3/);
    // Every bug of the language is listed with a way to run it.
    assert.equal(await byTestId(page, 'learn-body').locator('.bug-list > li').count(), 5);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a node, a message and a log entry are explained where they are picked', { timeout: 90_000 }, async () => {
  for (const [lang, options, scheme] of [['en', {}, 'dark'], ['zh', PHONE, 'light']]) {
    const { page, context, errors } = await openPlayground(browser, server, `docs/raft/?scenario=log-repair&autoplay=false&lang=${lang}`, { ...options, colorScheme: scheme });
    try {
      for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
      // A node.
      await page.locator(`${ROOT} .cluster .node`).first().click();
      const explain = byTestId(page, 'explain');
      await explain.locator('p').first().waitFor({ timeout: 20_000 });
      assert.match(await explain.textContent(), lang === 'en' ? /Node 1 (leads|follows|is)/ : /节点 1/);
      await saveScreenshot(page, `learn-node-${lang}`);
      await page.keyboard.press('Escape');
      // A log entry, from the keyboard: focus it, press Enter.
      const cell = page.locator(`${ROOT} .log-table td.entry`).first();
      await cell.focus();
      await page.keyboard.press('Enter');
      const entry = byTestId(page, 'entry-explain');
      await entry.locator('.learn-body p').first().waitFor({ timeout: 20_000 });
      const said = await entry.innerText();
      assert.match(said, lang === 'en' ? /is committed|not committed yet/ : /已提交|尚未提交/);
      if (lang === 'zh') assert.deepEqual(english(said), []);
      await entry.scrollIntoViewIfNeeded();
      await saveScreenshot(page, `learn-entry-${lang}`);
      await entry.locator('button').click();
      await entry.waitFor({ state: 'detached', timeout: 5_000 });
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  }
});
