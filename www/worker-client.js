// The page's handle on the validator worker, which survives the worker's death. When the worker
// dies — an uncaught error, a wasm trap it reports as `crashed`, or a message that cannot be read —
// the page is told what happened (`onCrash` with a sentence for the user), a fresh worker is
// started with the same engine, and later requests go to it. The page keeps working. A worker
// that hangs (busy in the engine, deaf to messages) is replaced the same way on `replace`.
// A worker that cannot start at all — its module or the wasm module cannot be loaded (an unbuilt
// or broken deployment) — is not restarted: `onStartFailure` is told, once, with the browser's words.

const WORKER_URL = new URL('./worker.js', import.meta.url);

/**
 * Starts the worker; `onMessage` gets every message of it except a restarted worker's `ready`
 * (the page is set up already), `onCrash(text)` a description of each crash, and
 * `onStartFailure(detail)` the reason the first worker could not load the engine.
 */
export function startWorker(onMessage, onCrash, onStartFailure = () => onCrash('The validator could not start in this browser.')) {
  let worker = null;
  let started = false;
  let failed = false;
  let restarts = 0;

  function startFailed(detail) {
    if (failed) return;
    failed = true;
    onStartFailure(detail);
  }

  function spawn() {
    worker = new Worker(WORKER_URL, { type: 'module' });
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg?.type === 'crashed') return crashed(`the engine stopped with an internal error (${msg.message})`);
      if (msg?.type === 'init-failed') return started ? crashed(`the engine could not be loaded (${msg.message})`) : startFailed(msg.message);
      if (msg?.type === 'ready') {
        if (started) return;
        started = true;
      }
      onMessage(msg);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (!started) {
        startFailed(event.message || 'the worker script or one of its imports could not be loaded');
        return;
      }
      crashed(`the worker failed${event.message ? ` (${event.message})` : ''}`);
    };
    worker.onmessageerror = () => crashed('a message from the worker could not be read');
    worker.postMessage({ type: 'init' });
  }

  function crashed(what) {
    replace(`The checker crashed: ${what}.`);
  }

  /** Stops the worker whatever it is doing, starts a fresh one and tells the page why. */
  function replace(why) {
    worker.terminate();
    restarts += 1;
    spawn();
    onCrash(`${why} It was restarted (restart ${restarts}); your file was not changed — check it again.`);
  }

  spawn();
  return {
    postMessage: (msg) => worker.postMessage(msg),
    /** Replaces a worker that does not respond; `why` (a sentence) is shown to the user. */
    replace,
    /** How often the worker was restarted. */
    get restarts() { return restarts; },
  };
}
