/* Live parts of a page, without reloading it: an element with data-live and data-poll-url is fetched
   again every data-poll-seconds (an HTML partial rendered by the server) and swapped for the answer's
   [data-live] element. The polling stops when the answer carries no data-poll-url (the work is
   finished). A file served by this site: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var RETRY_SECONDS = 15;

  function schedule(element, seconds) {
    var url = element.getAttribute("data-poll-url");
    if (!url) {
      return;
    }
    window.setTimeout(function () {
      refresh(element, url);
    }, seconds * 1000);
  }

  function interval(element) {
    return Number(element.getAttribute("data-poll-seconds")) || 5;
  }

  function refresh(element, url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.text();
      })
      .then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        var next = parsed.querySelector("[data-live]");
        if (!next || !element.isConnected) {
          return;
        }
        var adopted = document.importNode(next, true);
        element.replaceWith(adopted);
        schedule(adopted, interval(adopted));
      })
      .catch(function () {
        // a server restart or a dropped connection: try again later instead of giving up
        schedule(element, RETRY_SECONDS);
      });
  }

  document.querySelectorAll("[data-live][data-poll-url]").forEach(function (element) {
    schedule(element, interval(element));
  });
})();
