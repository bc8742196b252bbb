// Page wiring: tabs, intake (drop, pick, paste), the worker protocol, the findings table.
import { clear, contextLines, el, findingRow, locationText, renderDetail, renderRulesList } from './view.js';
import { exportFindingsCsv, exportFindingsJson } from './export.js';
import { initProfiles } from './profiles.js';
import { startWorker } from './worker-client.js';

const PAGE = 500;
const CONTEXT_LIMIT = 50 * 1024 * 1024;
const $ = (id) => document.getElementById(id);

const state = {
  rules: new Map(),
  findings: [],
  visible: [],
  shown: 0,
  sort: { key: null, dir: 1 },
  source: null, // { file } or { text }: kept in this page only, for showing context
  sourceText: null,
  busy: false,
  profiles: null,
  checks: new Map(),
  checkId: 0,
};

const worker = startWorker((msg) => handle(msg), (text) => handle({ type: 'crash', message: text }));

function handle(msg) {
  switch (msg.type) {
    case 'ready':
      $('version').textContent = msg.version;
      for (const r of msg.rules) state.rules.set(r.id, r);
      renderRulesList($('rules-list'), msg.rules);
      state.profiles = initProfiles({
        select: $('profile-select'),
        editButton: $('profile-edit'),
        dialog: $('profile-dialog'),
        presets: msg.profiles,
        rules: msg.rules,
        check: checkProfile,
        onChange: () => { if (state.source && !state.busy) validate(state.source, state.label); },
      });
      document.body.dataset.ready = 'true';
      break;
    case 'profile-checked':
      state.checks.get(msg.id)?.(msg.problem);
      state.checks.delete(msg.id);
      break;
    case 'progress': {
      const p = $('progress');
      p.hidden = false;
      p.max = msg.total || 1;
      p.value = msg.bytes;
      setStatus(`Checked ${msg.summary.records.toLocaleString()} records (${formatBytes(msg.bytes)} of ${formatBytes(msg.total)})…`);
      break;
    }
    case 'release-loaded':
      setStatus(`Validation now uses the loaded ICD-10-CM release for dates of service from ${msg.summary.effective_from}.`);
      break;
    case 'done':
      state.busy = false;
      $('progress').hidden = true;
      showReport(msg.report);
      break;
    case 'cancelled':
      state.busy = false;
      $('progress').hidden = true;
      setStatus('Cancelled.');
      break;
    case 'crash':
      state.busy = false;
      $('progress').hidden = true;
      setStatus(msg.message, true);
      break;
    case 'error':
      state.busy = false;
      $('progress').hidden = true;
      setStatus(`Could not check the file: ${msg.message}`, true);
      break;
  }
}

function setStatus(text, isError = false) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', isError);
}

function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/* Intake */

function validate(source, label) {
  if (state.busy) worker.postMessage({ type: 'cancel' });
  state.busy = true;
  state.source = source;
  state.sourceText = source.text ?? null;
  state.label = label;
  setStatus(`Checking ${label}…`);
  worker.postMessage({ type: 'validate', ...source, profile: currentProfile() });
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
fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) validate({ file }, file.name);
  fileInput.value = '';
});
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('dragging'); });
drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('dragging');
  const file = e.dataTransfer?.files?.[0];
  if (file) validate({ file }, file.name);
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

function showReport(report) {
  const s = report.summary;
  $('welcome').hidden = true;
  $('results').hidden = false;
  $('sum-records').textContent = s.records.toLocaleString();
  $('sum-errors').textContent = s.errors.toLocaleString();
  $('sum-warnings').textContent = s.warnings.toLocaleString();
  $('sum-clean').textContent = s.records ? `${Math.round((s.clean_records / s.records) * 1000) / 10}%` : '—';
  const kept = report.findings.length;
  const total = s.errors + s.warnings + s.infos;
  const format = report.format ? report.format.toUpperCase() : 'file';
  setStatus(`${state.label}: ${format}, ${s.records.toLocaleString()} records, ${total.toLocaleString()} findings with profile “${state.profiles?.title() ?? 'Default'}”`
    + (s.truncated ? ` (the first ${kept.toLocaleString()} are listed; all are counted)` : '') + '.');
  state.findings = report.findings;
  state.report = report;
  renderDetailPlaceholder();
  applyView();
}

function renderDetailPlaceholder() {
  clear($('detail')).append(el('p', { class: 'muted' }, 'Select a finding to see where it is and how to fix it.'));
}

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
const SORT_KEYS = {
  severity: (f) => SEVERITY_RANK[f.severity],
  rule: (f) => f.rule,
  location: (f) => [f.location?.row ?? f.location?.message ?? f.location?.line ?? 0, locationText(f.location)],
  message: (f) => f.message,
};

