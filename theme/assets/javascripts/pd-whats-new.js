// What's new: the home page marks the papers added since this browser's last visit (localStorage keeps
// the newest digest date seen; sessionStorage keeps the marks while the visit lasts).
(() => {
  "use strict";
  const SEEN = "pd-last-seen";
  const SINCE = "pd-new-since";
  const mark = () => {
    const note = document.querySelector("[data-pd-whats-new]");
    if (!note) return;
    const dates = [...document.querySelectorAll(".pd-item[data-pd-date]")].map((item) => item.dataset.pdDate);
    if (!dates.length) return;
    const newest = dates.reduce((a, b) => (a > b ? a : b));
    let since = sessionStorage.getItem(SINCE);
    if (since === null) {
      since = localStorage.getItem(SEEN) || "";
      sessionStorage.setItem(SINCE, since);
    }
    if (!localStorage.getItem(SEEN) || localStorage.getItem(SEEN) < newest) localStorage.setItem(SEEN, newest);
    if (!since) return; // a first visit: nothing is "new" yet
    let count = 0;
    document.querySelectorAll(".pd-item[data-pd-date]").forEach((item) => {
      if (item.dataset.pdDate <= since || item.querySelector(".pd-new")) return;
      const badge = document.createElement("span");
      badge.className = "pd-new";
      badge.textContent = "New";
      badge.title = "Added since your last visit";
      item.querySelector(".pd-item__meta")?.prepend(badge, " ");
      count += 1;
    });
    if (count) {
      note.textContent = `${count} paper${count === 1 ? "" : "s"} added since your last visit (marked New).`;
      note.hidden = false;
    }
  };
  if (window.document$) window.document$.subscribe(mark);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mark);
  else mark();
})();
