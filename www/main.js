// Page wiring: tabs, intake (drop, pick, paste), the worker protocol, the findings table.
import { clear, counted, el, formatCount } from './view.js';
import { initProfiles } from './profiles.js';
import { formatBytes, progressView } from './progress.js';
import { createWorkspace } from './workspace.js';
import { renderRuleIndex, revealRule, ruleFromHash } from './rule-index.js';
import { startWorker } from './worker-client.js';
import { findMissing, reportDeployProblem, watchBuildFiles } from './deploy-check.js';
import { filesFromDrop, filesFromInput } from './file-list.js';

const CONTEXT_LIMIT = 50 * 1024 * 1024;
/** How long a run may take to answer Cancel before its worker is taken to hang and replaced. */
const CANCEL_GRACE_MS = 3000;
/** How long the engine may take to start before the page checks that the build's files are there. */
const START_CHECK_MS = 10_000;
const $ = (id) => document.getElementById(id);
/** `?workers=N` caps the pool that checks large files (1: one worker reads the whole file). */
const POOL_WORKERS = Number(new URLSearchParams(location.search).get('workers')) || undefined;

const state = {
  rules: new Map(),
  source: null, // { file }, { files: [{ name, file }] } or { text }: kept in this page only, for showing context
  sourceText: null,
  texts: new Map(), // file name → its text, read when a finding in it is shown (several files)
  busy: false,
  kept: 0, // findings of this run shown so far (they arrive in batches while it goes on)
  shown: null, // the last progress shown: { bytes, total, summary } (what a cancel keeps)
  run: 0, // the current run's number: messages of other runs are ignored
  profiles: null,
  checks: new Map(),
  checkId: 0,
  engineFailure: null, // why the engine could not be loaded (an unbuilt or broken deployment)
};

const progress = progressView({
  panel: $('progress-panel'),
  bar: $('progress'),
  text: $('progress-text'),
  cancel: $('progress-cancel'),
  onCancel: cancelRun,
});

/** Asks the worker to stop the current run; a worker too busy to answer is replaced. */
function cancelRun() {
  const run = state.run;
  worker.postMessage({ type: 'cancel', run });
  setTimeout(() => {
    if (state.busy && state.run === run) {
      worker.replace(`The checker did not answer Cancel within ${CANCEL_GRACE_MS / 1000} s, so it was stopped.`);
    }
  }, CANCEL_GRACE_MS);
}

const worker = startWorker((msg) => handle(msg), (text) => handle({ type: 'crash', message: text }), engineFailed);

/** The engine cannot be loaded: say what is missing on this host and how to fix it, never spin. */
function engineFailed(detail) {
  state.engineFailure = detail;
  state.busy = false;
  progress.stop();
  setStatus('The validator could not start: this copy of the page is incomplete or broken (details above).', true);
  runState('error');
  document.body.dataset.ready = 'failed';
  reportDeployProblem(detail);
}

watchBuildFiles();
// A start that takes very long may be a host that never answers: check the files then.
setTimeout(async () => {
  if (document.body.dataset.ready) return;
  if ((await findMissing()).length) engineFailed('the engine did not start');
}, START_CHECK_MS);

