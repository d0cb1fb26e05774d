// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Close the cookie notice in place instead of reloading the page. The
  // cookie matches the one newsroom.views.dismiss_cookie_notice sets.
  var notice = document.querySelector("[data-cookie-notice]");
  if (notice) {
    var form = notice.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var cookie = "cookie_notice=dismissed; max-age=31536000; path=/; samesite=lax";
      if (window.location.protocol === "https:") {
        cookie += "; secure";
      }
      document.cookie = cookie;
      notice.remove();
    });
  }
})();
