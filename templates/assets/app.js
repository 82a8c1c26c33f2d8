// Progressive enhancement only: every page, link and form works without this file.
/* global document, window, navigator, HTMLFormElement, HTMLInputElement, setTimeout, clearTimeout */
(function () {
  'use strict';

  // Forms marked data-confirm="…" ask before they are sent (deleting things).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var message = form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  });

  // Print buttons on printable pages (table plan, table signs).
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-print-page]')) window.print();
  });

  // An end time can't be picked before the start time.
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'datetime-local' || input.name !== 'startsAt') return;
    var end = input.form && input.form.elements.namedItem('endsAt');
    if (end instanceof HTMLInputElement) end.min = input.value;
  });

  // Read-only fields with data-copy-label get a copy button (the invitation link).
  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    input.focus();
    input.select();
    return document.execCommand('copy') ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function enhanceCopyField(input) {
    var label = input.getAttribute('data-copy-label');
    if (!label) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button';
    button.textContent = label;
    var status = document.createElement('span');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    input.insertAdjacentElement('afterend', button);
    button.insertAdjacentElement('afterend', status);
    var timer;
    button.addEventListener('click', function () {
      copyText(input).then(
        function () {
          button.textContent = input.getAttribute('data-copied-label') || label;
          status.textContent = button.textContent;
        },
        function () {
          input.focus();
          input.select();
          status.textContent = input.getAttribute('data-manual-label') || '';
        },
      );
      clearTimeout(timer);
      timer = setTimeout(function () {
        button.textContent = label;
        status.textContent = '';
      }, 2500);
    });
    input.addEventListener('focus', function () {
      input.select();
    });
  }

  // After a refused form the page answers at the form's address: bring the first problem into view and give it the
  // focus (the first field marked invalid, in page order; else the error summary, or the publish checklist).
  function showFormProblems() {
    if (window.location.hash) return;
    var target = document.querySelector(
      '[aria-invalid="true"], .has-error input:not([type="hidden"]), .has-error select, .has-error textarea',
    );
    if (!target) {
      target = document.querySelector('main .alert-error, main .publish-check');
      if (!target) return;
      target.setAttribute('tabindex', '-1');
    }
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }

  // The new-event form proposes a slug (pinyin of the title) while the slug field is empty or still the proposal.
  function enhanceSlugField(form) {
    var title = form.elements.namedItem('title');
    var slug = form.elements.namedItem('slug');
    var url = form.getAttribute('data-slug-url');
    if (!(title instanceof HTMLInputElement) || !(slug instanceof HTMLInputElement) || !url) return;
    var proposed = '';
    var timer;
    var asked = 0;
    function propose() {
      if (slug.value !== '' && slug.value !== proposed) return;
      var text = title.value.trim();
      var ticket = ++asked;
      if (!text) {
        slug.value = proposed = '';
        return;
      }
      window
        .fetch(url + '?title=' + encodeURIComponent(text), { headers: { accept: 'application/json' } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (body) {
          if (!body || ticket !== asked || (slug.value !== '' && slug.value !== proposed)) return;
          slug.value = proposed = body.slug || '';
          slug.setAttribute('data-proposed', proposed);
        })
        .catch(function () {});
    }
    title.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(propose, 250);
    });
    if (title.value && !slug.value) propose();
  }

  // Slot checkboxes (data-slot-choices): a warning shows while none is ticked, and sending the form so asks first —
  // someone free in no slot can be placed in no meeting. The server says so again after saving.
  function enhanceSlotChoices(fieldset) {
    var warning = fieldset.querySelector('[data-no-slot-warning]');
    var boxes = fieldset.querySelectorAll('input[type="checkbox"]');
    if (!warning || boxes.length === 0) return;
    function noneTicked() {
      return !Array.prototype.some.call(boxes, function (box) {
        return box.checked;
      });
    }
    function update() {
      warning.hidden = !noneTicked();
    }
    fieldset.addEventListener('change', update);
    var form = fieldset.form || fieldset.closest('form');
    if (form)
      form.addEventListener('submit', function (event) {
        var message = fieldset.getAttribute('data-no-slot-confirm');
        if (noneTicked() && message && !window.confirm(message)) event.preventDefault();
      });
    update();
  }

  function ready() {
    document.querySelectorAll('[data-slot-choices]').forEach(enhanceSlotChoices);
    document.querySelectorAll('input.copy-field').forEach(enhanceCopyField);
    document.querySelectorAll('form[data-slug-url]').forEach(enhanceSlugField);
    showFormProblems();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
