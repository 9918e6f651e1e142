// ICD-10 suggestions for the disease field of the biobank search form.
(function () {
  var input = document.getElementById("disease_text"), list = document.getElementById("icd10-options"), timer;
  if (!input || !window.fetch) return;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (input.value.trim().length < 1) return;
      fetch("/api/v1/biobanks/icd10?q=" + encodeURIComponent(input.value.trim()))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (rows) {
          list.innerHTML = "";
          rows.forEach(function (row) {
            var option = document.createElement("option");
            option.value = row.code; option.label = row.code + " — " + row.label;
            list.appendChild(option);
          });
        });
    }, 200);
  });
})();
