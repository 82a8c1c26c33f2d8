// The scanner's service worker (served as /staff/sw.js, scope /staff/): a phone that loses the network can still
// reload the scanner page. Pages are fetched from the network first and fall back to the copy the page cached;
// scripts and styles come from the cache and are refreshed in the background. Scans, uploads and data requests are
// never cached: the page itself handles them being offline.
/* global self, caches, fetch, Response, setTimeout, clearTimeout */
'use strict';

var CACHE = 'duijie-scanner-v1';
var PAGE_TIMEOUT_MS = 4000;

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf('duijie-scanner-') === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

function isScannerPage(url) {
  return /^\/staff\/events\/\d+\/check-in\/\d+$/.test(url.pathname);
}

function isStaticFile(url) {
  return url.pathname.indexOf('/assets/') === 0 || url.pathname.indexOf('/staff/vendor/') === 0;
}

function pageFromNetwork(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      reject(new Error('timeout'));
    }, PAGE_TIMEOUT_MS);
    fetch(request).then(
      function (response) {
        clearTimeout(timer);
        if (response.ok && !response.redirected) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(new URL(request.url).pathname, copy);
          });
        }
        resolve(response);
      },
      function (error) {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate' && isScannerPage(url)) {
    event.respondWith(
      pageFromNetwork(request).catch(function () {
        return caches.match(url.pathname).then(function (cached) {
          return cached || Response.error();
        });
      }),
    );
    return;
  }
  if (isStaticFile(url)) {
    event.respondWith(
      caches.open(CACHE).then(function (cache) {
        return cache.match(request, { ignoreSearch: true }).then(function (cached) {
          var network = fetch(request)
            .then(function (response) {
              if (response.ok) cache.put(request, response.clone());
              return response;
            })
            .catch(function () {
              return cached || Response.error();
            });
          return cached || network;
        });
      }),
    );
  }
});
