// The example page's own script: buttons that call the third element's API, and a line that
// follows its events. (A file, not an inline script, so the page runs under a strict CSP.)
const driven = document.getElementById('driven');
const script = `# Five servers; node 1 is cut off for a second, and the cluster goes on.
cluster 5 seed=3
run until leader
isolate 1
run 1s
rejoin 1
run 500ms
`;
const actions = {
  play: () => driven.play(),
  pause: () => driven.pause(),
  back: () => driven.back(),
  step: () => driven.step(),
  seek: () => driven.seek(1000),
  load: () => driven.load(script).catch((e) => console.warn(e.message)),
  lang: () => { driven.lang = driven.lang === 'zh' ? 'en' : 'zh'; },
};
for (const button of document.querySelectorAll('[data-do]')) {
  button.addEventListener('click', () => actions[button.dataset.do]());
}
const show = () => {
  document.getElementById('time').textContent = driven.time.toFixed(1);
  const state = driven.state();
  const leader = state?.nodes.find((n) => n.role === 'leader');
  document.getElementById('leader').textContent = leader ? `node ${leader.id} (term ${leader.term})` : 'none';
};
driven.addEventListener('raft-event', (e) => {
  document.getElementById('event').textContent = `#${e.detail.n} ${e.detail.kind}`;
  show();
});
driven.ready.then(show);
