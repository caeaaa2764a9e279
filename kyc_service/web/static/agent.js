// Customer page: keep the documents list current without a reload, and copy links.
(function () {
  "use strict";
  var section = document.getElementById("documents");
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var field = document.querySelector(button.getAttribute("data-copy"));
      field.select();
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value); }
    });
  });
  if (!section) { return; }
  var url = section.getAttribute("data-poll");
  var signature = null;
  function refresh() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var next = JSON.stringify(data);
        if (signature !== null && next !== signature) { window.location.reload(); }
        signature = next;
      })
      .catch(function () { /* try again on the next tick */ });
  }
  refresh();
  window.setInterval(refresh, 3000);
})();
