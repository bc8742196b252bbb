// Hospital statistics: the data as a table, one value to compute and round.
import { el } from '../view.js';

const LABELS = {
  daily_census: 'Daily inpatient census', inpatient_service_days: 'Inpatient service days', days: 'Days in the period',
  beds: 'Beds', discharges: 'Discharges (including deaths)', discharge_days: 'Discharge days (total length of stay)',
  deaths: 'Deaths', deaths_under_48h: 'Deaths under 48 hours', postoperative_deaths: 'Postoperative deaths',
  surgical_patients: 'Patients operated on', cesarean_sections: 'Cesarean sections', deliveries: 'Deliveries',
  consultations: 'Consultations', infections: 'Hospital-acquired infections',
};

export function statisticsView({ ex, task, form }) {
  const table = el('table', { class: 'data-table', 'data-testid': 'statistics-data' }, el('tbody', {},
    Object.entries(ex.data ?? {}).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, LABELS[k] ?? k),
      el('td', { class: 'mono' }, Array.isArray(v) ? v.join(', ') : String(v))))));
  task.append(el('h3', {}, 'Data'), table);
  const id = 'practice-stat-value';
  const places = Number(ex.rounding);
  const input = el('input', { id, type: 'text', inputmode: 'decimal', class: 'mono narrow', autocomplete: 'off', 'data-testid': 'statistics-value' });
  const percentMeasure = /rate$/.test(String(ex.measure));
  form.append(el('div', { class: 'field' },
    el('label', { for: id }, `${String(ex.measure ?? '').replaceAll('_', ' ')}${percentMeasure ? ' (%)' : ''}`), input,
    el('p', { class: 'muted' }, `Round to ${places} decimal place${places === 1 ? '' : 's'} (half up).${percentMeasure ? ' Give rates as percentages: 85.3, not 0.853.' : ''}`)));
  return {
    answer: () => ({ value: input.value.trim() }),
    key: () => el('p', {}, el('span', { class: 'mono' }, `${ex.answer?.value}${percentMeasure ? ' %' : ''}`),
      ` (rounded half up to ${places} decimal place${places === 1 ? '' : 's'})`),
  };
}
