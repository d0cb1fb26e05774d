/*
 * The comment form's scripts: reCAPTCHA, loaded only when a reader starts a
 * comment, and "Reply" links that point the form at a comment in place.
 *
 * Google's script is named on the widget (data-captcha-script) but not
 * loaded with the page: readers who only read make no request to Google.
 * It is added on the first focus or keystroke in the form, or at once when
 * the form comes back with errors (data-captcha-load="now"). The page allows
 * no inline script, so the callbacks Google calls live here.
 *
 * v2: a tick lasts about two minutes. When it expires, the reader is told
 * next to the box and the box is reset to be ticked again; nothing typed in
 * the form is touched.
 * v3: nothing to tick; a token is asked for when the form is sent.
 */
(function () {
  "use strict";

  var captchaRequested = false;

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

  function loadCaptcha() {
    var widget = document.querySelector("[data-captcha-script]");
    if (captchaRequested || !widget) {
      return;
    }
    captchaRequested = true;
    var script = document.createElement("script");
    script.src = widget.getAttribute("data-captcha-script");
    script.async = true;
    script.onerror = function () {
      showStatus("data-error-message");
    };
    document.head.appendChild(script);
  }

  // Google's script calls this once loaded (onload= in its address) to draw
  // the v2 checkbox with the callbacks the widget names.
  window.newsroomCaptchaLoaded = function () {
    each("div.g-recaptcha[data-sitekey]", function (box) {
      if (box.hasAttribute("data-captcha-widget")) {
        return;
      }
      var id = window.grecaptcha.render(box, {
        sitekey: box.getAttribute("data-sitekey"),
        size: box.getAttribute("data-size") || "normal",
        callback: window[box.getAttribute("data-callback")],
        "expired-callback": window[box.getAttribute("data-expired-callback")],
        "error-callback": window[box.getAttribute("data-error-callback")],
      });
      box.setAttribute("data-captcha-widget", id);
    });
  };

  window.newsroomCaptchaPassed = function () {
    showStatus("");
    // A server message about the previous tick no longer applies.
    each("[data-captcha-error]", function (error) {
      error.hidden = true;
    });
  };

  window.newsroomCaptchaExpired = function () {
    showStatus("data-expired-message");
    var box = document.querySelector("[data-captcha-widget]");
    if (box && window.grecaptcha) {
      window.grecaptcha.reset(Number(box.getAttribute("data-captcha-widget")));
    }
  };

  window.newsroomCaptchaFailed = function () {
    showStatus("data-error-message");
  };

  // v3: fetch a token for the form's action, then send the form. Without
  // Google's script the form goes as it is and the server says what is
  // missing, keeping the text.
  function sendWithToken(event) {
    var form = event.target;
    var field = form.querySelector("input[data-captcha-action]");
    var grecaptcha = window.grecaptcha;
    if (!field || field.value || !grecaptcha || !grecaptcha.ready) {
      return;
    }
    event.preventDefault();
    grecaptcha.ready(function () {
      grecaptcha
        .execute(field.getAttribute("data-sitekey"), {
          action: field.getAttribute("data-captcha-action"),
        })
        .then(
          function (token) {
            field.value = token;
            form.submit();
          },
          function () {
            form.submit();
          }
        );
    });
  }

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

  var form = document.querySelector(".comment-form");
  if (form) {
    form.addEventListener("focusin", loadCaptcha);
    form.addEventListener("input", loadCaptcha);
    form.addEventListener("submit", sendWithToken);
    if (form.getAttribute("data-captcha-load") === "now") {
      loadCaptcha();
    }
  }
})();
