// The change-request forms: the error summary takes focus so it is read first, and its links move to their field; choosing
// Termination renames the date "termination date" (the first day the agreement no longer runs). Without JavaScript the labels
// read as the page was rendered, and the summary is still the first thing after the heading.
(() => {
    "use strict";
    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
        summary.addEventListener("click", (event) => {
            const link = event.target.closest("a[href^='#']");
            const target = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
            if (!target || !target.matches("input, select, textarea")) return;
            event.preventDefault();
            target.focus();
            target.scrollIntoView({ block: "center" });
        });
    }
    for (const form of document.querySelectorAll("form.change-request")) {
        const worded = form.querySelectorAll("[data-change][data-termination]");
        const reword = () => {
            const chosen = form.querySelector("input[name='Input.Class']:checked");
            if (!chosen) return;
            const termination = chosen.dataset.termination === "true";
            for (const element of worded) element.textContent = termination ? element.dataset.termination : element.dataset.change;
        };
        form.addEventListener("change", (event) => { if (event.target.name === "Input.Class") reword(); });
    }
})();
