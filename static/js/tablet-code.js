/* The tablet's code page: take the code from a scanned QR code (#code=123456, a
   fragment, so it never reaches a server log), and send any answer an earlier
   form left on this device. */
(function () {
  "use strict";
  var match = window.location.hash.match(/code=(\d{6})/);
  var input = document.querySelector(".tablet-code-input");
  if (match && input) {
    input.value = match[1];
    window.history.replaceState(null, "", window.location.pathname + window.location.search);
  }
  if (window.AllianceOutbox) window.AllianceOutbox.flush();
})();
