// The agreement form, improved where JavaScript runs: rows are added and removed in the page without a reload (the
// buttons post to the server otherwise), each objective shows only the fields its metric and window use, and the error
// summary takes focus and its links focus the field they name.
(() => {
    "use strict";
    const form = document.querySelector("form[data-rows]");
    if (!form) return;

    const firstField = (element) => element.querySelector("input:not([type=hidden]), select, textarea");

    // Shows each objective only the fields its metric and window use; without JavaScript every field shows, and the unused ones are not saved.
    const showObjectiveFields = (slo) => {
        const metric = slo.querySelector("[data-metric]").value, window = slo.querySelector("[data-window]").value;
        for (const field of slo.querySelectorAll("[data-for-metric]")) field.hidden = !field.dataset.forMetric.split(" ").includes(metric);
        for (const field of slo.querySelectorAll("[data-for-window]")) field.hidden = field.dataset.forWindow !== window;
    };

    // The server binds Input.Slos[0], [1], ... without gaps, so the rows are numbered again after each change.
    const renumber = (section) => {
        section.querySelectorAll(":scope > [data-row]").forEach((row, index) => {
            for (const field of row.querySelectorAll("[name]")) field.name = field.name.replace(/^(Input\.\w+)\[[^\]]*\]/, `$1[${index}]`);
            row.id = `${row.dataset.row}-${index}`;
            const number = row.querySelector("[data-row-number]");
            if (number) number.textContent = String(index + 1);
            const remove = row.querySelector("[data-remove]");
            if (remove) remove.setAttribute("aria-label", `${remove.dataset.remove} ${index + 1}`);
        });
    };

    const addRow = (button) => {
        const section = button.closest("[data-section]");
        const row = section.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
        button.parentElement.before(row);
        renumber(section);
        const level = row.querySelector("[data-level]");
        if (level && !level.value) level.value = String(section.querySelectorAll(":scope > [data-row]").length);
        if (row.matches("[data-slo]")) showObjectiveFields(row);
        firstField(row)?.focus();
    };

    const removeRow = (button) => {
        const row = button.closest("[data-row]"), section = row.parentElement;
        const next = row.nextElementSibling?.matches("[data-row]") ? row.nextElementSibling : row.previousElementSibling?.matches("[data-row]") ? row.previousElementSibling : null;
        row.remove();
        renumber(section);
        (next ? firstField(next) : section.querySelector("[data-add]"))?.focus();
    };

    form.addEventListener("click", (event) => {
        const add = event.target.closest("[data-add]"), remove = event.target.closest("[data-remove]");
        if (add) { event.preventDefault(); addRow(add); }
        else if (remove) { event.preventDefault(); removeRow(remove); }
    });
    form.addEventListener("change", (event) => {
        const slo = event.target.closest("[data-slo]");
        if (slo) showObjectiveFields(slo);
    });
    for (const slo of form.querySelectorAll("[data-slo]")) showObjectiveFields(slo);

    const summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
        summary.addEventListener("click", (event) => {
            const link = event.target.closest("a[href^='#']");
            const message = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
            if (!message) return;
            const field = firstField(message.closest("label") ?? message.parentElement);
            if (!field) return;
            event.preventDefault();
            field.focus();
            field.scrollIntoView({ block: "center" });
        });
    }
})();
