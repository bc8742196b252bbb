// Practice progress in localStorage under a versioned key; unreadable data is backed up, never lost.
//
// The stored shape (`version: 2`): `attempts` maps `pack/exercise` to
//   { pack, title, type, domain, difficulty,
//     score,      // the first attempt's score (0–1): the exercise's score
//     correct,    // whether the first attempt was fully right
//     tries,      // graded tries in the scored round (input errors do not count)
//     last,       // the last try's score in that round
//     revealed,   // null while the key is hidden; 'correct', 'gave-up' or 'last-try' once shown
//     at,         // when the first attempt was made
//     practice,   // rounds after the key was shown, counted apart: { tries, best, last, at }
//     legacy }    // true when migrated from version 1 (score is then the best of `tries` tries)
// Version 1 (`best`, `tries`, `last`, `correct`, `at`; the best try was the score) is migrated
// when read, keeping every entry.

export const STORAGE_KEY = 'recordlint.progress.v1';
export const VERSION = 2;
const BACKUP_PREFIX = 'recordlint.progress.backup.';

/** Reads progress; unreadable or unknown data is backed up under another key and reported. */
export function loadProgress(storage = safeStorage()) {
  const fresh = { version: VERSION, attempts: {} };
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
  if (isProgressV1(data)) return { progress: migrateV1(data), notice: null };
  const backupKey = BACKUP_PREFIX + new Date().toISOString();
  let kept = false;
  try {
    storage.setItem(backupKey, raw);
    kept = true;
  } catch {
    kept = false;
  }
  const known = data && typeof data === 'object' && (data.version === 1 || data.version === VERSION);
  const why = data && typeof data === 'object' && !known ? `it is from another version (${String(data.version)})` : 'it is damaged';
  const notice = kept
    ? `Your saved progress could not be used because ${why}. It was kept unchanged under the storage key "${backupKey}", and a fresh record was started.`
    : `Your saved progress could not be used because ${why}, and it could not be backed up; it was left in place and this session starts fresh without saving.`;
  return { progress: fresh, notice, readOnly: !kept };
}

/** Version 1 progress as version 2: every entry kept; its best score becomes the score, marked
 * `legacy` (version 1 did not keep the first try apart). */
export function migrateV1(data) {
  const attempts = {};
  for (const [key, a] of Object.entries(data.attempts)) {
    attempts[key] = {
      pack: a.pack,
      title: a.title,
      type: a.type,
      domain: a.domain,
      difficulty: a.difficulty,
      score: a.best,
      correct: Boolean(a.correct),
      tries: a.tries,
      last: typeof a.last === 'number' ? a.last : a.best,
      // Version 1 showed the key after the first try.
      revealed: a.correct ? 'correct' : 'last-try',
      at: a.at,
      legacy: true,
    };
  }
  return { version: VERSION, attempts };
}

function isAttempts(data, entry) {
  if (!data.attempts || typeof data.attempts !== 'object' || Array.isArray(data.attempts)) return false;
  return Object.values(data.attempts).every((a) => a && typeof a === 'object' && entry(a));
}

function isProgress(data) {
  if (!data || typeof data !== 'object' || data.version !== VERSION) return false;
  return isAttempts(data, (a) => typeof a.score === 'number' && typeof a.tries === 'number');
}

function isProgressV1(data) {
  if (!data || typeof data !== 'object' || data.version !== 1) return false;
  return isAttempts(data, (a) => typeof a.best === 'number' && typeof a.tries === 'number');
}

export function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
