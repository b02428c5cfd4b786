"""The page's look: system fonts only (a theme font would be a request to another host), its CSS and one script."""

from __future__ import annotations

FONTS = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]

CSS = """
.gradio-container { max-width: 1000px !important; width: 100% !important; margin: auto; }
#cq-results { min-height: 4em; }
/* Secondary text stays readable: the theme's subdued grey is below 3:1 on white. */
.cq-summary { color: var(--body-text-color); opacity: 0.8; margin: 4px 0 10px; }
.cq-hit { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 16px;
          margin: 0 0 12px; background: var(--block-background-fill); }
.cq-head { display: flex; gap: 10px; align-items: baseline; margin-bottom: 6px; font-size: 0.92em; }
.cq-rank { font-weight: 700; color: #fff; background: var(--color-accent); border-radius: 999px;
           min-width: 1.7em; text-align: center; }
.cq-cite { font-weight: 600; flex: 1; }
.cq-score { color: var(--body-text-color); opacity: 0.8; white-space: nowrap; }
.cq-text { white-space: pre-line; line-height: 1.6; }
.cq-hit mark, .cq-verdicts mark { background: #ffe58a; color: #1a1a1a; padding: 0 2px; border-radius: 3px; }
.cq-passage { background: rgba(99, 102, 241, 0.12); box-shadow: 0 0 0 1px rgba(99, 102, 241, 0.45);
              border-radius: 3px; }
.cq-context summary { cursor: pointer; color: var(--link-text-color); margin-top: 8px; }
.cq-context > .cq-text { padding: 8px 10px; margin-top: 6px; border-left: 3px solid var(--border-color-primary); }
.cq-section { font-weight: 600; margin: 8px 0 2px; }
.cq-notice { padding: 10px 14px; border-radius: 8px; background: var(--background-fill-secondary); }
.cq-error { border-left: 4px solid #dc2626; }
.cq-wait { border-left: 4px solid #d97706; }
.cq-ok { border-left: 4px solid #16a34a; }
.cq-verdicts { width: 100%; border-collapse: collapse; font-size: 0.95em; }
.cq-verdicts th, .cq-verdicts td { border: none !important; padding: 8px 6px; vertical-align: top;
                                   border-bottom: 1px solid var(--border-color-primary) !important;
                                   text-align: left; }
.cq-verdicts td:nth-child(2) { width: 24%; }
.cq-verdicts td:nth-child(4) { width: 36%; }
.cq-verdicts td:nth-child(5) { width: 28%; }
.cq-badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-weight: 600;
            font-size: 0.85em; white-space: nowrap; color: #fff; background: #64748b; }
.cq-badge.cq-supported { background: #15803d; }
.cq-badge.cq-contradicted { background: #b91c1c; }
.cq-badge.cq-not_found { background: #b45309; }
.cq-badge.cq-skipped { background: #94a3b8; }
.cq-quote { font-style: italic; }
.cq-evidence .cq-cite { font-size: 0.9em; color: var(--body-text-color); opacity: 0.8; margin-top: 2px; }
.cq-reasons { margin: 0; padding-left: 1.1em; }
.cq-nearest { font-size: 0.85em; font-weight: 600; margin-bottom: 2px; }
.cq-heading { margin: 6px 0 0; font-size: 1.05em; font-weight: 600; }
.cq-library { width: 100%; border-collapse: collapse; font-size: 0.95em; margin: 0 !important;
              border: none !important; }
.cq-library th, .cq-library td { border: none !important; padding: 7px 8px !important; text-align: left;
                                 vertical-align: top; border-bottom: 1px solid var(--border-color-primary) !important; }
/* A header is one word and never breaks inside it ("Passage s"); cells break between words, and a
   long file name anywhere rather than push the table wider than the screen. */
.cq-library th { white-space: nowrap; }
.cq-library tr[hidden] { display: none !important; }
.cq-library-tools { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 0 0 8px; }
.cq-library-filter { flex: 1 1 14em; padding: 6px 8px; border: 1px solid var(--border-color-primary);
  border-radius: 6px; font: inherit; }
.cq-library-count { color: var(--body-text-color-subdued); }
.cq-page { padding: 4px 10px; border: 1px solid var(--border-color-primary); border-radius: 6px; font: inherit;
  background: var(--button-secondary-background-fill); cursor: pointer; }
.cq-page:disabled { opacity: .5; cursor: default; }
.cq-library td { overflow-wrap: anywhere; }
.cq-library td:first-child { min-width: 9em; }
.cq-inline { display: inline; margin: 0; }
.cq-link { background: none; border: none; padding: 0; color: var(--link-text-color); text-decoration: underline;
           cursor: pointer; font: inherit; }
.cq-footer { margin-top: 8px; font-size: 0.9em; opacity: 0.85; }
#cq-library-message:empty, #cq-role:empty { display: none; }
/* Phones: the verdict and library tables become one card per row, and rows of controls wrap. */
@media (max-width: 640px) {
  .cq-library, .cq-library tbody { display: block; }
  .cq-library thead { display: none; }
  .cq-library tr { display: block; padding: 6px 0; border-bottom: 1px solid var(--border-color-primary); }
  .cq-library td { display: flex; gap: 8px; border: none !important; padding: 2px 4px !important; }
  .cq-library td::before { content: attr(data-label); font-weight: 600; flex: none; min-width: 5.5em; }
  .cq-library td:empty { display: none; }
  .cq-verdicts thead { display: none; }
  .cq-verdicts tr { display: block; border-bottom: 1px solid var(--border-color-primary); padding: 6px 0; }
  .cq-verdicts td { display: block; width: auto !important; border: none !important; padding: 4px 2px; }
  .cq-verdicts td:first-child { display: none; }
  .gradio-container .row { flex-wrap: wrap; }
  .gradio-container .row > * { min-width: 100% !important; }
}
"""

