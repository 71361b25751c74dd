// Reading list: a star on every [data-pd-paper] (entry pages, listing items, search results) adds the
// paper to a list kept in this browser (localStorage, no account, no server); the Reading list page
// (#pd-reading-list) shows it from the static JSON API and exports it as BibTeX, RIS and CSL-JSON.
(() => {
  "use strict";
  const KEY = "pd-reading-list";
  const SAFE_ID = /^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?$/;

  const load = () => {
    try {
      const ids = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter((id) => typeof id === "string" && SAFE_ID.test(id)) : [];
    } catch {
      return [];
    }
  };
  const save = (ids) => localStorage.setItem(KEY, JSON.stringify([...new Set(ids)]));
  const has = (id) => load().includes(id);
  const toggle = (id) => {
    const ids = load();
    save(ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]);
    document.querySelectorAll(".pd-star").forEach((star) => label(star));
  };

  const label = (star) => {
    const on = has(star.dataset.pdStar);
    star.setAttribute("aria-label", on ? "Remove from reading list" : "Add to reading list");
    star.title = star.getAttribute("aria-label");
    star.textContent = on ? "★" : "☆";
    star.classList.toggle("pd-star--on", on);
  };

  const decorate = (root) => {
    root.querySelectorAll("[data-pd-paper]").forEach((paper) => {
      if (paper.querySelector(":scope > .pd-star, :scope > * > .pd-star")) return;
      const star = document.createElement("button");
      star.type = "button";
      star.className = "pd-star";
      star.dataset.pdStar = paper.dataset.pdPaper;
      star.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
        toggle(star.dataset.pdStar);
      });
      label(star);
      // A search result has a cell for it (.pd-star-slot); the search box keeps the focus there
      // and reaches the star with the arrow keys, so the star is out of the tab order.
      const slot = paper.querySelector(":scope > .pd-star-slot");
      if (slot) {
        star.tabIndex = -1;
        slot.append(star);
      } else {
        paper.prepend(star);
      }
    });
  };
  window.pdReadingList = { load, save, toggle };

  // Exports, from the per-paper records of the JSON API.
  const bibtex = (papers) => `${papers.map((p) => p.bibtex.trim()).join("\n\n")}\n`;
  const dateParts = (text) => text.split("-").map(Number);
  // RIS has no preprint type: UNPB (unpublished work) is the standard one for it (Zotero, which
  // maps no RIS type to its own "preprint", imports it as a journal article either way).
  const risRecord = (p) => {
    const lines = ["TY  - UNPB", `TI  - ${p.title_text}`];
    p.authors.forEach((name) => lines.push(`AU  - ${name}`));
    lines.push(`PY  - ${p.published.slice(0, 4)}`, `DA  - ${p.published.replace(/-/g, "/")}`);
    if (p.abstract) lines.push(`AB  - ${p.abstract.replace(/\s+/g, " ")}`);
    lines.push(`UR  - ${p.links.arxiv || p.url}`, `ID  - ${p.id}`, "ER  - ");
    return lines.join("\r\n");
  };
  const ris = (papers) => `${papers.map(risRecord).join("\r\n\r\n")}\r\n`;
  // CSL "article" is what Zotero imports as a preprint.
  const cslRecord = (p) => ({
    id: p.id,
    type: "article",
    title: p.title_text,
    author: p.authors.map((name) => ({ literal: name })),
    issued: { "date-parts": [dateParts(p.published)] },
    abstract: p.abstract,
    URL: p.links.arxiv || p.url,
    ...(p.links.arxiv ? { publisher: "arXiv", number: p.id } : {}),
  });
  const csl = (papers) => `${JSON.stringify(papers.map(cslRecord), null, 2)}\n`;
  const FORMATS = [
    ["BibTeX", "reading-list.bib", "application/x-bibtex", bibtex],
    ["RIS", "reading-list.ris", "application/x-research-info-systems", ris],
    ["CSL-JSON", "reading-list.json", "application/vnd.citationstyles.csl+json", csl],
  ];

  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const fetchPaper = async (api, id) => {
    const response = await fetch(`${api}papers/${encodeURIComponent(id)}.json`);
    return response.ok ? response.json() : null;
  };

  const showList = async (root) => {
    const api = root.dataset.pdApi;
    const shared = new URLSearchParams(location.hash.slice(1)).get("ids");
    const asked = shared === null ? load() : shared.split(",").filter(Boolean);
    const valid = asked.filter((id) => SAFE_ID.test(id));
    const found = await Promise.all(valid.map((id) => fetchPaper(api, id)));
    const papers = found.filter(Boolean);
    const dropped = asked.length - papers.length;
    if (shared !== null) save([...load(), ...papers.map((p) => p.id)]);
    root.replaceChildren();
    const status = element("p", "pd-reading-list__status");
    status.setAttribute("role", "status");
    const count = `${papers.length} paper${papers.length === 1 ? "" : "s"}`;
    status.textContent = (shared !== null ? `Shared list: ${count}, added to your reading list.` : `${count}.`) +
      (dropped ? ` ${dropped} unknown id${dropped === 1 ? " was" : "s were"} dropped.` : "");
    root.append(status);
    if (!papers.length) return;
    const list = element("ol", "pd-reading-list__items");
    papers.forEach((p) => {
      const item = element("li");
      const link = element("a", null, p.title_text);
      link.href = p.url;
      const remove = element("button", "md-button pd-reading-list__remove", "Remove");
      remove.type = "button";
      remove.setAttribute("aria-label", `Remove ${p.title_text} from reading list`);
      remove.addEventListener("click", () => {
        save(load().filter((id) => id !== p.id));
        history.replaceState(null, "", location.pathname);
        showList(root);
      });
      item.append(link, " ", remove);
      list.append(item);
    });
    root.append(list);
    const exports = element("p", "pd-reading-list__exports");
    FORMATS.forEach(([name, file, type, make]) => {
      const link = element("a", "md-button", name);
      link.href = URL.createObjectURL(new Blob([make(papers)], { type }));
      link.download = file;
      link.setAttribute("aria-label", `Export as ${name}`);
      exports.append(link, " ");
    });
    const share = element("a", "md-button", "Link to this list");
    share.href = `${location.pathname}#ids=${papers.map((p) => p.id).join(",")}`;
    share.className = "md-button pd-reading-list__share";
    exports.append(share);
    root.append(exports);
  };

  const init = () => {
    decorate(document);
    const root = document.getElementById("pd-reading-list");
    if (root) showList(root);
  };
  new MutationObserver((changes) => {
    changes.forEach((change) => change.addedNodes.forEach((node) => {
      if (node.nodeType === 1) decorate(node.matches("[data-pd-paper]") ? node.parentNode : node);
    }));
  }).observe(document.documentElement, { childList: true, subtree: true });
  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
