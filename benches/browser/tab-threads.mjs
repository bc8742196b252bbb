// CPU time of the tab's threads (from /proc): the page's main thread, its workers (the validator
// worker, the pool's and the service worker) and the rest (compositor, I/O, Chromium's pools).
import { readFileSync, readdirSync } from 'node:fs';
import { renderers } from './tab-memory.mjs';

const TICKS = 100; // clock ticks a second (USER_HZ on Linux)

/** `{ main, workers, other }`: CPU seconds (user + system) the tab's threads have used so far. */
export function threadCpu() {
  const total = { main: 0, workers: 0, other: 0 };
  for (const { pid, tab } of renderers()) {
    if (!tab) continue;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (tid === String(pid)) total.main += seconds;
        else if (/Worker/.test(name)) total.workers += seconds;
        else total.other += seconds;
      } catch { /* the thread ended */ }
    }
  }
  return total;
}
