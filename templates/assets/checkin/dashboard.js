// Live arrivals: the dashboard reloads its figures every few seconds without reloading the page.
/* global document, window, fetch, DOMParser, setTimeout */
(function () {
  'use strict';
  var live = document.getElementById('arrivals-live');
  if (!live) return;
  var every = Number(live.getAttribute('data-refresh-ms')) || 5000;

  function refresh() {
    if (document.hidden) return setTimeout(refresh, every);
    fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok || res.redirected) throw new Error('refresh ' + res.status);
        return res.text();
      })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, 'text/html');
        var fresh = next.getElementById('arrivals-live');
        var time = next.getElementById('updated-at');
        if (fresh) live.innerHTML = fresh.innerHTML;
        var current = document.getElementById('updated-at');
        if (time && current) {
          current.textContent = time.textContent;
          current.setAttribute('datetime', time.getAttribute('datetime') || '');
        }
        document.documentElement.removeAttribute('data-refresh-failed');
      })
      .catch(function () {
        document.documentElement.setAttribute('data-refresh-failed', 'true');
      })
      .then(function () {
        setTimeout(refresh, every);
      });
  }
  setTimeout(refresh, every);
})();
