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
