// Pickers for the codes of the proposed entry. The inputs work as a plain form without this
// file (and htmx fills their datalists as people type); it adds Esc to put the saved code back
// and keeps the keyboard where it was when saving a line re-renders the section.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Escape" || !input.matches || !input.matches("input[data-picker]")) { return; }
    input.value = input.dataset.saved;
    input.removeAttribute("aria-invalid");
    event.preventDefault();
  });

  var focused = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form[id^=line-]")) {
      var active = document.activeElement;
      focused = active && active.id ? active.id : form.id + "-gl_account";
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!focused) { return; }
    var input = document.getElementById(focused);
    focused = null;
    if (input) {
      input.focus();
      if (input.select) { input.select(); }
    }
  });
})();
