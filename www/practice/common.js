// What every part of the Practice lab shares: the names of exercise types, domains and
// difficulties, and small helpers. Imports nothing of the lab.

export const TYPES = {
  coding: 'Coding',
  deficiency: 'Deficiency analysis',
  find_error: 'Find the error',
  fix_record: 'Fix the record',
  statistics: 'Hospital statistics',
  roi: 'Release of information & ethics',
  mpi: 'Master patient index',
  abstracting: 'Abstracting',
  ms_drg: 'MS-DRG and case mix',
  cdi_query: 'Compliant queries (CDI)',
  em_mdm: 'E/M level by MDM',
};
export const DOMAINS = {
  'data-content': 'Data content, structure & governance',
  'access-disclosure': 'Access, use, disclosure & exchange',
  'data-analytics': 'Data analytics',
  'revenue-cycle': 'Revenue cycle',
  'law-compliance': 'Health law & compliance',
  'management-leadership': 'Management & leadership',
};
export const DIFFICULTIES = { beginner: 'Beginner', intermediate: 'Intermediate', advanced: 'Advanced' };

export function percent(score) {
  return `${Math.round(score * 100)}%`;
}

/** The key of an exercise in progress and session results: `pack/exercise`. */
export function keyOf(item) {
  return `${item.pack.id}/${item.ex.id}`;
}

/** A small deterministic hash for the daily mix. */
export function hash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
