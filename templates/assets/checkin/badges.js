// The badge sheet: a logged print run opens the browser's print dialogue; "print again" does the same.
/* global document, window */
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (target && target.closest && target.closest('[data-print]')) window.print();
  });
  if (document.querySelector('[data-autoprint]') && !window.navigator.webdriver) {
    window.addEventListener('load', function () {
      window.print();
    });
  }
})();
