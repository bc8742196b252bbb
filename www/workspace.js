// The findings workspace: summary cards and charts, filters (severity, rule, field, MRN, text),
// sort and grouping, the virtualised table, the side panel (the source in context and the rule's
// documentation), exports made by the engine (CSV, JSON, FHIR OperationOutcome) and a printable
// report. main.js feeds it: reset(label, files) when a run starts (files: the names of a run of
// several files, or null), appendFindings(batch) as findings arrive (each with its `file` in a
// run of several), setFile(index, name, format, summary) as each file of such a run ends,
// setSummary(summary, format) with the counts, settle() when the run has ended (while it goes
// on, the facets and charts are redrawn at most once a second), setPartial(note) when a run was cancelled
// and what it found so far is kept: every card, the charts, the count line, the exports and the
// printed report then say `partial: first 12.0 MB of 100 MB, 149,603 records`.
import { clear, counted, el, formatCount, renderDetail } from './view.js';
import { FindingsModel } from './findings-model.js';
import { FindingsTable } from './findings-table.js';
import { findingContext } from './finding-context.js';
import { barChart, shareChart } from './charts.js';
import { exportFindings, printReport } from './export.js';
import { cancelFiles, fileReports, fileRow, summaryOf } from './file-summary.js';

const $ = (id) => document.getElementById(id);
/** Findings listed in the printed report (all of them are counted; exports hold every one). */
const PRINT_ROWS = 2000;
/** While a run goes on, the facets and charts are redrawn at most this often (ms). */
const CHARTS_MS = 1000;
const TOP = 8;

/**
 * @param {object} deps { rules(): Map of rule id → rule doc, sourceText(): Promise of the
 *   checked text or null, engine(): Promise of the wasm module on this thread }
 */
