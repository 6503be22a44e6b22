// While a new test case's title is typed, show the plan's project's cases with a similar title
// (possible duplicates), from /backoffice/vendors/cases/similar/.
(function () {
  "use strict";
  if (!/\/vendors\/testcase\/add\/?$/.test(window.location.pathname)) return;
  const endpoint = window.location.pathname.replace(/vendors\/testcase\/add\/?$/, "vendors/cases/similar/");
  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    const title = document.getElementById("id_title");
    const plan = document.getElementById("id_plan");
    if (!title || !plan) return;
    const box = document.createElement("div");
    box.id = "similar-cases";
    box.className = "so-muted";
    box.setAttribute("aria-live", "polite");
    title.insertAdjacentElement("afterend", box);
    let timer = null;
    function lookup() {
      const q = title.value.trim();
      if (q.length < 2 || !plan.value) { box.textContent = ""; return; }
      const url = endpoint + "?" + new URLSearchParams({ plan: plan.value, title: q });
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { cases: [] }; })
        .then(function (data) {
          box.textContent = "";
          if (!data.cases.length) return;
          const label = document.createElement("p");
          label.textContent = data.label;
          box.appendChild(label);
          const list = document.createElement("ul");
          data.cases.forEach(function (c) {
            const li = document.createElement("li");
            const a = document.createElement("a");
            a.href = c.url; a.textContent = c.title; a.target = "_blank"; a.className = "so-link";
            li.appendChild(a);
            li.appendChild(document.createTextNode(" (" + Math.round(c.score * 100) + "%)"));
            list.appendChild(li);
          });
          box.appendChild(list);
        })
        .catch(function () { box.textContent = ""; });
    }
    title.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(lookup, 250); });
    plan.addEventListener("change", lookup);
  });
})();
