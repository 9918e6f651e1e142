// ICD-10 suggestions for the comma-separated disease field of the federated search form.
(function () {
  var input = document.getElementById("disease"), list = document.getElementById("icd10-options"), timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var parts = input.value.split(","), last = parts[parts.length - 1].trim();
    if (last.length < 2) return;
    timer = setTimeout(function () {
      fetch("/api/v1/biobanks/icd10?q=" + encodeURIComponent(last)).then(function (r) { return r.json(); }).then(function (rows) {
        var prefix = parts.slice(0, -1).map(function (p) { return p.trim(); }).filter(Boolean);
        list.innerHTML = "";
        rows.forEach(function (row) {
          var option = document.createElement("option");
          option.value = prefix.concat([row.code]).join(", ");
          option.label = row.code + " " + row.label;
          list.appendChild(option);
        });
      });
    }, 150);
  });
})();
