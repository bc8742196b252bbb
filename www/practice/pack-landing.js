// The landing screen of one pack (where `?pack=` and an opened pack file lead): its title and
// description, who made it, its exercises, and Start. Imports no other screen.
import { counted, el } from '../view.js';
import { DIFFICULTIES, TYPES } from './common.js';
import { forgetPack } from './pack-store.js';

export function showPackLanding(lab, id) {
  const pack = lab.packs.get(id);
  const items = lab.items().filter((item) => item.pack.id === id);
  const heading = el('h2', { tabindex: '-1', 'data-testid': 'pack-title' }, pack.title);
  const start = el('button', { type: 'button', 'data-testid': 'pack-start' }, 'Start');
  start.addEventListener('click', () => { lab.returnTo = null; lab.startSession(items, pack.title); });
  const all = el('button', { type: 'button', class: 'secondary', 'data-testid': 'pack-all' }, 'All exercises');
  all.addEventListener('click', () => { lab.filters.pack = ''; lab.showDashboard({ focus: true }); });
  const made = [pack.author && `by ${pack.author}`, pack.version && `version ${pack.version}`, pack.licence && `licence ${pack.licence}`]
    .filter(Boolean).join(' · ');
  const kept = pack.source === 'stored'
    ? el('p', { class: 'muted' }, 'Kept in this browser. ',
      el('button', { type: 'button', class: 'link', 'data-testid': 'pack-forget', onclick: () => { forgetPack(lab, id); lab.showDashboard({ focus: true }); } }, 'Remove it'))
    : null;
  const list = el('ol', { class: 'pack-exercises', 'data-testid': 'pack-exercises' },
    ...items.map(({ ex }) => el('li', {}, ex.title, ' ', el('span', { class: 'muted' }, `— ${TYPES[ex.type] ?? ex.type}, ${DIFFICULTIES[ex.difficulty] ?? ex.difficulty}`))));
  const view = el('div', { class: 'practice-pack', 'data-testid': 'pack-landing' },
    el('div', { class: 'practice-top' }, heading, el('div', { class: 'practice-actions' }, start, all)),
    lab.noticeBox(),
    pack.description ? el('p', {}, pack.description) : null,
    el('p', { class: 'muted', 'data-testid': 'pack-made' }, [counted(items.length, 'exercise'), made].filter(Boolean).join(' · ')),
    kept,
    list);
  lab.screen(view);
  heading.focus();
}
