// Forms, once the page has loaded (every page works without this script):
// - after a failed submit the focus moves to the error summary, so a screen reader reads it first;
// - a file input shows a German button and the chosen file's name (core's file.html widget).
const summary = document.getElementById("fehler");
if (summary) summary.focus();

document.querySelectorAll("[data-file-input]").forEach((box) => {
  const input = box.querySelector("input[type=file]");
  const name = box.querySelector(".file-input__name");
  box.querySelectorAll("[hidden]").forEach((el) => el.removeAttribute("hidden"));
  box.classList.add("file-input--enhanced");
  const show = () => {
    const files = Array.from(input.files || []).map((f) => f.name);
    name.textContent = files.length ? files.join(", ") : name.dataset.none;
  };
  input.addEventListener("change", show);
  show();
});