export function createWorkspace({ rules, sourceText, engine }) {
  const model = new FindingsModel();
  const query = { severity: 'all', file: '', rule: '', field: '', mrn: '', text: '', sort: { key: null, dir: 1 }, group: 'none' };
  let label = '';
  let current = { order: new Int32Array(0), groups: null, counts: { shown: 0, error: 0, warning: 0, info: 0 } };
  let pending = 0;
  let settling = []; // what waits for the next refresh to be drawn whole (settle)
  let lastDrawn = ''; // the data the facets and charts show
  let streaming = false; // a run is going on: the facets and charts are redrawn at most every CHARTS_MS
  let chartsAt = 0;
  let chartsTimer = 0;
  let selectedIndex = -1;
  let partial = null; // the note of a cancelled run's kept result, or null
  let files = null; // a run of several files: [{ name, format, summary }] in run order

  const table = new FindingsTable({
    table: $('findings-table'), body: $('findings-body'), scroller: $('findings-scroll'), pad: $('findings-pad'),
    onSelect: (i) => select(i),
  });

  /* Feeding */

  function reset(name, names = null) {
    label = name ?? '';
    files = names ? names.map((n) => ({ name: n, format: null, summary: null })) : null;
    table.setFileColumn(!!files, wireSort);
    $('file-summary').hidden = !files;
    $('filter-file-label').hidden = !files;
    if (query.file) setFilters({ file: '' });
    drawFiles();
    model.reset();
    streaming = true;
    chartsAt = performance.now(); // the first charts come in a task of their own, after the table
    showPartial(null);
    lastDrawn = '';
    selectedIndex = -1;
    table.clear();
    placeholder();
    refresh();
  }

  function appendFindings(batch) {
    if (!batch?.length) return;
    model.append(batch);
    refresh();
  }

  function setSummary(summary, format) {
    model.summary = summary;
    model.format = format ?? model.format;
    $('sum-records').textContent = formatCount(summary.records);
    $('sum-errors').textContent = formatCount(summary.errors);
    $('sum-warnings').textContent = formatCount(summary.warnings);
    $('sum-clean').textContent = summary.records ? `${Math.round((summary.clean_records / summary.records) * 1000) / 10}%` : '—';
    refresh();
  }

  /** A file of a run of several ended with this format and these counts. */
  function setFile(index, name, format, summary) {
    if (!files?.[index] || files[index].name !== name) return;
    Object.assign(files[index], { format, summary });
    drawFiles();
  }

  /** The per-file rows and the file filter's choices. */
  function drawFiles() {
    clear($('file-rows')).append(...(files ?? []).map((f) => fileRow(f, () => setFilters({ file: f.name }))));
    if (files) fill(controls.file, 'all files', files.map((f) => [f.name, f.name]));
  }

  /** Marks what is shown as the partial result of a cancelled run (`note`), or as whole (null). */
  function showPartial(note) {
    partial = note;
    if (note && files) {
      cancelFiles(files, model.summary);
      drawFiles();
    }
    const line = $('partial-note');
    line.hidden = !note;
    line.textContent = note ? `Cancelled: this is a ${note}. Counts, charts and exports cover only that part of the file.` : '';
    for (const card of document.querySelectorAll('#results .card')) {
      let tag = card.querySelector('.card-partial');
      if (!tag) card.append(tag = el('span', { class: 'card-partial' }, 'partial'));
      tag.hidden = !note;
    }
    lastDrawn = '';
    refresh();
  }

  /** Recomputes the view soon (batches arriving together cost one computation). The table, the
   *  count line and the facets and charts are drawn in tasks of their own, so that no one task
   *  holds the page for long. */
  function refresh() {
    if (pending) return;
    pending = setTimeout(async () => {
      pending = 0;
      const done = settling;
      settling = [];
      const view = await model.view(query);
      if (!view) {
        // Overtaken by a newer query: a refresh after it draws what is waited for.
        settling.push(...done);
        if (done.length) refresh();
        return;
      }
      current = view;
      table.show(model.findings, view.order, view.groups);
      await nextTask();
      showCounts();
      await nextTask();
      drawSummaryViews();
      for (const resolve of done) resolve();
    }, 30);
  }

  /** Redraws the facets and charts when what they show changed: at once when no run is going
   *  on, else at most every CHARTS_MS (a redraw lays out every chart's text again). */
  function drawSummaryViews() {
    const drawn = `${model.findings.length} ${JSON.stringify(model.summary)}`;
    if (drawn === lastDrawn) return;
    const wait = chartsAt + CHARTS_MS - performance.now();
    if (streaming && wait > 0) {
      chartsTimer ||= setTimeout(() => { chartsTimer = 0; drawSummaryViews(); }, wait);
      return;
    }
    clearTimeout(chartsTimer);
    chartsTimer = 0;
    lastDrawn = drawn;
    chartsAt = performance.now();
    fillFacets();
    drawCharts();
  }

  /** The run has ended (done, cancelled or failed): what it found is drawn whole at once.
   *  Resolves once the table, the counts, the facets and the charts show it. */
  function settle() {
    streaming = false;
    return new Promise((resolve) => {
      settling.push(resolve);
      refresh();
    });
  }

  /* Filters, sort, grouping */

  const controls = {
    severity: $('filter-severity'), file: $('filter-file'), rule: $('filter-rule'), field: $('filter-field'),
    mrn: $('filter-mrn'), text: $('filter-text'), group: $('group-by'),
  };
  for (const [key, control] of Object.entries(controls)) {
    control.addEventListener(control.tagName === 'INPUT' ? 'input' : 'change', () => { query[key] = control.value; refresh(); });
  }
  $('filter-clear').addEventListener('click', () => setFilters({ severity: 'all', file: '', rule: '', field: '', mrn: '', text: '' }));

  /** Sets some filters at once (a chart bar, the clear button) and shows the result. */
  function setFilters(values) {
    for (const [key, value] of Object.entries(values)) {
      query[key] = value;
      if (controls[key]) {
        if (controls[key].tagName === 'SELECT' && ![...controls[key].options].some((o) => o.value === value)) {
          controls[key].append(el('option', { value }, value));
        }
        controls[key].value = value;
      }
    }
    refresh();
  }

  function wireSort(button) {
    button.addEventListener('click', () => {
      const key = button.dataset.sort;
      query.sort = { key, dir: query.sort.key === key ? -query.sort.dir : 1 };
      for (const b of document.querySelectorAll('#findings-table th')) b.removeAttribute('aria-sort');
      button.closest('th').setAttribute('aria-sort', query.sort.dir === 1 ? 'ascending' : 'descending');
      refresh();
    });
  }
  for (const button of document.querySelectorAll('#findings-table th button[data-sort]')) wireSort(button);

  function fillFacets() {
    fill(controls.rule, 'all rules', model.facet('rule').map(([id, n]) => [id, `${id} ${rules().get(id)?.name ?? ''} (${formatCount(n)})`]));
    fill(controls.field, 'all fields', model.facet('field').map(([f, n]) => [f, `${f} (${formatCount(n)})`]));
  }

  function fill(select, all, options) {
    const value = select.value;
    const signature = options.map((o) => o[1]).join('\n');
    if (select.dataset.signature === signature) return;
    select.dataset.signature = signature;
    clear(select).append(el('option', { value: '' }, all), ...options.map(([v, text]) => el('option', { value: v }, text)));
    select.value = options.some((o) => o[0] === value) ? value : '';
  }

  function showCounts() {
    const total = model.findings.length;
    const c = current.counts;
    const filtered = c.shown !== total;
    const parts = ['error', 'warning', 'info'].map((s) => counted(c[s] ?? 0, s, s === 'info' ? 'info' : undefined));
    const line = $('view-count');
    line.dataset.shown = String(c.shown);
    line.dataset.total = String(total);
    line.textContent = `${filtered ? `${formatCount(c.shown)} of ${formatCount(total)}` : formatCount(total)} finding${total === 1 ? '' : 's'} shown: ${parts.join(', ')}`
      + (current.groups ? ` in ${counted(current.groups.length, 'group')}` : '')
      + (partial ? ` — ${partial}` : '')
      + (model.summary?.truncated ? ` (the run counted ${formatCount(model.summary.errors + model.summary.warnings + model.summary.infos)}; only the first ${formatCount(total)} were kept)` : '')
      + '.';
    for (const b of document.querySelectorAll('[data-export]')) b.querySelector('.n').textContent = formatCount(c.shown);
    $('filter-clear').disabled = !filtered;
    $('findings-empty').hidden = total !== 0;
    $('findings-nomatch').hidden = !(total > 0 && c.shown === 0);
  }

  /* Charts */

  function drawCharts() {
    const box = $('charts');
    const s = model.summary;
    if (!s) { clear(box); return; }
    const severities = [['error', s.errors], ['warning', s.warnings], ['info', s.infos]]
      .map(([sev, n]) => ({ label: `${{ error: '✕', warning: '!', info: 'i' }[sev]} ${sev}`, value: n, tone: `tone-${sev}`, onSelect: n ? () => setFilters({ severity: sev }) : undefined }));
    const topRules = Object.entries(s.by_rule ?? {}).sort((a, b) => b[1] - a[1]).slice(0, TOP)
      .map(([id, n]) => ({ label: `${id} ${rules().get(id)?.name ?? ''}`, value: n, tone: 'tone-accent', onSelect: () => setFilters({ rule: id }) }));
    const fields = model.facet('field').slice(0, TOP)
      .map(([f, n]) => ({ label: f, value: n, tone: 'tone-accent', onSelect: () => setFilters({ field: f }) }));
    const value = (bars) => bars.map((b) => `${b.label}\t${b.value}`).join('\n');
    keep(box, [
      partial && ['partial', partial, () => el('h3', { class: 'charts-partial', 'data-testid': 'charts-partial' }, `Charts of the ${partial}`)],
      ['severity', value(severities), () => barChart('Findings by severity', severities)],
      ['rules', value(topRules), () => barChart('Top rules', topRules)],
      ['fields', value(fields), () => barChart('Findings per field', fields, { empty: 'No findings' })],
      ['clean', `${s.clean_records}/${s.records}`, () => shareChart('Clean records', s.clean_records, s.records)],
    ].filter(Boolean));
  }

  /**
   * Shows `parts` (`[key, what it shows, make()]`) in `box`, in that order: a part that still
   * shows the same is left as it is (its layout, and an open "Show as a table", kept), the others
   * are made anew.
   */
  function keep(box, parts) {
    const old = new Map([...box.children].map((c) => [c.dataset.part, c]));
    const next = parts.map(([key, shows, make]) => {
      const drawn = old.get(key);
      if (drawn?.dataset.shows === shows) return drawn;
      const made = make();
      made.dataset.part = key;
      made.dataset.shows = shows;
      return made;
    });
    for (const child of [...box.children]) if (!next.includes(child)) child.remove();
    next.forEach((node, i) => { if (box.children[i] !== node) box.insertBefore(node, box.children[i] ?? null); });
  }

  /* The side panel */

  function placeholder() {
    clear($('detail')).append(el('p', { class: 'muted' }, 'Select a finding to see it in the file and how to fix it.'));
  }

  async function select(index) {
    selectedIndex = index;
    const finding = model.findings[index];
    if (!finding) return;
    const rule = rules().get(finding.rule);
    renderDetail($('detail'), finding, rule, null);
    const [text, wasm] = await Promise.all([sourceText(finding), engine().catch(() => null)]);
    if (selectedIndex !== index) return;
    const context = findingContext(finding, text, wasm);
    renderDetail($('detail'), finding, rule, context
      ?? (text === null ? el('p', { class: 'muted' }, 'The file is too large to show its lines here; the location above says where to look.') : null));
  }

  /* Exports and printing */

  /** The report of what is shown: the findings of the view, in its order, with counts of them. */
  function viewReport() {
    const findings = Array.from(current.order, (i) => model.findings[i]);
    const filtered = findings.length !== model.findings.length;
    const summary = filtered || !model.summary ? summaryOf(findings, model.summary) : model.summary;
    return { format: model.format ?? undefined, findings, summary };
  }

  /** What the exports hold: `[{ file, report }]`, one report per file of the run, of what is shown. */
  function viewFiles() {
    if (!files) return [{ file: label || 'records', report: viewReport() }];
    const findings = Array.from(current.order, (i) => model.findings[i]);
    return fileReports(files, findings, findings.length !== model.findings.length, query.file);
  }

  for (const button of document.querySelectorAll('[data-export]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await exportFindings(viewFiles(), button.dataset.export, label, partial);
      } catch (err) {
        const s = $('status');
        s.textContent = `The export failed: ${err.message}`;
        s.classList.add('error');
      } finally {
        button.disabled = false;
      }
    });
  }

  $('print-report').addEventListener('click', () => window.print());
  window.addEventListener('beforeprint', () => {
    const rows = Array.from(current.order.subarray(0, PRINT_ROWS), (i) => model.findings[i]);
    printReport($('print-head'), $('print-area'), { label, summary: model.summary, shown: current.counts.shown, rows, view: $('view-count').textContent, partial });
  });
  window.addEventListener('afterprint', () => { clear($('print-head')); clear($('print-area')); });

  /** Resolves in a task of its own, after the browser has had its turn (a frame, input). */
  function nextTask() {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  return { reset, appendFindings, setSummary, setFile, setFilters, setPartial: showPartial, settle, get shown() { return current.counts.shown; } };
}
