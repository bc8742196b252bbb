// An unbuilt or broken deployment says so. When the engine or one of the build's files cannot be
// loaded, the page asks for each file the build writes (`make build`: the wasm module and its
// bindings, the code descriptions, the pack index, the service worker's list), names the missing
// ones with their HTTP status and path, and says how to fix it. While everything loads no request
// is made: the check runs only after a failure.
import { counted, el } from './view.js';

/** The files of the build output the page cannot do without (relative to the page). */
export const BUILD_FILES = [
  'pkg/recordlint.js',
  'pkg/recordlint_bg.wasm',
  'data/icd10cm-descriptions.txt.deflate',
  'data/icd10cm-notes.txt.deflate',
  'data/icd10pcs-descriptions.txt.deflate',
  'data/hcpcs-descriptions.txt.deflate',
  'exercises/index.json',
  'sw-assets.js',
];

/** How to fix a copy without (part of) its build output, with the commands as code. */
const howToFix = () => el('p', {}, el('strong', {}, 'How to fix: '),
  'this folder looks like the page\u2019s sources without their build output. Use the site zip (',
  el('code', {}, 'recordlint-site-<version>.zip'), ' from the project\u2019s releases: unzip it and copy its ',
  el('code', {}, 'recordlint/'), ' folder to the host), or build the site from source: run ', el('code', {}, 'make build'),
  ' and serve ', el('code', {}, 'dist/site/'), ' (', el('code', {}, 'make serve'), ' does both).');

/** The path of `file` on this host, as the browser asks for it (sub-path included). */
const pathOf = (file) => new URL(file, document.baseURI).pathname;

/** Asks for one file and reads only its headers; resolves to a problem sentence or null. */
async function probe(file) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 1500);
  try {
    const response = await fetch(file, { cache: 'no-store', signal: controller.signal });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok) return `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    // A host that answers every unknown path with a page (200, text/html) has not got the file either.
    if (type.includes('text/html')) return `HTTP ${response.status}, but a web page (${type.split(';')[0]}) instead of the file`;
    return null;
  } catch {
    return controller.signal.aborted ? 'no answer within 1.5 s' : 'could not be requested (network error)';
  } finally {
    clearTimeout(timer);
    controller.abort(); // the headers are enough: do not download the body
  }
}

/** Checks the build's files; resolves to `[{ file, path, problem }]` for those not served. */
export async function findMissing(files = BUILD_FILES) {
  const problems = await Promise.all(files.map(probe));
  return files.map((file, i) => ({ file, path: pathOf(file), problem: problems[i] })).filter((m) => m.problem);
}

/** The box that names the missing files and the fix (`detail`: what failed, as the browser said). */
function deployProblemBox(missing, detail) {
  const box = el('div', { class: 'deploy-problem', role: 'alert', 'data-testid': 'deploy-problem' });
  if (missing.length) {
    box.append(
      el('h2', {}, 'This copy of recordlint is incomplete'),
      el('p', {}, missing.length === 1 ? 'A file of its build could not be loaded from this host:'
        : `${counted(missing.length, 'file')} of its build could not be loaded from this host:`),
      el('ul', {}, ...missing.map((m) => el('li', { 'data-testid': 'missing-file' }, el('code', {}, m.path), ` \u2014 ${m.problem}`))),
      howToFix(),
    );
  } else {
    box.append(
      el('h2', {}, 'The validator could not start'),
      el('p', {}, `Every file of the build is served, but the engine did not load${detail ? `: ${detail}` : '.'}`),
      el('p', {}, 'Use a current browser with WebAssembly enabled. If you host this copy, check that the server sends '
        + '.wasm files as application/wasm and .js files as text/javascript, and that nothing rewrites them.'),
    );
  }
  return box;
}

let reported = null;

/**
 * Finds what is missing (once per page, unless `known` already says) and shows it above the tabs'
 * panels; resolves to the missing files. `detail` is the failure as the browser reported it.
 */
export function reportDeployProblem(detail, known = null) {
  reported ??= (known ? Promise.resolve(known) : findMissing()).then((missing) => {
    const box = deployProblemBox(missing, detail);
    box.id = 'deploy-problem';
    document.querySelector('main')?.prepend(box);
    return missing;
  });
  return reported;
}

/**
 * Watches the page's own loads of the build's files (in browsers that report a resource's HTTP
 * status) and reports the deployment when one of them fails — a data file the look-up needs, say.
 */
export function watchBuildFiles() {
  if (typeof PerformanceObserver === 'undefined') return;
  const watched = new Map(BUILD_FILES.map((f) => [pathOf(f), f]));
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const status = entry.responseStatus;
      const file = watched.get(new URL(entry.name).pathname);
      if (file && status >= 400) reportDeployProblem(`${file} answered HTTP ${status}`);
    }
  });
  try {
    observer.observe({ type: 'resource', buffered: true });
  } catch { /* no resource timing: failures of the engine are still reported */ }
}
