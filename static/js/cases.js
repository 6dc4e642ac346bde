// Keyboard shortcuts for the case dashboard. Pages work without this file; it only adds keys.
// j/k: next/previous case (in a list: move the selection), o/Enter: open, a: approve,
// r: reject (focus the reason), e: edit the first field (Esc there: put the saved value back),
// ?: show the help.
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
      case "e":
        var field = document.querySelector("input[data-field]");
        if (field) { field.focus(); field.select(); }
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

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Escape" || !field.matches("input[data-field]")) { return; }
    field.value = field.dataset.saved;
    var message = document.getElementById(field.id + "-message");
    if (message) { message.textContent = ""; message.className = "field-message"; }
    field.blur();
    event.preventDefault();
  });

  // Saving one field re-renders them all; keep what is being typed into the one with focus,
  // and save it when it is left, as if the swap had not happened.
  var typed = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var field = document.activeElement;
    typed = null;
    if (field && field.matches("input[data-field]") && event.detail.target.contains(field) &&
        field.value !== field.dataset.saved) {
      typed = { id: field.id, value: field.value };
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!typed) { return; }
    var field = document.getElementById(typed.id);
    if (field && field.value !== typed.value) {
      field.value = typed.value;
      field.dataset.unsaved = "true";
    }
    typed = null;
  });
  document.addEventListener("focusout", function (event) {
    var field = event.target;
    if (field.matches && field.matches("input[data-field][data-unsaved]")) {
      delete field.dataset.unsaved;
      if (field.value !== field.dataset.saved) {
        field.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  });
})();

// The field under edit, outlined on the rendered page: sources read from a page say
// "page N, box x0,y0,x1,y1 (PDF points|pixels, from top left)"; pixels are at 300 dpi.
(function () {
  var BOX = /page (\d+), box (\d+),(\d+),(\d+),(\d+) \((PDF points|pixels)/;
  function outline(input) {
    var frame = document.querySelector(".page-frame");
    if (!frame) return;
    var image = frame.querySelector("img.page");
    var mark = frame.querySelector(".highlight");
    var found = BOX.exec(input.getAttribute("data-source") || "");
    if (!found || !image.naturalWidth || found[1] !== image.getAttribute("data-page")) {
      mark.hidden = true;
      return;
    }
    var points = found[6] === "pixels" ? 72 / 300 : 1;
    var factor = points * parseFloat(image.getAttribute("data-scale")) * image.clientWidth / image.naturalWidth;
    mark.style.left = found[2] * factor + "px";
    mark.style.top = found[3] * factor + "px";
    mark.style.width = (found[4] - found[2]) * factor + "px";
    mark.style.height = (found[5] - found[3]) * factor + "px";
    mark.hidden = false;
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("input[data-field]")) outline(event.target);
  });
})();
