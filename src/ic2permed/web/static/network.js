/* Progressive enhancement: hovering an organisation highlights its ties; without JavaScript the picture still links. */
document.querySelectorAll("svg.network").forEach(function (svg) {
  var nodes = svg.querySelectorAll("a.node"), lines = svg.querySelectorAll("line[data-a]");
  nodes.forEach(function (node) {
    node.addEventListener("mouseenter", function () {
      var id = node.dataset.id, keep = new Set([id]);
      lines.forEach(function (l) {
        var hit = l.dataset.a === id || l.dataset.b === id;
        l.style.opacity = hit ? "1" : "0.1";
        if (hit) { keep.add(l.dataset.a); keep.add(l.dataset.b); }
      });
      nodes.forEach(function (m) { m.style.opacity = keep.has(m.dataset.id) ? "1" : "0.25"; });
    });
    node.addEventListener("mouseleave", function () {
      lines.forEach(function (l) { l.style.opacity = ""; });
      nodes.forEach(function (m) { m.style.opacity = ""; });
    });
  });
});
