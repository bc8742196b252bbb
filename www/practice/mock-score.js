// The mock exam's arithmetic, apart from the page so it can be tested on its own: how many questions
// each domain gets (in proportion to the midpoint of its outline range, largest remainder), which
// exercises are drawn (seeded, so an attempt can be reproduced), and the score per domain.
import { hash } from './common.js';

/** The weight of each domain: the midpoint of its range, as a share of all midpoints. */
export function weights(outline) {
  const mids = outline.domains.map((d) => (Number(d.min) + Number(d.max)) / 2);
  const total = mids.reduce((t, m) => t + m, 0);
  return outline.domains.map((d, i) => ({ domain: d.domain, title: d.title, weight: total > 0 ? mids[i] / total : 0 }));
}

/** Questions per domain for an exam of `total` questions (largest remainder; sums to `total`).
 * `available` (domain -> count) caps a domain; what it cannot take goes to the others by weight. */
export function blueprint(outline, total, available = null) {
  const w = weights(outline);
  const counts = new Map(w.map((d) => [d.domain, 0]));
  const room = (d) => (available ? available.get(d.domain) ?? 0 : Infinity) - counts.get(d.domain);
  let left = Math.max(0, Math.floor(total));
  let open = w.filter((d) => d.weight > 0 && room(d) > 0);
  while (left > 0 && open.length) {
    const sum = open.reduce((t, d) => t + d.weight, 0);
    const shares = open.map((d) => ({ d, exact: (left * d.weight) / sum }));
    let given = 0;
    for (const s of shares) {
      const n = Math.min(Math.floor(s.exact), room(s.d));
      counts.set(s.d.domain, counts.get(s.d.domain) + n);
      given += n;
    }
    // One more each to the largest remainders (ties: outline order) until the total is reached.
    const order = shares.filter((s) => room(s.d) > 0).sort((a, b) => (b.exact % 1) - (a.exact % 1));
    for (const s of order) {
      if (given >= left) break;
      counts.set(s.d.domain, counts.get(s.d.domain) + 1);
      given += 1;
    }
    left -= given;
    open = open.filter((d) => room(d) > 0);
    if (given === 0) break;
  }
  return counts;
}

/** Draws an exam of `total` items ({ pack, ex }) weighted by `outline`, in a seeded order; within
 * a domain, items not `seen` (not tried before) come first. */
export function drawExam(items, outline, total, seed, seen = () => false) {
  const byDomain = new Map();
  for (const item of items) {
    const list = byDomain.get(item.ex.domain) ?? [];
    list.push(item);
    byDomain.set(item.ex.domain, list);
  }
  const available = new Map([...byDomain].map(([d, l]) => [d, l.length]));
  const counts = blueprint(outline, Math.min(total, items.length), available);
  const key = (item) => hash(`${seed}/${item.pack.id}/${item.ex.id}`);
  const drawn = [];
  for (const [domain, n] of counts) {
    const list = [...(byDomain.get(domain) ?? [])].sort((a, b) => Number(seen(a)) - Number(seen(b)) || key(a) - key(b));
    drawn.push(...list.slice(0, n));
  }
  return drawn.sort((a, b) => hash(`${seed}:${a.ex.id}`) - hash(`${seed}:${b.ex.id}`));
}

/** The report: `results` is [{ domain, score }] with score 0–1, or null when not answered (it
 * counts 0). Every question counts the same; each domain's score is its own questions' mean. */
export function scoreExam(results, outline) {
  const w = weights(outline);
  const domains = w.map(({ domain, title, weight }) => {
    const mine = results.filter((r) => r.domain === domain);
    const answered = mine.filter((r) => r.score !== null && r.score !== undefined);
    const points = answered.reduce((t, r) => t + r.score, 0);
    return { domain, title, weight, questions: mine.length, answered: answered.length, points, score: mine.length ? points / mine.length : null };
  });
  const points = domains.reduce((t, d) => t + d.points, 0);
  const answered = domains.reduce((t, d) => t + d.answered, 0);
  return { questions: results.length, answered, points, score: results.length ? points / results.length : 0, domains };
}
