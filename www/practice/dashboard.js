// The Practice lab's dashboard: the matrix of types × domains with progress, the filters and exam
// timer, and opening a pack file. Starts sessions through the lab; imports no other screen.
import { counted, el } from '../view.js';
import { DIFFICULTIES, DOMAINS, TYPES } from './common.js';
import { addPack } from './packs.js';
import { storePack } from './pack-store.js';
import { mockControls } from './mock-exam.js';

/**
 * Shows the dashboard. `focus` (coming back from another screen): focus returns to the control
 * that left it (`lab.returnTo`, a data-testid), else to the heading, so it is not lost with the
 * screen that held it.
 */
export function showDashboard(lab, { focus = false } = {}) {
  const all = lab.items();
  const heading = el('h2', { tabindex: '-1' }, 'Practice lab');
  const view = el('div', { class: 'practice-dashboard', 'data-testid': 'practice-dashboard' },
    el('div', { class: 'practice-top' },
      heading,
      el('p', { class: 'muted' }, `${counted(all.length, 'exercise')} in ${counted(lab.packs.size, 'pack')}, graded by the same engine that checks records. Progress stays in this browser.`),
      el('div', { class: 'practice-actions' },
        el('button', { type: 'button', 'data-testid': 'practice-daily-mix', onclick: () => { lab.returnTo = 'practice-daily-mix'; lab.dailyMix(); } }, 'Daily mix'),
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'practice-progress-open', onclick: () => { lab.returnTo = 'practice-progress-open'; lab.showProgress(); } }, 'My progress'))),
    lab.noticeBox(),
    packErrorBox(lab),
    all.length ? matrix(lab) : el('p', { class: 'practice-empty', 'data-testid': 'practice-empty' }, 'No exercise packs are loaded. Open a pack file below.'),
    filterForm(lab),
    mockControls(lab),
    packLoader(lab));
  lab.screen(view);
  if (focus) (lab.returnTo && view.querySelector(`[data-testid="${lab.returnTo}"]`) || heading).focus();
}

function packErrorBox(lab) {
  if (!lab.packErrors.length) return null;
  const box = el('div', { class: 'practice-error', role: 'alert', 'data-testid': 'pack-errors' },
    el('h3', {}, 'Some packs could not be opened'));
  for (const e of lab.packErrors) {
    const list = el('ul', {}, e.problems.slice(0, 8).map((p) => el('li', {}, p)));
    if (e.problems.length > 8) list.append(el('li', {}, `… and ${e.problems.length - 8} more problems`));
    box.append(el('p', { class: 'mono' }, e.source), list);
  }
  box.append(el('button', { type: 'button', class: 'link', onclick: () => { lab.packErrors = []; box.remove(); } }, 'Dismiss'));
  return box;
}

function matrix(lab) {
  const items = lab.items();
  const domains = Object.keys(DOMAINS);
  const table = el('table', { class: 'practice-matrix', 'data-testid': 'practice-matrix' },
    el('caption', {}, 'Exercises by type and domain (done / available). Choose a cell to practise it.'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Type'),
      domains.map((d) => el('th', { scope: 'col' }, DOMAINS[d])), el('th', { scope: 'col' }, 'All'))));
  const body = el('tbody');
  for (const type of Object.keys(TYPES)) {
    const row = el('tr', {}, el('th', { scope: 'row' }, TYPES[type]));
    for (const domain of [...domains, '']) {
      const cell = items.filter(({ ex }) => ex.type === type && (!domain || ex.domain === domain));
      const done = cell.filter((i) => lab.attempt(i)).length;
      const td = el('td');
      if (cell.length) {
        const ratio = done / cell.length;
        td.append(el('button', {
          type: 'button',
          class: `cell${ratio === 1 ? ' complete' : ''}`,
          'data-testid': `matrix-cell-${type}-${domain || 'all'}`,
          'aria-label': `${done} / ${cell.length} done: ${TYPES[type]}${domain ? `, ${DOMAINS[domain]}` : ', all domains'}`,
          onclick: () => { lab.returnTo = `matrix-cell-${type}-${domain || 'all'}`; lab.filters = { ...lab.filters, type, domain }; lab.startSession(lab.filtered(), `${TYPES[type]}${domain ? ` · ${DOMAINS[domain]}` : ''}`); },
        }, `${done} / ${cell.length}`, el('span', { class: 'meter', 'aria-hidden': 'true' }, el('span', { class: `meter-fill w${Math.round(ratio * 10)}` }))));
      } else td.append(el('span', { class: 'muted', 'aria-label': 'none' }, '—'));
      row.append(td);
    }
    body.append(row);
  }
  table.append(body);
  return el('div', { class: 'table-scroll' }, table);
}

