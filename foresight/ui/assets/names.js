// Streamlit's and Plotly's English names of their own controls in the page's language (foresight/ui/names.py).
// The same pattern as the uploader's names (assets/uploader.js): installed once per browser tab, each run
// of a page replaces the texts (so a change of language follows), and a MutationObserver renames again
// whenever Streamlit or Plotly redraws. A name not in the list is left as it is.
(() => {
  const w = window;
  w.klNames = __NAMES__;
  // element → {attribute: [the English name, the text put in its place]}, so that after a change of
  // language a name React did not redraw is renamed from its English original, not from the old language.
  w.klNamesOriginal = w.klNamesOriginal || new WeakMap();
  const ATTRS = ["aria-label", "title", "data-title", "placeholder"];
  const SELECTOR = ATTRS.map((a) => `[${a}]`).join(",");
  // A status or a tooltip drawn as visible text: "Running...", the element toolbar's "Fullscreen" tip, and
  // the skip link "Skip to main content" (its text is also its accessible name).
  const TEXTS = '[data-testid="stStatusWidget"], [data-testid="stTooltipContent"], [data-testid="stSkipToContent"]';
  const say = (english) => {
    const n = w.klNames;
    if (Object.prototype.hasOwnProperty.call(n.exact, english)) return n.exact[english];
    for (const [prefix, text] of n.prefixed) {
      if (english.startsWith(prefix) && english.length > prefix.length) {
        return text.replace("{label}", english.slice(prefix.length));
      }
    }
    return null;
  };
  const rename = (el, attr) => {
    const value = el.getAttribute(attr);
    if (!value) return;
    const seen = w.klNamesOriginal.get(el) || {};
    const english = seen[attr] && seen[attr][1] === value ? seen[attr][0] : value;
    const text = say(english);
    if (text === null) return;
    seen[attr] = [english, text];
    w.klNamesOriginal.set(el, seen);
    if (value !== text) el.setAttribute(attr, text);
  };
  w.klNamesApply = () => {
    document.querySelectorAll(SELECTOR).forEach((el) => ATTRS.forEach((a) => rename(el, a)));
    // A material icon inside a text ("warning" before "Vuosi 2019 puuttuu…") is read as "warning icon":
    // the text says it already, so the icon is hidden from screen readers. An icon alone (a button's only
    // content) keeps its name.
    document.querySelectorAll('span[role="img"][translate="no"][aria-label$=" icon"]').forEach((icon) => {
      const parent = icon.parentElement;
      if (!parent || icon.getAttribute("aria-hidden") === "true") return;
      if (parent.textContent.replace(icon.textContent, "").trim()) icon.setAttribute("aria-hidden", "true");
    });
    // A number field that cannot go negative (ui/number_field.py) asks a phone for its number pad.
    document.querySelectorAll('[class*="st-key-kl_number_"] input:not([inputmode])').forEach((input) => {
      input.setAttribute("inputmode", "decimal");
    });
    document.querySelectorAll(TEXTS).forEach((box) => {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentNode.childNodes.length !== 1) continue;  // a whole text, not part of a sentence
        const text = say(node.nodeValue.trim());
        if (text !== null && node.nodeValue !== text) node.nodeValue = text;
      }
    });
  };
  if (!w.klNamesObserver) {
    w.klNamesObserver = new MutationObserver(() => w.klNamesApply());
    w.klNamesObserver.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
    });
  }
  w.klNamesApply();
})();
