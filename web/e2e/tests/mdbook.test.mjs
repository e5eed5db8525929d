// The mdbook-raft preprocessor end to end: the test book (crates/mdbook-raft/tests/book) is
// built with the real mdBook, the playground's release build (dist/) copied into the book's
// src/raft/ by the preprocessor's `dist` option, and the built book served over HTTP and opened
// in Chromium. Every ```raft block must come out as a <raft-playground> that draws its cluster,
// with no console errors.
//
// Needs: mdbook on PATH (`cargo xtask test` installs the pinned version), cargo (to build the
// preprocessor), and dist/ with raft-playground.js (`trunk build --release --offline`).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST_DIR, REPO_DIR, launchBrowser, openPage, saveScreenshot, startServer } from '../harness.mjs';

const BOOK_DIR = join(REPO_DIR, 'crates', 'mdbook-raft', 'tests', 'book');

let scratch;
let server;
let browser;

/** Runs a program to completion (bounded), failing with its output when it fails. */
function runTool(program, args, { what, env = {}, timeout = 120_000 } = {}) {
  const result = spawnSync(program, args, {
    cwd: REPO_DIR,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error?.code === 'ENOENT') {
    throw new Error(`${program} is not on PATH: ${what}`);
  }
  if (result.error) throw new Error(`${program} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${program} ${args.join(' ')} exited with ${result.status}:\n${result.stderr}`);
  }
  return result;
}

/** Builds the preprocessor (a no-op when `cargo test` already did) and returns its path. */
function buildPreprocessor() {
  const { stdout } = runTool('cargo', ['build', '-q', '-p', 'mdbook-raft', '--message-format=json'], {
    what: 'the browser tests need cargo to build mdbook-raft',
    timeout: 300_000,
  });
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line);
    if (message.reason === 'compiler-artifact' && message.target?.name === 'mdbook-raft' && message.executable) {
      return message.executable;
    }
  }
  throw new Error('cargo build -p mdbook-raft named no mdbook-raft executable');
}

async function exists(path) {
  return stat(path).then(
    () => true,
    () => false,
  );
}

before(
  async () => {
    if (!(await exists(join(DIST_DIR, 'raft-playground.js')))) {
      throw new Error(
        `${DIST_DIR}/raft-playground.js is missing: build the playground with ` +
          '`trunk build --release --offline` (cargo xtask test does); the element must be in that build',
      );
    }
    const preprocessor = buildPreprocessor();
    scratch = await mkdtemp(join(tmpdir(), 'mdbook-raft-e2e-'));
    const book = join(scratch, 'book');
    const out = join(scratch, 'out');
    // A copy: the `dist` option writes into the book's src/, which must not be the repository's.
    await cp(BOOK_DIR, book, { recursive: true });
    const build = runTool('mdbook', ['build', book, '--dest-dir', out], {
      what: 'run `cargo xtask test`, which installs the pinned mdBook',
      env: {
        MDBOOK_PREPROCESSOR__RAFT__COMMAND: preprocessor,
        MDBOOK_PREPROCESSOR__RAFT__DIST: DIST_DIR,
      },
    });
    assert.match(build.stderr, /mdbook-raft: 3 raft block\(s\) in 2 chapter\(s\); copied \d+ playground files/);
    assert.ok(await exists(join(out, 'raft', 'raft-playground.js')), 'the book has the element script');
    server = await startServer(out);
    browser = await launchBrowser();
  },
  { timeout: 420_000 },
);

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** What each chapter must show: one entry per element, in page order. */
const chapters = [
  {
    page: 'elections.html',
    elements: [
      { nodes: 5, attrs: { scenario: 'election', nodes: '5', controls: 'compact' } },
      {
        nodes: 5,
        attrs: {
          controls: 'minimal',
          theme: 'dark',
          script:
            '# Elections with <b>five</b> & "quotes": <img src=x onerror=alert(1)>\n' +
            'cluster 5 seed=7\n\nrun until leader\nexpect safe',
        },
      },
    ],
  },
  {
    page: 'faults/crash.html',
    elements: [
      {
        nodes: 3,
        attrs: {
          controls: 'compact',
          lang: 'zh',
          script: 'cluster 3 seed=1\nrun until leader\ncrash 1\nrun until leader',
        },
      },
    ],
  },
];

for (const { page: path, elements } of chapters) {
  test(`the book's ${path} draws ${elements.length} playground(s)`, { timeout: 60_000 }, async () => {
    const { page, context, errors } = await openPage(browser, server.url + path, {
      viewport: { width: 1280, height: 900 },
    });
    const name = `mdbook-${path.replace(/[/.]/g, '-')}`;
    try {
      const hosts = page.locator('raft-playground');
      assert.equal(await hosts.count(), elements.length, 'raft-playground elements on the page');
      // The author's markup stayed text: no <img> or <b> from the script anywhere on the page.
      assert.equal(await page.locator('main img, main b').count(), 0, 'markup from a script became elements');
      for (const [i, wanted] of elements.entries()) {
        const host = hosts.nth(i);
        for (const [attr, value] of Object.entries(wanted.attrs)) {
          assert.equal(await host.getAttribute(attr), value, `element ${i}: the ${attr} attribute`);
        }
        // Not wrapped in a paragraph by Markdown.
        assert.equal(await host.evaluate((el) => el.parentElement?.tagName), 'MAIN', `element ${i}: its parent`);
        await host.scrollIntoViewIfNeeded();
        // Playwright's CSS locators pierce open shadow roots.
        await host.locator('.cluster .node').first().waitFor({ timeout: 20_000 });
        // The element's `ready` promise (embedding contract) resolves once it has drawn.
        await host.evaluate(
          (el, ms) =>
            Promise.race([
              el.ready,
              new Promise((_, fail) => setTimeout(() => fail(new Error(`ready did not resolve in ${ms} ms`)), ms)),
            ]),
          20_000,
        );
        await page.waitForFunction(
          ([el, n]) => el.shadowRoot?.querySelectorAll('.cluster .node').length === n,
          [await host.elementHandle(), wanted.nodes],
          { timeout: 10_000 },
        );
      }
      await saveScreenshot(page, name);
      assert.deepEqual(errors, [], 'the page logged errors');
    } catch (err) {
      await saveScreenshot(page, `${name}-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
}
