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
  // active: the result row the arrow keys moved to (-1: none); column: the cell in it (title, authors, star).
  let worker = null, seq = 0, tag = null, year = null, limit = PAGE, active = -1, column = 0, shown = null;
  let authorPages = null;  // spelling as written -> author page URL, from api/authors.json once results show

  function startWorker() {
    if (worker) return;
    worker = new Worker(`${base}assets/javascripts/pd-search-worker.js`);
    worker.onmessage = receive;
    worker.onerror = () => showStatus("Search is unavailable right now.");
    worker.postMessage({ type: "init", base });
  }

  /* A new query: its first page, no result moved to. */
  function askAfresh() {
    limit = PAGE;
    active = -1;
    column = 0;
    ask();
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
    if (message.type === "error") {
      showStatus(`Search failed: ${message.message}`);
    } else if (message.type === "results" && message.seq === seq) {
      render(message);
      loadAuthorPages();
    }
  }

  /* Which authors have a page: fetched after the first results, so it never delays them;
   * the results on screen are drawn again with their authors linked. */
  async function loadAuthorPages() {
    if (authorPages) return;
    authorPages = new Map();
    try {
      const response = await fetch(`${base}api/authors.json`);
      if (!response.ok) return;
      for (const author of (await response.json()).authors) {
        // On this site, wherever it is served (the API's url is the published one).
        const page = `${base}authors/${encodeURIComponent(author.slug)}/`;
        for (const spelling of author.spellings) authorPages.set(spelling, page);
      }
    } catch {
      return;  // no author links: the results stay as they are
    }
    if (shown) render(shown);
  }

  function render(answer) {
    shown = answer;
    if (active >= answer.results.length) active = answer.results.length - 1;
    status.textContent = describe(answer);
    renderFacets(answer);
    list.replaceChildren(...answer.results.map(renderResult));
    more.hidden = answer.total <= answer.results.length;
    root.dataset.took = String(answer.took);
    root.dataset.rounds = String(answer.rounds);
    root.dataset.query = answer.text;
    root.dataset.complete = String(answer.complete);
    root.dataset.total = String(answer.total);
    delete root.dataset.pending;
    highlightActive();
  }

  function describe(answer) {
    return answer.total === 0 ? "No results" : answer.total === 1 ? "1 paper" : `${answer.total} papers`;
  }

  function renderFacets(answer) {
    if (!answer.facets) {  // the first query's counts follow in a moment
      facets.hidden = true;
      return;
    }
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
      askAfresh();
      input.focus();
    });
    return button;
  }

  /* One result as a row of the results grid: its cells are the title link, the authors with a
   * page, and the reading-list star (pd-reading-list.js fills .pd-star-slot), so arrow keys can
   * reach each of them from the box. Stable markup other scripts build on: the row carries
   * data-pd-paper="<entry id>", each author shown is an element .pd-author with
   * data-author="<name as written>". Set through the DOM, so escaped. */
  function renderResult(result, index) {
    const row = element("li", "pd-search__result");
    row.setAttribute("role", "row");
    row.dataset.pdPaper = result.id;
    const id = `pd-search-result-${index}`;
    const link = element("a", "pd-search__link");
    link.href = `${base}papers/${encodeURIComponent(result.id)}/`;
    link.tabIndex = -1;  // the box keeps the focus (aria-activedescendant)
    link.append(marked("span", "pd-search__title", result.title));
    link.addEventListener("click", close);
    const main = cell(id, "pd-search__cell--main", link);
    const meta = element("span", "pd-search__meta", longDate(result.date));
    meta.id = `${id}-meta`;
    if (result.authors.length) {
      meta.append(" · ");
      result.authors.slice(0, 3).forEach((name, i) => meta.append(i ? ", " : "", authorOf(name, `${id}-author-${i}`)));
      if (result.authors.length > 3) meta.append(" et al.");
    }
    const described = [meta.id];
    row.append(main, meta);
    if (result.tags.length) {
      const tags = element("span", "pd-search__tags");
      tags.id = `${id}-tags`;
      for (const resultTag of result.tags) tags.append(element("span", "pd-search__tag", resultTag.title));
      described.push(tags.id);
      row.append(tags);
    }
    if (result.snippet) {
      const text = marked("span", "pd-search__snippet", result.snippet);
      text.id = `${id}-snippet`;
      described.push(text.id);
      row.append(text);
    }
    main.setAttribute("aria-describedby", described.join(" "));  // read with the title
    row.append(cell(`${id}-star`, "pd-search__cell--star pd-star-slot"));
    // A click anywhere on the row but on its links and star opens the paper, as the whole row looks clickable.
    row.addEventListener("click", (event) => {
      if (!event.target.closest("a, button")) link.click();
    });
    return row;
  }

  function cell(id, className, content) {
    const node = element("span", `pd-search__cell ${className}`);
    node.id = id;
    node.setAttribute("role", "gridcell");
    node.setAttribute("aria-selected", "false");
    if (content) node.append(content);
    return node;
  }

  /* An author's name, linked (in a cell of its own) when the author has a page. */
  function authorOf(name, id) {
    const url = authorPages && authorPages.get(name);
    if (!url) {
      const plain = element("span", "pd-author", name);
      plain.dataset.author = name;
      return plain;
    }
    const link = element("a", "pd-author", name);
    link.dataset.author = name;
    link.href = url;
    link.tabIndex = -1;
    link.addEventListener("click", close);
    return cell(id, "pd-search__cell--author", link);
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
    column = 0;
  }

  /* The cells of a result the keys can move to: those holding a link or a button. */
  function cellsOf(row) {
    return row ? Array.from(row.querySelectorAll("[role=gridcell]")).filter((node) => node.querySelector("a, button")) : [];
  }

  function highlightActive() {
    const cells = cellsOf(list.children[active]);
    const current = cells[Math.min(column, cells.length - 1)] || null;
    Array.from(list.children).forEach((row, r) => row.classList.toggle("pd-search__result--active", r === active));
    for (const node of list.querySelectorAll("[role=gridcell]")) node.setAttribute("aria-selected", String(node === current));
    if (current) {
      input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  // The worker, its scripts, the manifest and the chunk tables load once the page is idle, so the
  // first key finds them in (all but the manifest cached for good; the manifest is small).
  const idle = self.requestIdleCallback || ((callback) => setTimeout(callback, 200));
  if (document.readyState === "complete") idle(startWorker);
  else addEventListener("load", () => idle(startWorker), { once: true });
  input.addEventListener("focus", () => {
    startWorker();
    if (input.value.trim()) ask();
  });
  input.addEventListener("input", askAfresh);
  input.addEventListener("keydown", (event) => {
    const count = list.children.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (panel.hidden || !count) return;
      event.preventDefault();
      active = event.key === "ArrowDown" ? (active + 1) % count : (active <= 0 ? count - 1 : active - 1);
      highlightActive();
    } else if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && active >= 0 && !panel.hidden) {
      // Across the cells of the result moved to (before that, the keys move the caret).
      event.preventDefault();
      const last = cellsOf(list.children[active]).length - 1;
      column = Math.max(0, Math.min(Math.min(column, last) + (event.key === "ArrowRight" ? 1 : -1), last));
      highlightActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (panel.hidden || !count) return;
      const cells = cellsOf(list.children[Math.max(active, 0)]);
      const target = cells[active >= 0 ? Math.min(column, cells.length - 1) : 0];
      if (target) target.querySelector("a, button").click();
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
