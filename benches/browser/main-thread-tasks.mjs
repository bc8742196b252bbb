// The page's main-thread tasks in a Chromium trace (categories `toplevel` and `devtools.timeline`):
// how long the longest took and how much of that it held the CPU (on a loaded machine a task also
// waits for a core within it), and what ran inside it.

/** Trace categories this analysis reads. */
export const TASK_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** A trace event inside a task, as a short label: `FunctionCall worker-client.js:37`, `Layout`. */
function label(e) {
  const data = e.args?.data ?? {};
  const url = data.url ? data.url.replace(/^.*\//, '') : '';
  if (e.name === 'FunctionCall' && url) return `FunctionCall ${url}:${data.lineNumber ?? '?'}${data.functionName ? ` ${data.functionName}` : ''}`;
  if (e.name === 'EventDispatch' && data.type) return `EventDispatch ${data.type}`;
  if (e.name === 'TimerFire') return 'TimerFire';
  return e.name;
}

/**
 * From the trace (JSON bytes): `{ wall, cpu, share, inside, cpuTask, maxCpu, over50, over100,
 * over50Cpu }` in ms — the longest main-thread task's wall and CPU time and CPU share, the five
 * longest events inside it (`[label, wall ms, cpu ms]`), the task that held the CPU longest and
 * its five longest events, the most CPU any main-thread task held, how many tasks took over 50
 * and over 100 ms and how many held the CPU over 50 ms.
 */
export function mainThreadTasks(buffer) {
  const parsed = JSON.parse(buffer.toString());
  const events = parsed.traceEvents ?? parsed;
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const tasks = onMain.filter((e) => /RunTask/.test(e.name));
  let longest = null;
  let busiest = null;
  let maxCpu = 0;
  let over50 = 0;
  let over100 = 0;
  let over50Cpu = 0;
  for (const t of tasks) {
    if (!longest || t.dur > longest.dur) longest = t;
    if ((t.tdur ?? 0) > maxCpu) { maxCpu = t.tdur; busiest = t; }
    if (t.dur > 50_000) over50 += 1;
    if (t.dur > 100_000) over100 += 1;
    if ((t.tdur ?? 0) > 50_000) over50Cpu += 1;
  }
  if (!longest) return { wall: 0, cpu: 0, share: 0, inside: [], cpuTask: [], maxCpu: 0, over50: 0, over100: 0, over50Cpu: 0 };
  /** The five longest events inside `task`. */
  const inside = (task) => onMain
    .filter((e) => e !== task && e.pid === task.pid && e.tid === task.tid && e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && !/RunTask/.test(e.name))
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 5)
    .map((e) => [label(e), e.dur / 1000, (e.tdur ?? 0) / 1000]);
  const cpu = (longest.tdur ?? 0) / 1000;
  return {
    wall: longest.dur / 1000, cpu, share: longest.dur ? cpu / (longest.dur / 1000) : 0, inside: inside(longest),
    cpuTask: busiest ? [['the task', busiest.dur / 1000, busiest.tdur / 1000], ...inside(busiest)] : [],
    maxCpu: maxCpu / 1000, over50, over100, over50Cpu,
  };
}
