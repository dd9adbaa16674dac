/* Idle sign-out warning. The server decides when a session ends; this script
   only warns shortly before, asks whether another tab kept the session alive
   (a background request, which extends nothing), and offers to stay signed in. */
(function () {
  "use strict";
  var box = document.getElementById("session-timer");
  if (!box) { return; }
  var warning = document.getElementById("session-warning");
  var stay = document.getElementById("session-stay");
  var warnBefore = parseInt(box.dataset.warnSeconds, 10) * 1000;
  var timer = null;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function schedule(secondsLeft) {
    clearTimeout(timer);
    var left = secondsLeft * 1000;
    if (left <= 0) { window.location.reload(); return; }
    if (left > warnBefore) {
      warning.classList.add("d-none");
      timer = setTimeout(check, left - warnBefore);
    } else {
      warning.classList.remove("d-none");
      timer = setTimeout(function () { window.location.reload(); }, left + 1000);
    }
  }

  function answer(response) {
    if (!response.ok || response.redirected) { window.location.reload(); return null; }
    return response.json();
  }

  function check() {
    fetch(box.dataset.statusUrl, {headers: {"X-Alliance-Background": "1"}, credentials: "same-origin"})
      .then(answer)
      .then(function (data) { if (data) { schedule(data.seconds_left); } })
      .catch(function () { schedule(warnBefore / 1000); });
  }

  stay.addEventListener("click", function () {
    fetch(box.dataset.keepaliveUrl, {
      method: "POST",
      headers: {"X-CSRFToken": csrfToken()},
      credentials: "same-origin"
    }).then(answer).then(function (data) { if (data) { schedule(data.seconds_left); } });
  });

  schedule(parseInt(box.dataset.idleSeconds, 10));
})();
