// The canvas: drag and drop with SortableJS; every drop posts the move with the object's
// version, and the server answers with the re-rendered board (or the conflict).
(function () {
  "use strict";

  function post(board, url, values) {
    htmx.ajax("POST", url, { target: "#board", swap: "outerHTML", values: values });
  }

  function sortable(element, options) {
    if (element.dataset.sortableReady) { return; }
    element.dataset.sortableReady = "1";
    Sortable.create(element, Object.assign({ animation: 120, ghostClass: "ghost" }, options));
  }

  function init(root) {
    // a part of the board swapped in by a live update (live.js) is set up like the board
    const board = root.id === "board" ? root : root.closest && root.closest("#board") ||
      root.querySelector && root.querySelector("#board");
    if (!board || typeof Sortable === "undefined") { return; }
    const base = "/maps/" + encodeURIComponent(board.dataset.map) + "/ui/";
    board.querySelectorAll('[data-sortable="stages"]').forEach(function (row) {
      sortable(row, {
        draggable: ".stage-head", handle: ".grip", direction: "horizontal",
        onEnd: function (event) {
          if (event.oldDraggableIndex === event.newDraggableIndex) { return; }
          const item = event.item;
          post(board, base + "stage/" + encodeURIComponent(item.dataset.id) + "/move",
            { version: item.dataset.version, position: event.newDraggableIndex });
        },
      });
    });
    board.querySelectorAll('[data-sortable="lanes"]').forEach(function (lanes) {
      sortable(lanes, {
        draggable: ".lane", handle: ".lane-grip",
        onEnd: function (event) {
          if (event.oldDraggableIndex === event.newDraggableIndex) { return; }
          const item = event.item;
          post(board, base + "lane/" + encodeURIComponent(item.dataset.id) + "/move",
            { version: item.dataset.version, position: event.newDraggableIndex });
        },
      });
    });
    board.querySelectorAll('[data-sortable="cards"]').forEach(function (cell) {
      sortable(cell, {
        group: "cards", draggable: ".card", handle: ".card-grip",
        onEnd: function (event) {
          if (event.from === event.to && event.oldDraggableIndex === event.newDraggableIndex) {
            return;
          }
          const item = event.item;
          post(board, base + "card/" + encodeURIComponent(item.dataset.id) + "/move", {
            version: item.dataset.version, lane: event.to.dataset.lane,
            stage: event.to.dataset.stage, position: event.newDraggableIndex,
          });
        },
      });
    });
  }

  // Enter in a name field saves it once: leaving the field fires the change htmx posts,
  // instead of also submitting the form the plain way with the same (then stale) version.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("form.rename input[name=value]")) {
      event.preventDefault();
      event.target.blur();
    }
  });

  // The comment panel closes to an empty, hidden placeholder (no longer fetched live).
  document.addEventListener("click", function (event) {
    const close = event.target.closest && event.target.closest(".close-panel");
    if (!close) { return; }
    const panel = close.closest(".comment-panel");
    const empty = document.createElement("aside");
    empty.id = "comment-panel";
    empty.className = "comment-panel";
    empty.hidden = true;
    panel.replaceWith(empty);
  });

  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () {
    const board = document.getElementById("board");
    if (board) { init(board); }
  });
})();
