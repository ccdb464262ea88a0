// praxis serve: the little JavaScript every page shares (vendored, no network).
// - fetchWithToken: a fetch that carries the page's CSRF token (every request that changes something needs it);
// - jobs: a [data-job] element whose job runs is kept up to date from /jobs/<id> and, when the job ends,
//   the page is loaded again (or the address in data-next), so that its result shows.
"use strict";

window.praxis = (function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

  function fetchWithToken(url, options) {
    const o = Object.assign({ credentials: "same-origin" }, options || {});
    o.headers = Object.assign({ "X-CSRF-Token": csrf() }, o.headers || {});
    return fetch(url, o);
  }

  function watch(el) {
    const label = el.querySelector(".job-label");
    const step = el.querySelector(".job-step");
    const bar = el.querySelector("progress");
    const tick = () => {
      fetch("/jobs/" + el.dataset.job, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((r) => r.json())
        .then((job) => {
          if (job.total) { bar.max = job.total; bar.value = job.done; }
          if (step) step.textContent = job.step || "";
          if (job.state === "done" || job.state === "failed") {
            // reload(): replace() with the same address and a #fragment would only scroll
            if (el.dataset.next) window.location.replace(el.dataset.next); else window.location.reload();
            return;
          }
          window.setTimeout(tick, 500);
        })
        .catch(() => window.setTimeout(tick, 2000));
    };
    if (label) label.setAttribute("aria-busy", "true");
    tick();
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll('[data-job][data-state="queued"], [data-job][data-state="running"]').forEach(watch);
  });

  return { csrf, fetchWithToken, watch };
})();
