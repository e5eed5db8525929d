// Trunk post-build hook (Trunk.toml): minifies the JavaScript of a release build with esbuild
// and updates the Subresource Integrity hashes in index.html to match.
//
// Trunk's own JS minifier fails on wasm-bindgen's `export { … as default }` and leaves the
// files as they are; every visitor downloads them, so esbuild does it (−25% gzipped).
// `cargo xtask serve` / `cargo xtask test` install esbuild at the version below.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ESBUILD_VERSION = '0.28.2';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('minify.mjs: run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}

const sri = (bytes) => 'sha384-' + createHash('sha384').update(bytes).digest('base64');
const indexPath = join(staging, 'index.html');

// A strict Content-Security-Policy (`script-src 'self'`) blocks inline scripts, and Trunk
// starts the app with one: it moves to a file of its own, `start.js`, next to the page.
{
  let page = readFileSync(indexPath, 'utf8');
  const inline = /<script type=("?)module\1>([\s\S]*?)<\/script>/;
  const found = page.match(inline);
  if (found) {
    writeFileSync(join(staging, 'start.js'), found[2]);
    page = page.replace(inline, '<script type=module src=./start.js></script>');
    writeFileSync(indexPath, page);
  } else if (!/src=\.\/start\.js/.test(page)) {
    console.error('minify.mjs: no inline start script in index.html (has Trunk changed?)');
    process.exit(1);
  }
}

if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const version = (() => {
  try {
    return execFileSync('esbuild', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
if (version !== ESBUILD_VERSION) {
  console.error(`minify.mjs: esbuild ${ESBUILD_VERSION} is needed (found ${version ?? 'none'}); ` +
    'run `cargo xtask serve` or `npm install --global esbuild@' + ESBUILD_VERSION + '`');
  process.exit(1);
}

function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    // The lang module is not shipped: web/words.mjs, a hook that runs at the same time as
    // this one, runs it and removes it.
    return name.endsWith('.js') && !name.startsWith('raft-lang') ? [path] : [];
  });
}

let index = readFileSync(indexPath, 'utf8');
for (const file of jsFiles(staging)) {
  const before = readFileSync(file);
  // Every file here is an ES module (wasm-bindgen's `web` target and its snippets).
  execFileSync('esbuild', [file, '--minify', '--format=esm', '--log-level=warning', `--outfile=${file}`, '--allow-overwrite']);
  const after = readFileSync(file);
  index = index.replaceAll(sri(before), sri(after));
  console.log(`minify.mjs: ${file.slice(staging.length + 1)} ${before.length} -> ${after.length} bytes`);
}
writeFileSync(indexPath, index);
