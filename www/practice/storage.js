// Practice progress in localStorage under a versioned key; unreadable data is backed up, never lost.

export const STORAGE_KEY = 'recordlint.progress.v1';
const BACKUP_PREFIX = 'recordlint.progress.backup.';

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

export function safeStorage() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
