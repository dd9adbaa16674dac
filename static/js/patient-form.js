/* The patient's form: SRS lines marked by tap or drag, the "what is missing"
   submit button, and sending through AllianceOutbox (answer-outbox.js).

   A line has no position until the patient marks it: its range input has no
   name (so it is not submitted) and no visible thumb until then. Texts come
   from the form's data-text-* attributes, in the patient's language. */
(function () {
  "use strict";

  var form = document.querySelector("[data-patient-form]");
  if (!form || !window.AllianceOutbox) return;
  var texts = form.dataset;
  var submit = form.querySelector("[data-submit]");
  var status = form.querySelector("[data-status]");
  var key = form.querySelector("input[name=submission_key]").value;
  var url = form.getAttribute("action") || window.location.pathname;
  var DRAG_START_PX = 8; // a finger moving less than this is a tap, not a drag
  var lines = Array.prototype.map.call(form.querySelectorAll("[data-line]"), setUpLine);
  var questions = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
  var sending = false;
  // The script says what is missing on the button itself; the browser's own bubbles would get in the way.
  form.noValidate = true;

  function setUpLine(container) {
    var box = container.querySelector("[data-vas-line]");
    var input = box.querySelector("input[type=range]");
    var press = null;

    function positionAt(clientX) {
      var rect = input.getBoundingClientRect();
      var thumb = parseFloat(window.getComputedStyle(input).getPropertyValue("--vas-thumb")) || 0;
      var ratio = (clientX - rect.left - thumb / 2) / (rect.width - thumb);
      return Math.round(Math.min(1, Math.max(0, ratio)) * 100);
    }

    function mark(position) {
      if (sending) return;
      input.value = String(position);
      input.name = input.dataset.field;
      input.removeAttribute("aria-valuetext");
      input.classList.add("is-set");
      container.classList.remove("is-missing", "has-error");
      refresh();
    }

    box.addEventListener("pointerdown", function (event) {
      if (event.button > 0) return;
      press = { id: event.pointerId, x: event.clientX, y: event.clientY, dragging: event.pointerType === "mouse" };
      if (press.dragging) mark(positionAt(event.clientX));
    });
    box.addEventListener("pointermove", function (event) {
      if (!press || press.id !== event.pointerId) return;
      var dx = Math.abs(event.clientX - press.x);
      if (!press.dragging && dx > DRAG_START_PX && dx > Math.abs(event.clientY - press.y)) {
        press.dragging = true;
        box.setPointerCapture(event.pointerId);
      }
      if (press.dragging) mark(positionAt(event.clientX));
    });
    box.addEventListener("pointerup", function (event) {
      if (!press || press.id !== event.pointerId) return;
      press = null;
      mark(positionAt(event.clientX));
      input.focus({ preventScroll: true });
    });
    // The browser took the gesture (a vertical scroll): nothing is marked by it.
    box.addEventListener("pointercancel", function () {
      press = null;
    });
    // Keyboard: arrow keys move the range input itself.
    input.addEventListener("input", function () {
      mark(Number(input.value));
    });

    return {
      container: container,
      isSet: function () {
        return input.classList.contains("is-set");
      },
    };
  }

  function missing() {
    return lines
      .filter(function (line) {
        return !line.isSet();
      })
      .map(function (line) {
        return line.container;
      })
      .concat(
        questions.filter(function (question) {
          return !question.querySelector("input:checked");
        })
      );
  }

  function counted(count, one, other) {
    return count === 1 ? one : other.replace("{n}", String(count));
  }

  function refresh() {
    var lineCount = lines.filter(function (line) {
      return !line.isSet();
    }).length;
    var questionCount = missing().length - lineCount;
    var parts = [];
    if (lineCount) parts.push(counted(lineCount, texts.textLineOne, texts.textLineOther));
    if (questionCount) parts.push(counted(questionCount, texts.textQuestionOne, texts.textQuestionOther));
    submit.setAttribute("aria-disabled", parts.length ? "true" : "false");
    submit.textContent = parts.length ? texts.textMissing.replace("{list}", parts.join(" · ")) : texts.textSend;
  }

  function say(message, kind) {
    status.textContent = message || "";
    status.classList.toggle("is-waiting", kind === "waiting");
    status.classList.toggle("is-error", kind === "error");
  }

  function lock(locked) {
    sending = locked;
    submit.disabled = locked;
    Array.prototype.forEach.call(form.querySelectorAll("input[type=radio]"), function (radio) {
      radio.disabled = locked;
    });
  }

  function errorsText(data) {
    var messages = [];
    var errors = (data && data.errors) || {};
    Object.keys(errors).forEach(function (name) {
      messages = messages.concat(errors[name]);
    });
    return [(data && data.message) || texts.textRejected].concat(messages).join(" ");
  }

  function deliver(entry) {
    lock(true);
    window.AllianceOutbox.deliver(entry, {
      waiting: function () {
        say(texts.textWaiting, "waiting");
      },
      stored: function (data) {
        window.location.replace((data && data.next) || url);
      },
      rejected: function (data) {
        if (data && data.closed) {
          window.location.replace(url); // the page now says why the form takes no answer
          return;
        }
        if (data && data.conflict) {
          say(data.message, "error"); // other answers were stored with this form: nothing to send again
          return;
        }
        lock(false);
        say(errorsText(data), "error");
      },
    });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (sending) return;
    var left = missing();
    if (left.length) {
      left.forEach(function (container) {
        container.classList.add("is-missing");
      });
      left[0].scrollIntoView({ behavior: "smooth", block: "center" });
      return;
    }
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    var entry = { key: key, url: url, fields: fields, savedAt: Date.now() };
    window.AllianceOutbox.save(entry); // kept on the device before the first try
    say(texts.textSending);
    deliver(entry);
  });

  refresh();
  var pending = window.AllianceOutbox.get(key);
  if (pending) {
    say(texts.textResending, "waiting");
    deliver(pending);
  }
})();
