// The offline counter's service worker (issue #25), served at /mot-cua/ngoai-tuyen.js.
// It keeps a copy of the counter page (with the commune's procedures and their documents), its script and style, and
// the working-day calendar of the coming months. Network first: while online the officer always gets the fresh page;
// offline, the last copy. Dossiers themselves are never cached here: they wait in IndexedDB (offline-counter.js).
"use strict";

var CACHE = "motcua-quay-ngoai-tuyen-v1";
var PAGE = "/mot-cua/tiep-nhan/ngoai-tuyen";
var CACHED = [PAGE, PAGE + "/lich", "/css/app.css", "/js/offline-counter.js", "/favicon.svg"];
var SIGN_OUT = "/dang-xuat";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CACHED.map(function (path) { return new Request(path, { credentials: "same-origin", cache: "no-store" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && url.pathname === SIGN_OUT) {
    // Signing out drops the cached page, which names the officer; queued dossiers stay in that officer's own store.
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (event.request.method !== "GET" || CACHED.indexOf(url.pathname) < 0) return;
  event.respondWith(fetch(event.request).then(function (response) {
    // A redirect (to the sign-in page) or an error is not the counter: keep the last good copy.
    if (response.ok && !response.redirected) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { return cache.put(url.pathname, copy); });
    }
    return response;
  }, function () {
    return caches.open(CACHE).then(function (cache) { return cache.match(url.pathname); }).then(function (cached) {
      if (!cached) return new Response("Chưa có bản lưu ngoại tuyến của trang này.", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      // Marked as a stored copy, so that the page does not take the server time written in it for the present.
      var headers = new Headers(cached.headers);
      headers.set("X-MotCua-Copy", "offline");
      return cached.blob().then(function (body) { return new Response(body, { status: cached.status, statusText: cached.statusText, headers: headers }); });
    });
  }));
});
