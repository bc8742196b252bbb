// The De-identify view: drop or pick a file, choose Safe Harbor or date shift, see what changes
// (counts per Safe Harbor category, masked examples of before → after, the free-text fields
// kept), and save the copy — and the key only when asked. The work runs in its own worker
// (deidentify-worker.js); the file, the copy and the key stay in this page (blob: downloads).
import { clear, counted, el, formatCount } from './view.js';
import { formatBytes } from './progress.js';

/** The method labels, as the report and the CLI word them. */
const METHODS = [
  {
    value: 'safe-harbor',
    label: 'HIPAA Safe Harbor',
    hint: 'Removes or replaces the 18 kinds of identifier; dates keep only their year, ZIP codes 3 digits, ages over 89 become "90 or older".',
  },
  {
    value: 'date-shift',
    label: 'Date shift — not Safe Harbor',
    hint: 'Identifiers as above, but each patient\'s dates move by one random number of days, so intervals are kept. This is NOT Safe Harbor: sharing it as de-identified needs an expert determination.',
  },
];

/** Mounts the view in `root`. */
export function mountDeidentify(root) {
  let worker = null;
  let run = 0;
  let file = null;
  let urls = [];

  const input = el('input', { type: 'file', id: 'deid-file', 'data-testid': 'deid-file', accept: '.csv,.txt,.json,.ndjson,.hl7,.tsv',
    'aria-label': 'File to de-identify', tabindex: '-1' });
  const zone = el('div', { class: 'drop-zone deid-drop', tabindex: '0', role: 'button', 'data-testid': 'deid-drop' },
  el('strong', {}, 'Drop a file here, or choose one'),
  el('span', { class: 'muted' }, 'CSV, FHIR JSON or NDJSON, HL7 v2 — it never leaves this page'));
  const chosen = el('p', { class: 'muted', 'data-testid': 'deid-chosen' }, 'No file chosen yet.');
  const methods = el('fieldset', { class: 'deid-methods' }, el('legend', {}, 'Method'),
    METHODS.map((m, i) => el('label', { class: 'deid-method' },
      el('input', { type: 'radio', name: 'deid-method', value: m.value, checked: i === 0, 'data-testid': `deid-${m.value}` }),
      el('span', {}, el('strong', {}, m.label), el('br'), el('span', { class: 'muted' }, m.hint)))));
  const withKey = el('input', { type: 'checkbox', id: 'deid-key', 'data-testid': 'deid-with-key' });
  const keyLabel = el('label', { for: 'deid-key', class: 'deid-keyopt' }, withKey,
    ' Also make the key file (maps tokens back to identifiers; keep it apart from the copy)');
  const start = el('button', { type: 'button', class: 'primary', 'data-testid': 'deid-start', disabled: true }, 'De-identify');
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'deid-status' });
  const bar = el('progress', { max: '1', value: '0', hidden: true, 'data-testid': 'deid-progress' });
  const results = el('div', { class: 'deid-results', 'data-testid': 'deid-results' });

  clear(root).append(
    el('h2', {}, 'De-identify a file'),
    el('p', { class: 'muted' }, 'Makes a copy in the same format with names, addresses, numbers and dates removed or replaced. '
      + 'Review the free text it lists before sharing: no tool can certify free text.'),
    zone, input, chosen, methods, keyLabel, el('div', { class: 'deid-actions' }, start), bar, status, results,
  );

  const choose = (f) => {
    if (!f) return;
    file = f;
    chosen.textContent = `${f.name} (${formatBytes(f.size)})`;
    start.disabled = false;
    clear(results);
    status.textContent = '';
  };
  input.addEventListener('change', () => choose(input.files[0]));
  zone.addEventListener('click', () => input.click());
  zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); choose(e.dataTransfer.files[0]); });

  const method = () => root.querySelector('input[name="deid-method"]:checked').value;

  function startWorker() {
    if (worker) return worker;
    worker = new Worker(new URL('./deidentify-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.run !== run) return;
      if (data.type === 'progress') {
        bar.value = data.bytes / Math.max(1, data.total);
        status.textContent = `De-identifying… ${formatBytes(data.bytes)} of ${formatBytes(data.total)}`;
      } else if (data.type === 'done') {
        finished(data);
      } else if (data.type === 'error') {
        bar.hidden = true;
        start.disabled = false;
        status.textContent = `${file.name} could not be de-identified: ${data.message}`;
        status.classList.add('error');
      }
    };
    worker.onerror = (e) => {
      worker = null;
      bar.hidden = true;
      start.disabled = false;
      status.textContent = `The de-identifier stopped: ${e.message || 'unknown error'}`;
    };
    return worker;
  }

  start.addEventListener('click', () => {
    if (!file) return;
    run += 1;
    for (const url of urls) URL.revokeObjectURL(url);
    urls = [];
    clear(results);
    status.classList.remove('error');
    status.textContent = 'De-identifying…';
    bar.hidden = false;
    bar.value = 0;
    start.disabled = true;
    startWorker().postMessage({ type: 'start', run, file, method: method(), withKey: withKey.checked });
  });

  function download(name, blob, testid, label) {
    const url = URL.createObjectURL(blob);
    urls.push(url);
    return el('a', { href: url, download: name, class: 'button', 'data-testid': testid }, label);
  }

  function finished(data) {
    bar.hidden = true;
    start.disabled = false;
    const { report } = data;
    status.textContent = `Done: ${file.name} de-identified (${formatBytes(data.copy.size)}).`;
    const dot = file.name.lastIndexOf('.');
    const copyName = dot > 0 ? `${file.name.slice(0, dot)}.deidentified${file.name.slice(dot)}` : `${file.name}.deidentified`;
    const saves = el('div', { class: 'deid-actions' },
      download(copyName, data.copy, 'deid-download', 'Save the de-identified copy'),
      download(`${copyName}.report.txt`, new Blob([data.reportText], { type: 'text/plain' }), 'deid-report-download', 'Save the report'),
      data.key ? download(`${file.name}.key.json`, new Blob([data.key], { type: 'application/json' }), 'deid-key-download', 'Save the key file') : null);
    const label = el('p', { class: report.method === 'date-shift' ? 'deid-method-label warn' : 'deid-method-label', 'data-testid': 'deid-method-label' },
      report.method_label);
    const counts = Object.entries(report.counts);
    const table = el('table', { class: 'deid-counts', 'data-testid': 'deid-counts' },
      el('caption', {}, 'What changed, by Safe Harbor category'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Category'), el('th', { scope: 'col', class: 'num' }, 'Values'))),
      el('tbody', {}, counts.length
        ? counts.map(([category, n]) => el('tr', {}, el('td', {}, categoryLabel(category)), el('td', { class: 'num' }, formatCount(n))))
        : el('tr', {}, el('td', { colspan: '2' }, 'Nothing to change was found.'))));
    const samples = el('ul', { class: 'deid-samples', 'data-testid': 'deid-samples' },
      report.samples.map((s) => el('li', {},
        el('span', { class: 'muted' }, `${s.field}, ${categoryLabel(s.category)}: `),
        el('code', {}, s.before || '(blank)'), ' → ', el('code', {}, s.after || '(removed)'))));
    const kept = report.free_text_kept;
    const risk = el('section', { class: 'deid-risk', 'data-testid': 'deid-risk' },
      el('h3', {}, 'Free text kept — review before sharing'),
      kept.length
        ? el('ul', {}, kept.map((k) => el('li', {}, el('code', {}, k.field), `: ${counted(k.values, 'value')}, ${counted(k.redactions, 'identifier')} redacted`)))
        : el('p', { class: 'muted' }, 'No free-text field was kept.'));
    clear(results).append(label, saves, table,
      el('h3', {}, 'Examples (before masked → after)'), samples, risk);
  }
}

/** `health_plan` → "health plan". */
function categoryLabel(category) {
  const labels = {
    name: '(A) names', geographic: '(B) addresses and ZIP codes', date: '(C) dates and ages over 89', phone: '(D) telephone numbers',
    fax: '(E) fax numbers', email: '(F) e-mail addresses', ssn: '(G) Social Security numbers', mrn: '(H) medical record numbers',
    health_plan: '(I) health plan numbers', account: '(J) account numbers', licence: '(K) licence numbers', vehicle: '(L) vehicle identifiers',
    device: '(M) device identifiers', url: '(N) URLs', ip: '(O) IP addresses', biometric: '(P) biometric identifiers',
    photo: '(Q) photographs', other: '(R) other identifying numbers',
  };
  return labels[category] ?? category;
}
