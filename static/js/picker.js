// The profile form's pickers, enhanced. Everything here is optional: without JavaScript the
// countries are a plain list of checkboxes and the time-zone box takes a typed city or
// country (the server finds the zone).
(function () {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function enhance(picker, index) {
    const list = picker.querySelector(".picker-list");
    const items = Array.from(list.querySelectorAll("li"));
    const box = document.createElement("div");
    box.className = "picker-search";
    const id = "picker-search-" + index;
    box.innerHTML = '<label for="' + id + '">Search countries</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" placeholder="Type a country">' +
      '<p class="help picker-status" role="status"></p>';
    picker.insertBefore(box, list);
    const search = box.querySelector("input");
    const status = box.querySelector(".picker-status");

    function chosen() {
      return items.filter((li) => li.querySelector("input").checked);
    }
    function describe(shown) {
      const names = chosen().map((li) => li.textContent.trim());
      const picked = names.length ? "Chosen: " + names.join(", ") + "." : "None chosen yet.";
      status.textContent = (shown === null ? "" : shown + " shown. ") + picked;
    }
    function filter() {
      const query = fold(search.value.trim());
      let shown = 0;
      items.forEach((li) => {
        const match = !query || fold(li.textContent).includes(query) ||
          li.querySelector("input").checked;
        li.hidden = !match;
        if (match) shown += 1;
      });
      describe(query ? shown : null);
    }
    search.addEventListener("input", filter);
    // Enter in the search box ticks the one country left instead of sending the form.
    search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      const left = items.filter((li) => !li.hidden && !li.querySelector("input").checked);
      if (left.length === 1) {
        left[0].querySelector("input").checked = true;
        search.value = "";
        filter();
      }
    });
    list.addEventListener("change", () => describe(null));
    describe(null);
  }

  document.querySelectorAll("[data-picker]").forEach(enhance);

  // The time-zone box: the browser's own zone when nothing is filled in yet.
  document.querySelectorAll("input[data-browser-zone]").forEach((input) => {
    if (input.value) return;
    try {
      input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      // An old browser: the box stays empty and the server suggests a zone.
    }
  });
})();
