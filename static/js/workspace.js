/* The assessor workspace's behaviour: a Jalali date picker on date boxes, and a confirmation
   before deleting. Everything else is htmx, driven by attributes; without this file (or without
   JavaScript) every form still posts and the server answers with the whole page. */
(function () {
  "use strict";

  var persian = document.documentElement.lang === "fa";

  function startDatePicker() {
    if (!window.jalaliDatepicker) {
      return;
    }
    window.jalaliDatepicker.startWatch({
      persianDigits: persian,
      separatorChars: { date: "/" },
      autoHide: true,
      hideAfterChange: true,
      zIndex: 1060,
    });
  }

  // Asked before htmx (or the browser) sends the form: capturing on the document runs first.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      var question = form.getAttribute && form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // A details box opened to add a finding puts the cursor in its text.
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.classList && details.classList.contains("add-finding") && details.open) {
      var text = details.querySelector("textarea");
      if (text) {
        text.focus();
      }
    }
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startDatePicker);
  } else {
    startDatePicker();
  }
})();
