// Covering personal data on a receipt before it is published (issue 14, item 5): boxes
// drawn by dragging, or added and moved with the keyboard; kept as fractions of the
// picture's width and height and sent as JSON. The server burns them into the copy
// residents receive; nothing here is trusted beyond its shape.
(function () {
  "use strict";
  function setup(form) {
    var canvas = form.querySelector("canvas");
    var img = form.querySelector(".cover-stage img");
    var field = form.querySelector('input[name="boxes"]');
    var boxes = [];
    try { boxes = JSON.parse(canvas.dataset.boxes || "[]"); } catch (e) { boxes = []; }
    var start = null;

    function clamp(v) { return Math.max(0, Math.min(1, v)); }
    function draw() {
      canvas.width = img.clientWidth;
      canvas.height = img.clientHeight;
      var ctx = canvas.getContext("2d");
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      boxes.forEach(function (b, i) {
        ctx.fillStyle = "rgba(0,0,0,0.85)";
        ctx.fillRect(b.x * canvas.width, b.y * canvas.height, b.w * canvas.width, b.h * canvas.height);
        if (i === boxes.length - 1) {
          ctx.strokeStyle = "#ffbf00";
          ctx.lineWidth = 3;
          ctx.strokeRect(b.x * canvas.width, b.y * canvas.height, b.w * canvas.width, b.h * canvas.height);
        }
      });
      field.value = JSON.stringify(boxes);
    }
    function at(event) {
      var r = canvas.getBoundingClientRect();
      var p = event.touches ? event.touches[0] : event;
      return { x: clamp((p.clientX - r.left) / r.width), y: clamp((p.clientY - r.top) / r.height) };
    }
    function down(event) { start = at(event); event.preventDefault(); }
    function up(event) {
      if (!start) { return; }
      var end = event.changedTouches ? at({ clientX: event.changedTouches[0].clientX, clientY: event.changedTouches[0].clientY }) : at(event);
      var box = { x: Math.min(start.x, end.x), y: Math.min(start.y, end.y), w: Math.abs(end.x - start.x), h: Math.abs(end.y - start.y) };
      start = null;
      if (box.w > 0.01 && box.h > 0.01) { boxes.push(box); draw(); }
    }
    canvas.addEventListener("mousedown", down);
    canvas.addEventListener("touchstart", down, { passive: false });
    window.addEventListener("mouseup", up);
    canvas.addEventListener("touchend", up);
    canvas.addEventListener("keydown", function (event) {
      var b = boxes[boxes.length - 1];
      if (!b) { return; }
      var step = 0.01, dx = 0, dy = 0;
      if (event.key === "ArrowLeft") { dx = -step; } else if (event.key === "ArrowRight") { dx = step; }
      else if (event.key === "ArrowUp") { dy = -step; } else if (event.key === "ArrowDown") { dy = step; }
      else { return; }
      event.preventDefault();
      if (event.shiftKey) {
        b.w = clamp(Math.max(0.02, b.w + dx)); b.h = clamp(Math.max(0.02, b.h + dy));
      } else {
        b.x = clamp(Math.min(1 - b.w, b.x + dx)); b.y = clamp(Math.min(1 - b.h, b.y + dy));
      }
      draw();
    });
    form.querySelector("[data-add]").addEventListener("click", function () {
      boxes.push({ x: 0.35, y: 0.45, w: 0.3, h: 0.08 });
      draw();
      canvas.focus();
    });
    form.querySelector("[data-remove]").addEventListener("click", function () { boxes.pop(); draw(); });
    if (img.complete) { draw(); } else { img.addEventListener("load", draw); }
    window.addEventListener("resize", draw);
  }
  document.querySelectorAll("[data-cover-tool]").forEach(setup);
})();
