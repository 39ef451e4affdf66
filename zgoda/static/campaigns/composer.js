/* Composer live counter: GSM-7 / UCS-2, segments and the GSM-7 version computed here as
   you type (same rules as zgoda/sms/text.py); recipients, price and the authoritative
   numbers come from the server (debounced), which checks everything again on save. The
   page starts with the server's numbers for the saved text (data-server), so nothing
   flashes zeros. The landing-page picker puts {link:/p/<slug>/} into the text. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.getElementById("sms-counter");
  if (!box) return;
  var text = document.getElementById("id_text");
  var BASIC = box.dataset.gsmBasic, EXT = box.dataset.gsmExt;
  var MAP = {"ą":"a","ć":"c","ę":"e","ł":"l","ń":"n","ó":"o","ś":"s","ź":"z","ż":"z",
    "Ą":"A","Ć":"C","Ę":"E","Ł":"L","Ń":"N","Ó":"O","Ś":"S","Ź":"Z","Ż":"Z",
    "\u201e":"\"","\u201d":"\"","\u201c":"\"","\u00ab":"\"","\u00bb":"\"","\u2018":"'","\u2019":"'",
    "\u201a":"'","\u2013":"-","\u2014":"-","\u2212":"-","\u2026":"...","\u00a0":" ","\u200b":"","\u00ad":""};
  var server = JSON.parse(box.dataset.server || "{}");
  var LINK = /\{link:((?:https?:\/\/|\/)[^\s{}]+)\}/g;
  function money(amount) {
    var parts = amount.toFixed(2).split("."), whole = parts[0], groups = [];
    while (whole.length > 3) { groups.unshift(whole.slice(-3)); whole = whole.slice(0, -3); }
    groups.unshift(whole);
    var number = groups.join(box.dataset.moneyThousands) + box.dataset.moneyDecimal + parts[1];
    return box.dataset.moneyPattern.replace("{amount}", number);
  }
  function isGsm(ch) { return BASIC.indexOf(ch) >= 0 || EXT.indexOf(ch) >= 0; }
  function fold(ch) {
    if (MAP.hasOwnProperty(ch)) return MAP[ch];
    if (isGsm(ch)) return ch;
    var base = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (base && Array.from(base).every(function (c) { return BASIC.indexOf(c) >= 0; })) return base;
    return ch;
  }
  function analyze(s) {
    var chars = Array.from(s), gsm = chars.every(isGsm);
    var cost = function (c) { return gsm ? (EXT.indexOf(c) >= 0 ? 2 : 1) : (c.codePointAt(0) > 0xffff ? 2 : 1); };
    var single = gsm ? 160 : 70, per = gsm ? 153 : 67, units = 0;
    chars.forEach(function (c) { units += cost(c); });
    var segments = 1;
    if (units > single) {
      segments = 1; var used = 0;
      chars.forEach(function (c) { if (used + cost(c) > per) { segments++; used = 0; } used += cost(c); });
    }
    return {encoding: gsm ? "GSM-7" : "UCS-2", units: units, chars: chars.length, segments: segments};
  }
  function whole(body) {
    return body.trim().replace(LINK, server.link_sample) + " " + server.footer_sample;
  }
  function show() {
    var body = text.value.replace(/\r\n/g, "\n");
    var msg = whole(body), info = analyze(msg);
    var normalized = Array.from(body).map(fold).join("");
    document.getElementById("c-chars").textContent = info.chars;
    document.getElementById("c-encoding").textContent = info.encoding;
    document.getElementById("c-segments").textContent = info.segments;
    document.getElementById("c-recipients").textContent = server.recipients;
    var cost = server.recipients * info.segments * parseFloat(server.price || "0");
    document.getElementById("c-cost").textContent = money(cost);
    document.getElementById("c-sample").textContent = msg;
    document.getElementById("c-normalized").textContent = normalized;
    var warn = document.getElementById("c-warning");
    var confirmed = document.getElementById("id_ucs2_confirmed");
    var notes = [];
    if (info.encoding === "UCS-2") {
      // The words come from the template, so they are translated with the page.
      notes.push(box.dataset.noteUcs2.replace("{gsm}", analyze(whole(normalized)).segments));
    }
    if (info.segments > 1) notes.push(box.dataset.noteSegments.replace("{n}", info.segments));
    warn.hidden = notes.length === 0;
    warn.textContent = notes.join(" ");
    warn.classList.toggle("refused", info.encoding === "UCS-2" && !(confirmed && confirmed.checked));
    box.dataset.segments = info.segments;
    box.dataset.encoding = info.encoding;
  }
  var timer = null;
  function ask() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = new URLSearchParams();
      ["text", "provider", "language", "consent_since", "twofa"].forEach(function (name) {
        var el = document.getElementById("id_" + name);
        if (el) q.set(name, el.value);
      });
      fetch(box.dataset.analyzeUrl + "?" + q.toString(), {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (data) { server = data; box.dataset.serverSegments = data.segments; show(); })
        .catch(function () {});
    }, 250);
  }
  var picker = document.getElementById("id_landing_page");
  if (picker) picker.addEventListener("change", function () {
    if (!picker.value) return;
    var link = "{link:/p/" + picker.value + "/}";
    LINK.lastIndex = 0;
    text.value = LINK.test(text.value) ? text.value.replace(LINK, link) : (text.value.trim() + " " + link).trim();
    LINK.lastIndex = 0;
  });
  document.getElementById("c-use-gsm").addEventListener("click", function () {
    text.value = Array.from(text.value).map(fold).join("");
    show(); ask();
  });
  ["input", "change"].forEach(function (ev) {
    text.form.addEventListener(ev, function () { show(); ask(); });
  });
  show(); ask();
});
