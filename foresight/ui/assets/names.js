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
  // A status or a tooltip drawn as visible text: "Running...", the element toolbar's "Fullscreen" tip, the
  // skip link "Skip to main content" (its text is also its accessible name), the hint under a text field
  // being typed in, "Press Enter to apply" (its character count beside it is left as it is), and a data
  // table's column menu ("Sort ascending"), its statistics ("Median"), the tip of a bar of their histogram
  // (Vega's tooltip, "Range" and "Count") and its search bar ("Type to search").
  const STATS = '[data-testid="stDataFrameStatisticsContent"], .vg-tooltip';  // numbers written en-US
  const TEXTS = [
    '[data-testid="stStatusWidget"]', '[data-testid="stTooltipContent"]', '[data-testid="stSkipToContent"]',
    '[data-testid="InputInstructions"]', '[role="menu"]', '[data-testid="stDataFrameStatisticsMenu"]',
    ".gdg-search-status", ".vg-tooltip",
  ].join(", ");
  const ICON = '[data-testid="stIconMaterial"]';
  const TABLE_BOX = '[data-testid="stTable"] > div';  // st.table's box, which scrolls when the table is wider
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
  const textNodes = (box) => {  // the texts inside box, in order
    const nodes = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    return nodes;
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
  // A table wider than its box scrolls sideways (a chart's data on a phone or zoomed in): the box takes a Tab
  // stop and a name, so that the keyboard can scroll it too (WCAG 2.1.1). Whether it scrolls changes with
  // sizes, not with the page's elements (a fold opened, the window turned, the table redrawn): a
  // ResizeObserver on the box and its table checks then, so a redraw elsewhere costs no layout here.
  w.klTableSeen = w.klTableSeen || new WeakSet();
  w.klTableSizes = w.klTableSizes || new ResizeObserver((entries) => entries.forEach((e) => {
    const box = e.target.closest(TABLE_BOX);
    if (box) w.klScrollable(box);
  }));
  w.klScrollable = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    if (!scrolls) {
      ["data-kl-scroll", "tabindex", "role", "aria-label"].forEach((a) => box.removeAttribute(a));
      return;
    }
    if (!box.hasAttribute("data-kl-scroll")) {
      box.setAttribute("data-kl-scroll", "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
    }
    w.klTableName(box);
  };
  w.klTableName = (box) => {  // by the fold it is in, in the page's language (after a change of it, too)
    const fold = box.closest('[data-testid="stExpander"]');
    const label = fold ? fold.querySelector('summary [data-testid="stMarkdownContainer"]') : null;
    const [named, plain] = w.klNames.table;
    const name = label && label.textContent.trim() ? named.replace("{label}", label.textContent.trim()) : plain;
    if (box.getAttribute("aria-label") !== name) box.setAttribute("aria-label", name);
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
    // A folded sidebar (off screen on a phone, or folded by its button) is inert: its page links take no Tab
    // stop before the page's own controls and a screen reader's swipe does not read them (WCAG 2.4.3). Open,
    // it is reachable again. When it folds with the focus inside it (its « button), the focus goes to its
    // opener (») rather than to the page's top.
    document.querySelectorAll('[data-testid="stSidebar"][data-collapsed]').forEach((bar) => {
      const folded = bar.getAttribute("data-collapsed") === "true";
      if (folded === bar.hasAttribute("inert")) return;
      if (!folded) {
        bar.removeAttribute("inert");
        // Opened with its » button: the focus follows into the sidebar, so that Tab goes on to its pickers and
        // menu rather than through the page behind it (on a phone the sidebar covers the page).
        if (Date.now() - (w.klSidebarOpened || 0) < 1500) w.klSidebarEnter = true;
        w.klSidebarOpened = 0;
        return;
      }
      // Streamlit drops the focus from its « button as it folds, and draws the opener only after: the focus
      // waits for it. (Only when it was in the sidebar a moment ago: a page's first fold takes nothing.)
      w.klSidebarRefocus = bar.contains(document.activeElement) || Date.now() - (w.klSidebarLeft || 0) < 1500;
      bar.setAttribute("inert", "");
    });
    if (w.klSidebarEnter) {
      // Streamlit removes the » button as the sidebar opens, dropping the focus: it goes to the sidebar itself
      // (not a Tab stop of its own), from where Tab reaches the « button and the language first.
      const bar = document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]');
      const at = document.activeElement;
      const lost = !at || at === document.body || at.closest('[data-testid="stExpandSidebarButton"]') !== null;
      w.klSidebarEnter = false;
      if (bar && lost) {
        if (!bar.hasAttribute("tabindex")) bar.setAttribute("tabindex", "-1");
        bar.focus({preventScroll: true});
      }
    }
    if (w.klSidebarRefocus) {
      const opener = document.querySelector('[data-testid="stExpandSidebarButton"]');
      const at = document.activeElement;
      const lost = !at || at === document.body || at.closest("[inert]") !== null;
      if (opener || !lost) w.klSidebarRefocus = false;  // the reader has moved on by themselves: left there
      if (opener && lost) opener.focus();
    }
    // A survey's scale point shows its number as its label and its words as a caption beside it (one label in
    // every language keeps an unsent choice across a change of language: pages/answer.py). Streamlit names the
    // radio by the number alone, the words only its description: the words join its name ("4 jokseenkin samaa
    // mieltä", re-read after a change of language) and the description goes, so they are not read twice.
    document.querySelectorAll('[data-testid="stRadioOption"]').forEach((label) => {
      const words = label.parentElement.querySelector('[data-testid="stRadioCaption"]');
      const input = label.querySelector('input[type="radio"]');
      if (!words || !input) return;
      const name = `${label.textContent.trim()} ${words.textContent.trim()}`.trim();
      if (input.getAttribute("aria-label") !== name) input.setAttribute("aria-label", name);
      if (input.hasAttribute("aria-describedby")) input.removeAttribute("aria-describedby");
    });
    // An open list (a selectbox or multiselect) with nothing matching what was typed has "No results" as its only
    // text. Only then: an option that happens to read like a listed name is left as it is.
    document.querySelectorAll('[role="listbox"]').forEach((box) => {
      const only = box.textContent.trim();
      const text = only === "No results" ? say(only) : null;
      if (text === null || text === only) return;
      textNodes(box).forEach((node) => {
        if (node.nodeValue.trim() === only) node.nodeValue = text;
      });
    });
    // An open list's announcements for screen readers (react-aria's live region, which Streamlit sets to
    // en-US): "308 options available." as the list opens or filters, "Kuopio, selected" on an Apple device.
    document.querySelectorAll("[data-live-announcer]").forEach((box) => {
      textNodes(box).forEach((node) => {
        const english = node.nodeValue;
        const count = /^([\d,]+) options? available\.$/.exec(english);
        let text = null;
        if (count) {
          const n = count[1].replace(/,/g, "");
          text = w.klNames.count[n === "1" ? 0 : 1].replace("{n}", n);
        } else if (english.endsWith(", selected") && english.length > 10) {
          text = w.klNames.selected.replace("{label}", english.slice(0, -10));
        }
        if (text !== null && text !== english) node.nodeValue = text;
      });
    });
    // Streamlit's own dialogs in English, known by their title: a link to a page that does not exist ("Page not
    // found", which speaks of "the app's pages/ directory"), and the server out of reach ("Connection error": a
    // phone's network dropped in a workshop; on the machine running the app "Is Streamlit still running? …
    // streamlit run yourscript.py", which is not how this app starts). Title and text in the page's language.
    document.querySelectorAll('[role="dialog"]').forEach((box) => {
      const nodes = textNodes(box);
      const plain = (node) => node.nodeValue.replace(/\s+/g, " ").trim();
      const [missing, missingText] = w.klNames.missing_page;
      const [lost, lostText, lostHere, command] = w.klNames.no_connection;
      const rules = nodes.some((node) => plain(node) === "Page not found") ? [
        [(english) => english === "Page not found", missing],
        [(english) => english.endsWith("Running the app's main page."), missingText],
      ] : nodes.some((node) => plain(node) === "Connection error") ? [
        [(english) => english === "Connection error", lost],
        [(english) => english.startsWith("Streamlit server is not responding."), lostText],
        [(english) => english.startsWith("Is Streamlit still running?"), lostHere],
        [(english) => english === "streamlit run yourscript.py", command],
      ] : [];
      nodes.forEach((node) => {
        const rule = rules.find(([matches]) => matches(plain(node)));
        if (rule) node.nodeValue = rule[1];
      });
    });
    // A table wider than its box: a Tab stop and a name while it scrolls (w.klScrollable, above).
    document.querySelectorAll(TABLE_BOX).forEach((box) => {
      [box, box.querySelector("table")].forEach((el) => {
        if (el && !w.klTableSeen.has(el)) {
          w.klTableSeen.add(el);
          w.klTableSizes.observe(el);  // it reports the first size at once: checked then
        }
      });
      if (box.hasAttribute("data-kl-scroll")) w.klTableName(box);
    });
    document.querySelectorAll(TEXTS).forEach((box) => {
      textNodes(box).forEach((node) => {
        if (node.parentElement.closest(ICON)) return;  // an icon's name ("arrow_upward") is not a text
        // a whole text, not part of a sentence: beside it in its element at most an icon ("⬆ Sort ascending")
        let rest = node.parentNode.textContent.replace(node.nodeValue, "");
        node.parentNode.querySelectorAll(ICON).forEach((icon) => { rest = rest.replace(icon.textContent, ""); });
        if (rest.trim()) return;
        const text = say(node.nodeValue.trim());
        if (text !== null && node.nodeValue !== text) node.nodeValue = text;
      });
    });
    // A data table's column menu holds a "copy the column's name" button among its items. A menu's parts are
    // menu items (axe aria-required-children, critical): the button is one too.
    document.querySelectorAll('[role="menu"] button:not([role])').forEach((button) => {
      button.setAttribute("role", "menuitem");
    });
    // A data table's column statistics and the tips of their histogram: numbers as en-US writes them
    // ("26,624", "295.82") in the page's language, and the histogram hidden from screen readers (Vega names
    // its bars "binStart: 13; count: 2"; the figures beside it say the same in words).
    document.querySelectorAll(STATS).forEach((box) => {
      const [decimal, group] = w.klNames.separators;
      const local = (text) => text.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+/g,
        (num) => num.replace(/,/g, "\u0000").replace(".", decimal).replace(/\u0000/g, group));
      textNodes(box).forEach((node) => {
        const text = local(node.nodeValue);
        if (text !== node.nodeValue) node.nodeValue = text;
      });
      box.querySelectorAll("[title], [aria-label]").forEach((el) => ["title", "aria-label"].forEach((a) => {
        const value = el.getAttribute(a);
        if (value && local(value) !== value) el.setAttribute(a, local(value));
      }));
      box.querySelectorAll('[role="graphics-document"]:not([aria-hidden])').forEach((chart) => {
        chart.setAttribute("aria-hidden", "true");
      });
    });
    // A data table's search: "12 results", "3 of 12 results", "over 1000" (Glide Data Grid's own words).
    document.querySelectorAll('[data-testid="search-result-area"]').forEach((box) => {
      textNodes(box).forEach((node) => {
        const found = /^(?:(\d+) of )?(?:(\d+) results?|over 1000)$/.exec(node.nodeValue.trim());
        if (!found) return;
        const [one, many, of] = w.klNames.results;
        const [, at, count] = found;
        const all = count === undefined ? say("over 1000") : (count === "1" ? one : many).replace("{n}", count);
        const text = at === undefined ? all : of.replace("{i}", at).replace("{all}", all);
        if (node.nodeValue !== text) node.nodeValue = text;
      });
    });
  };
  if (!w.klSidebarWatch) {
    w.klSidebarWatch = true;
    // When the focus leaves the sidebar for nowhere (its button removed or hidden), note when.
    document.addEventListener("focusout", (e) => {
      const from = e.target instanceof Element ? e.target.closest('[data-testid="stSidebar"]') : null;
      if (from && !(e.relatedTarget instanceof Element && from.contains(e.relatedTarget))) {
        w.klSidebarLeft = e.relatedTarget ? 0 : Date.now();
      }
    }, true);
    // A press of the » button (a click, a tap, Enter or Space): the sidebar it opens takes the focus.
    document.addEventListener("click", (e) => {
      if (e.target instanceof Element && e.target.closest('[data-testid="stExpandSidebarButton"]')) {
        w.klSidebarOpened = Date.now();
      }
    }, true);
  }
  if (!w.klNamesObserver) {
    w.klNamesObserver = new MutationObserver(() => w.klNamesApply());
    w.klNamesObserver.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true,
      attributeFilter: [...ATTRS, "data-collapsed", "aria-describedby"],
    });
  }
  w.klNamesApply();
})();
