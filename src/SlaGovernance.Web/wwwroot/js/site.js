// A table wider than its box on a phone scrolls inside it; a table that scrolls is made reachable by keyboard, so it can be
// scrolled with the arrow keys. Without JavaScript the table still scrolls by touch and pointer.
(() => {
    "use strict";
    const reachable = () => {
        for (const table of document.querySelectorAll("main table")) {
            if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
            else if (table.getAttribute("tabindex") === "0") table.removeAttribute("tabindex");
        }
    };
    reachable();
    window.addEventListener("resize", reachable);
})();
