// Keeps "7 von 22 beantwortet" and the progress bar current while someone answers (without
// JavaScript the figure is the one of the last save; the page works the same).
document.addEventListener("DOMContentLoaded", () => {
  // After a refused save, start at the error summary (its links lead to each field).
  const summary = document.getElementById("fehler");
  if (summary) summary.focus();
  const form = document.querySelector("form.answer-form[data-answered-elsewhere]");
  const count = document.querySelector("[data-answered-count]");
  const bar = document.querySelector(".answer-progress progress");
  if (!form || !count || !bar) return;
  const elsewhere = Number(form.dataset.answeredElsewhere) || 0;
  const total = Number(bar.max);
  const template = count.textContent.replace(/^\s*\d+/, "");
  form.addEventListener("change", (event) => {
    if (!event.target.matches("input[type=radio]")) return;
    const names = new Set();
    form.querySelectorAll("input[type=radio]:checked").forEach((input) => names.add(input.name));
    const answered = Math.min(elsewhere + names.size, total);
    count.textContent = `${answered}${template}`;
    bar.value = answered;
  });
});
