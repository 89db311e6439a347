/* Pelihara: live deadlines. Each open step carries its deadline (data-deadline); this script
   shows the working time left or overdue by the reader's clock, on the official working
   calendar exported at build time (window.PELIHARA_CALENDAR: sorted [start_ms, end_ms]
   working intervals). Outside the exported period the build-time text stays. */
(function () {
  "use strict";

  function workingMinutes(intervals, from, to) {
    var total = 0;
    for (var i = 0; i < intervals.length; i++) {
      var start = Math.max(intervals[i][0], from), end = Math.min(intervals[i][1], to);
      if (end > start) total += end - start;
      if (intervals[i][0] >= to) break;
    }
    return Math.floor(total / 60000);
  }

  function duration(minutes) {
    var hours = Math.floor(minutes / 60), rest = minutes % 60, parts = [];
    if (hours) parts.push(hours + " jam");
    if (rest || !hours) parts.push(rest + " menit");
    return parts.join(" ");
  }

  function covered(calendar, moment) {
    var first = Date.parse(calendar.from + "T00:00:00+07:00");
    var last = Date.parse(calendar.to + "T00:00:00+07:00") + 86400000;
    return moment >= first && moment <= last;
  }

  function update() {
    var calendar = window.PELIHARA_CALENDAR;
    if (!calendar || !calendar.intervals) return;
    // Whole minutes, like the SLA engine: a moment counts from the start of its minute.
    var now = Math.floor(Date.now() / 60000) * 60000;
    if (!covered(calendar, now)) return;
    document.querySelectorAll("[data-deadline]").forEach(function (el) {
      var deadline = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(deadline) || !covered(calendar, deadline)) return;
      var text;
      if (now <= deadline) {
        text = "sisa " + duration(workingMinutes(calendar.intervals, now, deadline));
        el.classList.remove("is-late");
      } else {
        text = "terlambat " + duration(workingMinutes(calendar.intervals, deadline, now));
        el.classList.add("is-late");
      }
      el.textContent = text;
      el.title = "Dihitung dengan jam perangkat Anda, dalam jam kerja resmi";
    });
  }

  function init() {
    update();
    window.setInterval(update, 30000);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
