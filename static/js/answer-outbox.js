/* The outbox of the patient's forms: an answer is kept in localStorage and sent
   with its submission key until the server confirms it.

   - A network error, a 5xx, a 408 or a 429 (or a reply that is not ours, such
     as a captive portal's page) means "try again": after 1 s, then 2, 4, 8, at
     most 15 s apart, and at once when the browser says it is back online.
   - A confirmation ({"stored": true}) removes the answer from the device.
   - Any other reply (a 4xx: invalid answers, an expired or withdrawn form, a
     409 for different answers re-sent with a key already used) is final: the
     answer is removed and the page is told why.
   The server stores one response per key, so sending the same answer twice is harmless. */
(function () {
  "use strict";

  var PREFIX = "alliance.patient-answer.";
  var FIRST_DELAY_MS = 1000;
  var MAX_DELAY_MS = 15000;
  var delivering = {};

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: the answer is still sent, only not kept across a reload
    }
  }

  function save(entry) {
    var store = storage();
    try {
      if (store) store.setItem(PREFIX + entry.key, JSON.stringify(entry));
    } catch (error) {
      /* storage full: as above */
    }
  }

  function get(key) {
    var store = storage();
    try {
      var raw = store && store.getItem(PREFIX + key);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function forget(key) {
    var store = storage();
    if (store) store.removeItem(PREFIX + key);
  }

  function pendingKeys() {
    var store = storage();
    var keys = [];
    if (!store) return keys;
    for (var i = 0; i < store.length; i += 1) {
      var name = store.key(i);
      if (name && name.indexOf(PREFIX) === 0) keys.push(name.slice(PREFIX.length));
    }
    return keys;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function attempt(entry) {
    return fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: new URLSearchParams(entry.fields),
    }).then(
      function (response) {
        if (response.status >= 500 || response.status === 408 || response.status === 429) {
          return { state: "retry" };
        }
        return response.json().then(
          function (data) {
            if (response.ok && data.stored) return { state: "stored", data: data };
            if (response.ok) return { state: "retry" };
            return { state: "rejected", data: data };
          },
          function () {
            return response.ok ? { state: "retry" } : { state: "rejected", data: {} };
          }
        );
      },
      function () {
        return { state: "retry" }; // offline, DNS, connection reset...
      }
    );
  }

  /* Send `entry` until it is confirmed or refused; `handlers` may have
     waiting(), stored(data) and rejected(data). One delivery per key at a time. */
  function deliver(entry, handlers) {
    handlers = handlers || {};
    if (delivering[entry.key]) return;
    delivering[entry.key] = true;
    var delay = FIRST_DELAY_MS;
    var timer = null;

    function run() {
      window.clearTimeout(timer);
      window.removeEventListener("online", run);
      attempt(entry).then(function (result) {
        if (result.state === "retry") {
          if (handlers.waiting) handlers.waiting();
          window.addEventListener("online", run);
          timer = window.setTimeout(run, delay);
          delay = Math.min(delay * 2, MAX_DELAY_MS);
          return;
        }
        delete delivering[entry.key];
        forget(entry.key);
        if (result.state === "stored" && handlers.stored) handlers.stored(result.data);
        if (result.state === "rejected" && handlers.rejected) handlers.rejected(result.data);
      });
    }
    run();
  }

  /* Send whatever an earlier page left behind (the tablet's code page calls this). */
  function flush() {
    pendingKeys().forEach(function (key) {
      var entry = get(key);
      if (entry && entry.url && entry.fields) deliver(entry);
      else forget(key);
    });
  }

  window.AllianceOutbox = { save: save, get: get, deliver: deliver, flush: flush };
})();
