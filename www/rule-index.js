// The Rules tab as the rule index: every rule of the registry with its id, name, family, default
// severity and documentation (What it does, Why is this bad?, Example, How to fix, References),
// a filter, and a link per rule (`#D201`) that opens the tab at that rule.
import { clear, counted, el, formatCount, renderMarkdown, severityBadge } from './view.js';

const RULE_HASH = /^#([A-Za-z]\d{3})$/;

/** Renders the index of `rules` into `container`. */
export function renderRuleIndex(container, rules) {
  clear(container);
  const cards = rules.map((rule) => ruleCard(rule));
  const filter = el('input', { type: 'search', id: 'rules-filter', placeholder: 'id, name or words', 'data-testid': 'rules-filter' });
  const count = el('span', { class: 'muted', 'aria-live': 'polite' }, counted(rules.length, 'rule'));
  const families = [...new Set(rules.map((r) => r.family))];
  const toc = el('nav', { class: 'rules-toc', 'aria-label': 'Rules by family' },
    families.map((family) => el('div', {},
      el('strong', {}, family),
      el('ul', {}, rules.filter((r) => r.family === family).map((r) => el('li', {}, el('a', { href: `#${r.id}` }, r.id), ` ${r.name}`))))));
  filter.addEventListener('input', () => {
    const needle = filter.value.trim().toLowerCase();
    let shown = 0;
    rules.forEach((r, i) => {
      const hit = !needle || `${r.id} ${r.name} ${r.family} ${r.summary} ${r.doc}`.toLowerCase().includes(needle);
      cards[i].hidden = !hit;
      if (hit) shown++;
    });
    count.textContent = `${formatCount(shown)} of ${counted(rules.length, 'rule')}`;
  });
  const expand = el('button', { type: 'button', class: 'secondary', 'data-testid': 'rules-expand' }, 'Expand all');
  expand.addEventListener('click', () => {
    const open = expand.textContent === 'Expand all';
    for (const c of cards) c.open = open;
    expand.textContent = open ? 'Collapse all' : 'Expand all';
  });
  container.append(
    el('div', { class: 'rules-tools' }, el('label', { for: 'rules-filter' }, 'Find a rule'), filter, expand, count),
    el('details', { class: 'rules-toc-wrap' }, el('summary', {}, 'All rule ids by family'), toc),
    el('div', { class: 'rules-cards' }, cards),
  );
}

function ruleCard(rule) {
  const severity = rule.enabled_by_default ? severityBadge(rule.default_severity)
    : el('span', { class: 'opt-in' }, severityBadge(rule.default_severity), ' opt-in');
  return el('details', { class: 'rule-card', id: `rule-${rule.id}`, dataset: { rule: rule.id } },
    el('summary', {},
      el('span', { class: 'mono' }, rule.id),
      el('strong', {}, rule.name),
      el('span', { class: 'family' }, rule.family),
      severity,
      el('span', { class: 'muted' }, rule.summary)),
    el('div', { class: 'doc' },
      renderMarkdown(rule.doc),
      el('p', { class: 'rule-links muted' },
        el('a', { href: `#${rule.id}`, 'aria-label': `Link to rule ${rule.id}` }, `Link to ${rule.id}`),
        ' · on the command line: ', el('code', {}, `recordlint rule ${rule.id}`))));
}

/** The rule id a location hash names (`#D201`), or null. */
export function ruleFromHash(hash) {
  const m = RULE_HASH.exec(hash);
  return m ? m[1].toUpperCase() : null;
}

/** Opens rule `id` in the index (the tab must be showing): unfolds it, scrolls to it, marks it. */
export function revealRule(id) {
  const card = document.getElementById(`rule-${id}`);
  if (!card) return false;
  card.hidden = false;
  card.open = true;
  for (const c of document.querySelectorAll('.rule-card.targeted')) c.classList.remove('targeted');
  card.classList.add('targeted');
  card.scrollIntoView({ block: 'start' });
  card.querySelector('summary')?.focus({ preventScroll: true });
  return true;
}
