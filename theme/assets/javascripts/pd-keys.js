// Keyboard shortcuts on listings: j/k move between papers (the title link takes the focus),
// o or Enter opens, s stars (pd-reading-list.js), / searches (pd-search.js), ? shows the shortcuts.
// Never while typing in a field, never with Ctrl, Alt or Meta.
(() => {
  "use strict";
  const SHORTCUTS = [
    ["j", "Next paper"],
    ["k", "Previous paper"],
    ["o or Enter", "Open the paper"],
    ["s", "Star the paper (add to or remove from the reading list); elsewhere, search"],
    ["/", "Search"],
    ["?", "Show these shortcuts"],
  ];
  const typing = (target) =>
    target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest("dialog");
  const titles = () => [...document.querySelectorAll(".pd-item .pd-item__title")];
  const current = () => document.activeElement && document.activeElement.closest(".pd-item");

  const dialog = () => {
    let box = document.getElementById("pd-keys");
    if (box) return box;
    box = document.createElement("dialog");
    box.id = "pd-keys";
    box.className = "pd-keys md-typeset";
    box.setAttribute("aria-labelledby", "pd-keys-title");
    const heading = document.createElement("h2");
    heading.id = "pd-keys-title";
    heading.textContent = "Keyboard shortcuts";
    const list = document.createElement("dl");
    SHORTCUTS.forEach(([key, what]) => {
      const term = document.createElement("dt");
      term.append(...key.split(" or ").flatMap((k, i) => {
        const kbd = document.createElement("kbd");
        kbd.textContent = k;
        return i ? [" or ", kbd] : [kbd];
      }));
      const description = document.createElement("dd");
      description.textContent = what;
      list.append(term, description);
    });
    const note = document.createElement("p");
    note.textContent = "j, k, o and s work on lists of papers. Screen readers in browse mode keep their own keys.";
    const close = document.createElement("button");
    close.type = "button";
    close.className = "pd-keys__close";
    close.textContent = "Close";
    close.addEventListener("click", () => box.close());
    box.append(heading, list, note, close);
    document.body.append(box);
    return box;
  };

  window.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    const links = titles();
    const item = current();
    const index = item ? links.indexOf(item.querySelector(".pd-item__title")) : -1;
    let handled = true;
    if (event.key === "?") {
      dialog().showModal();
    } else if ((event.key === "j" || event.key === "k") && links.length) {
      const next = event.key === "j" ? Math.min(index + 1, links.length - 1) : Math.max(index - 1, 0);
      links[next].focus();
      links[next].scrollIntoView({ block: "nearest" });
    } else if (event.key === "o" && item) {
      item.querySelector(".pd-item__title").click();
    } else if (event.key === "s" && item && item.querySelector(".pd-star")) {
      item.querySelector(".pd-star").click();
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopImmediatePropagation(); // pd-search.js takes "s" otherwise
    }
  }, true);
})();