function filterForm(lab) {
  const select = (key, label, options) => {
    const id = `practice-filter-${key}`;
    const s = el('select', { id, 'data-testid': `filter-${key}` },
      el('option', { value: '' }, 'Any'),
      Object.entries(options).map(([value, text]) => el('option', { value }, text)));
    s.value = lab.filters[key];
    s.addEventListener('change', () => { lab.filters[key] = s.value; count.textContent = `${lab.filtered().length} match`; });
    return el('div', { class: 'field' }, el('label', { for: id }, label), s);
  };
  const packs = Object.fromEntries([...lab.packs.values()].map((p) => [p.id, p.title]));
  const count = el('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'filter-count' }, `${lab.filtered().length} match`);
  const examBox = el('input', { type: 'checkbox', id: 'practice-exam', 'data-testid': 'exam-timer-toggle' });
  examBox.checked = lab.exam.on;
  examBox.addEventListener('change', () => { lab.exam.on = examBox.checked; });
  const minutes = el('input', { type: 'number', id: 'practice-exam-minutes', min: '1', max: '240', value: String(lab.exam.minutes), 'data-testid': 'exam-minutes', class: 'narrow' });
  minutes.addEventListener('change', () => { lab.exam.minutes = Math.min(240, Math.max(1, Number(minutes.value) || 30)); });
  const form = el('form', { class: 'practice-filters', 'aria-labelledby': 'practice-filter-heading' },
    el('h3', { id: 'practice-filter-heading' }, 'Choose exercises'),
    el('div', { class: 'field-row' },
      select('type', 'Type', TYPES), select('domain', 'Domain', DOMAINS), select('difficulty', 'Difficulty', DIFFICULTIES), select('pack', 'Pack', packs)),
    el('div', { class: 'field-row' },
      el('div', { class: 'field check' }, examBox, el('label', { for: 'practice-exam' }, 'Exam practice: timed, no hints')),
      el('div', { class: 'field' }, el('label', { for: 'practice-exam-minutes' }, 'Minutes'), minutes)),
    el('div', { class: 'field-row' }, el('button', { type: 'submit', 'data-testid': 'practice-start' }, 'Start'), count));
  form.addEventListener('submit', (e) => { e.preventDefault(); lab.returnTo = 'practice-start'; lab.startSession(lab.filtered(), 'Selected exercises'); });
  return form;
}

function packLoader(lab) {
  const input = el('input', { type: 'file', id: 'practice-pack-file', accept: '.json,application/json', 'data-testid': 'pack-file-input' });
  const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'pack-status' });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const before = lab.packErrors.length;
    let text;
    try {
      text = await file.text();
    } catch (err) {
      status.textContent = `The file could not be read: ${err.message}`;
      return;
    }
    const id = addPack(lab, file.name, text, 'file');
    if (id) {
      lab.filters.pack = id;
      const kept = storePack(lab, id, file.name, text) ? ' It is kept in this browser.' : '';
      lab.notices.push(`Opened the pack "${lab.packs.get(id).title}" (${counted(lab.packs.get(id).exercises.length, 'exercise')}).${kept}`);
    } else if (lab.packErrors.length === before) {
      lab.packErrors.push({ source: file.name, problems: ['The pack could not be opened.'] });
    }
    showDashboard(lab);
    lab.root.querySelector(id ? '[data-testid="practice-notice"]' : '[data-testid="pack-errors"]')?.focus?.();
  });
  return el('div', { class: 'practice-loader' },
    el('h3', {}, 'Open a pack'),
    el('p', { class: 'muted' }, 'A pack is a JSON file (see exercises/README.md). It is checked before use, kept in this browser and never uploaded.'),
    el('label', { for: 'practice-pack-file' }, 'Pack file'), ' ', input, status);
}