function compare(a, b) {
  if (Array.isArray(a)) {
    for (let i = 0; i < a.length; i++) { const c = compare(a[i], b[i]); if (c) return c; }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function applyView() {
  const severity = $('filter-severity').value;
  const needle = $('filter-text').value.trim().toLowerCase();
  let list = state.findings.map((f, i) => ({ f, i }));
  if (severity !== 'all') list = list.filter(({ f }) => f.severity === severity);
  if (needle) {
    list = list.filter(({ f }) => `${f.rule} ${f.name} ${locationText(f.location)} ${f.message}`.toLowerCase().includes(needle));
  }
  if (state.sort.key) {
    const key = SORT_KEYS[state.sort.key];
    list.sort((a, b) => state.sort.dir * compare(key(a.f), key(b.f)) || a.i - b.i);
  }
  state.visible = list;
  state.shown = 0;
  clear($('findings-body'));
  $('findings-empty').hidden = state.findings.length !== 0;
  showMore();
}

function showMore() {
  const body = $('findings-body');
  const next = state.visible.slice(state.shown, state.shown + PAGE);
  const frag = document.createDocumentFragment();
  for (const { f, i } of next) frag.append(findingRow(f, i));
  body.append(frag);
  state.shown += next.length;
  const more = $('show-more');
  more.hidden = state.shown >= state.visible.length;
  more.textContent = `Show more (${(state.visible.length - state.shown).toLocaleString()} left)`;
}

$('show-more').addEventListener('click', showMore);
$('filter-severity').addEventListener('change', applyView);
$('filter-text').addEventListener('input', applyView);
for (const button of document.querySelectorAll('th button[data-sort]')) {
  button.addEventListener('click', () => {
    const key = button.dataset.sort;
    state.sort = { key, dir: state.sort.key === key ? -state.sort.dir : 1 };
    for (const b of document.querySelectorAll('th button[data-sort]')) b.removeAttribute('aria-sort');
    button.setAttribute('aria-sort', state.sort.dir === 1 ? 'ascending' : 'descending');
    applyView();
  });
}

async function select(row) {
  for (const r of $('findings-body').querySelectorAll('tr[aria-selected="true"]')) r.setAttribute('aria-selected', 'false');
  row.setAttribute('aria-selected', 'true');
  const finding = state.findings[Number(row.dataset.index)];
  const rule = state.rules.get(finding.rule);
  renderDetail($('detail'), finding, rule, []);
  const line = finding.location?.line;
  const text = await sourceText();
  if (text !== null && line) renderDetail($('detail'), finding, rule, contextLines(text, line));
}

async function sourceText() {
  if (state.sourceText !== null) return state.sourceText;
  const file = state.source?.file;
  if (!file || file.size > CONTEXT_LIMIT) return null;
  state.sourceText = await file.text();
  return state.sourceText;
}

$('findings-body').addEventListener('click', (e) => {
  const row = e.target.closest('tr');
  if (row) select(row);
});
$('findings-body').addEventListener('keydown', (e) => {
  const row = e.target.closest('tr');
  if (!row) return;
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(row); }
  if (e.key === 'ArrowDown') { e.preventDefault(); row.nextElementSibling?.focus(); }
  if (e.key === 'ArrowUp') { e.preventDefault(); row.previousElementSibling?.focus(); }
});
$('export-csv').addEventListener('click', () => exportFindingsCsv(state.findings, state.label));
$('export-json').addEventListener('click', () => exportFindingsJson(state.report, state.label));

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
  const roots = { lookup: 'lookup-root', practice: 'practice-root' };
  if (!roots[panel]) return;
  const root = $(roots[panel]);
  try {
    const wasm = await import('./pkg/recordlint.js');
    await wasm.default();
    if (panel === 'lookup') {
      (await import('./lookup.js')).mountLookup(root, wasm, (text, name) => worker.postMessage({ type: 'release', text, name }));
    }
    if (panel === 'practice') {
      document.head.append(el('link', { rel: 'stylesheet', href: 'practice.css' }));
      (await import('./practice.js')).mountPractice(root, wasm);
    }
  } catch (err) {
    clear(root).append(el('p', { class: 'status error' }, `This section could not load: ${err.message}`));
  }
}

const initial = tabs.find((t) => `#${t.getAttribute('aria-controls')}` === location.hash);
const params = new URLSearchParams(location.search);
if (initial) openTab(initial);
else if (params.has('pack')) openTab($('tab-practice'));

/* Offline: a service worker keeps the page's static files for use without a network. */
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register('sw.js').catch(() => { /* private mode or disabled: online only */ });
}
