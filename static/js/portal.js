// Small progressive enhancements; every page works without this file.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss]");
  if (button) button.closest(".message")?.remove();
});
// A choice that applies at once (the compound switch, join-my-home's steps): the form is
// sent when the choice changes. No inline handlers: the Content Security Policy forbids them.
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-autosubmit]")) event.target.form.requestSubmit();
});

// A "打印" button (data-print) opens the browser's print dialog: no inline script, so a
// Content Security Policy can forbid it.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// Facilities register (issue 17, item 6): on a plan that picks a point (data-pick-point),
// a tap fills in the form's plan_x / plan_y (percent across and down) and moves the mark.
document.addEventListener("click", (event) => {
  const frame = event.target.closest("[data-pick-point] .plan-frame");
  if (!frame) return;
  const box = frame.getBoundingClientRect();
  const x = (((event.clientX - box.left) / box.width) * 100).toFixed(1);
  const y = (((event.clientY - box.top) / box.height) * 100).toFixed(1);
  const form = frame.closest("[data-pick-point]");
  form.querySelector("[name=plan_x]").value = x;
  form.querySelector("[name=plan_y]").value = y;
  const svg = frame.querySelector("svg");
  let mark = svg.querySelector(".mark-picked");
  if (!mark) {
    mark = document.createElementNS("http://www.w3.org/2000/svg", "circle");
    mark.setAttribute("r", "8");
    mark.setAttribute("class", "mark mark-picked");
    svg.appendChild(mark);
  }
  mark.setAttribute("cx", `${x}%`);
  mark.setAttribute("cy", `${y}%`);
});
