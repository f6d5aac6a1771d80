// CSRF token for every htmx request (web/csrf.py checks it on POST/PUT/PATCH/DELETE).
// Plain forms carry it as a hidden field; fetch() callers can read the same <meta>.
(function () {
  "use strict";
  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }
  document.addEventListener("htmx:configRequest", function (event) {
    var verb = (event.detail.verb || "").toUpperCase();
    if (verb !== "GET" && verb !== "HEAD") {
      event.detail.headers["X-CSRF-Token"] = token();
    }
  });
  window.journeymapCsrfToken = token;
})();
