// Small behaviours of the pages, kept in one file: the Content-Security-Policy
// allows no inline script or event handler. Every page works without it.
(function () {
  "use strict";
  // A select marked data-autosubmit sends its form when it changes.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // A checkbox marked data-tick-all="NAME" ticks or clears every checkbox of that name.
  document.querySelectorAll("input[data-tick-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      var name = box.getAttribute("data-tick-all");
      document.querySelectorAll("input[name='" + name + "']").forEach(function (other) {
        other.checked = box.checked;
      });
    });
  });
  // The comparison page hides identical articles unless the reader asks to see them.
  var hide = document.getElementById("hide-identical");
  if (hide) {
    document.body.classList.toggle("hide-identical", hide.checked);
    hide.addEventListener("change", function () {
      document.body.classList.toggle("hide-identical", hide.checked);
    });
  }
})();
