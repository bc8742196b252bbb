// Rendering helpers. Every text from records, packs or rule docs is inserted as text
// (textContent / text nodes), never as HTML.

/** Creates an element; string children become text nodes. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Removes all children. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

const SEVERITY_ICON = { error: '✕', warning: '!', info: 'i' };

/** Severity as icon and word (never colour alone). */
export function severityBadge(severity) {
  return el('span', { class: `sev sev-${severity}` },
    el('span', { class: 'sev-icon', 'aria-hidden': 'true' }, SEVERITY_ICON[severity] ?? '?'),
    severity);
}

/** The location as the CLI prints it: `row 7, discharge_date`, `/entry/3/resource/birthDate`, `message 2, PID-7.1`. */
export function locationText(loc) {
  if (!loc) return 'file';
  if (loc.row !== undefined) return loc.column ? `row ${loc.row}, ${loc.column}` : `row ${loc.row}`;
  if (loc.pointer !== undefined) {
    const pointer = loc.pointer || '/';
    return loc.line ? `line ${loc.line}, ${pointer}` : pointer;
  }
  if (loc.message !== undefined) return `message ${loc.message}, ${loc.path}`;
  if (loc.line) return `line ${loc.line}`;
  if (loc.byte !== undefined) return `byte ${loc.byte}`;
  return 'file';
}

/** Inline Markdown: `code` spans; everything else is text. */
function inline(text) {
  const parts = text.split(/(`[^`]+`)/);
  return parts.filter(Boolean).map((p) => (p.startsWith('`') && p.endsWith('`') && p.length > 1
    ? el('code', {}, p.slice(1, -1)) : document.createTextNode(p)));
}

/** Renders the small Markdown subset of rule docs (## headings, paragraphs, - lists, `code`). */
export function renderMarkdown(md) {
  const frag = document.createDocumentFragment();
  let paragraph = [];
  let list = null;
  const flush = () => {
    if (paragraph.length) frag.append(el('p', {}, inline(paragraph.join(' '))));
    paragraph = [];
  };
  for (const raw of md.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('## ')) {
      flush(); list = null;
      frag.append(el('h4', {}, line.slice(3)));
    } else if (line.startsWith('- ')) {
      flush();
      if (!list) { list = el('ul'); frag.append(list); }
      list.append(el('li', {}, inline(line.slice(2))));
    } else if (line === '') {
      flush(); list = null;
    } else {
      list = null;
      paragraph.push(line);
    }
  }
  flush();
  return frag;
}

/** One row of the findings table. */
export function findingRow(finding, index) {
  return el('tr', { tabindex: '0', dataset: { index: String(index) }, 'aria-selected': 'false' },
    el('td', {}, severityBadge(finding.severity)),
    el('td', { class: 'rule' }, finding.rule, el('span', { class: 'rule-name' }, finding.name)),
    el('td', { class: 'loc' }, locationText(finding.location)),
    el('td', {}, finding.message));
}

/** The side panel for a selected finding: what, where, the source around it, the rule's docs. */
export function renderDetail(aside, finding, rule, context) {
  clear(aside);
  aside.append(
    el('h3', {}, `${finding.rule} ${finding.name}`),
    el('dl', {},
      el('dt', {}, 'Severity'), el('dd', {}, severityBadge(finding.severity)),
      el('dt', {}, 'Where'), el('dd', { class: 'mono' }, locationText(finding.location)),
      el('dt', {}, 'What'), el('dd', {}, finding.message)),
  );
  if (context && context.length) {
    const box = el('div', { class: 'context', role: 'region', tabindex: '0', 'aria-label': 'Source around the finding' });
    for (const { number, text, hit } of context) {
      box.append(el('div', { class: hit ? 'hit' : undefined }, el('span', { class: 'ln' }, String(number)), text));
    }
    aside.append(el('h4', {}, 'In the file'), box);
  }
  if (rule) aside.append(el('div', { class: 'doc', 'data-testid': 'rule-doc' }, renderMarkdown(rule.doc)));
}

/** The Rules tab: one expandable card per rule. */
export function renderRulesList(container, rules) {
  clear(container);
  for (const rule of rules) {
    container.append(el('details', { class: 'rule-card', id: `rule-${rule.id}` },
      el('summary', {},
        el('span', { class: 'mono' }, rule.id),
        el('strong', {}, rule.name),
        el('span', { class: 'family' }, rule.family),
        severityBadge(rule.default_severity),
        el('span', { class: 'muted' }, rule.summary)),
      el('div', { class: 'doc' }, renderMarkdown(rule.doc))));
  }
}

/** Lines around `line` (1-based) of `text`, for the detail panel. */
export function contextLines(text, line, radius = 2) {
  if (!line) return [];
  const lines = text.split(/\r\n|\r|\n/);
  const from = Math.max(1, line - radius);
  const to = Math.min(lines.length, line + radius);
  const out = [];
  for (let n = from; n <= to; n++) out.push({ number: n, text: lines[n - 1].slice(0, 400), hit: n === line });
  return out;
}