function handle(msg) {
  // Messages of a run that was cancelled or replaced are stale.
  if (msg.run !== undefined && msg.run !== state.run) return;
  switch (msg.type) {
    case 'ready':
      $('version').textContent = msg.version;
      for (const r of msg.rules) state.rules.set(r.id, r);
      renderRuleIndex($('rules-list'), msg.rules);
      showRuleFromHash();
      state.profiles = initProfiles({
        select: $('profile-select'),
        editButton: $('profile-edit'),
        dialog: $('profile-dialog'),
        presets: msg.profiles,
        fields: msg.fields,
        rules: msg.rules,
        check: checkProfile,
        onChange: () => { if (state.source && !state.busy) validate(state.source, state.label); },
      });
      engineMemory(msg.memory, msg.heap);
      document.body.dataset.ready = 'true';
      break;
    case 'profile-checked':
      state.checks.get(msg.id)?.(msg.problem);
      state.checks.delete(msg.id);
      break;
    case 'progress':
      if (msg.findings.length) showFindings(msg.findings, msg.summary);
      // Once the findings kept reach the limit none arrive, but the counts go on.
      else if (!$('results').hidden) workspace.setSummary(msg.summary);
      state.shown = { bytes: msg.bytes, total: msg.total, summary: msg.summary };
      engineMemory(msg.memory, msg.heap);
      progress.update({ bytes: msg.bytes, total: msg.total, records: msg.summary.records, findings: msg.summary.errors + msg.summary.warnings + msg.summary.infos });
      break;
    case 'release-loaded':
      setStatus(`Validation now uses the loaded ICD-10-CM release for dates of service from ${msg.summary.effective_from}.`);
      break;
    case 'file-done':
      showFindings(msg.report.findings, msg.summary);
      if (state.shown) state.shown.summary = msg.summary; // what a cancel keeps includes this file's end
      workspace.setFile(msg.index, msg.file, msg.report.format, msg.report.summary);
      break;
    case 'done': {
      state.busy = false;
      progress.stop();
      showReport(msg.report);
      engineMemory(msg.memory, msg.heap);
      // Done once everything the run found is drawn (tests and benchmarks wait for it).
      const run = state.run;
      workspace.settle().then(() => { if (state.run === run) runState('done', msg.timing, msg.indexBytes); });
      break;
    }
    case 'cancelled':
      state.busy = false;
      progress.stop();
      keepPartial(msg.bytes);
      workspace.settle();
      runState('cancelled');
      break;
    case 'crash':
      state.busy = false;
      progress.stop();
      workspace.settle();
      setStatus(msg.message, true);
      runState('error');
      break;
    case 'error':
      state.busy = false;
      progress.stop();
      workspace.settle();
      setStatus(`Could not check the file: ${msg.message}`, true);
      runState('error');
      break;
  }
}

/**
 * After Cancel the page keeps what the run found so far, as of the last progress it showed, and
 * marks it partial on the cards, charts, count line, exports and printed report. A run cancelled
 * before anything was shown leaves nothing on screen.
 */
function keepPartial(bytes) {
  const shown = state.shown;
  if (!shown) {
    setStatus(`Cancelled after ${formatBytes(bytes)}, before any result was shown; nothing was kept.`);
    return;
  }
  const s = shown.summary;
  const note = `partial: first ${formatBytes(shown.bytes)} of ${formatBytes(shown.total)}, ${counted(s.records, 'record')}`;
  showFindings([], s);
  workspace.setPartial(note);
  setStatus(`Cancelled. Kept the ${note} and its ${counted(s.errors + s.warnings + s.infos, 'finding')}; the rest of ${state.label} was not checked.`);
}

/** Marks the run's state (busy, done, cancelled, error), the cross-record index's memory and,
 *  for a run across the worker pool, where its time went, on the status line, for tests and
 *  benchmarks. */
function runState(name, timing, indexBytes) {
  const s = $('status');
  s.dataset.state = name;
  if (indexBytes) s.dataset.indexBytes = String(indexBytes);
  else delete s.dataset.indexBytes;
  if (timing) s.dataset.pool = JSON.stringify(timing);
  else delete s.dataset.pool;
}

/** Marks the validator worker's wasm memory and the engine's heap in it (`{ live, peak }`) on the
 *  status line as a run goes on, for benchmarks. */
function engineMemory(wasmBytes, heap) {
  const s = $('status');
  if (wasmBytes) s.dataset.wasmBytes = String(wasmBytes);
  if (heap) s.dataset.heap = JSON.stringify(heap);
}

