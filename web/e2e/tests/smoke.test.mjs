// Smoke test: the built page loads cleanly and the simulated cluster elects a leader,
// on a desktop screen, a 360 px phone and in dark mode. Screenshots land in web/e2e/artifacts/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, saveScreenshot, startServer, waitForLeader } from '../harness.mjs';

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

const variants = [
  { name: 'smoke', what: 'desktop, light', options: { viewport: { width: 1280, height: 800 } } },
  { name: 'smoke-360', what: '360 px wide', options: { viewport: { width: 360, height: 780 } } },
  {
    name: 'smoke-dark',
    what: 'desktop, dark',
    options: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  },
];

for (const { name, what, options } of variants) {
  test(`page loads without errors and elects a leader (${what})`, { timeout: 60_000 }, async () => {
    const { page, context, errors } = await openPage(browser, server.url, options);
    try {
      const [node, term] = await waitForLeader(page);
      assert.ok(term >= 1, `a leader needs a term of at least 1, got ${term} (node ${node})`);
      await saveScreenshot(page, name);
      assert.deepEqual(errors, [], 'the page logged errors');
    } catch (err) {
      // Leave a picture of what went wrong for whoever reads the CI log.
      await saveScreenshot(page, `${name}-failure`).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
}
