// Live updates: a page whose parts carry data-live listens to /api/v1/events/stream (server-
// sent events; the browser reconnects by itself and resumes with Last-Event-ID). On a change,
// each part is fetched again with htmx (data-live is its URL; empty: this page's URL) and
// swapped in place. A part someone is typing in waits until they leave it, so a live update
// never takes text out of their hands; their own save then meets the version check and, if
// the object changed meanwhile, the conflict notice.
(function () {
  "use strict";

  const STREAM = "/api/v1/events/stream";
  const DEBOUNCE_MS = 120;
  let source = null;
  let lastChange = null;
  const timers = new Map();

  function urlOf(part) {
    return part.dataset.live || (window.location.pathname + window.location.search);
  }

  function typingIn(part) {
    const active = document.activeElement;
    return Boolean(active && active !== document.body && part.contains(active) &&
      active.matches("input:not([type=hidden]), textarea, select, [contenteditable]"));
  }

  // One fetch per part at a time: a change heard while one runs fetches again after it
  // (htmx would drop a second request on the same target).
  const running = new Set();
  const again = new Set();

  function refresh(part) {
    if (!part.id || !document.body.contains(part)) { return; }
    if (typingIn(part)) { part.dataset.livePending = "1"; return; }
    delete part.dataset.livePending;
    const id = part.id;
    if (running.has(id)) { again.add(id); return; }
    running.add(id);
    const selector = "#" + id;
    const done = function () {
      running.delete(id);
      if (again.delete(id)) {
        const current = document.getElementById(id);
        if (current) { refresh(current); }
      }
    };
    htmx.ajax("GET", urlOf(part), { target: selector, select: selector, swap: "outerHTML" })
      .then(done, done);
  }

  // By id, not by element: a refresh finishing meanwhile swaps the part for a new element,
  // and the change must reach that one (unless it already shows it).
  function schedule(part, change) {
    const id = part.id;
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(function () {
      const current = document.getElementById(id);
      if (current && concerns(current, change)) { refresh(current); }
    }, DEBOUNCE_MS));
  }

  function concerns(part, change) {
    if (change.id <= Number(part.dataset.liveSeen || 0)) { return false; }  // shown already
    const map = part.dataset.liveMap;
    return !map || !change.map_id || map === change.map_id;
  }

  function onChange(event) {
    const change = JSON.parse(event.data);
    lastChange = change;
    document.querySelectorAll("[data-live]").forEach(function (part) {
      if (concerns(part, change)) { schedule(part, change); }
    });
    document.dispatchEvent(new CustomEvent("journeymap:change", { detail: change }));
  }

  function connect() {
    if (source || !document.querySelector("[data-live]") || typeof EventSource === "undefined") {
      return;
    }
    source = new EventSource(STREAM);
    source.addEventListener("change", onChange);
    source.addEventListener("open", function () {
      document.documentElement.dataset.liveStream = "open";
    });
    source.addEventListener("error", function () {
      document.documentElement.dataset.liveStream = "reconnecting";
    });
  }

  // Mark what just changed in a part that was fetched again.
  function markChanged(root) {
    if (!lastChange || !root.matches || !root.matches("[data-live]")) { return; }
    const ident = lastChange.ref.split("/").pop();
    root.querySelectorAll("[data-id]").forEach(function (element) {
      if (element.dataset.id === ident) { element.classList.add("live-changed"); }
    });
  }

  // A save posted to a part brings its current content back anyway: no second fetch.
  document.addEventListener("htmx:beforeRequest", function (event) {
    const target = event.detail.target;
    if (event.detail.requestConfig && event.detail.requestConfig.verb !== "get" && target) {
      delete target.dataset.livePending;
    }
  });
  // Leaving a part that waited: fetch it now (after the save its change event started).
  document.addEventListener("focusout", function () {
    setTimeout(function () {
      document.querySelectorAll("[data-live-pending]").forEach(refresh);
    }, 50);
  });
  document.addEventListener("htmx:load", function (event) {
    markChanged(event.detail.elt);
    connect();
  });
  document.addEventListener("DOMContentLoaded", connect);
  window.addEventListener("pagehide", function () { if (source) { source.close(); } });
})();
