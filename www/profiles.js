// Profiles in the page: presets shipped with the engine, profiles of one's own (edited here,
// imported or exported as JSON), and which one is selected. Only profiles are stored — never
// record data — in localStorage under a versioned key.
import { clear, el, renderMarkdown, severityBadge } from './view.js';
import { download } from './export.js';

const KEY = 'recordlint.profiles.v1';
const SETTINGS = ['default', 'off', 'info', 'warning', 'error'];

function loadStore() {
  try {
    const raw = localStorage.getItem(KEY);
    const store = raw ? JSON.parse(raw) : null;
    if (store && typeof store === 'object' && typeof store.custom === 'object') return store;
  } catch { /* unreadable: start again below */ }
  return { selected: 'preset:default', custom: {} };
}

function saveStore(store) {
  try { localStorage.setItem(KEY, JSON.stringify(store)); } catch { /* storage full or disabled */ }
}

/**
 * Wires the profile selector and editor. `presets`, `fields` (the record fields with their labels)
 * and `rules` come from the engine;
 * `check(json)` resolves to an error message or null. Returns `current()` giving the selected
 * profile's JSON.
 */
export function initProfiles({ select, editButton, dialog, presets, fields, rules, check, onChange }) {
  const store = loadStore();
  const byName = new Map(presets.map((p) => [p.name, p]));

  const options = () => {
    clear(select);
    select.append(el('option', { value: 'preset:default' }, 'Default (registration + diagnosis)'));
    for (const p of presets) select.append(el('option', { value: `preset:${p.name}` }, p.title));
    const own = Object.keys(store.custom).sort();
    if (own.length) {
      const group = el('optgroup', { label: 'My profiles' });
      for (const name of own) group.append(el('option', { value: `custom:${name}` }, name));
      select.append(group);
    }
    select.value = [...select.options].some((o) => o.value === store.selected) ? store.selected : 'preset:default';
  };

  const json = (choice = select.value) => {
    const [kind, name] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
    if (kind === 'preset' && name !== 'default') return byName.get(name)?.json ?? '';
    if (kind === 'custom') return store.custom[name] ?? '';
    return '';
  };

  options();
  select.addEventListener('change', () => {
    store.selected = select.value;
    saveStore(store);
    onChange?.();
  });
  editButton.addEventListener('click', () => openEditor(dialog, json(), fields, rules, check, (name, text) => {
    store.custom[name] = text;
    store.selected = `custom:${name}`;
    saveStore(store);
    options();
    onChange?.();
  }));
  return { current: () => json(), title: () => select.selectedOptions[0]?.textContent ?? 'Default' };
}

/** The editor: required fields, length-of-stay threshold, each rule's setting with its docs. */
function openEditor(dialog, startJson, fields, rules, check, onSave) {
  let profile;
  try { profile = startJson ? JSON.parse(startJson) : {}; } catch { profile = {}; }
  const required = new Set(profile.required ?? fields.filter((f) => f.required_by_default).map((f) => f.name));
  const settings = { ...(profile.rules ?? {}) };
  const name = el('input', { id: 'profile-name', type: 'text', value: profile.title || profile.name || 'My profile', 'data-testid': 'profile-name' });
  const los = el('input', { id: 'profile-los', type: 'number', min: '1', max: '3650', value: String(profile.max_length_of_stay_days ?? 365), class: 'narrow' });
  const error = el('p', { class: 'status error', role: 'alert', 'data-testid': 'profile-error' });

  const fieldBoxes = fields.map(({ name: key, label }) => {
    const box = el('input', { type: 'checkbox', id: `req-${key}`, value: key, 'data-testid': `profile-required-${key}` });
    box.checked = required.has(key);
    box.addEventListener('change', () => (box.checked ? required.add(key) : required.delete(key)));
    return el('label', { class: 'check', for: `req-${key}` }, box, ` ${label}`);
  });

  const ruleRows = rules.map((rule) => {
    const current = settings[rule.id] ?? settings[rule.name] ?? 'default';
    const choice = el('select', { 'aria-label': `Setting of ${rule.id} ${rule.name}`, 'data-testid': `profile-rule-${rule.id}` },
      SETTINGS.map((s) => el('option', { value: s }, s === 'default' ? `default (${rule.enabled_by_default === false ? 'off' : rule.default_severity})` : s)));
    choice.value = current;
    choice.addEventListener('change', () => {
      delete settings[rule.name];
      if (choice.value === 'default') delete settings[rule.id];
      else settings[rule.id] = choice.value;
    });
    return el('tr', {},
      el('td', { class: 'mono' }, rule.id),
      el('td', {}, el('details', {}, el('summary', {}, rule.name), el('div', { class: 'doc' }, renderMarkdown(rule.doc)))),
      el('td', {}, severityBadge(rule.default_severity)),
      el('td', {}, choice));
  });

  const build = () => {
    const out = { ...profile, name: slug(name.value), title: name.value.trim(), required: [...required], rules: settings };
    out.max_length_of_stay_days = Number(los.value) || 365;
    return JSON.stringify(out, null, 2);
  };
  const importInput = el('input', { type: 'file', accept: '.json,application/json', hidden: true, 'data-testid': 'profile-import' });
  importInput.addEventListener('change', async () => {
    const file = importInput.files?.[0];
    if (!file) return;
    const text = await file.text();
    const problem = await check(text);
    if (problem) { error.textContent = `${file.name}: ${problem}`; return; }
    dialog.close();
    openEditor(dialog, text, fields, rules, check, onSave);
  });

  clear(dialog).append(el('form', { method: 'dialog', class: 'profile-editor' },
    el('h2', {}, 'Edit profile'),
    el('p', { class: 'muted' }, 'Profiles are kept in this browser only. Export one to share it or to use it with recordlint check --profile FILE.'),
    el('div', { class: 'field' }, el('label', { for: 'profile-name' }, 'Name'), name),
    el('fieldset', {}, el('legend', {}, 'Required fields'), el('div', { class: 'field-grid' }, fieldBoxes)),
    el('div', { class: 'field' }, el('label', { for: 'profile-los' }, 'Longest plausible stay (days)'), los),
    el('h3', {}, 'Rules'),
    el('div', { class: 'rules-table-wrap' }, el('table', { class: 'rules-table' },
      el('thead', {}, el('tr', {}, el('th', {}, 'Id'), el('th', {}, 'Rule'), el('th', {}, 'Default'), el('th', {}, 'In this profile'))),
      el('tbody', {}, ruleRows))),
    error,
    el('div', { class: 'dialog-actions' },
      el('button', { type: 'button', class: 'primary', 'data-testid': 'profile-save', onclick: async () => {
        const text = build();
        const problem = await check(text);
        if (problem) { error.textContent = problem; return; }
        onSave(name.value.trim() || 'My profile', text);
        dialog.close();
      } }, 'Save and use'),
      el('button', { type: 'button', 'data-testid': 'profile-export', onclick: () => download(`${slug(name.value)}.profile.json`, 'application/json', build()) }, 'Export JSON'),
      el('button', { type: 'button', onclick: () => importInput.click() }, 'Import JSON…'), importInput,
      el('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'))));
  dialog.showModal();
}

function slug(text) {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'my-profile';
}
