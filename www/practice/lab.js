// The Practice lab: packs of exercises graded by the same engine that validates records. This is
// the shell: the lab's state (packs, progress, filters, the session and its timer) and the moves
// between screens. The screens are their own modules — the dashboard, one exercise (with one view
// module per exercise type), the session summary and progress — and import nothing from here:
// they get the lab and call its methods. Every text from a pack or record is inserted as text
// (el() makes text nodes), never as HTML.
import { clear, el } from '../view.js';
import { hash, keyOf } from './common.js';
import { loadProgress, safeStorage, STORAGE_KEY, VERSION } from './storage.js';
import { loadBundled } from './packs.js';
import { openPackLink } from './pack-link.js';
import { loadStored } from './pack-store.js';
import { showPackLanding } from './pack-landing.js';
import { showDashboard } from './dashboard.js';
import { showExercise } from './exercise.js';
import { showProgress, showSummary } from './progress-view.js';
import { showMockReport } from './mock-exam.js';

const DAILY_MIX_SIZE = 7;
/** Tries allowed before the key is shown (outside exam practice). */
export const MAX_TRIES = 3;

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
    this.returnTo = null; // the dashboard control that opened the screen shown (focus goes back to it)
    this.timer = null;
    this.rules = null;
  }

  async start() {
    clear(this.root).classList.add('practice');
    this.root.append(el('p', { class: 'practice-loading', role: 'status', 'data-testid': 'practice-loading' }, 'Loading exercise packs…'));
    await loadBundled(this);
    loadStored(this);
    const wanted = new URLSearchParams(location.search).get('pack');
    const linked = wanted === null ? null : await openPackLink(this, wanted);
    if (linked) {
      this.filters.pack = linked;
      this.showPackLanding(linked);
    } else this.showDashboard();
  }

  // ---- screens

  showDashboard(options) { showDashboard(this, options); }

  showPackLanding(id) { showPackLanding(this, id); }

  showExercise() { showExercise(this); }

  showSummary() { if (this.session?.mock) showMockReport(this); else showSummary(this); }

  showProgress() { showProgress(this); }

  /** Replaces what the lab shows (and stops an exam timer). */
  screen(...children) {
    this.stopTimer();
    clear(this.root).append(...children);
  }

  /** The notices not yet dismissed, in a box (hidden when there are none). */
  noticeBox() {
    const box = el('div', { class: 'practice-notice', role: 'status', 'data-testid': 'practice-notice' });
    for (const n of this.notices) box.append(el('p', {}, n));
    if (this.notices.length) {
      box.append(el('button', { type: 'button', class: 'link', onclick: () => { this.notices = []; box.remove(); } }, 'Dismiss'));
    } else box.hidden = true;
    return box;
  }

  /** Shows `message` in the notice box on screen, or keeps it for the next one. */
  flash(message) {
    const box = this.root.querySelector('[data-testid="practice-notice"]');
    if (box) {
      box.hidden = false;
      box.append(el('p', {}, message));
    } else this.notices.push(message);
  }

  // ---- exercises

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

  /** The engine's rules, for choosing the kind of an error. */
  ruleList() {
    if (!this.rules) {
      try {
        this.rules = this.wasm.rules();
      } catch {
        this.rules = [];
      }
    }
    return this.rules;
  }

  /** The engine's grade of `answer`, or null (and a notice) when it cannot grade. */
  grade(item, answer) {
    try {
      return this.wasm.gradeExercise(JSON.stringify(item.ex), JSON.stringify(answer));
    } catch (err) {
      this.flash(`This exercise could not be graded: ${err.message}`);
      return null;
    }
  }

  // ---- progress and rounds
  //
  // An exercise's score is its first graded attempt. The key (the full feedback, the answer and
  // the explanation) stays hidden until the answer is right, the student gives up ("Show
  // answer") or the last allowed try is used; a round ends there. A round after that is practice:
  // counted apart (`practice` in the stored entry), never changing the score. An input error (an
  // answer the engine cannot read) is not a try.

  attempt(item) {
    return this.progress.attempts[keyOf(item)];
  }

  /** Tries allowed in one round: one in exam practice, else MAX_TRIES. */
  maxTries() {
    return this.session?.deadline !== null && this.session?.deadline !== undefined ? 1 : MAX_TRIES;
  }

  /** This session's round of `item`: `{ practice, tries, revealed, grade, first }`. A stored
   * scored round whose key is still hidden is continued. */
  round(item) {
    const s = this.session;
    const key = keyOf(item);
    let r = s.rounds.get(key);
    if (!r) {
      const a = this.attempt(item);
      const scored = !a || !a.revealed;
      r = { practice: !scored, tries: scored ? (a?.tries ?? 0) : 0, revealed: null, grade: null, first: null };
      s.rounds.set(key, r);
    }
    return r;
  }

  /** Starts a practice round of `item` (after its key was shown). */
  practiceAgain(item) {
    const r = { practice: true, tries: 0, revealed: null, grade: null, first: null };
    this.session.rounds.set(keyOf(item), r);
    return r;
  }

  /** Records one graded try (never an input error) and ends the round when it is right or the
   * last allowed try. Returns the round. */
  recordTry(item, grade) {
    const r = this.round(item);
    if (r.revealed) return r;
    r.tries += 1;
    r.grade = grade;
    r.first ??= grade;
    if (grade.correct) r.revealed = 'correct';
    else if (r.tries >= this.maxTries()) r.revealed = 'last-try';
    const key = keyOf(item);
    const now = new Date().toISOString();
    const old = this.progress.attempts[key];
    if (r.practice && old) {
      const p = old.practice ?? { tries: 0, best: 0, last: 0 };
      old.practice = { tries: p.tries + 1, best: Math.max(p.best, grade.score), last: grade.score, at: now };
    } else if (!old) {
      this.progress.attempts[key] = {
        ...this.meta(item), score: grade.score, correct: Boolean(grade.correct), tries: 1, last: grade.score, revealed: r.revealed, at: now,
      };
    } else {
      old.tries = r.tries;
      old.last = grade.score;
      old.revealed = r.revealed;
    }
    this.save();
    return r;
  }

  /** The student gives up: the key is shown. Without a try yet, the score is recorded as 0. */
  giveUp(item) {
    const r = this.round(item);
    if (r.revealed) return r;
    r.revealed = 'gave-up';
    const key = keyOf(item);
    const old = this.progress.attempts[key];
    if (!old) {
      this.progress.attempts[key] = {
        ...this.meta(item), score: 0, correct: false, tries: 0, last: 0, revealed: 'gave-up', at: new Date().toISOString(),
      };
    } else if (!r.practice) old.revealed = 'gave-up';
    this.save();
    return r;
  }

  meta(item) {
    return { pack: item.pack.id, title: item.ex.title, type: item.ex.type, domain: item.ex.domain, difficulty: item.ex.difficulty };
  }

  resetProgress() {
    this.progress = { version: VERSION, attempts: {} };
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

  // ---- sessions

  dailyMix() {
    const day = new Date().toISOString().slice(0, 10);
    const byType = new Map();
    for (const item of this.items()) {
      const a = this.attempt(item);
      // Unseen first, then weakest; the day's hash breaks ties, so the mix changes daily.
      const rank = [a ? 1 : 0, a ? a.score : 0, hash(day + keyOf(item))];
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
      rounds: new Map(),
      deadline: this.exam.on ? Date.now() + this.exam.minutes * 60000 : null,
    };
    this.showExercise();
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

  // ---- exam timer

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
}
