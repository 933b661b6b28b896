(function () {
  "use strict";
  var active = {};
  var chips = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  chips.forEach(function (c) { active[c.getAttribute("data-filter")] = c.getAttribute("aria-pressed") === "true"; });
  var search = document.getElementById("search");
  var shown = document.getElementById("shown");
  var files = Array.prototype.slice.call(document.querySelectorAll("section.file"));
  var empty = document.getElementById("nothing");
  var total = document.querySelectorAll("section.file .row").length;
  function apply() {
    var q = search.value.trim().toLowerCase();
    var count = 0;
    files.forEach(function (f) {
      var path = (f.getAttribute("data-path") || "").toLowerCase();
      var any = false;
      f.querySelectorAll(".row").forEach(function (r) {
        var text = r.getAttribute("data-search") || "";
        var ok = active[r.getAttribute("data-status")] === true &&
          (!q || text.indexOf(q) >= 0 || path.indexOf(q) >= 0);
        r.hidden = !ok;
        if (ok) { any = true; count += 1; }
      });
      f.querySelectorAll(".ctx").forEach(function (c) { c.hidden = !any; });
      f.hidden = !any;
    });
    shown.textContent = count + " of " + total + " shown";
    empty.hidden = count !== 0;
  }
  chips.forEach(function (c) {
    c.addEventListener("click", function () {
      var status = c.getAttribute("data-filter");
      active[status] = !active[status];
      c.setAttribute("aria-pressed", active[status] ? "true" : "false");
      apply();
    });
  });
  search.addEventListener("input", apply);
  apply();
})();
