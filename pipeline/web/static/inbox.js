// praxis serve, the inbox page: files dropped onto the upload form (or chosen and sent with its button)
// are uploaded with XMLHttpRequest, the upload's progress shown in the form's <progress>; then the
// ingest job is followed (praxis.watch) and the page shows each file's outcome when it ends.
// Without JavaScript the form posts as it is (the server redirects to the job's progress).
"use strict";

(function () {
  function say(region, text, error) {
    region.replaceChildren();
    const box = document.createElement("div");
    box.className = "message " + (error ? "error" : "");
    if (error) box.setAttribute("role", "alert");
    (Array.isArray(text) ? text : [text]).forEach((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
    region.appendChild(box);
  }

  function follow(region, form, answer) {
    // the job's progress as job_progress.html shows it; praxis.watch loads answer.next when it ends
    const job = document.createElement("div");
    job.className = "job";
    job.dataset.job = answer.job;
    job.dataset.next = answer.next;
    const label = document.createElement("p");
    label.className = "job-label";
    label.id = "job-" + answer.job + "-label";
    label.textContent = form.dataset.reading + " ";
    const step = document.createElement("span");
    step.className = "job-step";
    label.appendChild(step);
    const bar = document.createElement("progress");
    bar.setAttribute("aria-labelledby", label.id);
    job.append(label, bar);
    if (answer.refused && answer.refused.length) say(region, answer.refused, true);
    else region.replaceChildren();
    region.appendChild(job);
    window.praxis.watch(job);
  }

  function refusal(xhr) {
    // the guard's short page (a request too large, a page opened too long ago): its text
    if (xhr.status < 400 || !xhr.responseText) return "";
    const found = new DOMParser().parseFromString(xhr.responseText, "text/html").querySelector("main p");
    return found ? found.textContent : "";
  }

  function upload(form, files) {
    const region = document.getElementById("inbox-messages");
    const box = form.querySelector(".upload-progress");
    const bar = box.querySelector("progress");
    const button = form.querySelector("button[type=submit]");
    const data = new FormData();
    for (const file of files) data.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.setRequestHeader("X-CSRF-Token", window.praxis.csrf());
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
    });
    xhr.addEventListener("load", () => {
      box.hidden = true;
      button.disabled = false;
      let answer = null;
      try { answer = JSON.parse(xhr.responseText); } catch (e) { answer = null; }
      if (answer && answer.job) follow(region, form, answer);
      else say(region, (answer && answer.refused) || refusal(xhr) || form.dataset.failed, true);
    });
    xhr.addEventListener("error", () => {
      box.hidden = true;
      button.disabled = false;
      say(region, form.dataset.failed, true);
    });
    bar.value = 0;
    box.hidden = false;
    button.disabled = true;
    xhr.send(data);
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("upload-form");
    if (!form || !window.FormData) return;
    const input = form.querySelector("input[type=file]");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      upload(form, input.files);
    });
    ["dragenter", "dragover"].forEach((kind) => form.addEventListener(kind, (e) => {
      e.preventDefault();
      form.classList.add("dragging");
    }));
    ["dragleave", "drop"].forEach((kind) => form.addEventListener(kind, () => form.classList.remove("dragging")));
    form.addEventListener("drop", (e) => {
      e.preventDefault();
      if (e.dataTransfer && e.dataTransfer.files.length) upload(form, e.dataTransfer.files);
    });
  });
})();
