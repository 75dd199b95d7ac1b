/*
 * The candidate's page at /t/<token>: start, autosave, countdown, submit, waiting for feedback, rating it.
 * The feedback itself is rendered by the server.
 * It talks only to the candidate API, with the token from this page's own URL as the Bearer credential.
 * Time comes from the server: every response carries serverNow, and the countdown runs on
 * (browser clock + offset), re-synchronised often, so a wrong browser clock never moves the deadline.
 */
(function () {
  'use strict';

  var API = '/api/v1/candidate';
  var SAVE_DELAY_MS = 1500;
  var RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 30000];
  var SYNC_EVERY_MS = 30000;
  var SYNC_NEAR_END_MS = 5000;
  var POLL_AFTER_END_MS = 3000;
  var WARNING_MINUTES = [10, 2];

  var body = document.body;
  var token = decodeURIComponent(location.pathname.split('/')[2] || '');
  var storageKey = 'candor.unsent.' + body.dataset.storageKey;
  var offsetMs = Date.parse(body.dataset.serverNow) - Date.now();
  var deadlineMs = body.dataset.deadline ? Date.parse(body.dataset.deadline) : null;
  /** A recruiter's preview (/assessments/:id/preview): no invitation, nothing is sent; see previewApi. */
  var preview = body.dataset.preview === 'true';

  function $(id) {
    return document.getElementById(id);
  }
  function serverNow() {
    return Date.now() + offsetMs;
  }
  function show(el, visible) {
    if (el) el.hidden = !visible;
  }

  function localDateTime(iso) {
    return new Date(iso).toLocaleString(undefined, {
      weekday: 'short',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
  }
  function localTime(iso) {
    return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  function setTime(el, iso) {
    el.setAttribute('datetime', iso);
    el.textContent = localDateTime(iso);
  }
  function localiseTimes() {
    document.querySelectorAll('time.local-time[datetime]').forEach(function (el) {
      var iso = el.getAttribute('datetime');
      if (iso) el.textContent = localDateTime(iso);
    });
  }

  /** Tries of one call when Candor is busy (503) or out of reach; every candidate call is safe to repeat. */
  var API_TRIES = 4;

  /**
   * One call to the candidate API. Resolves with {status, data}; rejects only when the network fails every try.
   * A 502/503/504 or a failed connection is tried again after Retry-After (or 0.5, 1, 2 s, with jitter, so that
   * a class pressing Start together does not come back together).
   */
  function api(method, path, payload) {
    if (preview) return previewApi(method, path);
    var attempt = 0;
    function again(retryAfterSeconds) {
      var base = retryAfterSeconds > 0 ? Math.min(retryAfterSeconds, 10) * 1000 : 500 * Math.pow(2, attempt - 1);
      var delay = base * (0.75 + Math.random() * 0.5);
      return new Promise(function (resolve) {
        setTimeout(resolve, delay);
      }).then(tryOnce);
    }
    function tryOnce() {
      attempt += 1;
      return callOnce(method, path, payload).then(
        function (result) {
          if ((result.status === 502 || result.status === 503 || result.status === 504) && attempt < API_TRIES)
            return again(result.retryAfter);
          return result;
        },
        function (err) {
          if (attempt < API_TRIES) return again(0);
          throw err;
        },
      );
    }
    return tryOnce();
  }

  function callOnce(method, path, payload) {
    var sentAt = Date.now();
    var headers = { Authorization: 'Bearer ' + token, Accept: 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(API + path, {
      method: method,
      headers: headers,
      body: payload === undefined ? undefined : JSON.stringify(payload),
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    }).then(function (response) {
      var receivedAt = Date.now();
      return response
        .json()
        .catch(function () {
          return null;
        })
        .then(function (data) {
          if (data && data.serverNow) offsetMs = Date.parse(data.serverNow) - (sentAt + receivedAt) / 2;
          var retryAfter = Number(response.headers.get('Retry-After')) || 0;
          return { status: response.status, ok: response.ok, data: data, retryAfter: retryAfter };
        });
    });
  }

  function isDeadlinePassed(result) {
    return result.status === 409 && !!result.data && /\/deadline-passed$/.test(String(result.data.type || ''));
  }

  /* ---------- before the start ---------- */

  function initBefore() {
    var button = $('start-button');
    var error = $('start-error');
    button.addEventListener('click', function () {
      button.disabled = true;
      show(error, false);
      api('POST', '/attempt/start')
        .then(function (result) {
          // Reloading lets the server render the questions and the deadline it has just set.
          if (result.ok && preview) return startPreview(result.data);
          if (result.ok || result.status === 409) return location.reload();
          throw new Error('HTTP ' + result.status);
        })
        .catch(function () {
          error.textContent =
            'Candor could not be reached, so your clock has not started. Check your connection and press Start again.';
          show(error, true);
          button.disabled = false;
        });
    });
  }

  /* ---------- during the attempt ---------- */

  var questions = [];
  var unsent = {};
  var retryTimer = null;
  var retryIndex = 0;
  var answersLoaded = false;
  var timeUp = false;
  var finished = false;
  var syncTimer = null;
  var tickTimer = null;
  var warned = {};
  var lastCountdownText = '';
  var syncInFlight = false;

  function readUnsent() {
    try {
      return JSON.parse(localStorage.getItem(storageKey) || '{}') || {};
    } catch {
      return {};
    }
  }
  function writeUnsent() {
    try {
      if (Object.keys(unsent).length) localStorage.setItem(storageKey, JSON.stringify(unsent));
      else localStorage.removeItem(storageKey);
    } catch {
      /* storage full or disabled: the server copy is all there is */
    }
  }

  function getValue(q) {
    if (q.type !== 'choice') return q.input.value;
    var checked = q.section.querySelector('input[type=radio]:checked');
    return checked ? checked.value : '';
  }
  function setValue(q, value) {
    if (q.type !== 'choice') {
      q.input.value = value;
      return;
    }
    q.section.querySelectorAll('input[type=radio]').forEach(function (radio) {
      radio.checked = radio.value === value;
    });
  }
  function setSaveState(q, kind, text) {
    if (q.state.textContent === text) return; // a live region: say each change once, not every keystroke
    q.state.textContent = text;
    q.state.className = 'save-state' + (kind ? ' is-' + kind : '');
  }

  function changed(q) {
    unsent[q.key] = getValue(q);
    writeUnsent();
    setSaveState(q, 'pending', 'Saving soon…');
    clearTimeout(q.timer);
    q.timer = setTimeout(function () {
      save(q);
    }, SAVE_DELAY_MS);
  }

  /** Sends the question's unsent value. Resolves true when nothing is left unsent for it. */
  function save(q) {
    clearTimeout(q.timer);
    if (!(q.key in unsent)) return Promise.resolve(true);
    if (q.inFlight)
      return q.inFlight.then(function () {
        return save(q);
      });
    var value = unsent[q.key];
    setSaveState(q, 'pending', 'Saving…');
    q.inFlight = api('PUT', '/attempt/answers/' + encodeURIComponent(q.key), { value: value })
      .then(function (result) {
        if (result.ok) {
          if (unsent[q.key] === value) {
            delete unsent[q.key];
            writeUnsent();
            setSaveState(q, 'saved', 'Saved at ' + localTime(result.data.savedAt));
          }
          return true;
        }
        if (isDeadlinePassed(result)) {
          setSaveState(q, 'pending', 'Not saved: the deadline had passed.');
          enterTimeUp();
          return false;
        }
        if (result.status === 400 || result.status === 413) {
          // This value itself is refused (e.g. too long): retrying cannot help, the candidate must change it.
          setSaveState(
            q,
            'error',
            'Not saved: ' + ((result.data && result.data.detail) || 'the answer was refused') + '.',
          );
          return false;
        }
        if (result.status === 401 || result.status === 404 || result.status === 409 || result.status === 410) {
          // The attempt is no longer open (submitted elsewhere, withdrawn): the server explains on reload.
          sync();
          return false;
        }
        throw new Error('HTTP ' + result.status);
      })
      .catch(function () {
        setSaveState(q, 'pending', 'Not saved yet: kept in this browser and retrying.');
        saveFailed();
        return false;
      })
      .then(function (done) {
        q.inFlight = null;
        updateBanner();
        return done;
      });
    return q.inFlight;
  }

  function saveAll() {
    return Promise.all(questions.map(save)).then(function (results) {
      return results.every(Boolean);
    });
  }

  function saveFailed() {
    if (retryTimer || finished) return;
    var delay = RETRY_DELAYS_MS[Math.min(retryIndex, RETRY_DELAYS_MS.length - 1)];
    retryIndex++;
    show($('save-banner'), true);
    $('save-banner').textContent =
      'Candor cannot be reached right now. Your answers are kept in this browser and will be sent automatically as soon as the connection is back.';
    retryTimer = setTimeout(retry, delay);
  }

  function retry() {
    retryTimer = null;
    if (finished) return;
    // Past deadline + grace the server refuses every save: stop; the time-up poll takes over.
    if (deadlineMs !== null && serverNow() > deadlineMs + graceMs()) return;
    (answersLoaded ? Promise.resolve() : loadAnswers()).then(saveAll).then(function (ok) {
      if (ok && answersLoaded) retryIndex = 0;
    });
  }

  function updateBanner() {
    var pending = Object.keys(unsent).length > 0;
    if (!pending && answersLoaded) {
      show($('save-banner'), false);
      retryIndex = 0;
    }
  }

  function graceMs() {
    return Number(body.dataset.graceSeconds || 0) * 1000;
  }

  /** The server's saved answers, with anything this browser still holds unsent put back on top. */
  function loadAnswers() {
    return api('GET', '/attempt/answers')
      .then(function (result) {
        if (!result.ok) throw new Error('HTTP ' + result.status);
        var saved = (result.data && result.data.answers) || {};
        questions.forEach(function (q) {
          if (q.key in unsent) return;
          var answer = saved[q.key];
          if (answer && getValue(q) === '') {
            setValue(q, answer.value);
            setSaveState(q, 'saved', 'Saved at ' + localTime(answer.savedAt));
          }
        });
        answersLoaded = true;
        updateBanner();
      })
      .catch(function () {
        saveFailed();
      });
  }

  function restoreUnsent() {
    unsent = readUnsent();
    questions.forEach(function (q) {
      if (q.key in unsent) {
        setValue(q, unsent[q.key]);
        setSaveState(q, 'pending', 'Restored from this browser; sending…');
      }
    });
  }

  function collectQuestions() {
    document.querySelectorAll('.question[data-question-key]').forEach(function (section) {
      var q = {
        key: section.dataset.questionKey,
        type: section.dataset.questionType,
        section: section,
        input: section.querySelector('textarea'),
        number: section.dataset.questionNumber,
        required: section.dataset.required === 'true',
        state: section.querySelector('.save-state'),
        timer: null,
        inFlight: null,
      };
      if (q.type === 'choice') {
        section.addEventListener('change', function () {
          changed(q);
          save(q);
        });
      } else {
        q.input.addEventListener('input', function () {
          changed(q);
        });
        q.input.addEventListener('blur', function () {
          if (q.key in unsent) save(q);
        });
      }
      questions.push(q);
    });
  }

  function formatRemaining(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var mm = h > 0 ? String(m).padStart(2, '0') : String(m);
    return (h > 0 ? h + ':' : '') + mm + ':' + String(s).padStart(2, '0');
  }

  function tick() {
    if (deadlineMs === null || finished) return;
    var remaining = deadlineMs - serverNow();
    var text = formatRemaining(remaining);
    if (text !== lastCountdownText) {
      $('countdown').textContent = text;
      lastCountdownText = text;
    }
    $('timer-bar').classList.toggle('is-low', remaining <= 10 * 60000 && remaining > 0);
    $('timer-bar').classList.toggle('is-over', remaining <= 0);
    warnIfNeeded(remaining);
    // Zero on this estimate: ask the server, whose clock decides.
    if (remaining <= 0 && !timeUp && !syncInFlight) sync();
  }

  function warnIfNeeded(remaining) {
    if (remaining <= 0) return;
    var due = null;
    WARNING_MINUTES.forEach(function (minutes) {
      if (remaining <= minutes * 60000) due = minutes;
    });
    if (due === null || warned[due]) return;
    WARNING_MINUTES.forEach(function (minutes) {
      if (minutes >= due) warned[minutes] = true;
    });
    var minutesLeft = Math.ceil(remaining / 60000);
    var warning = $('time-warning');
    warning.textContent =
      minutesLeft +
      (minutesLeft === 1 ? ' minute' : ' minutes') +
      ' left. Your answers keep saving; whatever is saved when time runs out is submitted for you.';
    show(warning, true);
  }

  /** Re-reads the attempt: corrects the clock offset, picks up an extension or the end of the attempt. */
  function sync() {
    clearTimeout(syncTimer);
    syncInFlight = true;
    return api('GET', '/attempt')
      .then(function (result) {
        if (result.status === 404 || result.status === 401 || result.status === 410) return location.reload();
        if (!result.ok) throw new Error('HTTP ' + result.status);
        var attempt = result.data;
        if (attempt.status === 'expired' || attempt.status === 'withdrawn') return location.reload();
        if (attempt.status !== 'started') return showDone(attempt);
        if (attempt.deadline) deadlineMs = Date.parse(attempt.deadline);
        if (deadlineMs !== null && Date.parse(attempt.serverNow) >= deadlineMs) enterTimeUp();
      })
      .catch(function () {
        /* the next sync tries again */
      })
      .then(function () {
        syncInFlight = false;
        scheduleSync();
        tick();
      });
  }

  function scheduleSync() {
    if (finished) return;
    clearTimeout(syncTimer);
    var remaining = deadlineMs === null ? Infinity : deadlineMs - serverNow();
    var delay = timeUp ? POLL_AFTER_END_MS : remaining <= 2 * 60000 ? SYNC_NEAR_END_MS : SYNC_EVERY_MS;
    syncTimer = setTimeout(sync, delay);
  }

  /** The server's clock passed the deadline: send what is pending (the grace period allows it) and wait. */
  function enterTimeUp() {
    if (timeUp || finished) return;
    timeUp = true;
    saveAll().then(function () {
      questions.forEach(function (q) {
        if (q.input) q.input.readOnly = true;
        q.section.querySelectorAll('input[type=radio]').forEach(function (radio) {
          radio.disabled = true;
        });
      });
    });
    show($('time-warning'), false);
    show($('submit-confirm'), false);
    $('submit-button').disabled = true;
    show($('time-up'), true);
    scheduleSync();
  }

  function confirmText() {
    var empty = questions.filter(function (q) {
      return q.required && getValue(q).trim() === '';
    });
    var warning =
      empty.length === 0
        ? ''
        : (empty.length === 1 ? 'Question ' : 'Questions ') +
          empty
            .map(function (q) {
              return q.number;
            })
            .join(', ') +
          (empty.length === 1 ? ' is' : ' are') +
          ' required and still empty. ';
    return warning + 'Submit now? You will not be able to change your answers.';
  }

  function initSubmit() {
    var button = $('submit-button');
    var confirmBox = $('submit-confirm');
    var yes = $('submit-confirm-yes');
    var error = $('submit-error');
    button.addEventListener('click', function () {
      $('submit-confirm-text').textContent = confirmText();
      show(confirmBox, true);
      yes.focus();
    });
    $('submit-cancel').addEventListener('click', function () {
      show(confirmBox, false);
      button.focus();
    });
    yes.addEventListener('click', function () {
      yes.disabled = true;
      show(error, false);
      $('submit-confirm-text').textContent = 'Saving your last changes…';
      saveAll()
        .then(function (allSaved) {
          if (!allSaved) throw new Error('unsaved');
          $('submit-confirm-text').textContent = 'Submitting…';
          return api('POST', '/attempt/submit');
        })
        .then(function (result) {
          if (result.ok) return showDone(result.data);
          if (isDeadlinePassed(result)) return enterTimeUp();
          if (result.status === 409) return sync();
          throw new Error('HTTP ' + result.status);
        })
        .catch(function () {
          error.textContent =
            'Not submitted yet: Candor could not be reached. Your answers are kept in this browser; try again in a moment.';
          show(error, true);
        })
        .then(function () {
          yes.disabled = false;
          $('submit-confirm-text').textContent = confirmText();
        });
    });
  }

  function initDuring() {
    collectQuestions();
    restoreUnsent();
    loadAnswers().then(function () {
      return saveAll();
    });
    initSubmit();
    window.addEventListener('online', function () {
      clearTimeout(retryTimer);
      retryTimer = null;
      retry();
    });
    // Timers stop while a laptop sleeps or a tab is hidden: on return, ask the server where things stand.
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible' && !finished) sync();
    });
    tickTimer = setInterval(tick, 250);
    tick();
    sync();
  }

  /* ---------- after the submission ---------- */

  function showDone(attempt) {
    finished = true;
    clearTimeout(syncTimer);
    clearTimeout(retryTimer);
    clearInterval(tickTimer);
    // Nothing can be sent any more: keep no answer text in this browser.
    unsent = {};
    writeUnsent();
    ['timer-bar', 'answers-form', 'time-up', 'time-warning', 'save-banner', 'start-section', 'readings'].forEach(
      function (id) {
        show($(id), false);
      },
    );
    var byDeadline = attempt.submittedBy ? attempt.submittedBy === 'deadline' : timeUp;
    $('submitted-how').textContent = byDeadline
      ? 'Time ran out, and your saved answers were submitted by the deadline.'
      : 'You submitted your answers.';
    if (attempt.feedbackDueAt) showFeedbackDue(attempt.feedbackDueAt);
    show($('done'), true);
    $('done-heading').focus();
    initWaitingForFeedback();
  }

  function showFeedbackDue(iso) {
    setTime($('feedback-due-time'), iso);
    show($('feedback-due'), true);
  }

  /* ---------- waiting for feedback ---------- */

  var FEEDBACK_POLL_MS = 60000;
  var feedbackTimer = null;

  /**
   * While the feedback is pending, asks now and then whether it was sent; once it is, reloads so the server
   * renders it (with the answers and the reviewer's comments) in one place.
   */
  function loadFeedback() {
    clearTimeout(feedbackTimer);
    api('GET', '/feedback')
      .then(function (result) {
        if (!result.ok || !result.data) return; // 404 until the feedback service knows of it
        var feedback = result.data;
        if (feedback.status === 'sent') return location.reload();
        if (feedback.feedbackDueAt) showFeedbackDue(feedback.feedbackDueAt);
      })
      .catch(function () {
        /* offline: the confirmation stands on its own */
      })
      .then(function () {
        feedbackTimer = setTimeout(loadFeedback, FEEDBACK_POLL_MS);
      });
  }

  var waitingForFeedback = false;

  function initWaitingForFeedback() {
    if (waitingForFeedback) return; // a submit and a sync may both end the attempt
    waitingForFeedback = true;
    loadFeedback();
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') loadFeedback();
    });
  }

  /* ---------- rating the feedback ---------- */

  function initRating() {
    var form = $('rating-form');
    if (!form) return; // already rated: the server shows the thank-you
    var error = $('rating-error');
    var button = $('rating-submit');
    function fail(message, focusEl) {
      error.textContent = message;
      show(error, true);
      if (focusEl) focusEl.focus();
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      show(error, false);
      var checked = form.querySelector('input[name=feedbackUsefulness]:checked');
      if (!checked)
        return fail(
          'Choose how useful the feedback was, from 1 to 5.',
          form.querySelector('input[name=feedbackUsefulness]'),
        );
      var payload = { stage: 'after_feedback', feedbackUsefulness: Number(checked.value) };
      var comment = $('rating-comment').value.trim();
      if (comment) payload.comment = comment;
      button.disabled = true;
      api('POST', '/ratings', payload)
        .then(function (result) {
          if (result.ok) return showThanks(result.data);
          if (result.status === 400 && result.data && result.data.errors && result.data.errors.length) {
            var field = result.data.errors[0].field;
            return fail(
              'Not sent: ' + result.data.errors[0].message + '.',
              field === 'comment' ? $('rating-comment') : null,
            );
          }
          throw new Error('HTTP ' + result.status);
        })
        .catch(function () {
          fail('Your rating could not be sent just now. Check your connection and press Send again.');
        })
        .then(function () {
          button.disabled = false;
        });
    });
  }

  /** The stored rating (a repeat returns the first one), in the thank-you the server renders after a reload. */
  function showThanks(rating) {
    var value = rating.feedbackUsefulness;
    var label = value ? document.querySelector('label[for="usefulness-' + value + '"] .usefulness-label') : null;
    $('rating-thanks-summary').textContent = value
      ? 'You rated it ' + value + ' of 5' + (label ? ': ' + label.textContent : '') + '.'
      : '';
    $('rating-thanks-comment').textContent = rating.comment || '';
    show($('rating-thanks-comment'), !!rating.comment);
    show($('rating-form'), false);
    show($('rating-thanks'), true);
    $('rating-thanks').focus();
  }

  /* ---------- a recruiter's preview ---------- */

  /*
   * The candidate API as this page uses it, answered in the browser: Start sets the deadline to now + the
   * limit, saves succeed at once (the answers stay in memory), Submit shows the submitted state. Nothing is
   * sent to Candor, so a preview creates no attempt, answer or submission.
   */
  var previewState = { status: 'invited', deadline: null, submittedAt: null, submittedBy: null };

  function previewApi(method, path) {
    // The page's own clock (the server's time when the page was rendered, run on by the browser).
    var now = serverNow();
    var state = previewState;
    var minutes = Number(body.dataset.timeLimitMinutes || 0);
    var feedbackDueHours = Number(body.dataset.feedbackDueHours || 0);
    function iso(ms) {
      return new Date(ms).toISOString();
    }
    function end(by) {
      state.status = 'submitted';
      state.submittedAt = now;
      state.submittedBy = by;
    }
    if (state.status === 'started' && now >= state.deadline) end('deadline');
    var data = { status: state.status, serverNow: iso(now) };
    if (state.deadline !== null) data.deadline = iso(state.deadline);
    if (method === 'POST' && path === '/attempt/start' && state.status === 'invited') {
      state.status = 'started';
      state.deadline = now + minutes * 60000;
      data = { status: 'started', deadline: iso(state.deadline), serverNow: iso(now) };
    } else if (method === 'PUT') {
      data = { savedAt: iso(now), serverNow: iso(now) };
    } else if (path === '/attempt/answers') {
      data = { answers: {}, serverNow: iso(now) };
    } else if (method === 'POST' && path === '/attempt/submit' && state.status === 'started') {
      end('candidate');
    }
    if (state.status === 'submitted') {
      data.submittedAt = iso(state.submittedAt);
      data.submittedBy = state.submittedBy;
      data.feedbackDueAt = iso(state.submittedAt + feedbackDueHours * 3600000);
      if (path === '/feedback') data.status = 'pending';
    }
    return Promise.resolve({ status: 200, ok: true, data: data, retryAfter: 0 });
  }

  /** What the reload after Start shows a candidate, without a reload (the server knows of no attempt). */
  function startPreview(attempt) {
    deadlineMs = Date.parse(attempt.deadline);
    body.dataset.phase = 'during';
    show($('start-section'), false);
    document.querySelectorAll('.facts').forEach(function (el) {
      show(el, false);
    });
    setTime($('deadline-time'), attempt.deadline);
    show($('timer-bar'), true);
    show($('answers-form'), true);
    initDuring();
    var first = document.querySelector('#answers-form textarea, #answers-form input');
    if (first) first.focus();
  }

  localiseTimes();
  if (body.dataset.phase === 'before') initBefore();
  else if (body.dataset.phase === 'during') initDuring();
  else if (body.dataset.phase === 'after' && body.dataset.feedback === 'sent') initRating();
  else if (body.dataset.phase === 'after') initWaitingForFeedback();
})();
