/* Gazette default theme. Loaded in <head> without defer: the saved text size is applied
   before the first paint; the rest waits for DOMContentLoaded. CSP-safe (no inline code). */
(function () {
  'use strict';
  var root = document.documentElement;
  var KEY = 'gazette.textSize', MIN = -2, MAX = 3;

  root.classList.add('js');

  function clamp(n) {
    n = parseInt(n, 10);
    return isNaN(n) ? 0 : Math.max(MIN, Math.min(MAX, n));
  }
  function readSize() {
    try { return clamp(localStorage.getItem(KEY)); } catch (e) { return 0; } // storage blocked
  }
  function applySize(n) {
    if (n === 0) root.removeAttribute('data-text-size');
    else root.setAttribute('data-text-size', String(n));
  }
  applySize(readSize());

  function initTextSize() {
    var buttons = document.querySelectorAll('button[data-text-size]');
    var status = document.getElementById('text-size-status');
    var size = readSize();
    function render(announce) {
      // aria-disabled rather than disabled, so a focused button keeps the focus.
      for (var i = 0; i < buttons.length; i++) {
        var step = buttons[i].getAttribute('data-text-size');
        if (step === '0') buttons[i].setAttribute('aria-pressed', String(size === 0));
        else buttons[i].setAttribute('aria-disabled', String(step === '1' ? size >= MAX : size <= MIN));
      }
      if (announce && status) {
        status.textContent = size === 0 ? 'Default text size' : 'Text size ' + (size > 0 ? '+' : '') + size;
      }
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function () {
        var step = parseInt(this.getAttribute('data-text-size'), 10);
        size = step === 0 ? 0 : clamp(size + step);
        applySize(size);
        try {
          if (size === 0) localStorage.removeItem(KEY);
          else localStorage.setItem(KEY, String(size));
        } catch (e) { /* storage blocked: this page only */ }
        render(true);
      });
    }
    render(false);
  }

  function initMenu() {
    var toggle = document.querySelector('.nav-toggle');
    var nav = document.getElementById('site-nav');
    if (!nav) return;
    var subs = nav.querySelectorAll('details');
    function closeSubs(except) {
      for (var i = 0; i < subs.length; i++) if (subs[i] !== except) subs[i].open = false;
    }
    function setOpen(open) {
      nav.classList.toggle('is-open', open);
      if (toggle) toggle.setAttribute('aria-expanded', String(open));
    }
    if (toggle) toggle.addEventListener('click', function () {
      setOpen(!nav.classList.contains('is-open'));
    });
    // One open submenu at a time ("toggle" does not bubble, so listen in the capture phase).
    nav.addEventListener('toggle', function (ev) {
      if (ev.target.open) closeSubs(ev.target);
    }, true);
    document.addEventListener('click', function (ev) { if (!nav.contains(ev.target)) closeSubs(null); });
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Escape') return;
      var open = nav.querySelector('details[open]');
      if (open) {
        open.open = false;
        open.querySelector('summary').focus();
      } else if (toggle && nav.classList.contains('is-open')) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  function initConsent() {
    var form = document.getElementById('cookie-notice');
    if (!form || /(?:^|;\s*)gazette_consent=/.test(document.cookie)) return;
    var choice = 'essential';
    form.addEventListener('click', function (ev) {
      var b = ev.target.closest('button[name="choice"]');
      if (b) choice = b.value;
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (ev.submitter && ev.submitter.value) choice = ev.submitter.value;
      var body = new URLSearchParams(new FormData(form));
      body.set('choice', choice);
      form.hidden = true;
      function remember() { // the server did not record it: at least stop asking
        document.cookie = 'gazette_consent=' + choice + '; path=/; max-age=15552000; samesite=lax';
      }
      fetch(form.action, { method: 'POST', body: body, headers: { Accept: 'application/json' } }).then(function (r) { if (!r.ok) remember(); }, remember);
    });
    form.hidden = false;
  }

  function initBeacon() {
    var el = document.querySelector('[data-beacon-url]');
    if (!el) return;
    var url = el.getAttribute('data-beacon-url'), sent = false;
    function send() {
      if (sent || !url) return;
      sent = true;
      try { if (navigator.sendBeacon(url)) return; } catch (e) { /* fall back to fetch */ }
      fetch(url, { method: 'POST', keepalive: true }).catch(function () {});
    }
    // A prerendered page has not been seen yet: count it when it is shown.
    if (document.prerendering) document.addEventListener('prerenderingchange', send, { once: true });
    else send();
  }

  function init() {
    initTextSize();
    initMenu();
    initConsent();
    initBeacon();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
}());
