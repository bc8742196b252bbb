// Master patient index: group the records that are the same person, tick overlays.
import { el } from '../view.js';

export function mpiView({ ex, form }) {
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
