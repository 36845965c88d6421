// Live filter of the index pages (/models, /apps, …): while someone types in a search box marked
// data-live-filter="<tbody id>", the rows already on the page that match neither the name nor the key are hidden.
// The box sits in a GET form, so Enter still searches every entity on the server and keeps the search in the URL;
// without this script nothing is lost. Listening on the document means it works on pages that arrive by enhanced
// navigation too, once the module has run (a module runs once per document, however often it is included).

const counted = new WeakMap();

function apply(input) {
    const body = document.getElementById(input.dataset.liveFilter);
    if (!body) return;
    const needle = input.value.trim().toLocaleLowerCase();
    let shown = 0, total = 0;
    for (const row of body.querySelectorAll("tr[data-search]")) {
        const match = needle === "" || row.dataset.search.toLocaleLowerCase().includes(needle);
        row.hidden = !match;
        total++;
        if (match) shown++;
    }
    const count = input.dataset.liveCount && document.getElementById(input.dataset.liveCount);
    if (count) {
        if (!counted.has(count)) counted.set(count, count.textContent);
        count.textContent = needle === "" ? counted.get(count) : `${shown} of ${total} on this page match “${input.value.trim()}”`;
    }
}

document.addEventListener("input", (event) => {
    const input = event.target instanceof Element ? event.target.closest("input[data-live-filter]") : null;
    if (input) apply(input);
});
