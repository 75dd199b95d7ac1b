// The /review page: claim, autosave the draft (which answers the unmet feedback rules), complete, release.
// Same-origin fetches carry the httpOnly session cookie; no inline script (CSP).
(function () {
  'use strict';
  var SAVE_DELAY_MS = 400;

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      var type = res.headers.get('content-type') || '';
      var parse = res.status !== 204 && /json/.test(type) ? res.json() : Promise.resolve(null);
      return parse.then(function (data) { return { status: res.status, body: data }; });
    });
  }

  function setText(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }

  var claimButton = document.getElementById('claim-next');
  if (claimButton) {
    claimButton.addEventListener('click', function () {
      claimButton.disabled = true;
      setText('claim-status', 'Claiming…');
      api('POST', '/api/v1/reviews/claim').then(function (res) {
        if (res.status === 200) {
          window.location.assign('/review?id=' + encodeURIComponent(res.body.id));
          return;
        }
        claimButton.disabled = false;
        if (res.status === 204) setText('claim-status', 'The queue is empty: nothing to claim right now.');
        else setText('claim-status', (res.body && res.body.detail) || 'Could not claim (' + res.status + ').');
      });
    });
  }

  var form = document.getElementById('feedback-form');
  var workspace = document.getElementById('workspace');
  if (!form || !workspace) return;
  var reviewId = workspace.getAttribute('data-review-id');
  var base = '/api/v1/reviews/' + encodeURIComponent(reviewId);
  var completeButton = document.getElementById('complete');
  var timer = null;
  var saving = Promise.resolve();

  function collect() {
    var body = { scores: {}, criteria: {} };
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.name === 'decision') {
        if (el.checked) body.decision = el.value;
      } else if (el.name.indexOf('scores.') === 0) {
        if (el.value.trim() !== '' && !isNaN(Number(el.value))) body.scores[el.name.slice(7)] = Number(el.value);
      } else if (el.name.indexOf('criteria.') === 0) {
        if (el.value !== '') body.criteria[el.name.slice(9)] = el.value;
      } else if (el.value !== '') {
        body[el.name] = el.value;
      }
    });
    return body;
  }

  function showUnmet(unmet) {
    var list = document.getElementById('unmet');
    list.textContent = '';
    unmet.forEach(function (rule) {
      var li = document.createElement('li');
      li.setAttribute('data-field', rule.field);
      var code = document.createElement('code');
      code.textContent = rule.field;
      li.appendChild(code);
      li.appendChild(document.createTextNode(' ' + rule.message));
      list.appendChild(li);
    });
    document.getElementById('all-met').hidden = unmet.length > 0;
    completeButton.disabled = unmet.length > 0;
    Array.prototype.forEach.call(form.querySelectorAll('[name]'), function (el) {
      var failing = unmet.some(function (rule) { return rule.field === el.name; });
      el.classList.toggle('unmet', failing);
    });
  }

  function save() {
    saving = api('PUT', base + '/draft', collect()).then(function (res) {
      if (res.status === 200) {
        showUnmet(res.body.unmet);
        setText('save-status', 'Draft saved ' + new Date(res.body.savedAt).toLocaleTimeString());
        setText('lease-ends', new Date(res.body.leaseExpiresAt).toISOString().replace('T', ' ').slice(0, 16) + ' UTC');
      } else {
        setText('save-status', (res.body && res.body.detail) || 'Draft not saved (' + res.status + ').');
      }
    });
    return saving;
  }

  form.addEventListener('input', function () {
    setText('save-status', 'Saving…');
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    completeButton.disabled = true;
    saving.then(function () { return api('POST', base + '/complete', collect()); }).then(function (res) {
      if (res.status === 200) {
        window.location.assign('/review?sent=1');
      } else if (res.status === 422) {
        showUnmet(res.body.errors);
      } else {
        completeButton.disabled = false;
        setText('save-status', (res.body && res.body.detail) || 'Not sent (' + res.status + ').');
      }
    });
  });

  document.getElementById('release').addEventListener('click', function () {
    api('POST', base + '/release').then(function (res) {
      if (res.status === 200) window.location.assign('/review');
      else setText('save-status', (res.body && res.body.detail) || 'Not released (' + res.status + ').');
    });
  });
})();
