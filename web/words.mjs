// Trunk post-build hook (Trunk.toml): writes each language's words into the build, as
// words/en.txt and words/zh.txt, with the lang module Trunk just built (src/bin/raft-lang.rs,
// the same tables the tests read), then drops the module: the page and the element carry no
// words of their own and fetch these files (see `i18n::words` in web/src/i18n.rs).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('words.mjs: run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
const glue = join(staging, 'raft-lang.js');
const wasm = join(staging, 'raft-lang_bg.wasm');
const lang = await import(pathToFileURL(glue).href);
await lang.default({ module_or_path: readFileSync(wasm) });
mkdirSync(join(staging, 'words'), { recursive: true });
for (const code of ['en', 'zh']) {
  const text = lang.words(code);
  if (typeof text !== 'string' || text.length === 0) {
    console.error(`words.mjs: the lang module has no words for ${code}`);
    process.exit(1);
  }
  writeFileSync(join(staging, 'words', `${code}.txt`), text);
}
rmSync(glue);
rmSync(wasm);
