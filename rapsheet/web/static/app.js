// rapsheet's only script: on an article page, highlight the evidence a link points at
// (#ev-START-END: character offsets into the article text) and scroll it into view; on a
// report, a [data-print] button opens the browser's print dialog (print or save as PDF).
(function () {
  "use strict";
  function highlight() {
    var old = document.querySelectorAll(".hl");
    for (var i = 0; i < old.length; i++) old[i].classList.remove("hl");
    var m = /^#ev-(\d+)-(\d+)$/.exec(window.location.hash);
    var text = document.getElementById("article-text");
    if (!m || !text) return;
    var start = +m[1], end = +m[2], first = null;
    var parts = text.querySelectorAll("[data-s]");
    for (var j = 0; j < parts.length; j++) {
      var s = +parts[j].getAttribute("data-s"), e = +parts[j].getAttribute("data-e");
      if (s < end && e > start) {
        parts[j].classList.add("hl");
        if (!first) first = parts[j];
      }
    }
    if (first) first.scrollIntoView({block: "center"});
    text.setAttribute("data-highlighted", start + "-" + end);
  }
  window.addEventListener("hashchange", highlight);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", highlight);
  else highlight();
})();
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-print]")) window.print();
  });
})();