# Gradio's dropdown keeps its option list open over the content below when keyboard focus leaves it
# with Tab (a mouse click elsewhere closes it). Escape is what closes it, so a Tab away sends one.
# Run by Gradio when the page loads (its ``js`` option: a ``<script>`` in ``head`` is not run).
SCRIPT = """
() => {
  // The Library table of a long library: filter as you type, and pages (html.render_library).
  const showLibrary = (root, page) => {
    const size = Number(root.dataset.pageSize) || 50;
    const query = root.querySelector(".cq-library-filter").value.trim().toLowerCase();
    const rows = Array.from(root.querySelectorAll("tbody tr"));
    const matching = rows.filter((row) => !query || row.textContent.toLowerCase().includes(query));
    const pages = Math.max(1, Math.ceil(matching.length / size));
    page = Math.min(Math.max(page, 0), pages - 1);
    root.dataset.page = String(page);
    const shown = new Set(matching.slice(page * size, (page + 1) * size));
    rows.forEach((row) => { row.hidden = !shown.has(row); });
    const last = Math.min((page + 1) * size, matching.length);
    root.querySelector(".cq-library-count").textContent = matching.length
      ? `${page * size + 1}–${last} of ${matching.length.toLocaleString("en")} ${query ? "matching" : "cases"}`
      : "No case matches";
    const [previous, next] = root.querySelectorAll(".cq-page");
    previous.disabled = page === 0;
    next.disabled = page >= pages - 1;
  };
  document.addEventListener("input", (event) => {
    const root = event.target.closest && event.target.closest(".cq-library-pages");
    if (root && event.target.matches(".cq-library-filter")) showLibrary(root, 0);
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".cq-page");
    const root = button && button.closest(".cq-library-pages");
    if (root) showLibrary(root, Number(root.dataset.page) + Number(button.dataset.step));
  });
  let tabbing = false;
  document.addEventListener("keydown", (event) => { tabbing = event.key === "Tab"; }, true);
  document.addEventListener("mousedown", () => { tabbing = false; }, true);
  document.addEventListener("focusout", (event) => {
    const input = event.target;
    if (!tabbing || !(input instanceof HTMLInputElement) || input.getAttribute("role") !== "combobox") return;
    // The dropdown reopens its list just after losing focus: close it once that has happened.
    setTimeout(() => {
      if (document.activeElement !== input && input.getAttribute("aria-expanded") === "true") {
        input.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
      }
    }, 50);
  });
}
"""
