// The example page: a file goes to the worker, the report comes back and is shown as text.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const status = document.getElementById('status');
const list = document.getElementById('findings');

document.getElementById('file').addEventListener('change', (event) => {
  status.textContent = 'Checking…';
  worker.postMessage(event.target.files[0]);
});

worker.onmessage = ({ data }) => {
  if (data.error) {
    status.textContent = `Failed: ${data.error}`;
  } else if (data.report) {
    const { summary, format } = data.report;
    status.textContent = `${format}: ${summary.records} records, ${summary.errors} errors, ${summary.warnings} warnings`;
    list.replaceChildren(...data.report.findings.map((f) => {
      const item = document.createElement('li');
      item.textContent = `${f.rule} ${f.severity}: ${f.message}`;
      return item;
    }));
  }
};
