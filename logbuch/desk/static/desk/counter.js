// Live character counter for textareas with data-maxlength (the server checks the length too).
document.querySelectorAll("textarea[data-maxlength]").forEach((area) => {
  const max = Number(area.dataset.maxlength);
  const out = document.createElement("p");
  out.className = "kern-hint char-counter";
  out.setAttribute("aria-live", "polite");
  out.id = `${area.id}_counter`;
  area.setAttribute("aria-describedby", `${area.getAttribute("aria-describedby") || ""} ${out.id}`.trim());
  area.insertAdjacentElement("afterend", out);
  const update = () => {
    const n = area.value.length;
    out.textContent = `${n} / ${max}`;
    out.classList.toggle("overdue", n > max);
  };
  area.addEventListener("input", update);
  update();
});
