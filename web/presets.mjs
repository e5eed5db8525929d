// Trunk post-build hook (Trunk.toml): writes each preset's run into the build, as
// presets/NAME.rec, with `raft-sim presets` (the same simulator code as web/build.rs, run
// natively). The page's wasm does not carry the runs: it fetches one when a visitor opens
// that preset (or a link to it), which keeps it out of the download every visitor pays for.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('presets.mjs: run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
  process.exit(1);
}
// `--offline` as Trunk's own cargo calls (Trunk.toml); `cargo xtask` fetches the crates first.
// The tour's chapters are presets too, named `tour/NAME` (scenarios/tour/NAME.raft).
for (const [from, to] of [['scenarios', 'presets'], ['scenarios/tour', 'presets/tour']]) {
  execFileSync(
    'cargo',
    ['run', '--quiet', '--offline', '-p', 'raft-sim', '--', 'presets', from, join(staging, to)],
    { stdio: 'inherit' },
  );
}
