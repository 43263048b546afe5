// The console works without this file; it only adds the copy button beside a new enrollment code.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById("copy-status");
    if (!field || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      if (status) status.textContent = button.dataset.copied || "";
    });
    field.addEventListener("focus", () => field.select());
  }
});
