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

/* ---- Article editor (hook: form[data-editor]) ----
   Live preview (debounced POST of the body to /admin/articles/preview), write/preview
   tabs on phones, autosave every 10 s when changed, and the browser's time zone for the
   schedule field. Without JS the form still saves, and times are read as UTC. */
(function () {
  'use strict';
  var form = document.querySelector('form[data-editor]');
  if (!form) return;
  var csrf = document.body.dataset.csrf || '';

  // Schedule times in the editor's local time: send the offset, relabel the field.
  var tz = form.querySelector('[data-tz-offset]');
  var at = form.querySelector('[data-publish-at]');
  if (tz && at) {
    var label = form.querySelector('[data-tz-label]');
    var zone = (Intl.DateTimeFormat().resolvedOptions().timeZone) || 'your time zone';
    if (at.value && at.hasAttribute('data-utc')) {
      // The server fills a stored time in UTC; show it in local time. (A refused form
      // comes back with the time as typed, already local.)
      var d = new Date(at.value + 'Z');
      if (!isNaN(d)) {
        var local = new Date(d.getTime() - d.getTimezoneOffset() * 60000);
        at.value = local.toISOString().slice(0, 16);
      }
    }
    var setOffset = function () {
      var when = at.value ? new Date(at.value) : new Date();
      tz.value = String(isNaN(when) ? new Date().getTimezoneOffset() : when.getTimezoneOffset());
    };
    setOffset();
    at.addEventListener('change', setOffset);
    if (label) label.textContent = 'date and time in ' + zone;
  }

  // Featured image picker: show the chosen picture.
  var picker = form.querySelector('[data-media-picker]');
  var thumb = form.querySelector('[data-media-preview]');
  if (picker && thumb) {
    var showThumb = function () {
      var opt = picker.options[picker.selectedIndex];
      var src = opt && opt.getAttribute('data-thumb');
      thumb.hidden = !src;
      if (src) thumb.src = src;
    };
    picker.addEventListener('change', showThumb);
    showThumb();
  }

  function post(url, body) {
    body.set('csrf', csrf);
    return fetch(url, { method: 'POST', body: new URLSearchParams(body), credentials: 'same-origin' });
  }

  // Live preview.
  var box = form.querySelector('[data-md-editor]');
  var source = form.querySelector('[data-md-source]');
  var preview = form.querySelector('[data-md-preview]');
  if (box && source && preview) {
    var tabs = box.querySelector('.md-editor__tabs');
    var write = box.querySelector('.md-editor__write');
    box.classList.add('md-editor--live');
    tabs.hidden = false;
    var timer = null;
    var refresh = function () {
      var data = new URLSearchParams();
      data.set('body', source.value);
      post('/admin/articles/preview', data).then(function (r) {
        return r.ok ? r.text() : Promise.reject(r.status);
      }).then(function (html) {
        preview.innerHTML = html; // sanitised on the server, as readers get it
      }).catch(function () { /* keep the last preview */ });
    };
    source.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
    var show = function (which) {
      tabs.querySelectorAll('[data-tab]').forEach(function (b) {
        b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === which));
      });
      write.hidden = which === 'preview';
      preview.hidden = which !== 'preview';
      if (which === 'preview') refresh();
    };
    tabs.addEventListener('click', function (e) {
      var b = e.target.closest('[data-tab]');
      if (b) show(b.getAttribute('data-tab'));
    });
    // Side by side on wide screens (CSS), so the preview must not stay hidden there.
    var wide = window.matchMedia('(min-width: 75rem)');
    var layout = function () {
      if (wide.matches) { write.hidden = false; preview.hidden = false; refresh(); }
      else show('write');
    };
    wide.addEventListener('change', layout);
    layout();
  }

  // Autosave: every 10 s when something changed since the last save.
  var url = form.getAttribute('data-autosave');
  var status = form.querySelector('[data-autosave-status]');
  if (url) {
    var dirty = false;
    var submitting = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('submit', function () { submitting = true; });
    setInterval(function () {
      if (!dirty || submitting) return;
      dirty = false;
      post(url, new FormData(form)).then(function (r) { return r.json(); }).then(function (a) {
        if (status) status.textContent = a.saved_at ? 'Autosaved ' + a.saved_at.slice(11) : (a.error || 'Not autosaved');
      }).catch(function () {
        dirty = true;
        if (status) status.textContent = 'Autosave failed; your text is still here. Save to keep it.';
      });
    }, 10000);
  }
})();

/* Desk inbox (newsroom/src/desk/inbox.rs): keyboard shortcuts listed on the page.
   j/k move between items, o opens, s stars, t and r make a translation or reprint draft.
   Ignored while typing in a field or with a modifier key held. */
(function () {
  'use strict';
  var list = document.querySelector('[data-desk-inbox]');
  if (!list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll('.desk-item'));
  var current = -1;
  function select(i) {
    if (!items.length) return;
    if (current >= 0) items[current].classList.remove('is-current');
    current = Math.max(0, Math.min(items.length - 1, i));
    var item = items[current];
    item.classList.add('is-current');
    var link = item.querySelector('[data-desk-open]');
    if (link) link.focus({ preventScroll: true });
    item.scrollIntoView({ block: 'nearest' });
  }
  function press(hook) {
    if (current < 0) return;
    var b = items[current].querySelector(hook);
    if (b) b.click();
  }
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    switch (e.key) {
      case 'j': select(current + 1); break;
      case 'k': select(current - 1); break;
      case 'o': press('[data-desk-open]'); break;
      case 's': press('[data-desk-star]'); break;
      case 't': press('[data-desk-translate]'); break;
      case 'r': press('[data-desk-reprint]'); break;
      default: return;
    }
    e.preventDefault();
  });
})();
