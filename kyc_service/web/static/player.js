// Player page: poll until every sent photo has an outcome, then show it.
(function () {
  "use strict";
  var root = document.getElementById("player-documents");
  if (!root) { return; }
  var url = root.getAttribute("data-poll");
  var labels = JSON.parse(root.getAttribute("data-labels"));
  function pending() {
    return root.querySelector('[data-status="processing"]') !== null;
  }
  function tick() {
    if (!pending()) { return; }
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var changed = false;
        data.documents.forEach(function (item) {
          var card = root.querySelector('[data-item="' + item.kind + ":" + item.side + '"]');
          var status = card && card.querySelector("[data-status]");
          if (status && status.getAttribute("data-status") !== item.status) { changed = true; }
        });
        if (changed || data.completed) { window.location.reload(); }
      })
      .catch(function () { /* next tick */ });
  }
  window.setInterval(tick, 1500);
})();
