// The Chinese edition: every preset, played in Chinese, shows no English sentence anywhere a
// visitor can meet one: text, tooltips (title attributes and SVG titles), aria-labels,
// notices, the help and the legend. Protocol names (RequestVote, AppendEntries, ...), units,
// commands a script typed (set x 1) and the other language's own name are allowed.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT, byTestId, launchBrowser, openPlayground, saveScreenshot, startServer } from '../harness.mjs';

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

/** Words that may stand on the Chinese page: names, units and what scripts typed. */
const ALLOWED = new Set([
  'Raft', 'Playground', 'RequestVote', 'RequestVoteResponse', 'AppendEntries', 'AppendEntriesResponse',
  'PreVote', 'PreVoteResponse', 'CheckQuorum', 'TimeoutNow', 'nextIndex', 'matchIndex', 'currentTerm', 'votedFor',
  'commitIndex', 'noop', 'English', 'set', 'del', 'raft', 'figure', 'vote', 'ignores', 'log', 'commit',
  'old', 'terms', 'forget', 'jitter', 'overlapping', 'changes', 'Ongaro', 'Space', 'Shift', 'Esc', 'Escape', 'jsonl',
  // Figure 2's own notation, which the lessons' rule lines quote as the paper writes it.
  'lastLogTerm', 'lastLogIndex', 'prevLogIndex', 'prevLogTerm', 'leaderCommit', 'lastApplied', 'candidateId',
  'min', 'term', 'RPC', 'quorum', 'config', 'electionTimeoutMin', 'false',
  // What partition.raft's clients write: `set x majority`, `set y minority`.
  'majority', 'minority',
]);

/** Every English-looking word a visitor can meet on the page, with where it was found. */
function englishOnPage(page) {
  return page.evaluate(([root, allowed]) => {
    const ok = new Set(allowed);
    const found = [];
    const check = (text, where) => {
      // A client's command, quoted, is what the script typed.
      // C_old, C_new and C_old,new are the paper's notation for configurations.
      const unquoted = (text ?? '').replace(/“[^”]*”/g, '').replace(/C_(old,new|old|new)/g, '');
      for (const word of unquoted.match(/[A-Za-z]{3,}/g) ?? []) {
        if (!ok.has(word)) found.push(`${word} (${where}: ${text.trim().slice(0, 80)})`);
      }
    };
    const r = document.querySelector(root);
    const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // What a script typed (a log entry's command, the state machine's keys) is data.
      if (el.closest('.log-table td, .kv, [data-testid="message-fields"] code, option')) continue;
      if (el.closest('[lang]')?.getAttribute('lang') === 'en') continue;
      check(n.textContent, el.tagName.toLowerCase());
    }
    for (const el of r.querySelectorAll('[title], [aria-label], [aria-valuetext]')) {
      for (const attr of ['title', 'aria-label', 'aria-valuetext']) {
        if (el.hasAttribute(attr) && el.closest('[lang]')?.getAttribute('lang') !== 'en') check(el.getAttribute(attr), attr);
      }
    }
    for (const option of r.querySelectorAll('option')) check(option.textContent, 'option');
    return found;
  }, [ROOT, [...ALLOWED]]);
}

const PRESETS = [
  'election', 'leader-crash', 'split-vote', 'log-repair', 'figure-8', 'partition', 'prevote',
  'check-quorum', 'add-server', 'remove-leader', 'joint-consensus', 'learner-catch-up', 'transfer', 'removed-server-disrupts', 'bug-vote-ignores-log', 'bug-commit-old-terms', 'bug-forget-vote', 'bug-no-jitter', 'bug-overlapping-changes',
];

