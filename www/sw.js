// Offline support. On install the service worker caches every static file of this build (the
// list and build id come from sw-assets.js, written by `make build`): the app shell, the wasm
// module, the code description assets and the bundled exercise packs. It answers same-origin GETs
// network first (fresh when online) with the cached copy as fallback, so after one visit the page
// works without a network. Each build has its own cache; activating a new build deletes the old
// ones. Record files are read with the File API and never fetched, so they are never cached.
importScripts('sw-assets.js');

const PREFIX = 'recordlint-';
const CACHE = `${PREFIX}${self.RECORDLINT_BUILD}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(self.RECORDLINT_ASSETS.map((path) => new Request(path, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && url.search === '') event.waitUntil(cache.put(request, response.clone()));
      return response;
    } catch {
      return (await cache.match(request, { ignoreSearch: true })) ?? Response.error();
    }
  })());
});
