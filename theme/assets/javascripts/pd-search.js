/* Paper Digest search box: the page side. The index lives in a web worker
 * (pd-search-worker.js) so nothing here blocks the page; this file only sends
 * what is typed and draws what comes back. Every piece of paper data is put
 * into the page with textContent, never as HTML.
 */
(function () {
  "use strict";
  const root = document.querySelector("[data-pd-search]");
  if (!root || root.pdSearch) return;  // instant navigation keeps the header
  root.pdSearch = true;

  // The site root, wherever the site is served: this file is assets/javascripts/pd-search.js.
  const base = new URL("../../", document.currentScript.src).href;
  const input = root.querySelector(".pd-search__input");
  const panel = root.querySelector(".pd-search__panel");
  const status = root.querySelector(".pd-search__status");
  const facets = root.querySelector(".pd-search__facets");
  const list = root.querySelector(".pd-search__results");
  const more = root.querySelector(".pd-search__more");
  const PAGE = 20;
  let worker = null, seq = 0, tag = null, year = null, limit = PAGE, active = -1, shown = null;

  function startWorker() {
    if (worker) return;
    worker = new Worker(`${base}assets/javascripts/pd-search-worker.js`);
    worker.onmessage = receive;
    worker.onerror = () => showStatus("Search is unavailable right now.");
    worker.postMessage({ type: "init", base });
  }

  function ask() {
    const text = input.value;
    if (!text.trim() && !tag && !year) return close();
    startWorker();
    seq += 1;
    root.dataset.pending = String(seq);
    worker.postMessage({ type: "query", seq, text, tag, year, limit });
    if (!shown) showStatus("Searching…");
    open();
  }

  function receive(event) {
    const message = event.data;
    if (message.type === "ready") {
      const idle = self.requestIdleCallback || ((callback) => setTimeout(callback, 200));
      idle(() => worker.postMessage({ type: "idle" }), { timeout: 2000 });
    } else if (message.type === "error") {
      showStatus(`Search failed: ${message.message}`);
    } else if (message.type === "results" && message.seq === seq) {
      render(message);
    }
  }

  function render(answer) {
    shown = answer;
    if (active >= answer.results.length) active = answer.results.length - 1;
    status.textContent = describe(answer);
    renderFacets(answer);
    list.replaceChildren(...answer.results.map(renderResult));
    more.hidden = answer.total <= answer.results.length;
    root.dataset.took = String(answer.took);
    root.dataset.query = answer.text;
    root.dataset.complete = String(answer.complete);
    root.dataset.total = String(answer.total);
    delete root.dataset.pending;
    highlightActive();
  }

  function describe(answer) {
    const count = answer.total === 0 ? "No results" : answer.total === 1 ? "1 paper" : `${answer.total} papers`;
    // A quick answer (titles, authors, tags) is followed at once by the full one.
    return answer.complete || answer.quick ? count : `${count} · searching abstracts…`;
  }

  function renderFacets(answer) {
    const chips = [];
    for (const facet of answer.facets.years) {
      chips.push(chip(facet.year, facet.count, year === facet.year, () => { year = year === facet.year ? null : facet.year; }, "year"));
    }
    const tags = answer.facets.tags.slice(0, 8);
    if (tag && !tags.some((facet) => facet.slug === tag)) {
      tags.unshift(answer.facets.tags.find((facet) => facet.slug === tag) || { slug: tag, title: tag, count: 0 });
    }
    for (const facet of tags) {
      chips.push(chip(facet.title, facet.count, tag === facet.slug, () => { tag = tag === facet.slug ? null : facet.slug; }, "tag"));
    }
    facets.replaceChildren(...chips);
    facets.hidden = chips.length === 0;
  }

  function chip(label, count, pressed, toggle, kind) {
    const button = element("button", `pd-search__chip pd-search__chip--${kind}`);
    button.type = "button";
    button.setAttribute("aria-pressed", String(pressed));
    button.append(element("span", "", label), element("span", "pd-search__count", String(count)));
    button.addEventListener("click", () => {
      toggle();
      limit = PAGE;
      active = -1;
      ask();
      input.focus();
    });
    return button;
  }

  function renderResult(result, index) {
    // The link itself is the option: an option wrapping a link would nest two interactive roles.
    // Stable markup other scripts build on (the reader features add a star button and author
    // links): the result's root carries data-pd-paper="<entry id>", and each author shown is
    // <span class="pd-author" data-author="<name as written>">. Set through the DOM, so escaped.
    const item = element("li", "pd-search__result");
    item.setAttribute("role", "none");
    item.dataset.pdPaper = result.id;
    const link = element("a", "pd-search__link");
    link.id = `pd-search-result-${index}`;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.href = `${base}papers/${encodeURIComponent(result.id)}/`;
    link.append(marked("span", "pd-search__title", result.title));
    const meta = element("span", "pd-search__meta", longDate(result.date));
    if (result.authors.length) {
      meta.append(" · ");
      result.authors.slice(0, 3).forEach((name, i) => {
        const author = element("span", "pd-author", name);
        author.dataset.author = name;
        meta.append(i ? ", " : "", author);
      });
      if (result.authors.length > 3) meta.append(" et al.");
    }
    link.append(meta);
    if (result.tags.length) {
      const tags = element("span", "pd-search__tags");
      for (const resultTag of result.tags) tags.append(element("span", "pd-search__tag", resultTag.title));
      link.append(tags);
    }
    if (result.snippet) link.append(marked("span", "pd-search__snippet", result.snippet));
    link.addEventListener("click", close);
    item.append(link);
    return item;
  }

  /* [{text, match}, ...] -> an element with <mark> around the matches. */
  function marked(tag, className, parts) {
    const node = element(tag, className);
    for (const part of parts) node.append(part.match ? element("mark", "", part.text) : document.createTextNode(part.text));
    return node;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function longDate(iso) {
    const [yearPart, month, day] = iso.split("-");
    return `${Number(day)} ${MONTHS[Number(month) - 1]} ${yearPart}`;
  }

  function showStatus(text) {
    status.textContent = text;
    open();
  }

  function open() {
    panel.hidden = false;
    input.setAttribute("aria-expanded", "true");
    root.classList.add("pd-search--open");
  }

  function close() {
    panel.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    root.classList.remove("pd-search--open");
    active = -1;
  }

  function highlightActive() {
    const items = list.querySelectorAll(".pd-search__link");
    for (let i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", String(i === active));
    if (active >= 0 && items[active]) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  input.addEventListener("focus", () => {
    startWorker();
    if (input.value.trim()) ask();
  });
  input.addEventListener("input", () => {
    limit = PAGE;
    active = -1;
    ask();
  });
  input.addEventListener("keydown", (event) => {
    const count = list.children.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (panel.hidden || !count) return;
      event.preventDefault();
      active = event.key === "ArrowDown" ? (active + 1) % count : (active <= 0 ? count - 1 : active - 1);
      highlightActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const item = list.children[active >= 0 ? active : 0];
      if (item && !panel.hidden) item.querySelector(".pd-search__link").click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
    }
  });
  more.addEventListener("click", () => {
    limit += PAGE;
    ask();
  });
  root.querySelector("form").addEventListener("submit", (event) => { event.preventDefault(); });

  // "/" or "s" anywhere but in a text field focuses the box.
  document.addEventListener("keydown", (event) => {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  }, true);
  document.addEventListener("pointerdown", (event) => {
    if (!root.contains(event.target)) close();
  });
  root.addEventListener("focusout", (event) => {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
})();
