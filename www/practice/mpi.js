// Master patient index: each entry as a card — identity, registration date and encounter history
// (so a student can tell who owns an MRN) — with a group letter for duplicates (the same person
// under different MRNs) and an overlay box (this entry does not belong under its MRN). The answer
// is the grader's `MpiAnswer`: `{ groups: [[ids]], overlays: [ids] }`.
import { el } from '../view.js';

const ORDERS = {
  listed: 'As listed',
  mrn: 'MRN',
  name: 'Name',
  birth: 'Birth date',
  registered: 'Registration date',
};

export function mpiView({ ex, form }) {
  const patients = ex.patients ?? [];
  const letters = 'ABCDEFGHIJKL'.slice(0, Math.max(2, Math.ceil(patients.length / 2))).split('');
  const controls = [];
  const list = el('ul', { class: 'mpi-entries', 'data-testid': 'mpi-table' });
  const cards = new Map();
  for (const p of patients) {
    const gid = `practice-mpi-group-${p.id}`;
    const oid = `practice-mpi-overlay-${p.id}`;
    const group = el('select', { id: gid, 'data-testid': `mpi-group-${p.id}` }, el('option', { value: '' }, '—'), letters.map((l) => el('option', { value: l }, l)));
    const overlay = el('input', { type: 'checkbox', id: oid, 'data-testid': `mpi-overlay-${p.id}` });
    controls.push({ id: p.id, group, overlay });
    const encounters = Array.isArray(p.encounters) ? p.encounters : [];
    const card = el('li', { class: 'mpi-entry', 'data-testid': `mpi-entry-${p.id}` },
      el('div', { class: 'mpi-head' },
        el('span', { class: 'mpi-id mono' }, p.id),
        el('span', { class: 'mpi-mrn' }, 'MRN ', el('span', { class: 'mono' }, p.mrn)),
        el('span', { class: 'mpi-registered', 'data-testid': `mpi-registered-${p.id}` }, 'Registered ',
          el('span', { class: 'mono' }, p.registered || 'not recorded'))),
      el('p', { class: 'mpi-name' }, p.name),
      el('dl', { class: 'mpi-facts' },
        fact('Born', el('span', { class: 'mono' }, p.birth_date)),
        fact('Sex', p.sex),
        p.address ? fact('Address', p.address) : null,
        p.phone ? fact('Phone', el('span', { class: 'mono' }, p.phone)) : null),
      el('div', { class: 'mpi-history' },
        el('h4', {}, `Encounters (${encounters.length})`),
        encounters.length
          ? el('ol', { class: 'mpi-encounters', 'data-testid': `mpi-encounters-${p.id}` }, encounters.map((e) => el('li', {},
            el('span', { class: 'mono' }, e.date), ' ', el('span', { class: 'mpi-service' }, e.service), e.reason ? ` — ${e.reason}` : '')))
          : el('p', { class: 'muted' }, 'None recorded.')),
      el('div', { class: 'mpi-answer' },
        el('span', { class: 'field' }, el('label', { for: gid }, `Same person as group`), group),
        el('span', { class: 'field check' }, overlay, el('label', { for: oid }, `Does not belong under MRN ${p.mrn} (overlay)`))));
    cards.set(p.id, card);
    list.append(card);
  }
  const orderId = 'practice-mpi-order';
  const order = el('select', { id: orderId, 'data-testid': 'mpi-order' }, Object.entries(ORDERS).map(([value, text]) => el('option', { value }, text)));
  order.addEventListener('change', () => {
    const by = {
      listed: () => 0,
      mrn: (a, b) => a.mrn.localeCompare(b.mrn),
      name: (a, b) => a.name.localeCompare(b.name),
      birth: (a, b) => a.birth_date.localeCompare(b.birth_date),
      registered: (a, b) => String(a.registered ?? '').localeCompare(String(b.registered ?? '')),
    }[order.value] ?? (() => 0);
    const sorted = [...patients].sort((a, b) => by(a, b) || patients.indexOf(a) - patients.indexOf(b));
    list.append(...sorted.map((p) => cards.get(p.id)));
  });
  form.append(el('fieldset', {}, el('legend', {}, 'The index'),
    el('p', { class: 'muted' }, 'Give entries that are the same person the same group letter. Tick an entry that does not belong under its MRN: the MRN belongs to the person registered first.'),
    el('div', { class: 'field inline' }, el('label', { for: orderId }, 'Order entries by'), order),
    list));
  const describe = (id) => {
    const p = patients.find((x) => x.id === id);
    return p ? `${id} (MRN ${p.mrn}, ${p.name}, registered ${p.registered ?? 'not recorded'})` : id;
  };
  return {
    answer: () => {
      const groups = new Map();
      for (const c of controls) if (c.group.value) groups.set(c.group.value, [...(groups.get(c.group.value) ?? []), c.id]);
      return { groups: [...groups.values()].filter((g) => g.length > 1), overlays: controls.filter((c) => c.overlay.checked).map((c) => c.id) };
    },
    key: () => {
      const a = ex.answer ?? {};
      const groups = a.groups ?? [];
      const overlays = a.overlays ?? [];
      return el('div', {},
        el('p', {}, groups.length ? 'The same person (merge):' : 'No duplicates.'),
        groups.length ? el('ul', { class: 'key-list' }, groups.map((g) => el('li', {}, g.map(describe).join(' + ')))) : null,
        el('p', {}, overlays.length ? 'Overlays (the entry that does not belong under its MRN):' : 'No overlays.'),
        overlays.length ? el('ul', { class: 'key-list' }, overlays.map((id) => el('li', {}, describe(id)))) : null);
    },
  };
}

function fact(term, value) {
  return el('div', {}, el('dt', {}, term), el('dd', {}, value));
}
