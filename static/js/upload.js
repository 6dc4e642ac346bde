// The upload page with a progress bar per file and drag and drop. The page works without this
// file as a plain form; with it, each file goes up in its own request (so one refused file
// holds up no other) and its row in the result list comes back from the server.
(function () {
  "use strict";

  var form = document.querySelector("form[data-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) { return; }
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-dropzone]");
  var results = document.querySelector("[data-results]");
  var maxBytes = parseInt(form.getAttribute("data-max-bytes"), 10);
  var csrfToken = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var waiting = [];
  input.removeAttribute("required"); // files go up as soon as they are chosen or dropped
  var sending = false;

  function addRow(name) {
    var row = document.createElement("tr");
    var nameCell = document.createElement("td");
    var caseCell = document.createElement("td");
    var statusCell = document.createElement("td");
    var progress = document.createElement("progress");
    nameCell.textContent = name;
    caseCell.textContent = "—";
    progress.max = 100;
    progress.value = 0;
    statusCell.appendChild(progress);
    row.appendChild(nameCell);
    row.appendChild(caseCell);
    row.appendChild(statusCell);
    results.appendChild(row);
    return { row: row, status: statusCell, progress: progress };
  }

  function fail(item, message) {
    item.status.textContent = message;
    item.status.className = "error";
  }

  function replaceRow(item, html) {
    var holder = document.createElement("tbody");
    holder.innerHTML = html;
    while (holder.firstElementChild) {
      results.insertBefore(holder.firstElementChild, item.row);
    }
    results.removeChild(item.row);
  }

  function sendNext() {
    if (sending || !waiting.length) { return; }
    sending = true;
    var item = waiting.shift();
    var request = new XMLHttpRequest();
    var data = new FormData();
    data.append("files", item.file, item.file.name);
    request.open("POST", form.action);
    request.setRequestHeader("HX-Request", "true");
    request.setRequestHeader("X-CSRFToken", csrfToken);
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) { item.progress.value = (event.loaded / event.total) * 100; }
    });
    request.addEventListener("load", function () {
      if (request.status === 201 || request.status === 413) {
        replaceRow(item, request.responseText);
      } else {
        fail(item, form.getAttribute("data-failed") + " (" + request.status + ")");
      }
      sending = false;
      sendNext();
    });
    request.addEventListener("error", function () {
      fail(item, form.getAttribute("data-failed"));
      sending = false;
      sendNext();
    });
    request.send(data);
  }

  function addFiles(files) {
    for (var i = 0; i < files.length; i++) {
      var item = addRow(files[i].name);
      if (files[i].size > maxBytes) {
        fail(item, form.getAttribute("data-too-large"));
        continue;
      }
      item.file = files[i];
      waiting.push(item);
    }
    sendNext();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    addFiles(input.files);
    input.value = "";
  });
  input.addEventListener("change", function () {
    addFiles(input.files);
    input.value = "";
  });

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    addFiles(event.dataTransfer.files);
  });
}());
