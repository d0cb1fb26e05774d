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

  // A comment's "Reply" link reloads the page with ?replyto=; here it only
  // points the form at that comment, so nothing already typed is lost.
  function replyTo(form, id, name) {
    var note = form.querySelector("[data-replying-to]");
    form.querySelector("[data-reply-parent]").value = id;
    if (note) {
      var link = note.querySelector("[data-reply-target]");
      link.textContent = name;
      link.setAttribute("href", "#comment-" + id);
      note.hidden = !id;
    }
  }

  document.addEventListener("click", function (event) {
    var form = document.querySelector(".comment-form");
    var target = event.target.closest("[data-reply-to], [data-reply-cancel]");
    if (!form || !target) {
      return;
    }
    event.preventDefault();
    if (target.hasAttribute("data-reply-cancel")) {
      replyTo(form, "", "");
    } else {
      replyTo(
        form,
        target.getAttribute("data-reply-to"),
        target.getAttribute("data-reply-name")
      );
    }
    form.querySelector("textarea").focus();
  });
})();
