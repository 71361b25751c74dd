/* Paper Digest search box: the page side. The index lives in a web worker
 * (pd-search-worker.js) so nothing here blocks the page; this file only sends
 * what is typed and draws what comes back. Every piece of paper data is put
 * into the page with textContent, never as HTML.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-pd-search]");
  if (!root || root.pdSearch) return;  // instant navigation keeps the header
  root.pdSearch = true;

  // The site root, wherever the site is served: this file is assets/javascripts/pd-search.js.
  var base = new URL("../../", document.currentScript.src).href;
  var input = root.querySelector(".pd-search__input");
  var panel = root.querySelector(".pd-search__panel");
  var status = root.querySelector(".pd-search__status");
  var facets = root.querySelector(".pd-search__facets");
  var list = root.querySelector(".pd-search__results");
  var more = root.querySelector(".pd-search__more");
  var PAGE = 20;
  var worker = null, seq = 0, tag = null, year = null, limit = PAGE, active = -1, shown = null;

  function startWorker() {
    if (worker) return;
    worker = new Worker(base + "assets/javascripts/pd-search-worker.js");
    worker.onmessage = receive;
    worker.onerror = function () { showStatus("Search is unavailable right now."); };
    worker.postMessage({ type: "init", base: base });
  }

  function ask() {
    var text = input.value;
    if (!text.trim() && !tag && !year) return close();
    startWorker();
    seq += 1;
    root.dataset.pending = String(seq);
    worker.postMessage({ type: "query", seq: seq, text: text, tag: tag, year: year, limit: limit });
    if (!shown) showStatus("Searching…");
    open();
  }

  function receive(event) {
    var message = event.data;
    if (message.type === "ready") {
      var idle = self.requestIdleCallback || function (callback) { setTimeout(callback, 200); };
      idle(function () { worker.postMessage({ type: "idle" }); }, { timeout: 2000 });
    } else if (message.type === "error") {
      showStatus("Search failed: " + message.message);
    } else if (message.type === "results" && message.seq === seq) {
      render(message);
    }
  }

  function render(answer) {
    shown = answer;
    var ids = shown.results.map(function (result) { return result.id; });
    if (active >= ids.length) active = ids.length - 1;
    status.textContent = describe(answer);
    renderFacets(answer);
    list.replaceChildren.apply(list, answer.results.map(renderResult));
    more.hidden = answer.total <= answer.results.length;
    root.dataset.took = String(answer.took);
    root.dataset.query = answer.text;
    root.dataset.complete = String(answer.complete);
    root.dataset.total = String(answer.total);
    delete root.dataset.pending;
    highlightActive();
  }

  function describe(answer) {
    var count = answer.total === 0 ? "No results" : answer.total === 1 ? "1 paper" : answer.total + " papers";
    // A quick answer (titles, authors, tags) is followed at once by the full one.
    return answer.complete || answer.quick ? count : count + " · searching abstracts…";
  }

  function renderFacets(answer) {
    var chips = [];
    answer.facets.years.forEach(function (pair) {
      chips.push(chip(pair[0], pair[1], year === pair[0], function () { year = year === pair[0] ? null : pair[0]; }, "year"));
    });
    var tags = answer.facets.tags.slice(0, 8);
    if (tag && !tags.some(function (t) { return t[0] === tag; })) {
      tags.unshift(answer.facets.tags.find(function (t) { return t[0] === tag; }) || [tag, tag, 0]);
    }
    tags.forEach(function (t) {
      chips.push(chip(t[1], t[2], tag === t[0], function () { tag = tag === t[0] ? null : t[0]; }, "tag"));
    });
    facets.replaceChildren.apply(facets, chips);
    facets.hidden = chips.length === 0;
  }

  function chip(label, count, pressed, toggle, kind) {
    var button = element("button", "pd-search__chip pd-search__chip--" + kind);
    button.type = "button";
    button.setAttribute("aria-pressed", String(pressed));
    button.append(element("span", "", label), element("span", "pd-search__count", String(count)));
    button.addEventListener("click", function () {
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
    var item = element("li", "pd-search__result");
    item.setAttribute("role", "none");
    item.dataset.pdPaper = result.id;
    var link = element("a", "pd-search__link");
    link.id = "pd-search-result-" + index;
    link.setAttribute("role", "option");
    link.setAttribute("aria-selected", "false");
    link.href = base + "papers/" + encodeURIComponent(result.id) + "/";
    link.append(marked("span", "pd-search__title", result.title));
    var meta = element("span", "pd-search__meta", longDate(result.date));
    if (result.authors.length) {
      meta.append(" · ");
      result.authors.slice(0, 3).forEach(function (name, i) {
        var author = element("span", "pd-author", name);
        author.dataset.author = name;
        meta.append(i ? ", " : "", author);
      });
      if (result.authors.length > 3) meta.append(" et al.");
    }
    link.append(meta);
    if (result.tags.length) {
      var tags = element("span", "pd-search__tags");
      result.tags.forEach(function (t) { tags.append(element("span", "pd-search__tag", t[1])); });
      link.append(tags);
    }
    if (result.snippet) link.append(marked("span", "pd-search__snippet", result.snippet));
    link.addEventListener("click", close);
    item.append(link);
    return item;
  }

  /* [[text, isMatch], ...] -> an element with <mark> around the matches. */
  function marked(tag, className, parts) {
    var node = element(tag, className);
    parts.forEach(function (part) {
      node.append(part[1] ? element("mark", "", part[0]) : document.createTextNode(part[0]));
    });
    return node;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function longDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
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
    var items = list.querySelectorAll(".pd-search__link");
    for (var i = 0; i < items.length; i++) items[i].setAttribute("aria-selected", String(i === active));
    if (active >= 0 && items[active]) {
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  input.addEventListener("focus", function () {
    startWorker();
    if (input.value.trim()) ask();
  });
  input.addEventListener("input", function () {
    limit = PAGE;
    active = -1;
    ask();
  });
  input.addEventListener("keydown", function (event) {
    var count = list.children.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (panel.hidden || !count) return;
      event.preventDefault();
      active = event.key === "ArrowDown" ? (active + 1) % count : (active <= 0 ? count - 1 : active - 1);
      highlightActive();
    } else if (event.key === "Enter") {
      event.preventDefault();
      var item = list.children[active >= 0 ? active : 0];
      if (item && !panel.hidden) item.querySelector(".pd-search__link").click();
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
      input.blur();
    }
  });
  more.addEventListener("click", function () {
    limit += PAGE;
    ask();
  });
  root.querySelector("form").addEventListener("submit", function (event) { event.preventDefault(); });

  // "/" or "s" anywhere but in a text field focuses the box.
  document.addEventListener("keydown", function (event) {
    if ((event.key !== "/" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
    event.preventDefault();
    input.focus();
    input.select();
  }, true);
  document.addEventListener("pointerdown", function (event) {
    if (!root.contains(event.target)) close();
  });
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
})();
