/* The web edition's filters: hide the practices that match none of the options ticked in a
   filter (within a filter any option may match, across filters all must), announce how many
   are shown. Without this script the form stays hidden and every practice is listed. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var status = document.getElementById("filter-status");
  if (!form || !status) {
    return;
  }
  var empty = document.getElementById("filter-empty");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-practice]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("[data-group]"));

  function ticked() {
    var chosen = {};
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      (chosen[box.name] = chosen[box.name] || []).push(box.value);
    });
    return chosen;
  }

  function matches(item, chosen) {
    return Object.keys(chosen).every(function (name) {
      var own = (item.getAttribute("data-" + name) || "").split(" ");
      return chosen[name].some(function (value) { return own.indexOf(value) >= 0; });
    });
  }

  function apply() {
    var chosen = ticked();
    var shown = 0;
    items.forEach(function (item) {
      item.hidden = !matches(item, chosen);
      shown += item.hidden ? 0 : 1;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-practice]:not([hidden])");
    });
    if (empty) {
      empty.hidden = shown > 0;
    }
    var text = (shown === 1 ? status.dataset.one : status.dataset.other).replace("{count}", String(shown));
    if (status.textContent !== text) {
      status.textContent = text;
    }
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.hidden = false;
  apply();
}());
