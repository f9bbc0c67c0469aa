// Small progressive enhancements for the server-rendered pages (no library, no build).
// Every page works without this file; it adds drag-and-drop upload with a progress bar,
// item <-> source-line highlighting, and attachment names from a file picker.
(function () {
  "use strict";

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  }

  // ---------------------------------------------------------------- minutes upload
  function initUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("file-input");
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");

    ["dragenter", "dragover"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (ev) {
      zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        status.textContent = input.files[0].name;
      }
    });
    input.addEventListener("change", function () {
      if (input.files.length) status.textContent = input.files[0].name;
    });

    function showError(text) {
      var box = document.getElementById("upload-error");
      if (!box) {
        box = document.createElement("p");
        box.id = "upload-error";
        box.className = "error";
        box.setAttribute("role", "alert");
        form.parentNode.insertBefore(box, form);
      }
      box.textContent = text;  // textContent: the server's words, never markup
      status.textContent = "";
      var btn = form.querySelector("button[type=submit]");
      if (btn) { btn.disabled = false; btn.classList.remove("busy"); }
    }

    form.addEventListener("submit", function (e) {
      if (!window.XMLHttpRequest || !window.FormData || !input.files.length) return;
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", csrf());
      bar.hidden = false;
      bar.value = 0;
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) {
          bar.value = Math.round((ev.loaded / ev.total) * 100);
          status.textContent = (form.dataset.uploading || "") + " " + bar.value + "%";
        }
      });
      xhr.upload.addEventListener("load", function () {
        // the bytes are there; the server now reads the file and extracts the items
        status.textContent = form.dataset.extracting || "…";
      });
      xhr.addEventListener("load", function () {
        bar.value = 100;
        if (xhr.status < 400 && xhr.responseURL && xhr.responseURL !== window.location.href) {
          window.location.assign(xhr.responseURL);  // the review page the server sent us to
        } else {
          // refused (bad encoding, too large, …): show the server's message, keep the form
          bar.hidden = true;
          var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
          var msg = doc.querySelector("#upload-error, .error");
          showError(msg ? msg.textContent : "HTTP " + xhr.status);
        }
      });
      xhr.addEventListener("error", function () {
        bar.hidden = true;
        status.textContent = "network error; try again";
      });
      xhr.send(new FormData(form));
    });
  }

  // ------------------------------------------------ review: item <-> source line
  function highlight(line, scroll) {
    var prev = document.querySelectorAll("#source li.active");
    for (var i = 0; i < prev.length; i++) prev[i].classList.remove("active");
    var li = document.getElementById("L" + line);
    if (!li) return;
    li.classList.add("active");
    if (scroll) li.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function initReview() {
    var table = document.getElementById("items-table");
    if (!table) return;
    table.addEventListener("click", function (e) {
      var row = e.target.closest("tr.item-row");
      if (!row || !row.dataset.line) return;
      if (e.target.closest("a.goto")) e.preventDefault();
      var rows = table.querySelectorAll("tr.item-row.selected");
      for (var i = 0; i < rows.length; i++) rows[i].classList.remove("selected");
      row.classList.add("selected");
      highlight(row.dataset.line, true);
    });
    table.addEventListener("focusin", function (e) {
      var row = e.target.closest("tr.item-row");
      if (row && row.dataset.line) highlight(row.dataset.line, true);
    });
    // from the text back to the item: clicking a line with an item selects that item
    var source = document.getElementById("source");
    source.addEventListener("click", function (e) {
      var li = e.target.closest("li.has-item");
      if (!li) return;
      var n = li.id.slice(1);
      var row = table.querySelector('tr.item-row[data-line="' + n + '"]');
      if (row) { row.scrollIntoView({ block: "center", behavior: "smooth" }); row.click(); }
    });
    var m = /^#item-(\d+)$/.exec(window.location.hash);
    if (m) {
      var row = document.getElementById("item-" + m[1]);
      if (row && row.dataset.line) highlight(row.dataset.line, true);
    }
  }

  // ----------------------------------------------- request form: attachment names
  function initAttachments() {
    var picker = document.getElementById("attachment-picker");
    var box = document.getElementById("attachments");
    if (!picker || !box) return;
    picker.addEventListener("change", function () {
      var names = box.value.split("\n").filter(function (s) { return s.trim(); });
      for (var i = 0; i < picker.files.length; i++) {
        if (names.indexOf(picker.files[i].name) < 0) names.push(picker.files[i].name);
      }
      box.value = names.join("\n");
      picker.value = "";
    });
  }

  // ------------------------------------------- forms: no double submit while solving
  function initBusyButtons() {
    document.addEventListener("submit", function (e) {
      var f = e.target;
      if (f.method.toLowerCase() !== "post" || e.defaultPrevented) return;
      var b = f.querySelector("button[type=submit]") || document.querySelector('button[form="' + f.id + '"]');
      if (b) { setTimeout(function () { b.disabled = true; b.classList.add("busy"); }, 0); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initUpload();
    initReview();
    initAttachments();
    initBusyButtons();
  });
})();
