// Packs opened from a file are kept in this browser (localStorage, `recordlint.packs.v1`: a list
// of `{ name, text }`), so a class set opened once is there on the next visit. Each is checked by
// the engine again when it is read back; one that no longer passes is reported, not used.
import { addPack } from './packs.js';

export const PACKS_KEY = 'recordlint.packs.v1';

function read(storage) {
  try {
    const list = JSON.parse(storage?.getItem(PACKS_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter((p) => typeof p?.name === 'string' && typeof p?.text === 'string') : [];
  } catch {
    return [];
  }
}

/** Adds the packs kept in this browser to the lab. */
export function loadStored(lab) {
  for (const { name, text } of read(lab.storage)) addPack(lab, name, text, 'stored');
}

/** Keeps the pack `id` (just opened from `name` with `text`) in this browser; returns whether it could. */
export function storePack(lab, id, name, text) {
  if (!lab.storage) return false;
  const list = read(lab.storage).filter((p) => packId(p.text) !== id);
  list.push({ name, text });
  try {
    lab.storage.setItem(PACKS_KEY, JSON.stringify(list));
    lab.packs.get(id).source = 'stored';
    return true;
  } catch {
    return false;
  }
}

/** Forgets the kept pack `id` and removes it from the lab. */
export function forgetPack(lab, id) {
  const list = read(lab.storage).filter((p) => packId(p.text) !== id);
  try {
    lab.storage?.setItem(PACKS_KEY, JSON.stringify(list));
  } catch {
    // Nothing kept can be removed from storage that cannot be written; the pack leaves the lab anyway.
  }
  lab.packs.delete(id);
}

function packId(text) {
  try {
    return JSON.parse(text).id;
  } catch {
    return null;
  }
}
