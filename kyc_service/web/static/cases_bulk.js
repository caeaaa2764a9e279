// Queue page: "select all on this page" for the managers' bulk bar. Without scripts the
// box stays hidden and every row's own checkbox still works.
(function () {
  "use strict";
  var all = document.getElementById("pick-all");
  if (!all) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("input[data-pick]"));
  function sync() {
    var ticked = rows.filter(function (box) { return box.checked; }).length;
    all.checked = ticked === rows.length && ticked > 0;
    all.indeterminate = ticked > 0 && ticked < rows.length;
  }
  all.hidden = false;
  all.addEventListener("change", function () {
    rows.forEach(function (box) { box.checked = all.checked; });
  });
  rows.forEach(function (box) { box.addEventListener("change", sync); });
  sync();
})();
