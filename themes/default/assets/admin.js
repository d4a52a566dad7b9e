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

/* Site area (routes/admin/pages.rs, site.rs). */
(function () {
  'use strict';
  // Menu editor: show only the target field that matches the row's target kind.
  function syncRow(row) {
    var kind = row.querySelector('[data-menu-kind]');
    if (!kind) return;
    row.querySelectorAll('[data-menu-for]').forEach(function (f) {
      f.classList.toggle('is-hidden', f.getAttribute('data-menu-for') !== kind.value);
    });
  }
  document.querySelectorAll('[data-menu-row]').forEach(syncRow);
  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('[data-menu-kind]')) syncRow(e.target.closest('[data-menu-row]'));
  });

  // Page editor: live preview of the Markdown body, a moment after typing stops.
  var source = document.querySelector('[data-page-editor] [data-preview-source]');
  var target = document.querySelector('[data-page-editor] [data-preview-target]');
  if (!source || !target) return;
  var timer = null;
  function refresh() {
    var body = new URLSearchParams();
    body.set('csrf', document.body.dataset.csrf || '');
    body.set('body', source.value);
    fetch('/admin/pages/preview', { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html !== null) target.innerHTML = html; })
      .catch(function () { /* the Preview button still works */ });
  }
  source.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
