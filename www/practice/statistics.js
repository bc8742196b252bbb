// Hospital statistics: the data as a table, one value to compute and round.
import { el } from '../view.js';

const LABELS = {
  daily_census: 'Daily inpatient census', inpatient_service_days: 'Inpatient service days', days: 'Days in the period',
  beds: 'Beds', discharges: 'Discharges (including deaths)', discharge_days: 'Discharge days (total length of stay)',
  deaths: 'Inpatient deaths', deaths_under_48h: 'Deaths under 48 hours', postoperative_deaths: 'Postoperative deaths',
  surgical_patients: 'Patients operated on', cesarean_sections: 'Cesarean sections', deliveries: 'Deliveries',
  consultations: 'Consultations', infections: 'Hospital-acquired infections',
  stays: 'Stays', bed_periods: 'Bed count',
  autopsies: 'Autopsies on inpatient deaths', unautopsied_examiner_cases: "Inpatient deaths released to the medical examiner, not autopsied",
  other_autopsies: 'Hospital autopsies on other hospital patients (outpatients, home care, former inpatients)',
  other_bodies_available: 'Other hospital patients’ bodies available for autopsy',
  live_births: 'Live births', early_fetal_deaths: 'Early fetal deaths (under 20 weeks)',
  intermediate_fetal_deaths: 'Intermediate fetal deaths (20 to 27 weeks)', late_fetal_deaths: 'Late fetal deaths (28 weeks or more)',
  direct_maternal_deaths: 'Direct maternal deaths', indirect_maternal_deaths: 'Indirect maternal deaths',
  maternal_discharges: 'Obstetric (maternal) discharges, including deaths',
  newborn_deaths: 'Newborn deaths', newborn_discharges: 'Newborn discharges, including deaths',
  neonatal_deaths: 'Deaths of infants under 28 days', occupancy_rate: 'Bed occupancy rate (%)',
  average_length_of_stay: 'Average length of stay (days)', device_associated_infections: 'Device-associated infections or events',
  device_days: 'Device days', patient_days: 'Patient days',
};

// The unit of each measure's answer; measures not listed are plain numbers.
const UNITS = {
  bed_occupancy_rate: '%', gross_death_rate: '%', net_death_rate: '%', postoperative_death_rate: '%',
  cesarean_section_rate: '%', consultation_rate: '%', nosocomial_infection_rate: '%', gross_autopsy_rate: '%',
  net_autopsy_rate: '%', hospital_autopsy_rate: '%', fetal_death_rate: '%', maternal_death_rate: '%',
  newborn_death_rate: '%', neonatal_mortality_rate: 'per 1,000 live births',
  device_associated_infection_rate: 'per 1,000 device days',
};

// The lines of a data value: one per stay or bed period; a list of counts on one line.
function lines(key, value) {
  if (!Array.isArray(value)) return [String(value)];
  if (key === 'stays') return value.map((s, i) => `${i + 1}: admitted ${s?.admit}, discharged ${s?.discharge}`);
  if (key === 'bed_periods') {
    return value.map((p) => `${p?.beds} beds ${p?.from ? `from ${p.from} through ${p.through}` : `for ${p?.days} days`}`);
  }
  return [value.join(', ')];
}

export function statisticsView({ ex, task, form }) {
  const table = el('table', { class: 'data-table', 'data-testid': 'statistics-data' }, el('tbody', {},
    Object.entries(ex.data ?? {}).map(([k, v]) => el('tr', {}, el('th', { scope: 'row' }, LABELS[k] ?? k),
      el('td', { class: 'mono' }, lines(k, v).map((line) => el('div', {}, line)))))));
  task.append(el('h3', {}, 'Data'), table);
  const id = 'practice-stat-value';
  const places = Number(ex.rounding);
  const input = el('input', { id, type: 'text', inputmode: 'decimal', class: 'mono narrow', autocomplete: 'off', 'data-testid': 'statistics-value' });
  const unit = UNITS[String(ex.measure)] ?? '';
  const note = unit === '%' ? ' Give rates as percentages: 85.3, not 0.853.' : unit ? ` Give the rate ${unit}.` : '';
  form.append(el('div', { class: 'field' },
    el('label', { for: id }, `${String(ex.measure ?? '').replaceAll('_', ' ')}${unit ? ` (${unit})` : ''}`), input,
    el('p', { class: 'muted' }, `Round to ${places} decimal place${places === 1 ? '' : 's'} (half up).${note}`)));
  return {
    answer: () => ({ value: input.value.trim() }),
    key: () => el('p', {}, el('span', { class: 'mono' }, `${ex.answer?.value}${unit ? ` ${unit}` : ''}`),
      ` (rounded half up to ${places} decimal place${places === 1 ? '' : 's'})`),
  };
}