function setStatus(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

/* Intake */

function validate(source, label) {
  if (state.engineFailure) {
    setStatus(`${label} cannot be checked: the validator could not start on this copy of the page (details above).`, true);
    return;
  }
  state.run += 1;
  state.busy = true;
  state.source = source;
  state.sourceText = source.text ?? null;
  state.texts = new Map();
  state.label = label;
  state.kept = 0;
  state.shown = null;
  workspace.reset(label, source.files?.map((f) => f.name) ?? null);
  progress.start();
  setStatus(`Checking ${label}…`);
  runState('busy');
  worker.postMessage({ type: 'validate', run: state.run, ...source, profile: currentProfile(), workers: POOL_WORKERS });
}

function currentProfile() {
  return state.profiles?.current() ?? '';
}

/** Asks the engine whether a profile's JSON is usable: resolves to a problem message or null. */
function checkProfile(json) {
  const id = ++state.checkId;
  return new Promise((resolve) => {
    state.checks.set(id, resolve);
    worker.postMessage({ type: 'check-profile', id, json });
  });
}

const drop = $('drop-zone');
const fileInput = $('file-input');
drop.addEventListener('click', () => fileInput.click());
drop.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); fileInput.click(); }
});
/** Checks the files of one drop or choice: one as before, several as one run. */
function validateFiles(files) {
  if (files.length === 1) validate({ file: files[0].file }, files[0].name);
  else if (files.length > 1) validate({ files }, counted(files.length, 'file'));
  else setStatus('No file to check there (a folder’s hidden files are left out).', true);
}
for (const input of [fileInput, $('folder-input')]) {
  input.addEventListener('change', () => {
    if (input.files?.length) validateFiles(filesFromInput(input));
    input.value = '';
  });
}
$('folder-pick').addEventListener('click', () => $('folder-input').click());
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('dragging');
  filesFromDrop(e.dataTransfer).then(validateFiles, (err) => setStatus(`Could not read what was dropped: ${err.message}`, true));
});
$('paste-check').addEventListener('click', () => {
  const text = $('paste-box').value;
  if (!text.trim()) { setStatus('Paste some records first.', true); return; }
  validate({ text }, 'pasted text');
});
document.addEventListener('paste', (e) => {
  if (e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement) return;
  const file = e.clipboardData?.files?.[0];
  const text = e.clipboardData?.getData('text/plain');
  if (file) validate({ file }, file.name);
  else if (text && text.includes('\n')) validate({ text }, 'pasted text');
});
$('load-sample').addEventListener('click', async () => {
  const response = await fetch('samples/encounters.csv');
  validate({ text: await response.text() }, 'samples/encounters.csv');
});

/* Results */

/**
 * The engine on this page's own thread (loaded on first use), for what is asked of it at once:
 * a finding's record in its source, code look-ups, exercise grading. Runs use the worker's.
 */
let engineLoad = null;
function engine() {
  engineLoad ??= import('./pkg/recordlint.js').then(async (wasm) => { await wasm.default(); return wasm; });
  return engineLoad;
}

const workspace = createWorkspace({ rules: () => state.rules, sourceText, engine });

/** Adds a batch of findings to the workspace while the run goes on (or at its end). */
function showFindings(findings, summary, format = null) {
  $('welcome').hidden = true;
  $('results').hidden = false;
  state.kept += findings.length;
  workspace.setSummary(summary, format);
  workspace.appendFindings(findings);
}

/** The end of a run: its last findings, its counts and the status line. */
function showReport(report) {
  const s = report.summary;
  showFindings(report.findings, s, report.format);
  const kept = state.kept;
  const total = s.errors + s.warnings + s.infos;
  const format = state.source?.files ? 'one run' : report.format ? report.format.toUpperCase() : 'file';
  setStatus(`${state.label}: ${format}, ${counted(s.records, 'record')}, ${counted(total, 'finding')} with profile “${state.profiles?.title() ?? 'Default'}”`
    + (s.truncated ? ` (the first ${formatCount(kept)} are listed; all are counted)` : '') + '.');
}

