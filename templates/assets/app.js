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

  // The programme editor: after a refused save the page answers at the form's address, without its #session-form;
  // bring the form's problems into view and give them the focus.
  function showFormProblems() {
    var summary = document.querySelector('#session-form .alert-error');
    if (!summary || window.location.hash) return;
    summary.setAttribute('tabindex', '-1');
    summary.focus({ preventScroll: true });
    summary.scrollIntoView({ block: 'start' });
  }

  function ready() {
    document.querySelectorAll('input.copy-field').forEach(enhanceCopyField);
    showFormProblems();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
