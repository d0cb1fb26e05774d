/*
 * Callbacks for the reCAPTCHA checkbox under the comment form, named on the
 * widget (data-callback, data-expired-callback, data-error-callback). The
 * page allows no inline script, so they live here.
 *
 * A tick lasts about two minutes. When it expires, the reader is told next to
 * the box and can tick it again; nothing typed in the form is touched.
 */
(function () {
  "use strict";

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  // The wording sits on the status element in the template, one attribute
  // per situation; an empty name clears the message.
  function showStatus(messageAttribute) {
    each("[data-captcha-status]", function (status) {
      status.textContent = messageAttribute
        ? status.getAttribute(messageAttribute)
        : "";
    });
  }

  window.newsroomCaptchaPassed = function () {
    showStatus("");
    // A server message about the previous tick no longer applies.
    each("[data-captcha-error]", function (error) {
      error.hidden = true;
    });
  };

  window.newsroomCaptchaExpired = function () {
    showStatus("data-expired-message");
  };

  window.newsroomCaptchaFailed = function () {
    showStatus("data-error-message");
  };
})();
