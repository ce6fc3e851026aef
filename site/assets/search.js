// The search page: Pagefind's interface over the index built with the site.
// Opened from file://, a browser will not load the index: say so instead.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("search");
    if (!box) return;
    if (location.protocol === "file:") {
      var p = document.createElement("p");
      p.className = "notice";
      p.setAttribute("role", "status");
      p.textContent = box.getAttribute("data-file-message");
      box.appendChild(p);
      return;
    }
    // Absolute, since Pagefind resolves it from its own script's place.
    var bundle = new URL(box.getAttribute("data-bundle"), location.href).href;
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      var base = new URL(box.getAttribute("data-base") || "./", location.href).pathname;
      // A large site's index is split into shards: the first is this
      // bundle, the others are merged into its results.
      var root = new URL(box.getAttribute("data-base") || "./", location.href);
      var merge = (box.getAttribute("data-merge") || "").split(" ").filter(Boolean).map(function (p) {
        return { bundlePath: new URL(p, root).pathname, baseUrl: base };
      });
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundle,
        baseUrl: base,
        showImages: false,
        showSubResults: true,
        mergeIndex: merge,
        resetStyles: false,
        translations: { placeholder: box.getAttribute("data-label") }
      });
      var q = new URLSearchParams(location.search).get("q");
      if (q) ui.triggerSearch(q);
    };
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
