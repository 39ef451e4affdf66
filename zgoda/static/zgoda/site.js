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
        // why no code could go (a limit's hint beside the countdown) no longer holds
        var why = button.form && button.form.querySelector("[data-countdown-why]");
        if (why) why.hidden = true;
      } else {
        button.textContent = button.textContent.replace(/\d+ s/, left + " s");
      }
    }, 1000);
  });
  // "Select all" (consent/_after_boxes.html): a convenience placed after the consent boxes,
  // shown only here (without JavaScript the boxes stay plain). It has no name, so the server
  // records only the boxes themselves; it ticks and unticks them, and follows them.
  document.querySelectorAll("[data-select-all]").forEach(function (wrapper) {
    var all = wrapper.querySelector("input[data-select-all-box]");
    var boxes = all.form ? all.form.querySelectorAll("input[type=checkbox][name^=consent_]") : [];
    if (boxes.length < 2) return;
    wrapper.hidden = false;
    function follow() {
      all.checked = Array.prototype.every.call(boxes, function (b) { return b.checked; });
    }
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
    boxes.forEach(function (box) { box.addEventListener("change", follow); });
    follow();
  });
});
