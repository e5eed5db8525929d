// Screenshots of the built page for a person to look at: node shot.mjs [query] [name].
// Not a test: a tool for looking (the tests take their own screenshots too).
import { startServer, launchBrowser } from './harness.mjs';

const query = process.argv[2] ?? '';
const name = process.argv[3] ?? 'page';
const out = process.argv[4] ?? '/tmp/shots';
const server = await startServer();
const browser = await launchBrowser();
for (const [w, h] of [[1280, 800], [360, 740]]) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme, hasTouch: w < 500 });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url + query);
    await page.waitForSelector('.cluster svg');
    await page.waitForTimeout(Number(process.env.WAIT ?? 1500));
    await page.screenshot({ path: `${out}/${name}-${w}-${scheme}.png`, fullPage: process.env.FULL === '1' });
    if (errors.length) console.log(name, w, scheme, errors);
    await context.close();
  }
}
await browser.close();
await server.close();
