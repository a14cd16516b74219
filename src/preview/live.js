// followup serve: live reload. Only the preview adds this script to pages.
(() => {
  "use strict";
  const scrollKey = "followup-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const y = Number(saved);
    window.addEventListener("load", () => window.scrollTo(0, y));
    requestAnimationFrame(() => window.scrollTo(0, y));
  }

  let known = null;
  let overlay = null;

  function reload() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function swapStyles(version) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", String(version));
      link.href = url.toString();
    }
  }

  const panelStyle =
    "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
    "color:#fff;font:14px/1.5 ui-monospace,monospace;padding:1rem 1.25rem;" +
    "box-shadow:0 -4px 16px rgba(0,0,0,.4);";

  // Each problem as `check` prints it: severity, file:line:column, message, help.
  function listProblems(panel, list) {
    for (const d of list) {
      const item = document.createElement("pre");
      item.style.cssText = "white-space:pre-wrap;margin:.75rem 0 0";
      const where = d.file + (d.line ? ":" + d.line + (d.column ? ":" + d.column : "") : "");
      item.textContent = d.severity + ": " + where + ": " + d.message + (d.help ? "\nhelp: " + d.help : "");
      panel.appendChild(item);
    }
  }

  function showErrors(list) {
    hideWarnings();
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "followup-errors";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = panelStyle + "background:#2b0d0d;border-top:4px solid #e5484d";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "";
    const title = document.createElement("strong");
    title.textContent = "The last change could not be built. This page shows the last good version.";
    overlay.appendChild(title);
    listProblems(overlay, list);
  }

  // The site was built, with warnings: shown below the page until hidden.
  let warningsPanel = null;
  function hideWarnings() {
    if (warningsPanel) { warningsPanel.remove(); warningsPanel = null; }
  }
  function showWarnings(list) {
    hideWarnings();
    if (!list.length) { return; }
    warningsPanel = document.createElement("div");
    warningsPanel.id = "followup-warnings";
    warningsPanel.setAttribute("role", "status");
    warningsPanel.style.cssText = panelStyle + "background:#2b2206;border-top:4px solid #f5a524";
    const title = document.createElement("strong");
    // Information (`info`) is no warning: counted apart.
    const warnings = list.filter((d) => d.severity !== "info").length;
    const notes = list.length - warnings;
    const parts = [];
    if (warnings || !notes) { parts.push(warnings === 1 ? "1 warning" : warnings + " warnings"); }
    if (notes) { parts.push(notes === 1 ? "1 note" : notes + " notes"); }
    title.textContent = "The site was built, with " + parts.join(" and ") + ":";
    const hide = document.createElement("button");
    hide.type = "button";
    hide.textContent = "Hide";
    hide.style.cssText = "float:right;font:inherit;min-height:24px";
    hide.addEventListener("click", hideWarnings);
    warningsPanel.append(hide, title);
    listProblems(warningsPanel, list);
    document.body.appendChild(warningsPanel);
  }

  function connect(delay) {
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/__followup/ws");
    socket.onopen = () => { delay = 250; };
    socket.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      window.followupLastMessage = msg;
      const news = known !== null && msg.version !== known;
      if (msg.type === "errors") {
        known = msg.version;
        showErrors(msg.diagnostics || []);
      } else if (msg.type === "css") {
        known = msg.version;
        if (overlay) { reload(); } else { swapStyles(msg.version); }
      } else if (msg.type === "reload" && msg.pages && !overlay &&
                 !msg.pages.includes(location.pathname) &&
                 !msg.pages.includes(decodeURI(location.pathname))) {
        // Only other pages changed: this one is up to date.
        known = msg.version;
      } else if (msg.type === "reload" || (msg.type === "hello" && (news || overlay))) {
        reload();
      } else {
        known = msg.version;
        if (msg.type === "hello") { showWarnings(msg.warnings || []); }
      }
    };
    socket.onclose = () => setTimeout(() => connect(Math.min(delay * 2, 4000)), delay);
  }
  connect(250);
})();
