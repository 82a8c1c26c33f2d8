// The staff scanner (templates/pages/staff/scanner.hbs). Reads badge QR codes from the camera, asks the server to
// decide each scan, and decides on its own when the network is gone: it keeps the list's offline data (the event's
// public key, revoked badges, confirmed badges with name, organisation and category) and a queue of scans with their
// time and nonce in IndexedDB, and uploads the queue when the network returns. Nothing comes from other hosts.
/* global document, window, navigator, indexedDB, crypto, fetch, setTimeout, clearTimeout, setInterval, AbortController,
   caches, BarcodeDetector, jsQR */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('scanner-config').textContent);
  var M = config.messages;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var root = $('scanner');

  // ---------- small helpers

  var SCAN_TIMEOUT_MS = 2500;
  var SAME_CODE_QUIET_MS = 2000;
  var OVERLAY_MS = 900;
  var SYNC_EVERY_MS = 4000;
  var REFRESH_EVERY_MS = 60000;
  var DB_NAME = 'duijie-scanner';
  var dataKey = 'data:' + config.eventId + ':' + config.listId;

  function text(template, params) {
    return String(template || '').replace(/\{(\w+)\}/g, function (_, name) {
      return params && name in params ? String(params[name]) : '';
    });
  }

  function randomHex(bytes) {
    var a = new Uint8Array(bytes);
    crypto.getRandomValues(a);
    return Array.prototype.map
      .call(a, function (b) {
        return (b < 16 ? '0' : '') + b.toString(16);
      })
      .join('');
  }

  function newNonce() {
    return crypto.randomUUID ? crypto.randomUUID() : randomHex(16);
  }

  var deviceId = (function () {
    try {
      var id = window.localStorage.getItem('duijie-device-id');
      if (!id) {
        id = 'web-' + randomHex(6);
        window.localStorage.setItem('duijie-device-id', id);
      }
      return id;
    } catch {
      return 'web-' + randomHex(6);
    }
  })();

  var timeFormat = null;
  function clock(iso) {
    var zone = state.data ? state.data.event.timezone : undefined;
    if (!timeFormat) {
      try {
        timeFormat = new Intl.DateTimeFormat(config.locale, {
          timeZone: zone,
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
        });
      } catch {
        timeFormat = new Intl.DateTimeFormat(config.locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
      }
    }
    return timeFormat.format(new Date(iso));
  }

  // ---------- IndexedDB: the offline data and the queue survive reloads and restarts

  var dbPromise = new Promise(function (resolve, reject) {
    var open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = function () {
      var db = open.result;
      if (!db.objectStoreNames.contains('kv')) db.createObjectStore('kv');
      if (!db.objectStoreNames.contains('queue')) db.createObjectStore('queue', { keyPath: 'nonce' });
    };
    open.onsuccess = function () {
      resolve(open.result);
    };
    open.onerror = function () {
      reject(open.error);
    };
  });

  function idb(store, mode, work) {
    return dbPromise.then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode);
        var result = work(tx.objectStore(store));
        tx.oncomplete = function () {
          resolve(result && 'result' in result ? result.result : undefined);
        };
        tx.onerror = function () {
          reject(tx.error);
        };
      });
    });
  }

  var kvGet = function (key) {
    return idb('kv', 'readonly', function (s) {
      return s.get(key);
    });
  };
  var kvSet = function (key, value) {
    return idb('kv', 'readwrite', function (s) {
      s.put(value, key);
    });
  };
  var queueAll = function () {
    return idb('queue', 'readonly', function (s) {
      return s.getAll();
    });
  };
  var queueAdd = function (item) {
    return idb('queue', 'readwrite', function (s) {
      s.put(item);
    });
  };
  var queueRemove = function (nonces) {
    return idb('queue', 'readwrite', function (s) {
      nonces.forEach(function (n) {
        s.delete(n);
      });
    });
  };

  // ---------- state

  var state = {
    data: null,
    badges: new Map(), // registrationId -> { serial, name, organisation, categoryId }
    revoked: new Set(), // "registrationId:serial"
    checkedIn: new Map(), // registrationId -> { at, deviceName }
    categories: new Map(),
    queue: [],
    offline: false,
    lastCode: null,
    lastSeen: 0,
    busy: false,
    verifyKey: null,
  };

  function applyData(data) {
    state.data = data;
    timeFormat = null;
    state.badges = new Map();
    data.badges.forEach(function (b) {
      state.badges.set(b[0], { serial: b[1], name: b[2], organisation: b[3], categoryId: b[4] });
    });
    state.revoked = new Set(
      data.revoked.map(function (r) {
        return r[0] + ':' + r[1];
      }),
    );
    state.categories = new Map(
      data.categories.map(function (c) {
        return [c.id, c];
      }),
    );
    state.checkedIn = new Map();
    data.checkedIn.forEach(function (c) {
      state.checkedIn.set(c[0], { at: c[1], deviceName: c[2] });
    });
    // Scans still waiting for upload count as checked in here, whatever the server knew when it sent the data.
    state.queue.forEach(function (item) {
      if (item.localResult === 'ok' && item.registrationId && !state.checkedIn.has(item.registrationId))
        state.checkedIn.set(item.registrationId, { at: item.scannedAt, deviceName: config.actor.name });
    });
    if (data.csrfToken) config.csrfToken = data.csrfToken;
    state.verifyKey = null;
    showDataAge();
  }

  function showDataAge() {
    if (!state.data) return;
    $('data-age').textContent = text(M.dataAge, {
      time: clock(state.data.generatedAt),
      n: state.data.badges.length,
    });
  }

  function setOffline(offline) {
    state.offline = offline;
    var net = $('net-status');
    net.setAttribute('data-state', offline ? 'offline' : 'online');
    net.textContent = offline ? M.offline : M.online;
  }

  function showQueue() {
    var n = state.queue.length;
    $('queue-count').textContent = String(n);
    $('queue-status').hidden = n === 0;
  }

  // ---------- talking to the server

  function request(path, options) {
    var controller = new AbortController();
    var timer = setTimeout(function () {
      controller.abort();
    }, options.timeout || 8000);
    var headers = { accept: 'application/json' };
    if (options.body) {
      headers['content-type'] = 'application/json';
      headers['x-csrf-token'] = config.csrfToken;
    }
    return fetch(config.base + path, {
      method: options.method || 'GET',
      credentials: 'same-origin',
      headers: headers,
      body: options.body ? JSON.stringify(options.body) : undefined,
      signal: controller.signal,
      redirect: 'manual',
    }).then(
      function (res) {
        clearTimeout(timer);
        var type = res.headers.get('content-type') || '';
        if (res.ok && type.indexOf('application/json') === 0) return res.json();
        // A redirect (to the sign-in page), a refusal or an error page: the server answered, not the network.
        var error = new Error('http ' + res.status);
        error.status = res.status || 401;
        throw error;
      },
      function (error) {
        clearTimeout(timer);
        error.network = true;
        throw error;
      },
    );
  }

  function refreshData() {
    return request('/offline-data', {}).then(function (data) {
      applyData(data);
      setOffline(false);
      return kvSet(dataKey, data);
    });
  }

  var syncing = false;
  function sync() {
    if (syncing || state.queue.length === 0) return Promise.resolve();
    syncing = true;
    var batch = state.queue.slice(0, 100);
    return request('/sync', {
      method: 'POST',
      body: {
        scans: batch.map(function (item) {
          var scan = {
            nonce: item.nonce,
            scannedAt: item.scannedAt,
            deviceId: deviceId,
            localResult: item.localResult,
          };
          if (item.code) scan.code = item.code;
          else scan.registrationId = item.registrationId;
          return scan;
        }),
      },
      timeout: 15000,
    })
      .then(function (answer) {
        var done = batch.map(function (item) {
          return item.nonce;
        });
        var flagged = answer.answers.filter(function (a) {
          return a.flagged;
        }).length;
        state.queue = state.queue.filter(function (item) {
          return done.indexOf(item.nonce) < 0;
        });
        showQueue();
        setOffline(false);
        toast(
          flagged ? text(M.flaggedSynced, { n: done.length, flagged: flagged }) : text(M.synced, { n: done.length }),
        );
        return queueRemove(done).then(refreshData);
      })
      .catch(function (error) {
        if (!error.network) toast(error.status === 401 || error.status === 303 ? M.signedOut : M.error);
        setOffline(true);
      })
      .then(function () {
        syncing = false;
      });
  }

  // ---------- deciding on the device: the same rules as the server, from the offline data

  var ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  function parseCode(code) {
    if (typeof code !== 'string' || code.length !== 122 || code.slice(0, 2) !== 'DJ') return null;
    var bits = 0;
    var value = 0;
    var out = [];
    for (var i = 2; i < code.length; i++) {
      var index = ALPHABET.indexOf(code[i]);
      if (index < 0) return null;
      value = ((value << 5) | index) & 0xffff;
      bits += 5;
      if (bits >= 8) {
        out.push((value >>> (bits - 8)) & 255);
        bits -= 8;
      }
    }
    if (out.length !== 75 || out[0] !== 1) return null;
    var bytes = Uint8Array.from(out);
    var view = new DataView(bytes.buffer);
    return {
      eventId: view.getUint32(1),
      registrationId: view.getUint32(5),
      serial: view.getUint16(9),
      payload: bytes.slice(0, 11),
      signature: bytes.slice(11),
    };
  }

  function base64urlBytes(text64) {
    var b64 = text64.replace(/-/g, '+').replace(/_/g, '/');
    var raw = window.atob(b64 + '==='.slice((b64.length + 3) % 4));
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  var verifier = null;
  function verifySignature(parsed) {
    var publicKey = base64urlBytes(state.data.publicKey);
    if (!verifier) {
      // WebCrypto Ed25519 where the browser has it (current Chromium, Safari 17, Firefox 129); else a small pure
      // JavaScript verifier served by this app.
      verifier = crypto.subtle
        .importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify'])
        .then(function (key) {
          if (window.location.search.indexOf('verifier=js') >= 0) throw new Error('forced');
          return {
            kind: 'webcrypto',
            verify: function (p) {
              return crypto.subtle.verify({ name: 'Ed25519' }, key, p.signature, p.payload);
            },
          };
        })
        .catch(function () {
          return import(config.ed25519Url).then(function (ed) {
            return {
              kind: 'js',
              verify: function (p) {
                return ed.verifyAsync(p.signature, p.payload, publicKey);
              },
            };
          });
        });
      verifier.then(function (v) {
        root.setAttribute('data-verifier', v.kind);
      });
    }
    return verifier.then(function (v) {
      return v.verify(parsed);
    });
  }

  function attendeeOf(registrationId) {
    var badge = state.badges.get(registrationId);
    if (!badge) return undefined;
    var category = state.categories.get(badge.categoryId) || {};
    return {
      registrationId: registrationId,
      name: badge.name,
      organisation: badge.organisation,
      category: {
        id: badge.categoryId,
        code: category.code,
        name: category.name,
        nameEn: category.nameEn,
        colour: category.colour,
      },
    };
  }

  function judgeLocally(registrationId, serial) {
    var list = state.data.list;
    var badge = state.badges.get(registrationId);
    var attendee = attendeeOf(registrationId);
    if (serial !== undefined && state.revoked.has(registrationId + ':' + serial))
      return { result: 'revoked', attendee: attendee };
    if (!badge) {
      // A genuine badge issued after the offline data was made: let in where every category may enter.
      return serial !== undefined && !list.categoryIds ? { result: 'ok', unlisted: true } : { result: 'unknown' };
    }
    if (serial !== undefined && badge.serial !== serial) return { result: 'revoked', attendee: attendee };
    if (list.categoryIds && list.categoryIds.indexOf(badge.categoryId) < 0)
      return { result: 'not_on_list', attendee: attendee };
    var first = state.checkedIn.get(registrationId);
    if (first && !list.allowReentry)
      return {
        result: 'already_checked_in',
        attendee: attendee,
        firstCheckIn: { at: first.at, deviceName: first.deviceName },
      };
    return { result: 'ok', attendee: attendee };
  }

  function decideLocally(scan) {
    if (!state.data) return Promise.resolve({ result: 'unknown' });
    if (scan.registrationId) return Promise.resolve(judgeLocally(scan.registrationId, undefined));
    var parsed = parseCode(scan.code);
    if (!parsed || parsed.eventId !== state.data.event.id) return Promise.resolve({ result: 'unknown' });
    return verifySignature(parsed).then(
      function (genuine) {
        if (!genuine) return { result: 'unknown' };
        var answer = judgeLocally(parsed.registrationId, parsed.serial);
        answer.registrationId = parsed.registrationId;
        return answer;
      },
      function () {
        return { result: 'unknown' };
      },
    );
  }

  // ---------- one scan

  function process(scan) {
    scan.nonce = newNonce();
    scan.scannedAt = new Date().toISOString();
    var payload = { nonce: scan.nonce, scannedAt: scan.scannedAt, deviceId: deviceId };
    if (scan.code) payload.code = scan.code;
    else payload.registrationId = scan.registrationId;
    var online = state.offline
      ? Promise.reject(Object.assign(new Error('offline'), { network: true }))
      : request('/scan', { method: 'POST', body: payload, timeout: SCAN_TIMEOUT_MS });
    return online.then(
      function (answer) {
        setOffline(false);
        if (answer.attendee && (answer.result === 'ok' || answer.result === 'already_checked_in')) {
          var id = answer.attendee.registrationId;
          if (!state.checkedIn.has(id))
            state.checkedIn.set(id, {
              at: (answer.firstCheckIn && answer.firstCheckIn.at) || scan.scannedAt,
              deviceName: config.actor.name,
            });
        }
        show(answer, false);
      },
      function (error) {
        if (!error.network) {
          show(
            { result: 'error', message: error.status === 401 || error.status === 303 ? M.signedOut : M.error },
            false,
          );
          return;
        }
        setOffline(true);
        return decideLocally(scan).then(function (answer) {
          var id = answer.attendee ? answer.attendee.registrationId : answer.registrationId;
          if (answer.result === 'ok' && id)
            state.checkedIn.set(id, { at: scan.scannedAt, deviceName: config.actor.name });
          var item = {
            nonce: scan.nonce,
            scannedAt: scan.scannedAt,
            code: scan.code,
            registrationId: id || scan.registrationId,
            localResult: answer.result,
          };
          state.queue.push(item);
          showQueue();
          show(answer, true);
          return queueAdd(item);
        });
      },
    );
  }

  function onCode(code) {
    var now = Date.now();
    if (code === state.lastCode && now - state.lastSeen < SAME_CODE_QUIET_MS) {
      state.lastSeen = now;
      return;
    }
    if (state.busy) return;
    state.lastCode = code;
    state.lastSeen = now;
    state.busy = true;
    process({ code: code.trim() }).then(done, done);
    function done() {
      state.busy = false;
    }
  }

  // ---------- showing the answer

  var SIGNAL = {
    ok: 'green',
    already_checked_in: 'amber',
    not_confirmed: 'amber',
    not_on_list: 'red',
    revoked: 'red',
    unknown: 'red',
    error: 'red',
  };
  var ICON = { green: '✓', amber: '!', red: '✕' };

  function describe(answer) {
    var a = answer.attendee;
    var category = a && a.category;
    var detail;
    if (answer.result === 'already_checked_in' && answer.firstCheckIn)
      detail = text(M.firstAt, { time: clock(answer.firstCheckIn.at), device: answer.firstCheckIn.deviceName || '' });
    else if (answer.result === 'error') detail = answer.message;
    else detail = M['hint.' + answer.result] || '';
    return {
      headline: answer.result === 'error' ? M.error : M['result.' + answer.result],
      name: a ? a.name : answer.unlisted ? M.unknownPerson : '',
      organisation: a ? a.organisation : '',
      category:
        category && category.name ? (config.locale === 'en' && category.nameEn ? category.nameEn : category.name) : '',
      colour: category && category.colour,
      detail: detail,
    };
  }

  var overlayTimer = null;
  function show(answer, offline) {
    var signal = SIGNAL[answer.result] || 'red';
    var d = describe(answer);
    var overlay = $('result-overlay');
    overlay.setAttribute('data-signal', signal);
    overlay.setAttribute('data-result', answer.result);
    overlay.querySelector('.result-icon').textContent = ICON[signal];
    overlay.querySelector('.result-headline').textContent = d.headline;
    overlay.querySelector('.result-name').textContent = d.name;
    overlay.querySelector('.result-org').textContent = d.organisation;
    var cat = overlay.querySelector('.result-cat');
    cat.textContent = d.category;
    cat.style.setProperty('--cat', d.colour || 'transparent');
    overlay.querySelector('.result-detail').textContent = offline ? d.detail + ' · ' + M.offlineDecision : d.detail;
    overlay.hidden = false;
    clearTimeout(overlayTimer);
    overlayTimer = setTimeout(function () {
      overlay.hidden = true;
    }, OVERLAY_MS);
    beep(signal);
    if (navigator.vibrate) navigator.vibrate(signal === 'green' ? 60 : [120, 60, 120]);

    var last = $('last-result');
    last.setAttribute('data-result', answer.result);
    last.setAttribute('data-signal', signal);
    last.setAttribute('data-offline', offline ? 'true' : 'false');
    last.innerHTML = '';
    var head = document.createElement('p');
    head.className = 'last-headline';
    head.textContent = d.headline + (d.name ? ' · ' + d.name : '');
    var sub = document.createElement('p');
    sub.className = 'last-detail';
    sub.textContent = [d.organisation, d.category, d.detail].filter(Boolean).join(' · ');
    last.appendChild(head);
    last.appendChild(sub);

    var item = document.createElement('li');
    item.setAttribute('data-result', answer.result);
    item.setAttribute('data-offline', offline ? 'true' : 'false');
    var dot = document.createElement('span');
    dot.className = 'scan-dot scan-' + answer.result;
    var time = document.createElement('time');
    time.textContent = clock(new Date().toISOString());
    var who = document.createElement('strong');
    who.textContent = d.name || '—';
    var what = document.createElement('span');
    what.className = 'scan-meta';
    what.textContent = d.headline + (offline ? ' · ' + M.offlineDecision : '');
    item.appendChild(dot);
    item.appendChild(time);
    item.appendChild(document.createTextNode(' '));
    item.appendChild(who);
    item.appendChild(what);
    var history = $('history');
    history.insertBefore(item, history.firstChild);
    while (history.children.length > 30) history.removeChild(history.lastChild);
  }

  var toastTimer = null;
  function toast(message) {
    var el = $('camera-message');
    el.textContent = message;
    el.setAttribute('data-toast', 'true');
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () {
      if (el.getAttribute('data-toast')) el.textContent = '';
    }, 4000);
  }

  // A short tone per signal (Web Audio needs the tap on "start" first).
  var audio = null;
  function beep(signal) {
    if (!audio) return;
    var tones =
      signal === 'green'
        ? [[880, 0.12]]
        : signal === 'amber'
          ? [
              [520, 0.1],
              [520, 0.1],
            ]
          : [[220, 0.45]];
    var t = audio.currentTime;
    tones.forEach(function (tone) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = tone[0];
      osc.type = signal === 'red' ? 'square' : 'sine';
      gain.gain.setValueAtTime(0.2, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + tone[1]);
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start(t);
      osc.stop(t + tone[1]);
      t += tone[1] + 0.06;
    });
  }

  // ---------- the camera

  var video = $('camera');
  var canvas = document.createElement('canvas');
  var context2d = canvas.getContext('2d', { willReadFrequently: true });
  var detector = null;

  function startCamera() {
    var AudioContext = window.AudioContext || window.webkitAudioContext;
    if (AudioContext && !audio) audio = new AudioContext();
    if (!window.isSecureContext) {
      $('camera-message').textContent = M.insecure;
      return;
    }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      $('camera-message').textContent = M.cameraMissing;
      return;
    }
    navigator.mediaDevices
      .getUserMedia({
        audio: false,
        video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } },
      })
      .then(function (stream) {
        video.srcObject = stream;
        return video.play();
      })
      .then(function () {
        root.setAttribute('data-state', 'scanning');
        $('start-panel').hidden = true;
        return prepareDetector();
      })
      .then(tick)
      .catch(function (error) {
        $('camera-message').textContent = error && error.name === 'NotAllowedError' ? M.cameraDenied : M.cameraMissing;
      });
  }

  function prepareDetector() {
    if (!('BarcodeDetector' in window)) return Promise.resolve();
    return BarcodeDetector.getSupportedFormats()
      .then(function (formats) {
        if (formats.indexOf('qr_code') >= 0) detector = new BarcodeDetector({ formats: ['qr_code'] });
      })
      .catch(function () {});
  }

  function readFrame() {
    if (video.readyState < 2 || !video.videoWidth) return Promise.resolve(null);
    if (detector)
      return detector.detect(video).then(function (codes) {
        return codes.length ? codes[0].rawValue : null;
      });
    var scale = Math.min(1, 800 / video.videoWidth);
    var w = Math.round(video.videoWidth * scale);
    var h = Math.round(video.videoHeight * scale);
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    context2d.drawImage(video, 0, 0, w, h);
    var found = jsQR(context2d.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
    return Promise.resolve(found ? found.data : null);
  }

  function tick() {
    readFrame()
      .then(function (code) {
        if (code) onCode(code);
      })
      .catch(function () {})
      .then(function () {
        setTimeout(tick, 80);
      });
  }

  // ---------- manual look-up

  function lookupLocally(q) {
    var needle = q.trim().toLowerCase();
    var people = [];
    state.badges.forEach(function (b, id) {
      if (people.length >= 20) return;
      if (b.name.toLowerCase().indexOf(needle) >= 0 || b.organisation.toLowerCase().indexOf(needle) >= 0) {
        var category = state.categories.get(b.categoryId) || {};
        var first = state.checkedIn.get(id);
        people.push({
          registrationId: id,
          name: b.name,
          organisation: b.organisation,
          status: 'confirmed',
          category: category,
          checkedInAt: first ? first.at : null,
        });
      }
    });
    return people;
  }

  function renderPeople(people) {
    var list = $('lookup-results');
    list.innerHTML = '';
    if (people.length === 0) {
      var none = document.createElement('li');
      none.className = 'muted';
      none.textContent = M.noResults;
      list.appendChild(none);
      return;
    }
    people.forEach(function (p) {
      var li = document.createElement('li');
      li.className = 'lookup-person';
      var who = document.createElement('div');
      var name = document.createElement('strong');
      name.textContent = p.name;
      var meta = document.createElement('span');
      meta.className = 'muted';
      var category = p.category && (config.locale === 'en' && p.category.nameEn ? p.category.nameEn : p.category.name);
      var status = M['status' + p.status.charAt(0).toUpperCase() + p.status.slice(1)] || p.status;
      meta.textContent = [p.organisation, category, p.phoneEnd ? '…' + p.phoneEnd : '', status]
        .filter(Boolean)
        .join(' · ');
      who.appendChild(name);
      who.appendChild(document.createElement('br'));
      who.appendChild(meta);
      li.appendChild(who);
      if (p.checkedInAt) {
        var at = document.createElement('span');
        at.className = 'badge';
        at.textContent = text(M.checkedInAt, { time: clock(p.checkedInAt) });
        li.appendChild(at);
      }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button small';
      button.textContent = M.checkIn;
      button.addEventListener('click', function () {
        button.disabled = true;
        process({ registrationId: p.registrationId }).then(function () {
          button.disabled = false;
        });
      });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  $('lookup-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var q = $('lookup-q').value.trim();
    if (!q) return;
    if (state.offline) return renderPeople(lookupLocally(q));
    request('/lookup?q=' + encodeURIComponent(q), { timeout: SCAN_TIMEOUT_MS }).then(
      function (answer) {
        renderPeople(answer.people);
      },
      function (error) {
        if (error.network) setOffline(true);
        renderPeople(lookupLocally(q));
      },
    );
  });

  $('result-overlay').addEventListener('click', function () {
    $('result-overlay').hidden = true;
  });
  $('start').addEventListener('click', startCamera);

  // ---------- start: cached data first (works offline), then the network

  function installOffline() {
    if (!('serviceWorker' in navigator)) return;
    navigator.serviceWorker
      .register(config.swUrl, { scope: '/staff/' })
      .then(function () {
        // The page caches itself and its files, so that a reload without network still opens it.
        if (!window.caches) return;
        return caches.open('duijie-scanner-v1').then(function (cache) {
          return cache.addAll([window.location.pathname].concat(config.assets));
        });
      })
      .then(function () {
        root.setAttribute('data-offline-ready', 'true');
      })
      .catch(function () {});
  }

  Promise.all([
    kvGet(dataKey).catch(function () {}),
    queueAll().catch(function () {
      return [];
    }),
  ])
    .then(function (stored) {
      state.queue = stored[1] || [];
      showQueue();
      if (stored[0]) applyData(stored[0]);
      return refreshData().catch(function (error) {
        if (error.network) setOffline(true);
        else toast(error.status === 401 || error.status === 303 ? M.signedOut : M.error);
      });
    })
    .then(function () {
      root.setAttribute('data-ready', 'true');
      installOffline();
      return sync();
    });

  setInterval(function () {
    if (state.queue.length) sync();
    else if (state.offline) refreshData().catch(function () {});
  }, SYNC_EVERY_MS);
  setInterval(function () {
    if (!state.offline && !state.queue.length) refreshData().catch(function () {});
  }, REFRESH_EVERY_MS);
  window.addEventListener('online', function () {
    sync();
    refreshData().catch(function () {});
  });
  window.addEventListener('offline', function () {
    setOffline(true);
  });
  // Tests and curious staff can look at the state: nothing secret in it.
  window.duijieScanner = { state: state, deviceId: deviceId, decideLocally: decideLocally, parseCode: parseCode };
})();
