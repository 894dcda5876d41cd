// Adds notes through the JSON API, sending the CSRF token from the page's meta tag.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("add-note");
  if (!button) {
    return;
  }
  var token = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  button.addEventListener("click", function () {
    fetch("/api/notes", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ body: document.getElementById("note-body").value }),
    }).then(function () {
      window.location.reload();
    });
  });
});
