// The hall screen follows the console: it asks for the screen's state every few seconds and redraws when it changed.
// Text only (textContent): nothing from the server is read as HTML.
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';
  var root = document.getElementById('stage-screen');
  if (!root) return;
  var url = root.getAttribute('data-state-url');
  var every = Number(root.getAttribute('data-refresh-ms')) || 2000;
  var key = root.getAttribute('data-key');

  function setField(name, value) {
    var el = root.querySelector('[data-field="' + name + '"]');
    if (el) el.textContent = value || '';
  }

  function setList(name, items, draw) {
    var list = root.querySelector('[data-list="' + name + '"]');
    if (!list) return;
    while (list.firstChild) list.removeChild(list.firstChild);
    (items || []).forEach(function (item) {
      list.appendChild(draw(item));
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function party(p) {
    var li = el('li');
    li.appendChild(el('span', 'ss-org', p.organisation));
    li.appendChild(el('span', 'ss-person', p.person));
    return li;
  }

  function draw(state) {
    root.className = 'stage-screen phase-' + state.phase;
    ['event', 'ceremony', 'heading', 'title', 'kind', 'status', 'progress'].forEach(function (name) {
      setField(name, state[name]);
    });
    setList('left', state.left, party);
    setList('right', state.right, party);
    setList('notes', state.notes, function (n) {
      return el('li', '', n);
    });
    setList('totals', state.totals, function (t) {
      var div = el('div');
      div.appendChild(el('dt', '', t.label));
      div.appendChild(el('dd', '', t.value));
      return div;
    });
    setList('summary', state.summary, function (s) {
      return el('li', '', s);
    });
    root.setAttribute('data-key', state.key);
    key = state.key;
  }

  function poll() {
    fetch(url, { credentials: 'omit', cache: 'no-store', headers: { accept: 'application/json' } })
      .then(function (res) {
        if (res.status === 404) {
          // The link was revoked: say so and stop asking.
          root.setAttribute('data-revoked', 'true');
          setField('heading', root.getAttribute('data-gone'));
          return 'stop';
        }
        if (!res.ok) throw new Error('state ' + res.status);
        return res.json().then(function (state) {
          if (state.key !== key) draw(state);
          root.removeAttribute('data-refresh-failed');
        });
      })
      .catch(function () {
        root.setAttribute('data-refresh-failed', 'true');
      })
      .then(function (result) {
        if (result !== 'stop') setTimeout(poll, every);
      });
  }

  // A double click (or Enter) fills the screen; the hall PC's browser keeps it so until Esc.
  function fullscreen() {
    if (!document.fullscreenElement && document.documentElement.requestFullscreen)
      document.documentElement.requestFullscreen().catch(function () {});
  }
  root.addEventListener('dblclick', fullscreen);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') fullscreen();
  });

  window.setTimeout(poll, every);
})();
