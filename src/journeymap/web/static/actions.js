// The action board: drag a card to another column with SortableJS; the drop posts the new
// status with the card's version and the server answers with the re-rendered board (or the
// conflict said above it, nothing written).
(function () {
  "use strict";

  function init(root) {
    const board = root.id === "action-board" ? root
      : root.querySelector && root.querySelector("#action-board");
    if (!board || typeof Sortable === "undefined") { return; }
    board.querySelectorAll(".action-cards").forEach(function (column) {
      if (column.dataset.sortableReady) { return; }
      column.dataset.sortableReady = "1";
      Sortable.create(column, {
        group: "actions", draggable: ".action-card", animation: 120, ghostClass: "ghost",
        onEnd: function (event) {
          if (event.from === event.to) { return; }
          const card = event.item;
          const url = "/actions/" + encodeURIComponent(card.dataset.map) + "/"
            + encodeURIComponent(card.dataset.id) + "/status";
          htmx.ajax("POST", url, {
            target: "#action-board", swap: "outerHTML",
            values: { version: card.dataset.version, status: event.to.dataset.status,
                      back: board.dataset.map },
          });
        },
      });
    });
  }

  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () {
    const board = document.getElementById("action-board");
    if (board) { init(board); }
  });
})();