test('every preset, played in Chinese, shows no English', { timeout: 300_000 }, async () => {
  const problems = [];
  for (const preset of PRESETS) {
    const { page, context, errors } = await openPlayground(browser, server, `?scenario=${preset}&lang=zh&speed=1000&autoplay`);
    try {
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
      // Look at it at several moments: the start, while playing, with the help open, at the end.
      const seen = new Set();
      const look = async (when) => {
        for (const w of await englishOnPage(page)) if (!seen.has(w)) { seen.add(w); problems.push(`${preset} (${when}): ${w}`); }
      };
      await look('start');
      await page.waitForTimeout(1500);
      await look('playing');
      const msg = page.locator(`${ROOT} .msg`).first();
      if (await msg.count()) {
        await msg.click({ force: true }).catch(() => {});
        await look('a message picked');
      }
      await page.locator(`${ROOT} .cluster .node`).first().click({ force: true });
      await look('a node selected');
      await page.keyboard.press('?');
      await look('help');
      await page.keyboard.press('Escape');
      await byTestId(page, 'next-election').click();
      await look('after a jump');
      await byTestId(page, 'timeline').focus();
      await page.keyboard.press('End');
      await look('end');
      assert.deepEqual(errors, [], `${preset}: the page logged errors`);
      if (preset === 'figure-8') await saveScreenshot(page, 'chinese-figure-8');
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, [], 'English on the Chinese page');
});

const CHAPTERS = [
  'leader-election', 'heartbeats-and-timeouts', 'split-vote', 'log-replication', 'figure-8',
  'log-repair', 'partitions', 'prevote-and-checkquorum', 'membership-changes', 'leadership-transfer',
];

test('every chapter of the tour, played in Chinese, shows no English: the bar, the captions, the narration', { timeout: 300_000 }, async () => {
  const problems = [];
  for (const chapter of CHAPTERS) {
    const { page, context, errors } = await openPlayground(browser, server, `?tour=${chapter}&lang=zh&speed=1000`);
    try {
      await byTestId(page, 'tour').waitFor({ timeout: 10_000 });
      const seen = new Set();
      const look = async (when) => {
        for (const w of await englishOnPage(page)) if (!seen.has(w)) { seen.add(w); problems.push(`tour/${chapter} (${when}): ${w}`); }
      };
      await look('start');
      // Play from caption to caption, reading each.
      for (let i = 0; i < 3; i++) {
        await byTestId(page, 'play').click();
        await page.waitForFunction((root) => /播放/.test(document.querySelector(`${root} [data-testid="play"]`)?.textContent ?? ''), ROOT, { timeout: 15_000 }).catch(() => {});
        await look(`caption ${i + 2}`);
      }
      assert.deepEqual(errors, [], `tour/${chapter}: the page logged errors`);
    } finally {
      await context.close();
    }
  }
  assert.deepEqual(problems, [], 'English in the Chinese tour');
});

test('errors on the Chinese page are in Chinese: a bad link, a broken script, a tampered trace', { timeout: 60_000 }, async () => {
  const { page, context } = await openPlayground(browser, server, '?lang=zh&nodes=12&speeed=3&seed=1');
  try {
    const top = await page.locator(`${ROOT} .notice`).first().textContent();
    assert.match(top, /nodes=12/);
    assert.ok(!/[A-Za-z]{4,}/.test(top.replace(/nodes=12|speeed|speed/g, '')), `in Chinese: ${top}`);
    await byTestId(page, 'import').setInputFiles({ name: 'bad.raft', mimeType: 'text/plain', buffer: Buffer.from('cluster 3\nrun untill leader\n') });
    await page.waitForFunction(() => document.querySelector('.raft-playground .tools .notice'));
    const text = await page.locator(`${ROOT} .tools .notice`).textContent();
    assert.match(text, /bad\.raft:2:5/);
    assert.ok(/[\u4e00-\u9fff]/.test(text), `the parser's message is in Chinese: ${text}`);
  } finally {
    await context.close();
  }
});

// ----- The words: fetched, the visitor's language only ------------------------------------------

const wordsFile = (url) => /\/words\/(en|zh)\.txt$/.exec(new URL(url).pathname)?.[1];

test('a visitor reading English downloads only the English words; one click on 简体中文 fetches the Chinese once', { timeout: 60_000 }, async () => {
  const requests = [];
  const { page, context, errors } = await openPlayground(browser, server, '?seed=4&speed=300', {}, async (p) => {
    p.on('request', (r) => requests.push(r.url()));
  });
  try {
    await page.waitForTimeout(800);
    assert.deepEqual(requests.map(wordsFile).filter(Boolean), ['en'], 'the English words, and only them');
    assert.match(await page.locator(`${ROOT} .tagline`).textContent(), /^Watch a Raft cluster/);
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForFunction((root) => document.querySelector(`${root} .tagline`)?.textContent.startsWith('逐个事件'), ROOT, { timeout: 10_000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh');
    // The narration speaks Chinese from the next event on.
    await page.waitForFunction((root) => /[\u4e00-\u9fff]/.test(document.querySelector(`${root} [data-testid="narration"] li`)?.textContent ?? ''), ROOT, { timeout: 10_000 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForFunction((root) => document.querySelector(`${root} .tagline`)?.textContent.startsWith('逐个事件'), ROOT, { timeout: 5_000 });
    assert.deepEqual(requests.map(wordsFile).filter(Boolean), ['en', 'zh'], 'each fetched once, then kept');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the Chinese page fetches only the Chinese words and draws nothing before them; without them it is English and says why; without any, it says so', { timeout: 60_000 }, async () => {
  // Slow words: the first thing drawn is already Chinese.
  const requests = [];
  const slow = async (p) => {
    p.on('request', (r) => requests.push(r.url()));
    await p.route(/words\/zh\.txt$/, async (route) => {
      await new Promise((ok) => setTimeout(ok, 1_000));
      await route.continue();
    });
  };
  let opened = await openPlayground(browser, server, '?lang=zh&seed=2', {}, slow);
  try {
    assert.match(await opened.page.locator(`${ROOT} .tagline`).textContent(), /^逐个事件/, 'the first drawing is in Chinese');
    assert.deepEqual(requests.map(wordsFile).filter(Boolean), ['zh'], 'the Chinese words, and only them');
    assert.deepEqual(opened.errors, []);
  } finally {
    await opened.context.close();
  }
  // No Chinese words (offline for them, or a copy of dist/ without them): English, and a notice.
  const noZh = async (p) => p.route(/words\/zh\.txt$/, (route) => route.abort('internetdisconnected'));
  opened = await openPlayground(browser, server, '?lang=zh&seed=2', {}, noZh);
  try {
    const { page, errors } = opened;
    assert.match(await page.locator(`${ROOT} .tagline`).textContent(), /^Watch a Raft cluster/);
    const notice = await page.locator(`${ROOT} .notice`).first().textContent();
    assert.match(notice, /The words of 简体中文 could not be fetched \(.*words\/zh\.txt.*\), so the page is in English\./);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.waitForFunction((root) => /leads term/.test(document.querySelector(`${root} [data-testid="leader"]`)?.textContent ?? ''), ROOT, { timeout: 10_000 });
    // Switching later, still without them, says so by the language button and stays English.
    await page.getByRole('button', { name: '简体中文' }).click();
    await page.waitForFunction((root) => document.querySelector(`${root} .tools .notice`)?.textContent.includes('could not be fetched'), ROOT, { timeout: 10_000 });
    assert.match(await page.locator(`${ROOT} .tagline`).textContent(), /^Watch a Raft cluster/);
    assert.deepEqual(errors.filter((e) => e.startsWith('page error')), [], 'no page error');
  } finally {
    await opened.context.close();
  }
  // No words at all: one plain sentence in both languages, saying which file and why.
  const none = async (p) => p.route(/words\/(en|zh)\.txt$/, (route) => route.abort('internetdisconnected'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await none(page);
    await page.goto(`${server.url}?lang=zh`);
    await page.waitForFunction(() => /could not load its words/.test(document.body.textContent), null, { timeout: 10_000 });
    const text = await page.locator('main').textContent();
    assert.match(text, /^Raft Playground could not load its words \(.*words\/zh\.txt.*\)\. 无法加载 Raft 演练场的文字/);
    assert.deepEqual(pageErrors, []);
  } finally {
    await context.close();
  }
});
