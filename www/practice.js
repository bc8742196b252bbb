// The Practice lab: packs of exercises graded by the same engine that validates records.
// Every text from a pack or record is inserted as text (el() makes text nodes), never as HTML.
// Progress lives in localStorage under a versioned key; unreadable data is backed up, never lost.

import { clear, el } from './view.js';

export const STORAGE_KEY = 'recordlint.progress.v1';
const BACKUP_PREFIX = 'recordlint.progress.backup.';

const TYPES = {
  coding: 'Coding',
  deficiency: 'Deficiency analysis',
  find_error: 'Find the error',
  fix_record: 'Fix the record',
  statistics: 'Hospital statistics',
  roi: 'Release of information & ethics',
  mpi: 'Master patient index',
};
const DOMAINS = {
  'data-content': 'Data content, structure & governance',
  'access-disclosure': 'Access, use, disclosure & exchange',
  'data-analytics': 'Data analytics',
  'revenue-cycle': 'Revenue cycle',
  'law-compliance': 'Health law & compliance',
  'management-leadership': 'Management & leadership',
};
const DIFFICULTIES = { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' };
const KIND_ICON = { right: '✓', partial: '◐', wrong: '✕', missing: '○', extra: '+' };
const KIND_WORD = { right: 'Right', partial: 'Partly right', wrong: 'Wrong', missing: 'Missed', extra: 'Not in the key' };
const DAILY_MIX_SIZE = 7;
const LIVE_GRADE_MS = 400;
const SVG_NS = 'http://www.w3.org/2000/svg';

/** A pack name allowed in `?pack=`: a plain file name in exercises/, nothing else. */
export function safePackName(name) {
  return typeof name === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.json$/.test(name) && !name.includes('..');
}

// ---------------------------------------------------------------------------------------------
// Progress storage

/** Reads progress; unreadable or old data is backed up under another key and reported. */
export function loadProgress(storage = safeStorage()) {
  const fresh = { version: 1, attempts: {} };
  if (!storage) return { progress: fresh, notice: 'Progress cannot be saved in this browser (storage is unavailable); it lasts until you close the page.' };
  let raw;
  try {
    raw = storage.getItem(STORAGE_KEY);
  } catch {
    return { progress: fresh, notice: 'Progress cannot be read from this browser\'s storage; it lasts until you close the page.' };
  }
  if (raw === null) return { progress: fresh, notice: null };
  let data = null;
  try {
    data = JSON.parse(raw);
  } catch {
    data = null;
  }
  if (isProgress(data)) return { progress: data, notice: null };
  const backupKey = BACKUP_PREFIX + new Date().toISOString();
  let kept = false;
  try {
    storage.setItem(backupKey, raw);
    kept = true;
  } catch {
    kept = false;
  }
  const why = data && typeof data === 'object' && data.version !== 1 ? `it is from another version (${String(data.version)})` : 'it is damaged';
  const notice = kept
    ? `Your saved progress could not be used because ${why}. It was kept unchanged under the storage key "${backupKey}", and a fresh record was started.`
    : `Your saved progress could not be used because ${why}, and it could not be backed up; it was left in place and this session starts fresh without saving.`;
  return { progress: fresh, notice, readOnly: !kept };
}

function isProgress(data) {
  if (!data || typeof data !== 'object' || data.version !== 1) return false;
  if (!data.attempts || typeof data.attempts !== 'object' || Array.isArray(data.attempts)) return false;
  return Object.values(data.attempts).every((a) => a && typeof a === 'object' && typeof a.best === 'number' && typeof a.tries === 'number');
}

function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function percent(score) {
  return `${Math.round(score * 100)}%`;
}

function keyOf(item) {
  return `${item.pack.id}/${item.ex.id}`;
}

/** A small deterministic hash for the daily mix. */
function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Splits CSV text into rows of fields (quotes, doubled quotes, CRLF). */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Splits an HL7 v2 text into messages of segments of fields, with engine-style paths. */
function parseHl7(text) {
  const segments = text.split(/\r\n|\r|\n/).filter((s) => s.trim() !== '');
  let message = 0;
  return segments.map((line) => {
    const name = line.slice(0, 3);
    if (name === 'MSH') message++;
    const fields = line.split('|');
    return {
      message: Math.max(message, 1),
      name,
      cells: fields.slice(1).map((value, i) => ({ value, path: `${name}-${name === 'MSH' ? i + 2 : i + 1}` })),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The lab

/** Mounts the Practice lab into `root` (an empty tab panel), using the initialised wasm module. */
export function mountPractice(root, wasm) {
  const lab = new Lab(root, wasm);
  lab.start();
  return lab;
}

class Lab {
  constructor(root, wasm) {
    this.root = root;
    this.wasm = wasm;
    this.packs = new Map();
    this.packErrors = [];
    this.storage = safeStorage();
    const { progress, notice, readOnly } = loadProgress(this.storage);
    this.progress = progress;
    this.readOnly = Boolean(readOnly) || !this.storage;
    this.notices = notice ? [notice] : [];
    this.filters = { type: '', domain: '', difficulty: '', pack: '' };
    this.exam = { on: false, minutes: 30 };
    this.session = null;
    this.timer = null;
    this.rules = null;
  }

  async start() {
    clear(this.root).classList.add('practice');
    this.root.append(el('p', { class: 'practice-loading', role: 'status', 'data-testid': 'practice-loading' }, 'Loading exercise packs…'));
    await this.loadBundled();
    const wanted = new URLSearchParams(location.search).get('pack');
    if (wanted !== null) await this.loadNamed(wanted);
    this.showDashboard();
  }

  // ---- packs

  async loadBundled() {
    let names = [];
    try {
      const response = await fetch('exercises/index.json');
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      names = await response.json();
      if (!Array.isArray(names)) throw new Error('exercises/index.json is not a list of file names');
    } catch (err) {
      this.packErrors.push({ source: 'exercises/index.json', problems: [`The list of bundled packs could not be loaded: ${err.message}`] });
      return;
    }
    for (const name of names) {
      if (!safePackName(name)) {
        this.packErrors.push({ source: String(name), problems: ['Not a plain pack file name; skipped.'] });
        continue;
      }
      await this.fetchPack(name, 'bundled');
    }
  }

  async loadNamed(name) {
    if (!safePackName(name)) {
      this.packErrors.push({
        source: `?pack=${name}`,
        problems: ['Only a pack file on this site can be opened this way: a plain name like "class-set.json" (no folders, no web addresses).'],
      });
      return;
    }
    const loaded = [...this.packs.values()].find((p) => p.file === name);
    const id = loaded ? loaded.id : await this.fetchPack(name, 'link');
    if (id) this.filters.pack = id;
  }

  async fetchPack(name, source) {
    let text;
    try {
      const response = await fetch('exercises/' + name);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (err) {
      this.packErrors.push({ source: name, problems: [`The pack could not be loaded: ${err.message}`] });
      return null;
    }
    return this.addPack(name, text, source);
  }

  /** Checks a pack with the engine's lint; adds it, or records why it was refused. */
  addPack(name, text, source) {
    let check;
    try {
      check = this.wasm.lintPack(text);
    } catch (err) {
      check = { ok: false, problems: [{ exercise: null, message: String(err.message || err) }] };
    }
    if (!check.ok) {
      this.packErrors.push({
        source: name,
        problems: check.problems.map((p) => (p.exercise ? `exercise ${p.exercise}: ${p.message}` : p.message)),
      });
      return null;
    }
    const pack = JSON.parse(text);
    const replaced = this.packs.has(pack.id);
    this.packs.set(pack.id, { ...pack, source, file: name });
    if (replaced) this.notices.push(`The pack "${pack.id}" from ${name} replaced an earlier pack with the same id.`);
    return pack.id;
  }

  items() {
    const out = [];
    for (const pack of this.packs.values()) for (const ex of pack.exercises) out.push({ pack, ex });
    return out;
  }

  filtered() {
    const f = this.filters;
    return this.items().filter(({ pack, ex }) =>
      (!f.type || ex.type === f.type) && (!f.domain || ex.domain === f.domain)
      && (!f.difficulty || ex.difficulty === f.difficulty) && (!f.pack || pack.id === f.pack));
  }

  attempt(item) {
    return this.progress.attempts[keyOf(item)];
  }

  // ---- progress

  record(item, grade) {
    const key = keyOf(item);
    const old = this.progress.attempts[key];
    this.progress.attempts[key] = {
      pack: item.pack.id,
      title: item.ex.title,
      type: item.ex.type,
      domain: item.ex.domain,
      difficulty: item.ex.difficulty,
      tries: (old?.tries ?? 0) + 1,
      best: Math.max(old?.best ?? 0, grade.score),
      last: grade.score,
      correct: Boolean(old?.correct || grade.correct),
      at: new Date().toISOString(),
    };
    this.save();
  }

  save() {
    if (this.readOnly || !this.storage) return;
    try {
      this.storage.setItem(STORAGE_KEY, JSON.stringify(this.progress));
    } catch (err) {
      this.flash(`Progress could not be saved: ${err.message}`);
    }
  }

  flash(message) {
    const box = this.root.querySelector('[data-testid="practice-notice"]');
    if (box) {
      box.hidden = false;
      box.append(el('p', {}, message));
    } else this.notices.push(message);
  }

  // ---- views

  screen(...children) {
    this.stopTimer();
    clear(this.root).append(...children);
  }

  noticeBox() {
    const box = el('div', { class: 'practice-notice', role: 'status', 'data-testid': 'practice-notice' });
    for (const n of this.notices) {
      box.append(el('p', {}, n));
    }
    if (this.notices.length) {
      box.append(el('button', { type: 'button', class: 'link', onclick: () => { this.notices = []; box.remove(); } }, 'Dismiss'));
    } else box.hidden = true;
    return box;
  }

  packErrorBox() {
    if (!this.packErrors.length) return null;
    const box = el('div', { class: 'practice-error', role: 'alert', 'data-testid': 'pack-errors' },
      el('h3', {}, 'Some packs could not be opened'));
    for (const e of this.packErrors) {
      const list = el('ul', {}, e.problems.slice(0, 8).map((p) => el('li', {}, p)));
      if (e.problems.length > 8) list.append(el('li', {}, `… and ${e.problems.length - 8} more problem(s)`));
      box.append(el('p', { class: 'mono' }, e.source), list);
    }
    box.append(el('button', { type: 'button', class: 'link', onclick: () => { this.packErrors = []; box.remove(); } }, 'Dismiss'));
    return box;
  }

  showDashboard() {
    const all = this.items();
    const heading = el('h2', { tabindex: '-1' }, 'Practice lab');
    const loader = this.packLoader();
    const view = el('div', { class: 'practice-dashboard', 'data-testid': 'practice-dashboard' },
      el('div', { class: 'practice-top' },
        heading,
        el('p', { class: 'muted' }, `${all.length} exercise(s) in ${this.packs.size} pack(s), graded by the same engine that checks records. Progress stays in this browser.`),
        el('div', { class: 'practice-actions' },
          el('button', { type: 'button', 'data-testid': 'practice-daily-mix', onclick: () => this.dailyMix() }, 'Daily mix'),
          el('button', { type: 'button', class: 'secondary', 'data-testid': 'practice-progress-open', onclick: () => this.showProgress() }, 'My progress'))),
      this.noticeBox(),
      this.packErrorBox(),
      all.length ? this.matrix() : el('p', { class: 'practice-empty', 'data-testid': 'practice-empty' }, 'No exercise packs are loaded. Open a pack file below.'),
      this.filterForm(),
      loader);
    this.screen(view);
  }

  matrix() {
    const items = this.items();
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
        const done = cell.filter((i) => this.attempt(i)).length;
        const td = el('td');
        if (cell.length) {
          const ratio = done / cell.length;
          td.append(el('button', {
            type: 'button',
            class: `cell${ratio === 1 ? ' complete' : ''}`,
            'data-testid': `matrix-cell-${type}-${domain || 'all'}`,
            'aria-label': `${done} / ${cell.length} done: ${TYPES[type]}${domain ? `, ${DOMAINS[domain]}` : ', all domains'}`,
            onclick: () => { this.filters = { ...this.filters, type, domain }; this.startSession(this.filtered(), `${TYPES[type]}${domain ? ` · ${DOMAINS[domain]}` : ''}`); },
          }, `${done} / ${cell.length}`, el('span', { class: 'meter', 'aria-hidden': 'true' }, el('span', { class: `meter-fill w${Math.round(ratio * 10)}` }))));
        } else td.append(el('span', { class: 'muted', 'aria-label': 'none' }, '—'));
        row.append(td);
      }
      body.append(row);
    }
    table.append(body);
    return el('div', { class: 'table-scroll' }, table);
  }

  filterForm() {
    const select = (key, label, options) => {
      const id = `practice-filter-${key}`;
      const s = el('select', { id, 'data-testid': `filter-${key}` },
        el('option', { value: '' }, 'Any'),
        Object.entries(options).map(([value, text]) => el('option', { value }, text)));
      s.value = this.filters[key];
      s.addEventListener('change', () => { this.filters[key] = s.value; count.textContent = `${this.filtered().length} match`; });
      return el('div', { class: 'field' }, el('label', { for: id }, label), s);
    };
    const packs = Object.fromEntries([...this.packs.values()].map((p) => [p.id, p.title]));
    const count = el('span', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'filter-count' }, `${this.filtered().length} match`);
    const examBox = el('input', { type: 'checkbox', id: 'practice-exam', 'data-testid': 'exam-timer-toggle' });
    examBox.checked = this.exam.on;
    examBox.addEventListener('change', () => { this.exam.on = examBox.checked; });
    const minutes = el('input', { type: 'number', id: 'practice-exam-minutes', min: '1', max: '240', value: String(this.exam.minutes), 'data-testid': 'exam-minutes', class: 'narrow' });
    minutes.addEventListener('change', () => { this.exam.minutes = Math.min(240, Math.max(1, Number(minutes.value) || 30)); });
    const form = el('form', { class: 'practice-filters', 'aria-labelledby': 'practice-filter-heading' },
      el('h3', { id: 'practice-filter-heading' }, 'Choose exercises'),
      el('div', { class: 'field-row' },
        select('type', 'Type', TYPES), select('domain', 'Domain', DOMAINS), select('difficulty', 'Difficulty', DIFFICULTIES), select('pack', 'Pack', packs)),
      el('div', { class: 'field-row' },
        el('div', { class: 'field check' }, examBox, el('label', { for: 'practice-exam' }, 'Exam practice: timed, no hints')),
        el('div', { class: 'field' }, el('label', { for: 'practice-exam-minutes' }, 'Minutes'), minutes)),
      el('div', { class: 'field-row' }, el('button', { type: 'submit', 'data-testid': 'practice-start' }, 'Start'), count));
    form.addEventListener('submit', (e) => { e.preventDefault(); this.startSession(this.filtered(), 'Selected exercises'); });
    return form;
  }

  packLoader() {
    const input = el('input', { type: 'file', id: 'practice-pack-file', accept: '.json,application/json', 'data-testid': 'pack-file-input' });
    const status = el('p', { class: 'muted', role: 'status', 'data-testid': 'pack-status' });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (!file) return;
      const before = this.packErrors.length;
      let text;
      try {
        text = await file.text();
      } catch (err) {
        status.textContent = `The file could not be read: ${err.message}`;
        return;
      }
      const id = this.addPack(file.name, text, 'file');
      if (id) {
        this.filters.pack = id;
        this.notices.push(`Opened the pack "${this.packs.get(id).title}" (${this.packs.get(id).exercises.length} exercises).`);
      } else if (this.packErrors.length === before) {
        this.packErrors.push({ source: file.name, problems: ['The pack could not be opened.'] });
      }
      this.showDashboard();
      this.root.querySelector(id ? '[data-testid="practice-notice"]' : '[data-testid="pack-errors"]')?.focus?.();
    });
    return el('div', { class: 'practice-loader' },
      el('h3', {}, 'Open a pack'),
      el('p', { class: 'muted' }, 'A pack is a JSON file (see exercises/README.md). It is checked before use and never leaves this browser.'),
      el('label', { for: 'practice-pack-file' }, 'Pack file'), ' ', input, status);
  }

  dailyMix() {
    const day = new Date().toISOString().slice(0, 10);
    const items = this.items();
    const byType = new Map();
    for (const item of items) {
      const a = this.attempt(item);
      // Unseen first, then weakest; the day's hash breaks ties, so the mix changes daily.
      const rank = [a ? 1 : 0, a ? a.best : 0, hash(day + keyOf(item))];
      const list = byType.get(item.ex.type) ?? [];
      list.push({ item, rank });
      byType.set(item.ex.type, list);
    }
    const cmp = (x, y) => x.rank[0] - y.rank[0] || x.rank[1] - y.rank[1] || x.rank[2] - y.rank[2];
    for (const list of byType.values()) list.sort(cmp);
    const mix = [];
    while (mix.length < DAILY_MIX_SIZE && [...byType.values()].some((l) => l.length)) {
      for (const list of byType.values()) if (list.length && mix.length < DAILY_MIX_SIZE) mix.push(list.shift().item);
    }
    this.startSession(mix, `Daily mix for ${day}`);
  }

  startSession(items, title) {
    if (!items.length) {
      this.flash('No exercises match this choice.');
      return;
    }
    this.session = {
      title,
      items,
      index: 0,
      results: new Map(),
      deadline: this.exam.on ? Date.now() + this.exam.minutes * 60000 : null,
    };
    this.showExercise();
  }

  // ---- timer

  stopTimer() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  timeLeft() {
    return this.session?.deadline ? Math.max(0, this.session.deadline - Date.now()) : null;
  }

  startTimer(display, onExpire) {
    const tick = () => {
      const left = this.timeLeft();
      const m = Math.floor(left / 60000);
      const s = Math.floor((left % 60000) / 1000);
      display.textContent = `${m}:${String(s).padStart(2, '0')} left`;
      display.classList.toggle('low', left < 60000);
      if (left <= 0) {
        this.stopTimer();
        onExpire();
      }
    };
    tick();
    this.timer = setInterval(tick, 1000);
  }

  // ---- one exercise

  showExercise() {
    const s = this.session;
    const item = s.items[s.index];
    const { ex } = item;
    const expired = s.deadline !== null && this.timeLeft() === 0;
    const heading = el('h2', { tabindex: '-1', 'data-testid': 'exercise-title' }, ex.title);
    const timer = el('span', { class: 'practice-timer', role: 'timer', 'data-testid': 'exercise-timer' });
    const nav = el('nav', { class: 'practice-nav', 'aria-label': 'Exercise navigation' },
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-back', onclick: () => { this.session = null; this.showDashboard(); } }, '← Dashboard'),
      el('span', { class: 'muted', 'data-testid': 'exercise-position' }, `${s.title} · ${s.index + 1} of ${s.items.length}`),
      s.deadline ? timer : null,
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-prev', disabled: s.index === 0, onclick: () => this.go(-1) }, 'Previous'),
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-next', onclick: () => this.go(1) }, s.index + 1 < s.items.length ? 'Next' : 'Finish'));

    const feedback = el('div', { class: 'practice-feedback', 'data-testid': 'feedback', 'aria-live': 'polite' });
    const attempt = this.attempt(item);
    const task = el('div', { class: 'practice-task' },
      el('p', { class: 'tags' },
        el('span', { class: 'tag' }, TYPES[ex.type] ?? ex.type),
        el('span', { class: 'tag' }, DOMAINS[ex.domain] ?? ex.domain),
        el('span', { class: 'tag' }, DIFFICULTIES[ex.difficulty] ?? ex.difficulty),
        ex.date ? el('span', { class: 'tag' }, `Date of service ${ex.date}`) : null,
        attempt ? el('span', { class: 'tag done', 'data-testid': 'exercise-best' }, `Best so far ${percent(attempt.best)}`) : null),
      el('p', { class: 'prompt', 'data-testid': 'exercise-prompt' }, ex.prompt));
    const answer = el('form', { class: 'practice-answer', 'data-testid': 'exercise-answer', novalidate: true });
    const view = this.typeView(item, task, answer);
    if (s.deadline === null) task.append(this.hints(ex));
    const submit = el('button', { type: 'submit', 'data-testid': 'exercise-submit', disabled: expired }, 'Check answer');
    answer.append(el('div', { class: 'field-row' }, submit), feedback);
    answer.addEventListener('submit', (e) => {
      e.preventDefault();
      if (s.deadline !== null && this.timeLeft() === 0) return;
      const grade = this.grade(item, view.answer());
      if (!grade) return;
      this.record(item, grade);
      s.results.set(keyOf(item), grade);
      this.showGrade(feedback, grade, true);
    });
    const previous = s.results.get(keyOf(item));
    if (previous) this.showGrade(feedback, previous, false);

    this.screen(el('div', { class: 'practice-exercise', 'data-testid': 'exercise-screen', 'data-type': ex.type, 'data-exercise-id': ex.id },
      nav, heading, el('div', { class: 'practice-columns' }, task, answer)));
    if (s.deadline !== null) {
      this.startTimer(timer, () => {
        submit.disabled = true;
        feedback.prepend(el('p', { class: 'practice-error', 'data-testid': 'exam-time-up' }, 'Time is up. Your answers so far are saved; finish to see the summary.'));
      });
    }
    heading.focus();
  }

  go(step) {
    const s = this.session;
    const next = s.index + step;
    if (next >= s.items.length) this.showSummary();
    else if (next >= 0) {
      s.index = next;
      this.showExercise();
    }
  }

  hints(ex) {
    const hints = Array.isArray(ex.hints) ? ex.hints : [];
    if (!hints.length) return el('p', { class: 'muted' }, 'No hints for this one.');
    const list = el('ol', { class: 'hints', 'data-testid': 'exercise-hints' });
    const button = el('button', { type: 'button', class: 'secondary', 'data-testid': 'exercise-hint-button' }, `Show a hint (${hints.length})`);
    button.addEventListener('click', () => {
      const shown = list.children.length;
      if (shown < hints.length) list.append(el('li', { tabindex: '-1' }, hints[shown]));
      list.lastElementChild?.focus();
      const left = hints.length - list.children.length;
      button.textContent = left ? `Show another hint (${left})` : 'No more hints';
      button.disabled = left === 0;
    });
    return el('div', { class: 'hint-box' }, button, list);
  }

  grade(item, answer) {
    try {
      return this.wasm.gradeExercise(JSON.stringify(item.ex), JSON.stringify(answer));
    } catch (err) {
      this.flash(`This exercise could not be graded: ${err.message}`);
      return null;
    }
  }

  showGrade(box, grade, focus) {
    const verdict = grade.correct ? 'Correct' : grade.score > 0 ? 'Partly right' : 'Not yet';
    const title = el('h3', { tabindex: '-1', 'data-testid': 'feedback-score', class: `verdict ${grade.correct ? 'ok' : grade.score > 0 ? 'partial' : 'bad'}` },
      el('span', { 'aria-hidden': 'true' }, grade.correct ? '✓ ' : grade.score > 0 ? '◐ ' : '✕ '), `${verdict} — ${percent(grade.score)}`);
    const list = el('ul', { class: 'feedback-list' }, grade.feedback.map((f) =>
      el('li', { class: `fb fb-${f.kind}`, 'data-testid': 'feedback-item', 'data-kind': f.kind },
        el('span', { class: 'fb-kind' }, el('span', { 'aria-hidden': 'true' }, `${KIND_ICON[f.kind] ?? '•'} `), KIND_WORD[f.kind] ?? f.kind),
        ' ', el('span', { class: 'mono' }, f.item), ' — ', f.message)));
    clear(box).append(title, list);
    if (grade.explanation) box.append(el('div', { class: 'explanation', 'data-testid': 'explanation' }, el('h4', {}, 'Explanation'), el('p', {}, grade.explanation)));
    if (focus) title.focus();
  }

  // ---- the seven answer views; each returns { answer() }

  typeView(item, task, form) {
    const ex = item.ex;
    switch (ex.type) {
      case 'coding': return this.codingView(ex, task, form);
      case 'deficiency': return this.deficiencyView(ex, form);
      case 'find_error': return this.findErrorView(ex, task, form);
      case 'fix_record': return this.fixRecordView(item, form);
      case 'statistics': return this.statisticsView(ex, task, form);
      case 'roi': return this.roiView(ex, task, form);
      case 'mpi': return this.mpiView(ex, form);
      default:
        form.append(el('p', { class: 'practice-error' }, `Unknown exercise type ${String(ex.type)}.`));
        return { answer: () => ({}) };
    }
  }

  codingView(ex, task, form) {
    const system = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS Level II' }[ex.system] ?? ex.system;
    task.append(el('h3', {}, 'Scenario'), el('p', { class: 'scenario' }, ex.scenario));
    const list = el('ol', { class: 'code-inputs' });
    const add = () => {
      const n = list.children.length + 1;
      const id = `practice-code-${n}`;
      const input = el('input', { id, type: 'text', class: 'mono code', autocomplete: 'off', spellcheck: 'false', 'data-testid': `coding-input-${n}`, placeholder: n === 1 ? 'e.g. E11.9' : '' });
      list.append(el('li', {}, el('label', { for: id }, n === 1 ? `${system} code 1 (principal / first-listed)` : `${system} code ${n}`), input));
      return input;
    };
    for (let i = 0; i < 3; i++) add();
    form.append(el('fieldset', {}, el('legend', {}, `Your ${system} codes`), list,
      el('button', { type: 'button', class: 'secondary', 'data-testid': 'coding-add', onclick: () => add().focus() }, 'Add a code')),
    el('p', { class: 'muted' }, 'Dots and case do not matter (E119 = e11.9).'));
    return { answer: () => ({ codes: [...list.querySelectorAll('input')].map((i) => i.value.trim()).filter(Boolean) }) };
  }

  deficiencyView(ex, form) {
    const boxes = [];
    const doc = el('div', { class: 'chart-document', 'data-testid': 'deficiency-chart' });
    for (const section of ex.chart?.sections ?? []) {
      const rows = el('dl', {});
      for (const item of section.items ?? []) {
        const id = `practice-def-${item.id}`;
        const box = el('input', { type: 'checkbox', id, 'data-testid': `deficiency-item-${item.id}`, value: item.id });
        boxes.push(box);
        const blank = String(item.value ?? '').trim() === '';
        rows.append(el('div', { class: 'chart-item' },
          el('dt', {}, item.label),
          el('dd', { class: blank ? 'blank' : '' }, blank ? '(blank)' : item.value),
          el('dd', { class: 'mark' }, box, el('label', { for: id }, el('span', { class: 'visually-hidden' }, `${item.label}: `), 'Deficient'))));
      }
      doc.append(el('section', {}, el('h4', {}, section.title), rows));
    }
    form.append(el('fieldset', {}, el('legend', {}, 'Mark what is missing or deficient'), doc));
    return { answer: () => ({ deficient: boxes.filter((b) => b.checked).map((b) => b.value) }) };
  }

  async ruleOptions() {
    if (!this.rules) {
      try {
        this.rules = this.wasm.rules();
      } catch {
        this.rules = [];
      }
    }
    return this.rules;
  }

  findErrorView(ex, task, form) {
    const record = ex.record ?? {};
    const marked = [];
    const locationId = 'practice-fe-location';
    const ruleId = 'practice-fe-rule';
    const location = el('input', { id: locationId, type: 'text', class: 'mono', 'data-testid': 'find-error-location', autocomplete: 'off', placeholder: record.format === 'fhir' ? '/birthDate' : record.format === 'hl7v2' ? 'message 1, PID-7' : 'row 2, discharge_date' });
    const rule = el('select', { id: ruleId, 'data-testid': 'find-error-rule' }, el('option', { value: '' }, 'Choose the kind of error…'));
    const ruleHelp = el('p', { class: 'muted', id: 'practice-fe-rule-help', 'data-testid': 'find-error-rule-help' });
    rule.setAttribute('aria-describedby', 'practice-fe-rule-help');
    this.ruleOptions().then((rules) => {
      for (const r of rules) rule.append(el('option', { value: r.id }, `${r.id} ${r.name}`));
      rule.addEventListener('change', () => { ruleHelp.textContent = rules.find((r) => r.id === rule.value)?.summary ?? ''; });
    });
    const list = el('ul', { class: 'marked-errors', 'data-testid': 'find-error-list' });
    const status = el('p', { class: 'muted', role: 'status' });
    const pick = (loc) => {
      location.value = loc;
      status.textContent = `Selected ${loc}. Now choose the kind of error and add it.`;
      rule.focus();
    };
    const redraw = () => {
      clear(list);
      marked.forEach((m, i) => list.append(el('li', {}, el('span', { class: 'mono' }, `${m.rule} · ${m.location}`), ' ',
        el('button', { type: 'button', class: 'link', 'aria-label': `Remove ${m.rule} at ${m.location}`, onclick: () => { marked.splice(i, 1); redraw(); } }, 'Remove'))));
      if (!marked.length) list.append(el('li', { class: 'muted' }, 'No errors marked yet.'));
    };
    redraw();
    task.append(el('h3', {}, `The record (${record.format ?? 'unknown format'})`), this.recordView(record, pick));
    form.append(el('fieldset', {}, el('legend', {}, 'Mark an error'),
      el('p', { class: 'muted' }, 'Select a cell in the record (or type its location), pick the kind of error, then add it.'),
      el('div', { class: 'field' }, el('label', { for: locationId }, 'Location'), location),
      el('div', { class: 'field' }, el('label', { for: ruleId }, 'Kind of error'), rule, ruleHelp),
      el('button', {
        type: 'button', class: 'secondary', 'data-testid': 'find-error-add',
        onclick: () => {
          if (!location.value.trim() || !rule.value) { status.textContent = 'Choose both a location and a kind of error.'; return; }
          marked.push({ rule: rule.value, location: location.value.trim() });
          status.textContent = `Added ${rule.value} at ${location.value.trim()}.`;
          location.value = '';
          rule.value = '';
          ruleHelp.textContent = '';
          redraw();
        },
      }, 'Add this error'), status),
    el('h3', {}, 'Errors you marked'), list);
    return { answer: () => ({ errors: marked.map((m) => ({ ...m })) }) };
  }

  /** The record as clickable cells (CSV, HL7 v2) or as text (FHIR). */
  recordView(record, pick) {
    const text = String(record.text ?? '');
    if (record.format === 'csv') {
      const rows = parseCsv(text);
      const header = rows[0] ?? [];
      const table = el('table', { class: 'record-grid', 'data-testid': 'find-error-table' },
        el('caption', { class: 'visually-hidden' }, 'The record; each cell is a button that selects its location'));
      table.append(el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Row'),
        header.map((h, c) => el('th', { scope: 'col' }, el('button', { type: 'button', class: 'cell-button', 'data-testid': `find-error-cell-1-${c}`, onclick: () => pick('row 1') }, h))))));
      const body = el('tbody');
      rows.slice(1).forEach((row, r) => {
        const n = r + 2;
        body.append(el('tr', {},
          el('th', { scope: 'row' }, el('button', { type: 'button', class: 'cell-button', 'data-testid': `find-error-row-${n}`, 'aria-label': `Row ${n} as a whole`, onclick: () => pick(`row ${n}`) }, String(n))),
          row.map((value, c) => {
            const column = (header[c] ?? `column ${c + 1}`).trim();
            return el('td', {}, el('button', {
              type: 'button', class: `cell-button${value.trim() === '' ? ' blank' : ''}`, 'data-testid': `find-error-cell-${n}-${c}`,
              'aria-label': `Row ${n}, ${column}: ${value.trim() === '' ? 'blank' : value}`,
              onclick: () => pick(`row ${n}, ${column}`),
            }, value.trim() === '' ? '∅' : value));
          })));
      });
      table.append(body);
      return el('div', { class: 'table-scroll' }, table,
        el('button', { type: 'button', class: 'link', 'data-testid': 'find-error-file', onclick: () => pick('file') }, 'The file as a whole'));
    }
    if (record.format === 'hl7v2') {
      const wrap = el('div', { class: 'hl7-record', 'data-testid': 'find-error-table' });
      for (const seg of parseHl7(text)) {
        wrap.append(el('div', { class: 'hl7-segment' }, el('span', { class: 'seg-name mono' }, seg.name),
          seg.cells.map((cell) => el('button', {
            type: 'button', class: 'cell-button mono', 'data-testid': `find-error-cell-${seg.message}-${cell.path}`,
            'aria-label': `message ${seg.message}, ${cell.path}: ${cell.value || 'blank'}`,
            onclick: () => pick(`message ${seg.message}, ${cell.path}`),
          }, cell.value || '∅'))));
      }
      return wrap;
    }
    return el('pre', { class: 'record-text', tabindex: '0', 'data-testid': 'find-error-table' }, text);
  }

  fixRecordView(item, form) {
    const ex = item.ex;
    const id = 'practice-fix-text';
    const area = el('textarea', { id, class: 'mono', rows: String(Math.min(16, String(ex.record?.text ?? '').split('\n').length + 2)), spellcheck: 'false', 'data-testid': 'fix-record-text' });
    area.value = String(ex.record?.text ?? '');
    const live = el('div', { class: 'live-check', 'aria-live': 'polite', 'data-testid': 'fix-record-live' });
    let pending = null;
    const check = () => {
      const grade = this.grade(item, { text: area.value });
      if (!grade) return;
      const errors = grade.feedback.filter((f) => f.kind === 'wrong');
      clear(live).append(grade.correct
        ? el('p', { class: 'ok' }, '✓ The engine finds no errors. Check your answer to record it.')
        : el('p', {}, `${errors.length} problem(s) left:`),
      el('ul', {}, errors.map((f) => el('li', {}, el('span', { class: 'mono' }, f.item), ' — ', f.message))));
    };
    area.addEventListener('input', () => {
      clearTimeout(pending);
      pending = setTimeout(check, LIVE_GRADE_MS);
    });
    check();
    form.append(el('label', { for: id }, 'The record — edit it until the engine finds no errors'), area,
      el('div', { class: 'field-row' },
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'fix-record-reset', onclick: () => { area.value = String(ex.record?.text ?? ''); check(); } }, 'Start over')),
      live);
    return { answer: () => ({ text: area.value }) };
  }

  statisticsView(ex, task, form) {
    const labels = {
      daily_census: 'Daily inpatient census', inpatient_service_days: 'Inpatient service days', days: 'Days in the period',
      beds: 'Beds', discharges: 'Discharges (including deaths)', discharge_days: 'Discharge days (total length of stay)',
      deaths: 'Deaths', deaths_under_48h: 'Deaths under 48 hours', postoperative_deaths: 'Postoperative deaths',
      surgical_patients: 'Patients operated on', cesarean_sections: 'Cesarean sections', deliveries: 'Deliveries',
      consultations: 'Consultations', infections: 'Hospital-acquired infections',
    };
    const table = el('table', { class: 'data-table', 'data-testid': 'statistics-data' }, el('tbody', {},
      Object.entries(ex.data ?? {}).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, labels[k] ?? k),
        el('td', { class: 'mono' }, Array.isArray(v) ? v.join(', ') : String(v))))));
    task.append(el('h3', {}, 'Data'), table);
    const id = 'practice-stat-value';
    const places = Number(ex.rounding);
    const input = el('input', { id, type: 'text', inputmode: 'decimal', class: 'mono narrow', autocomplete: 'off', 'data-testid': 'statistics-value' });
    const percentMeasure = /rate$/.test(String(ex.measure));
    form.append(el('div', { class: 'field' },
      el('label', { for: id }, `${String(ex.measure ?? '').replaceAll('_', ' ')}${percentMeasure ? ' (%)' : ''}`), input,
      el('p', { class: 'muted' }, `Round to ${places} decimal place${places === 1 ? '' : 's'} (half up).${percentMeasure ? ' Give rates as percentages: 85.3, not 0.853.' : ''}`)));
    return { answer: () => ({ value: input.value.trim() }) };
  }

  roiView(ex, task, form) {
    task.append(el('h3', {}, 'Scenario'), el('p', { class: 'scenario' }, ex.scenario));
    const multiple = Boolean(ex.multiple);
    const inputs = [];
    const fieldset = el('fieldset', { 'data-testid': 'roi-options' }, el('legend', {}, multiple ? 'Choose every correct answer' : 'Choose one answer'));
    for (const option of ex.options ?? []) {
      const id = `practice-roi-${option.id}`;
      const input = el('input', { type: multiple ? 'checkbox' : 'radio', name: 'practice-roi', id, value: option.id, 'data-testid': `roi-option-${option.id}` });
      inputs.push(input);
      fieldset.append(el('div', { class: 'option' }, input, el('label', { for: id }, el('span', { class: 'mono' }, `${option.id}. `), option.text)));
    }
    form.append(fieldset);
    return { answer: () => ({ choices: inputs.filter((i) => i.checked).map((i) => i.value) }) };
  }

  mpiView(ex, form) {
    const patients = ex.patients ?? [];
    const letters = 'ABCDEFGHIJKL'.slice(0, Math.max(2, Math.ceil(patients.length / 2))).split('');
    const controls = [];
    const table = el('table', { class: 'mpi-table', 'data-testid': 'mpi-table' },
      el('caption', {}, 'Give records that are the same person the same group letter; tick overlays.'),
      el('thead', {}, el('tr', {}, ['Record', 'MRN', 'Name', 'Birth date', 'Sex', 'Address', 'Phone', 'Group', 'Overlay'].map((h) => el('th', { scope: 'col' }, h)))));
    const body = el('tbody');
    for (const p of patients) {
      const gid = `practice-mpi-group-${p.id}`;
      const oid = `practice-mpi-overlay-${p.id}`;
      const group = el('select', { id: gid, 'data-testid': `mpi-group-${p.id}` }, el('option', { value: '' }, '—'), letters.map((l) => el('option', { value: l }, l)));
      const overlay = el('input', { type: 'checkbox', id: oid, 'data-testid': `mpi-overlay-${p.id}` });
      controls.push({ id: p.id, group, overlay });
      body.append(el('tr', {},
        el('th', { scope: 'row', class: 'mono' }, p.id), el('td', { class: 'mono' }, p.mrn), el('td', {}, p.name),
        el('td', { class: 'mono' }, p.birth_date), el('td', {}, p.sex), el('td', {}, p.address ?? ''), el('td', { class: 'mono' }, p.phone ?? ''),
        el('td', {}, el('label', { for: gid, class: 'visually-hidden' }, `Group for ${p.id}`), group),
        el('td', {}, el('label', { for: oid, class: 'visually-hidden' }, `${p.id} is an overlay`), overlay)));
    }
    table.append(body);
    form.append(el('div', { class: 'table-scroll' }, table));
    return {
      answer: () => {
        const groups = new Map();
        for (const c of controls) if (c.group.value) groups.set(c.group.value, [...(groups.get(c.group.value) ?? []), c.id]);
        return { groups: [...groups.values()].filter((g) => g.length > 1), overlays: controls.filter((c) => c.overlay.checked).map((c) => c.id) };
      },
    };
  }

  // ---- session summary and progress

  showSummary() {
    const s = this.session;
    const results = s.items.map((item) => ({ item, grade: s.results.get(keyOf(item)) }));
    const answered = results.filter((r) => r.grade);
    const mean = answered.length ? answered.reduce((t, r) => t + r.grade.score, 0) / answered.length : 0;
    const heading = el('h2', { tabindex: '-1' }, 'Session summary');
    this.screen(el('div', { class: 'practice-summary', 'data-testid': 'session-summary' }, heading,
      el('p', {}, `${answered.length} of ${s.items.length} answered · average score ${percent(mean)}`),
      el('ul', {}, results.map(({ item, grade }) => el('li', {}, `${item.ex.title}: `, grade ? percent(grade.score) : 'not answered'))),
      el('div', { class: 'field-row' },
        el('button', { type: 'button', onclick: () => this.showDashboard() }, 'Back to the dashboard'),
        el('button', { type: 'button', class: 'secondary', onclick: () => this.showProgress() }, 'My progress'))));
    heading.focus();
  }

  domainScores() {
    const attempts = Object.values(this.progress.attempts);
    return Object.entries(DOMAINS).map(([domain, label]) => {
      const mine = attempts.filter((a) => a.domain === domain);
      const available = this.items().filter((i) => i.ex.domain === domain).length;
      const mean = mine.length ? mine.reduce((t, a) => t + a.best, 0) / mine.length : 0;
      return { domain, label, done: mine.length, available, mean };
    });
  }

  chart(scores) {
    const rowH = 26;
    const labelW = 250;
    const barW = 300;
    const height = scores.length * rowH + 8;
    const chart = svg('svg', { viewBox: `0 0 ${labelW + barW + 60} ${height}`, role: 'img', class: 'progress-chart', 'data-testid': 'progress-chart', 'aria-labelledby': 'practice-chart-title' },
      svg('title', { id: 'practice-chart-title' }, `Average best score per domain: ${scores.map((s) => `${s.label} ${percent(s.mean)}`).join('; ')}`));
    scores.forEach((s, i) => {
      const y = 4 + i * rowH;
      chart.append(
        svg('text', { x: labelW - 8, y: y + 16, 'text-anchor': 'end', class: 'chart-label' }, s.label),
        svg('rect', { x: labelW, y: y + 4, width: barW, height: 16, class: 'chart-track', rx: 3 }),
        svg('rect', { x: labelW, y: y + 4, width: Math.round(barW * s.mean), height: 16, class: 'chart-bar', rx: 3 }),
        svg('text', { x: labelW + barW + 8, y: y + 16, class: 'chart-value' }, s.done ? percent(s.mean) : '—'));
    });
    return chart;
  }

  showProgress() {
    const scores = this.domainScores();
    const attempts = Object.entries(this.progress.attempts);
    const heading = el('h2', { tabindex: '-1' }, 'My progress');
    const table = el('table', { class: 'progress-table', 'data-testid': 'progress-table' },
      el('caption', {}, 'Scores per domain (best score per exercise, averaged over the exercises tried)'),
      el('thead', {}, el('tr', {}, ['Domain', 'Tried', 'Available', 'Average'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, scores.map((s) => el('tr', { 'data-testid': `progress-row-${s.domain}` },
        el('th', { scope: 'row' }, s.label), el('td', {}, String(s.done)), el('td', {}, String(s.available)), el('td', {}, s.done ? percent(s.mean) : '—')))));
    const history = el('table', { class: 'progress-table' },
      el('caption', {}, 'Exercises tried'),
      el('thead', {}, el('tr', {}, ['Exercise', 'Type', 'Domain', 'Tries', 'Best', 'Last', 'When'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, attempts.map(([key, a]) => el('tr', {},
        el('td', {}, a.title ?? key), el('td', {}, TYPES[a.type] ?? a.type ?? ''), el('td', {}, DOMAINS[a.domain] ?? a.domain ?? ''),
        el('td', {}, String(a.tries)), el('td', {}, percent(a.best)), el('td', {}, percent(a.last ?? a.best)), el('td', {}, String(a.at ?? '').slice(0, 16).replace('T', ' '))))));
    const nameId = 'practice-student-name';
    const name = el('input', { id: nameId, type: 'text', autocomplete: 'name', 'data-testid': 'progress-student-name' });
    const report = el('section', { class: 'practice-report', 'data-testid': 'progress-report', 'aria-labelledby': 'practice-report-title' },
      el('h3', { id: 'practice-report-title' }, 'Practice report'),
      el('p', { class: 'report-meta' }, `recordlint Practice lab · ${new Date().toISOString().slice(0, 10)} · ${attempts.length} exercise(s) tried`),
      el('p', { class: 'report-name' }, ''),
      this.chart(scores), table, attempts.length ? history : el('p', { class: 'muted', 'data-testid': 'progress-empty' }, 'Nothing tried yet.'));
    const reportName = report.querySelector('.report-name');
    name.addEventListener('input', () => { reportName.textContent = name.value ? `Student: ${name.value}` : ''; });
    this.screen(el('div', { class: 'practice-progress', 'data-testid': 'progress-view' },
      el('nav', { class: 'practice-nav', 'aria-label': 'Progress navigation' },
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'progress-back', onclick: () => this.showDashboard() }, '← Dashboard')),
      heading, this.noticeBox(),
      el('div', { class: 'field-row' },
        el('div', { class: 'field' }, el('label', { for: nameId }, 'Your name for the report (not stored)'), name),
        el('button', { type: 'button', 'data-testid': 'progress-export', onclick: () => this.exportJson(name.value) }, 'Export as JSON'),
        el('button', { type: 'button', class: 'secondary', 'data-testid': 'progress-print', onclick: () => this.print() }, 'Print report'),
        el('button', { type: 'button', class: 'danger', 'data-testid': 'progress-reset', onclick: () => this.reset() }, 'Reset progress')),
      report));
    heading.focus();
  }

  exportJson(student) {
    const data = {
      format: 'recordlint-progress/1',
      exported: new Date().toISOString(),
      student: student || undefined,
      domains: this.domainScores().map(({ domain, done, available, mean }) => ({ domain, tried: done, available, average: Math.round(mean * 1000) / 1000 })),
      attempts: this.progress.attempts,
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    const a = el('a', { href: url, download: `recordlint-progress-${data.exported.slice(0, 10)}.json`, 'data-testid': 'progress-export-link' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  print() {
    const html = document.documentElement;
    html.classList.add('practice-printing');
    const done = () => { html.classList.remove('practice-printing'); window.removeEventListener('afterprint', done); };
    window.addEventListener('afterprint', done);
    window.print();
  }

  reset() {
    if (!window.confirm('Erase all practice progress in this browser? Export it first if you need it.')) return;
    this.progress = { version: 1, attempts: {} };
    this.save();
    this.notices.push('Progress was reset.');
    this.showProgress();
  }
}
