// Keyboard shortcuts for the case dashboard. Pages work without this file; it only adds keys.
// j/k: next/previous case (in a list: move the selection), o/Enter: open, a: approve,
// r: reject (focus the reason), ?: show the help.
(function () {
  "use strict";

  function typing(event) {
    var target = event.target;
    return target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  function follow(selector) {
    var link = document.querySelector(selector);
    if (link) { window.location.href = link.href; }
  }

  function moveInList(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll("a.case-link"));
    if (!links.length) { return; }
    var current = links.indexOf(document.activeElement);
    var next = current === -1 ? 0 : Math.min(Math.max(current + step, 0), links.length - 1);
    links[next].focus();
  }

  function submit(selector) {
    var form = document.querySelector(selector);
    var button = form && form.querySelector("button[type=submit]");
    if (button && !button.disabled) { form.requestSubmit(button); }
  }

  function showHelp() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) { dialog.showModal(); }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-show-shortcuts]")) { showHelp(); }
  });

  document.addEventListener("keydown", function (event) {
    if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var onCase = document.querySelector("[data-page=case]") !== null;
    switch (event.key) {
      case "j":
        if (onCase) { follow("a[data-key=next]"); } else { moveInList(1); }
        break;
      case "k":
        if (onCase) { follow("a[data-key=previous]"); } else { moveInList(-1); }
        break;
      case "o":
        if (!onCase && document.activeElement.matches("a.case-link")) {
          document.activeElement.click();
        }
        break;
      case "a":
        submit("form[data-key=approve]");
        break;
      case "r":
        var reason = document.querySelector("form[data-key=reject] textarea");
        if (reason) { reason.focus(); }
        break;
      case "?":
        showHelp();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
})();
