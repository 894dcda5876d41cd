// Link previews for the notes list: POSTs to the JSON API without a CSRF token.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[data-preview]").forEach(function (link) {
    link.addEventListener("mouseenter", function () {
      fetch("/api/preview", {
        method: "POST",
        credentials: "include",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ url: link.href }),
      })
        .then(function (response) { return response.json(); })
        .then(function (data) { link.title = data.title; });
    });
  });
});
