// Offline search for kgflow's living documentation: filters features, rules and scenarios as you type.
(function () {
  "use strict";
  var input = document.querySelector("input.search");
  if (!input) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  function normalise(text) { return text.toLocaleLowerCase("sv").normalize("NFC"); }
  function filter() {
    var words = normalise(input.value).split(/\s+/).filter(Boolean);
    items.forEach(function (item) {
      var text = normalise(item.getAttribute("data-search"));
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      item.hidden = !match;
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      var visible = group.querySelectorAll("[data-search]:not([hidden])").length;
      group.hidden = words.length > 0 && visible === 0;
    });
    var shown = items.filter(function (item) { return !item.hidden; }).length;
    var counter = document.querySelector("#search-count");
    if (counter) { counter.textContent = words.length ? shown + " träffar" : ""; }
  }
  input.addEventListener("input", filter);
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) { input.value = query; filter(); }
}());
