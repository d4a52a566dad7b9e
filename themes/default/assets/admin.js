/* The newsroom's small enhancements; every form also works without it. CSP-safe: loaded
   from a file, no inline handlers. Areas add their behaviour under a data-* hook. */
(function () {
  'use strict';
  // Confirm destructive buttons: <button data-confirm="Delete this?">.
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-confirm]');
    if (b && !window.confirm(b.getAttribute('data-confirm'))) e.preventDefault();
  });
})();