/** The text of the file `finding` is in (null when too large to show or not a file). */
async function sourceText(finding) {
  if (state.source?.files) {
    const file = state.source.files.find((f) => f.name === finding?.file)?.file;
    if (!file || file.size > CONTEXT_LIMIT) return null;
    if (!state.texts.has(file)) state.texts.set(file, await file.text());
    return state.texts.get(file);
  }
  if (state.sourceText !== null) return state.sourceText;
  const file = state.source?.file;
  if (!file || file.size > CONTEXT_LIMIT) return null;
  state.sourceText = await file.text();
  return state.sourceText;
}

/* Tabs */

const tabs = [...document.querySelectorAll('[role="tab"]')];
const mounted = new Set();
function openTab(tab, focus = false) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
  const panel = tab.getAttribute('aria-controls');
  history.replaceState(null, '', panel === 'validate' ? location.pathname + location.search : `#${panel}`);
  if (!mounted.has(panel)) {
    mounted.add(panel);
    mountPanel(panel);
  }
}
// A phone's tab row scrolls sideways: the tab that takes focus is scrolled into view.
document.querySelector('.tabs').addEventListener('focusin', (e) => e.target.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
for (const tab of tabs) {
  tab.addEventListener('click', () => openTab(tab));
  tab.addEventListener('keydown', (e) => {
    const i = tabs.indexOf(tab);
    if (e.key === 'ArrowRight') openTab(tabs[(i + 1) % tabs.length], true);
    if (e.key === 'ArrowLeft') openTab(tabs[(i - 1 + tabs.length) % tabs.length], true);
  });
}

/** Panels other than Validate load their module on first use. */
async function mountPanel(panel) {
  const roots = { lookup: 'lookup-root', practice: 'practice-root', deidentify: 'deidentify-root' };
  if (!roots[panel]) return;
  const root = $(roots[panel]);
  try {
    if (panel === 'deidentify') {
      document.head.append(el('link', { rel: 'stylesheet', href: 'deidentify.css' }));
      (await import('./deidentify.js')).mountDeidentify(root);
      return;
    }
    const wasm = await engine();
    if (panel === 'lookup') {
      (await import('./lookup.js')).mountLookup(root, wasm, (text, name) => worker.postMessage({ type: 'release', text, name }));
    }
    if (panel === 'practice') {
      document.head.append(el('link', { rel: 'stylesheet', href: 'practice.css' }));
      (await import('./practice/lab.js')).mountPractice(root, wasm);
    }
  } catch (err) {
    // Files of the build missing on this host: name them (here and above the panels), not the
    // browser's "Failed to fetch dynamically imported module".
    const missing = await findMissing();
    if (missing.length) {
      reportDeployProblem(err.message, missing);
      const [first] = missing;
      clear(root).append(el('p', { class: 'status error', 'data-testid': 'panel-deploy-problem' },
        `This section cannot open: ${first.path} could not be loaded (${first.problem})`
        + `${missing.length > 1 ? `, nor ${missing.length - 1} other file${missing.length > 2 ? 's' : ''} of the build` : ''}.`
        + ' Above: every missing file and how to fix it.'));
    } else {
      clear(root).append(el('p', { class: 'status error' }, `This section could not load: ${err.message}`));
    }
  }
}

/** `#D201` opens the Rules tab at that rule (links from findings, bookmarks). */
function showRuleFromHash() {
  const id = ruleFromHash(location.hash);
  if (!id || !state.rules.has(id)) return;
  openTab($('tab-rules'));
  history.replaceState(null, '', `#${id}`);
  revealRule(id);
}
window.addEventListener('hashchange', showRuleFromHash);

const initial = tabs.find((t) => `#${t.getAttribute('aria-controls')}` === location.hash);
const params = new URLSearchParams(location.search);
if (initial) openTab(initial);
else if (params.has('pack')) openTab($('tab-practice'));

/* Offline: a service worker keeps the page's static files for use without a network. */
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch(() => { /* private mode or disabled: online only */ });
}
