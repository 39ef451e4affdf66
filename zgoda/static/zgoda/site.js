// Progressive touches only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Resend buttons count down to the moment a new code may be sent.
  document.querySelectorAll("[data-countdown]").forEach(function (button) {
    var left = parseInt(button.dataset.countdown, 10);
    var ready = button.dataset.readyLabel;
    button.disabled = left > 0;
    var timer = setInterval(function () {
      left -= 1;
      if (left <= 0) {
        clearInterval(timer);
        button.disabled = false;
        button.textContent = ready;
      } else {
        button.textContent = button.textContent.replace(/\d+ s/, left + " s");
      }
    }, 1000);
  });
  // "Select all consents" ticks (and unticks) every consent box in its form.
  document.querySelectorAll("input[name=select_all]").forEach(function (all) {
    var boxes = all.form.querySelectorAll("input[type=checkbox][name^=consent_]");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        all.checked = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      });
    });
  });
});
