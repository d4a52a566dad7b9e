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
