// The memory of the benchmark's tab, from Linux's /proc and from Chromium's own memory dumps.
//
// Chromium runs a page, its dedicated workers and its service worker in one renderer process (the
// tab); the browser's own UI (the omnibox popup, a `--top-chrome-webui` renderer) and a spare
// renderer kept for the next navigation are other renderer processes, counted apart. The tab is
// the renderer process that runs worker threads (the page starts its validator worker at once).
import { readFileSync, readdirSync } from 'node:fs';

/** Marks this benchmark's Chromium (an unknown switch, ignored by it) so that its processes can
 *  be told from other browsers on the machine. */
export const MARK = `--recordlint-bench=${process.pid}`;

/** The parent process of `pid`, or 0. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

/** Whether `pid` descends from this benchmark's Chromium. */
function ours(pid) {
  for (let p = parentOf(pid), hops = 0; p > 1 && hops < 8; p = parentOf(p), hops++) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(MARK)) return true;
    } catch { return false; }
  }
  return false;
}

/** Whether process `pid` runs a dedicated or service worker thread. */
function runsWorkers(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).some((t) => {
      try {
        return /Worker/.test(readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8'));
      } catch { return false; }
    });
  } catch {
    return false;
  }
}

/** This benchmark's renderer processes: `[{ pid, tab }]` (`tab`: it holds the page's workers). */
export function renderers() {
  const found = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('--type=renderer') || !ours(pid)) continue;
      found.push({ pid: Number(pid), tab: !cmd.includes('--top-chrome-webui') && runsWorkers(pid) });
    } catch { /* the process ended */ }
  }
  return found;
}

/** Kilobytes of `name` in a /proc text (`Rss:  1234 kB`), as bytes. */
function kb(text, name) {
  return Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
}

/**
 * Of process `pid`: `footprint`, its private dirty pages and swap (its own heaps, wasm memory,
 * compiled code and stacks, and the shared-memory pages only it maps); `anon`, its anonymous
 * resident pages and swap (what Chromium's task manager shows as its memory footprint: the same
 * without shared memory); `rss`, its resident pages, shared ones included.
 */
function footprintOf(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    footprint: kb(rollup, 'Private_Dirty') + kb(rollup, 'Swap'),
    anon: kb(status, 'RssAnon') + kb(status, 'VmSwap'),
    rss: kb(rollup, 'Rss'),
  };
}

/**
 * Memory of the tab and of every renderer process of this Chromium, in bytes: `tab`, `tabAnon`
 * and `tabRss` (the tab's footprint, anonymous memory and resident pages, as `footprintOf`),
 * `all` and `allRss` (every renderer, the browser's UI and a spare renderer included).
 */
export function rendererMemory() {
  const total = { tab: 0, tabAnon: 0, tabRss: 0, all: 0, allRss: 0 };
  for (const { pid, tab } of renderers()) {
    try {
      const { footprint, anon, rss } = footprintOf(pid);
      total.all += footprint;
      total.allRss += rss;
      if (tab) {
        total.tab += footprint;
        total.tabAnon += anon;
        total.tabRss += rss;
      }
    } catch { /* the process ended */ }
  }
  return total;
}

/** Allocators of Chromium's memory dump, as they are reported in the breakdown (first match). */
const PARTS = [
  ['JS heap of the page', 'v8/main'],
  ['JS heaps of the workers', 'v8/workers'],
  ['ArrayBuffers', 'partition_alloc/partitions/array_buffer'],
  ['DOM and Blink objects (Oilpan)', 'blink_gc'],
  ['Blink buffers and strings', 'partition_alloc'],
  ['malloc', 'malloc'],
  ['compositor tiles', 'cc'],
];

/**
 * One detailed memory dump of Chromium (the `disabled-by-default-memory-infra` trace) taken now
 * (`collect`: after a garbage collection of every heap, as the dump's deterministic mode does):
 * for the tab's processes, `{ footprint, parts: [[name, bytes]] }` — the allocators of PARTS
 * (each without what an earlier, more specific entry already counted), or null when Chromium
 * gave no dump. Tracing must not be on already.
 */
export async function memoryDump(browser, collect = false) {
  const session = await browser.newBrowserCDPSession();
  const events = [];
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['disabled-by-default-memory-infra'],
      excludedCategories: ['*'],
      memoryDumpConfig: { triggers: [] },
    },
    transferMode: 'ReportEvents',
  });
  const { success } = await session.send('Tracing.requestMemoryDump', { deterministic: collect, levelOfDetail: 'detailed' });
  await session.send('Tracing.end');
  await complete;
  await session.detach();
  if (!success) return null;
  const tabs = new Set(renderers().filter((r) => r.tab).map((r) => r.pid));
  const size = (node) => (node?.attrs?.size ? parseInt(node.attrs.size.value, 16) : 0);
  const result = { footprint: 0, parts: new Map() };
  for (const e of events) {
    if (e.ph !== 'v' || !tabs.has(e.pid)) continue;
    const totals = e.args?.dumps?.process_totals;
    if (totals?.private_footprint_bytes) result.footprint += parseInt(totals.private_footprint_bytes, 16);
    const allocators = e.args?.dumps?.allocators;
    if (!allocators) continue;
    const counted = [];
    for (const [name, path] of PARTS) {
      const inner = counted.filter((c) => c.startsWith(`${path}/`)).reduce((n, c) => n + size(allocators[c]), 0);
      result.parts.set(name, (result.parts.get(name) ?? 0) + Math.max(0, size(allocators[path]) - inner));
      counted.push(path);
    }
  }
  return { footprint: result.footprint, parts: [...result.parts] };
}
