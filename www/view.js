// Rendering helpers. Every text from records, packs or rule docs is inserted as text
// (textContent / text nodes), never as HTML.

const COUNT = new Intl.NumberFormat();

/** A count with the reader's digit grouping (`12,345`): one formatter for all, where
 * `Number.toLocaleString` builds a new one on every call. */
export function formatCount(n) {
  return COUNT.format(n);
}

/**
 * A count with its noun, singular for one: `counted(1, 'record')` → `1 record`,
 * `counted(12345, 'record')` → `12,345 records`; `many` for nouns that do not just add an s.
 */
export function counted(n, one, many = `${one}s`) {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

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
  for (const child of children.flat(Infinity)) {
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

/**
 * `text` in at most `max` characters: when longer, its start and end around "…". With `steps`
 * (a location) the cuts fall after a "/" where one is near, so that a FHIR pointer keeps its
 * line and entry and its last steps (`line 270, /entry/2/…/coding/0/code`).
 */
export function abbreviateMiddle(text, max, steps = false) {
  if (text.length <= max) return text;
  let head = Math.ceil((max - 1) / 2);
  if (steps) {
    const next = text.indexOf('/', head);
    const previous = text.lastIndexOf('/', head - 1);
    if (next >= 0 && next - head < 4) head = next + 1;
    else if (previous > head / 2) head = previous + 1;
  }
  let tail = max - 1 - head;
  const from = steps ? text.indexOf('/', text.length - tail) : -1;
  if (from >= 0) tail = text.length - from;
  return `${text.slice(0, head)}…${text.slice(text.length - tail)}`;
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

/**
 * The side panel for a selected finding: what and where (with the value and MRN), the source
 * around it (`context`, a node or null), and the rule's documentation with a link to the index.
 */
export function renderDetail(aside, finding, rule, context) {
  clear(aside);
  const facts = [
    ['Severity', severityBadge(finding.severity)],
    finding.file ? ['File', el('span', { class: 'mono' }, finding.file)] : null,
    ['Where', el('span', { class: 'mono' }, locationText(finding.location))],
    finding.value !== undefined && finding.value !== null ? ['Value', el('span', { class: 'mono' }, finding.value === '' ? '(blank)' : finding.value)] : null,
    finding.mrn ? ['MRN', el('span', { class: 'mono' }, finding.mrn)] : null,
    ['What', finding.message],
  ].filter(Boolean);
  aside.append(
    el('h3', {}, `${finding.rule} ${finding.name}`),
    el('dl', {}, facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])),
  );
  if (context) aside.append(context);
  if (rule) {
    aside.append(el('div', { class: 'doc', 'data-testid': 'rule-doc' },
      el('h4', { class: 'doc-title' }, `About ${rule.id} ${rule.name}`),
      renderMarkdown(rule.doc),
      el('p', {}, el('a', { href: `#${rule.id}`, 'data-testid': 'rule-link' }, `${rule.id} in the rule index`))));
  }
}
