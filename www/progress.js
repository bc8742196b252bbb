// The progress of one validation run: a bar with bytes done, records per second and time left,
// and a cancel button. Speeds are averaged over the run so far, so the estimate settles quickly
// and does not jump with every chunk. When nothing has moved for a while (a long final pass, or
// a worker stuck in the engine), the line says so and points at Cancel.
import { counted as countOf, formatCount } from './view.js';

/** Seconds without news after which the progress line says the run has stalled. */
const STALL_SECONDS = 10;

/** Human-readable bytes (`12.3 MB`). */
export function formatBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** `45 s`, `3 min 20 s`. */
export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
}

/** Speed and time left from the bytes and records done `elapsed` seconds after the start. */
export function estimate(bytes, total, records, elapsed) {
  if (elapsed <= 0) return { bytesPerSecond: 0, recordsPerSecond: 0, secondsLeft: null };
  const bytesPerSecond = bytes / elapsed;
  const recordsPerSecond = records / elapsed;
  const secondsLeft = total > bytes && bytesPerSecond > 0 ? (total - bytes) / bytesPerSecond : null;
  return { bytesPerSecond, recordsPerSecond, secondsLeft };
}

/**
 * Binds the progress elements: `bar` (a <progress>), `text` (where the figures go), `panel` (shown
 * while a run is going) and `cancel` (a button that calls `onCancel`).
 */
export function progressView({ panel, bar, text, cancel, onCancel }) {
  let started = 0;
  let lastNews = 0;
  let line = '';
  let watch = null;
  cancel.addEventListener('click', () => onCancel());
  const show = (t) => { line = t; lastNews = performance.now(); text.textContent = t; };
  const checkStall = () => {
    const quiet = (performance.now() - lastNews) / 1000;
    if (quiet >= STALL_SECONDS) text.textContent = `${line} · no progress for ${formatDuration(quiet)} (Cancel stops the check)`;
  };
  return {
    start() {
      started = performance.now();
      bar.value = 0;
      bar.max = 1;
      show('Starting…');
      panel.hidden = false;
      cancel.disabled = false;
      clearInterval(watch);
      watch = setInterval(checkStall, 1000);
    },
    /** Shows `bytes` of `total` done and `records` checked so far, with `findings` found. */
    update({ bytes, total, records, findings }) {
      const elapsed = (performance.now() - started) / 1000;
      const { bytesPerSecond, recordsPerSecond, secondsLeft } = estimate(bytes, total, records, elapsed);
      bar.max = total || 1;
      bar.value = Math.min(bytes, bar.max);
      // FHIR resources become records when the input ends (an Encounter joins its Patient and
      // Conditions): until then there is no record count to show, only bytes.
      const counted = records > 0;
      const parts = [
        `${formatBytes(bytes)} of ${formatBytes(total)}`,
        counted ? countOf(records, 'record') : null,
        countOf(findings, 'finding'),
      ].filter(Boolean);
      if (elapsed >= 0.5) {
        parts.push(counted
          ? `${formatCount(Math.round(recordsPerSecond))} records/s (${formatBytes(bytesPerSecond)}/s)`
          : `${formatBytes(bytesPerSecond)}/s`);
        if (secondsLeft !== null) parts.push(`about ${formatDuration(secondsLeft)} left`);
      }
      show(parts.join(' · '));
    },
    /** Hides the panel; returns the run's duration in seconds. */
    stop() {
      clearInterval(watch);
      panel.hidden = true;
      cancel.disabled = true;
      return (performance.now() - started) / 1000;
    },
  };
}
