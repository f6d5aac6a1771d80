// Live updates: a page whose parts carry data-live listens to /api/v1/events/stream (server-
// sent events; the browser reconnects by itself and resumes with Last-Event-ID). On a change,
// each part is fetched again with htmx (data-live is its URL; empty: this page's URL) and
// swapped in place. On the canvas a change to a card, a touchpoint, a comment or a stage's
// or lane's name fetches only the parts of the board showing it (data-part, web/canvas_parts.py);
// anything else (a stage or lane added, removed, reordered) fetches the whole board.
// A part someone is typing in waits until they leave it, so a live update never takes text
// out of their hands; their own save then meets the version check and, if the object changed
// meanwhile, the conflict notice.
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

  // -- the canvas board: only the parts showing the changed object ------------------------
  let queue = Promise.resolve();  // one change at a time, so answers are swapped in order

  function partial(part, change) {
    if (part.id !== "board") { return false; }
    if (["card", "touchpoint", "comment"].includes(change.kind)) { return true; }
    return (change.kind === "stage" || change.kind === "lane") && change.action === "update";
  }

  function schedulePart(change) {
    const key = "ref:" + change.ref;
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(function () {
      const board = document.getElementById("board");
      if (!board || !concerns(board, change)) { return; }
      queue = queue.then(function () { return refreshParts(board, change); })
        .catch(function () { refresh(board); });
    }, DEBOUNCE_MS));
  }

  // The parts on the page now that show the object (where a moved or deleted one was).
  function holders(board, kind, ident) {
    const found = new Set();
    const add = function (element) {
      const part = element.closest("[data-part]");
      if (part) { found.add(part); }
    };
    if (kind === "stage" || kind === "lane") {
      const head = document.getElementById("part~" + kind + "~" + ident);
      if (head) { found.add(head); }
    }
    board.querySelectorAll("[data-part] .card").forEach(function (card) {
      if (card.dataset.id === ident || (kind === "touchpoint" && card.dataset.touchpoint === ident)) {
        add(card);
      }
    });
    return Array.from(found);
  }

  // The parts an answer holds, or null when it is not one (the whole board is fetched then).
  function fetchParts(url) {
    return fetch(url + window.location.search, { headers: { "HX-Request": "true" } })
      .then(function (response) {
        if (!response.ok) { return response.status === 404 ? [] : null; }
        return response.text().then(function (html) {
          const template = document.createElement("template");
          template.innerHTML = html;
          return Array.from(template.content.children).filter(function (e) { return e.id; });
        });
      });
  }

  function swapPart(fresh) {
    const current = document.getElementById(fresh.id);
    if (!current) { return; }
    if (typingIn(current)) { current.dataset.livePending = "1"; return; }
    htmx.swap(current, fresh.outerHTML, { swapStyle: "outerHTML" });
  }

  function refreshPart(part) {
    delete part.dataset.livePending;
    return fetchParts(part.dataset.part).then(function (fresh) {
      const board = document.getElementById("board");
      if (fresh === null || fresh.length === 0) { if (board) { refresh(board); } return; }
      fresh.forEach(swapPart);
    });
  }

  function refreshParts(board, change) {
    const ident = change.ref.split("/").pop();
    const before = holders(board, change.kind, ident);
    const url = "/maps/" + encodeURIComponent(board.dataset.map) + "/ui/part/" +
      change.kind + "/" + encodeURIComponent(ident);
    return fetchParts(url).then(function (fresh) {
      const gone = fresh !== null && fresh.length === 0 && before.length > 0 &&
        (change.kind === "card" || change.kind === "touchpoint");  // deleted: only its old place
      if (fresh === null || (fresh.length === 0 && !gone) ||
          fresh.some(function (e) { return !document.getElementById(e.id); })) {
        refresh(board);  // not understood, or a part this page does not have yet
        return;
      }
      fresh.forEach(swapPart);
      const shown = new Set(fresh.map(function (e) { return e.id; }));
      return Promise.all(before.filter(function (part) { return !shown.has(part.id); })
        .map(refreshPart));
    });
  }

  function onChange(event) {
    const change = JSON.parse(event.data);
    lastChange = change;
    document.querySelectorAll("[data-live]").forEach(function (part) {
      if (!concerns(part, change)) { return; }
      if (partial(part, change)) { schedulePart(change); } else { schedule(part, change); }
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
    if (!lastChange || !root.matches || !root.matches("[data-live], [data-part]")) { return; }
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
      target.querySelectorAll("[data-live-pending]").forEach(function (part) {
        delete part.dataset.livePending;
      });
    }
  });
  // Leaving a part that waited: fetch it now (after the save its change event started).
  document.addEventListener("focusout", function () {
    setTimeout(function () {
      document.querySelectorAll("[data-live-pending]").forEach(function (part) {
        if (part.dataset.part) {
          queue = queue.then(function () { return refreshPart(part); });
        } else { refresh(part); }
      });
    }, 50);
  });
  document.addEventListener("htmx:load", function (event) {
    markChanged(event.detail.elt);
    connect();
  });
  document.addEventListener("DOMContentLoaded", connect);
  window.addEventListener("pagehide", function () { if (source) { source.close(); } });
})();
