// Names and messages of Streamlit's file uploader in the page's language (foresight/ui/uploader.py).
// Streamlit writes them in English: the hidden input's "file upload", the icon buttons' "Add files" and
// "Remove (file name)", a chip's size ("22.0MB") and its refusal ("File must be 20.0MB or smaller.").
// Installed once per browser tab; each run of a page with an uploader replaces the texts and its
// uploader's own limit and types. Text is changed in React's own text nodes (nodeValue), so React
// keeps updating the same nodes.
(() => {
  const w = window;
  w.klUploadTexts = __TEXTS__;
  w.klUploadScopes = Object.assign(w.klUploadScopes || {}, __SCOPE__);
  w.klUploadSeen = w.klUploadSeen || {};
  const label = (el, value) => {
    if (el.getAttribute("aria-label") !== value) el.setAttribute("aria-label", value);
  };
  const retext = (el, value) => {
    const nodes = [...el.childNodes];
    if (!nodes.length || nodes.some((n) => n.nodeType !== Node.TEXT_NODE)) return;
    nodes.forEach((n, i) => { n.nodeValue = i === 0 ? value : ""; });
  };
  const size = (text) => {
    const m = /^(\d+(?:\.\d+)?)(B|KB|MB|GB)$/.exec(text.trim());
    const t = w.klUploadTexts;
    return m ? `${m[1].replace(".", t.decimal)}\u00a0${t.units[m[2]]}` : null;
  };
  const scopeOf = (el) => {
    const box = el.closest('[data-testid="stElementContainer"]');
    const cls = box ? [...box.classList].find((c) => c.startsWith("st-key-")) : undefined;
    return cls ? w.klUploadScopes[cls.slice(7)] : undefined;
  };
  const message = (english, scope) => {
    if (!scope) return null;
    if (/^File must be .* or smaller\.$/.test(english)) return scope.too_large;
    if (/ files are not allowed\.$/.test(english)) return scope.wrong_type;
    return null;
  };
  w.klUploadApply = () => {
    if (!document.querySelector('[data-testid="stFileUploader"]')) return;
    const t = w.klUploadTexts;
    // The button's visible text is CSS generated content (uploader.py), which browsers include in its name
    // but axe-core does not: the same text as an aria-label satisfies both.
    document.querySelectorAll(
      '[data-testid="stFileUploaderDropzoneInput"], [data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]',
    ).forEach((e) => label(e, t.button));
    document.querySelectorAll('[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-borderlessIcon"]')
      .forEach((e) => label(e, t.another));
    document.querySelectorAll('[data-testid="stFileChip"]').forEach((chip) => {
      const name = chip.querySelector('[data-testid="stFileChipName"]');
      const remove = chip.querySelector('[data-testid="stFileChipDeleteBtn"] button');
      if (remove) label(remove, t.remove.replace("{name}", name ? name.textContent : ""));
      const sizeBox = name && name.nextElementSibling;
      const shown = sizeBox && size(sizeBox.textContent);
      if (shown) retext(sizeBox, shown);
      if (name && sizeBox) label(chip, `${name.textContent}, ${sizeBox.textContent}`);
      const alert = chip.querySelector('[role="alert"]');
      const english = alert && alert.textContent.replace(/^Error: /, "");
      const said = english && message(english, scopeOf(chip));
      if (said) {
        w.klUploadSeen[english] = said;
        retext(alert, said);
      }
    });
    document.querySelectorAll('[data-testid="stTooltipErrorContent"]').forEach((e) => {
      const said = w.klUploadSeen[e.textContent];
      if (said) retext(e, said);
    });
  };
  if (!w.klUploadObserver) {
    w.klUploadObserver = new MutationObserver(() => w.klUploadApply());
    w.klUploadObserver.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label"],
    });
  }
  w.klUploadApply();
})();
