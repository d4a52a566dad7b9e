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

/* Media library upload (hook: data-media-upload): refuses a selection over the size limit
   before sending it, shows upload progress, and highlights the file field while a file is
   dragged over it (dropping onto a file input is the browser's own). Without JS the form
   posts as usual. */
(function () {
  'use strict';
  var box = document.querySelector('[data-media-upload]');
  if (!box || !window.XMLHttpRequest || !window.FormData) return;
  var form = box.querySelector('form');
  var input = form.querySelector('input[type=file]');
  var bar = form.querySelector('.media-progress');
  var text = form.querySelector('.media-progress__text');
  var max = parseInt(form.getAttribute('data-max-bytes'), 10) || 0;
  ['dragenter', 'dragover'].forEach(function (t) {
    input.addEventListener(t, function () { box.classList.add('is-dragging'); });
  });
  ['dragleave', 'drop'].forEach(function (t) {
    input.addEventListener(t, function () { box.classList.remove('is-dragging'); });
  });
  form.addEventListener('submit', function (e) {
    var total = 0;
    for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
    if (max && total > max) {
      e.preventDefault();
      text.textContent = 'These files add up to ' + (total / 1048576).toFixed(1) + ' MB, more than the ' +
        (max / 1048576).toFixed(0) + ' MB allowed per upload: choose fewer or smaller pictures.';
      return;
    }
    e.preventDefault();
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    bar.hidden = false;
    xhr.upload.addEventListener('progress', function (p) {
      if (!p.lengthComputable) return;
      bar.value = Math.round(p.loaded * 100 / p.total);
      text.textContent = 'Uploading… ' + bar.value + ' %';
    });
    xhr.addEventListener('load', function () {
      if (xhr.status === 200 && xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // A refusal: show the page the server sent, as a plain submit would have.
      var doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      document.replaceChild(document.adoptNode(doc.documentElement), document.documentElement);
      window.history.replaceState(null, '', '/admin/media');
    });
    xhr.addEventListener('error', function () {
      bar.hidden = true;
      text.textContent = 'The upload failed (the connection broke off). Check your connection and try again.';
    });
    xhr.send(new FormData(form));
  });
})();
