// The quotes page: send an article to POST /v1/extract and show who said what.
//
// Plain JavaScript, no build step, nothing from a CDN. The article is rendered as text nodes
// only (never parsed as HTML), so markup inside an article stays inert.
//
// Stable hooks for tests and newsroom tools:
//   #article [data-quote-id]   a highlighted quote (the API's quote id; a quote that crosses
//                              another one is split into several elements with the same id)
//   [data-speaker-id]          a speaker entry (the API's speaker id)
//   [data-quote-ref]           an entry of the quote list
//   #article [data-signal]     a claim signal inside a quote ("q1:0": quote id, signal index;
//                              a signal that crosses another mark is split, same value)
//   [data-claim-type]          a claim type badge of a quote in the list
//   #main[data-state]          idle | loading | done | error
"use strict";

(() => {
  const PALETTE = 10; // colour classes sp-0 … sp-9 in page.css, then they repeat
  const KEY_STORE = "quotes.apiKey"; // sessionStorage: gone when the tab closes
  // plain text: no emoji or pictographs (they render as empty boxes without a colour font)
  const SAMPLE = [
    "Bandung - Wali Kota Bandung Rina Kartika meresmikan taman baca di Cicendo, Sabtu (12/4). " +
      "Taman itu dibuka untuk semua warga tanpa biaya.",
    "\u201cKami ingin anak-anak membaca lebih banyak buku. Tahun ini kami menambah 2.500 buku " +
      "baru untuk taman ini,\u201d kata Rina kepada wartawan.",
    "Baca juga: Warga Cicendo Gelar Kerja Bakti Bersihkan Sungai",
    "Ketua RT setempat, Budi Santoso, mengatakan bahwa warga sudah lama menunggu fasilitas " +
      "tersebut.",
    "\u201cSekarang anak-anak punya tempat bermain yang aman,\u201d ujar Budi.",
    "Menurut Rina, taman baca serupa akan dibangun di lima kecamatan lain sebelum Desember " +
      "2025 dengan anggaran Rp 1,2 miliar.",
  ].join("\n");

  const $ = (id) => document.getElementById(id);
  const ui = {
    main: $("main"), form: $("form"), text: $("text"), file: $("file"), sample: $("sample"),
    count: $("count"), keyField: $("key-field"), key: $("key"), extract: $("extract"),
    error: $("error"), results: $("results"), summary: $("summary"), download: $("download"),
    article: $("article"), speakers: $("speakers"), showAll: $("show-all"),
    quotes: $("quotes"), quoteCount: $("quote-count"), tip: $("tip"),
    resultsTitle: $("results-title"), checkableOnly: $("checkable-only"),
    checkableCount: $("checkable-count"), quotesEmpty: $("quotes-empty"), tabs: $("tabs"),
    layout: $("layout"), tabArticle: $("tab-article"), tabSpeakers: $("tab-speakers"),
    tabQuotes: $("tab-quotes"), speakersCount: $("tab-speakers-count"),
    quotesCount: $("tab-quotes-count"),
  };
  // below this width the panels are tabs (the breakpoint of the two-column layout in page.css)
  const narrow = window.matchMedia("(max-width: 959.98px)");
  const motion = () => (window.matchMedia("(prefers-reduced-motion: reduce)").matches
    ? "auto" : "smooth");
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
  const maxChars = Number(meta("quotes-max-chars")) || 0;

  // what is on screen: the text as it was sent, the answer, and lookups built from it
  let view = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  const plural = (n, one, many) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

  // ---- the form ---------------------------------------------------------------------------

  function updateCount() {
    const n = codePointLength(ui.text.value);
    let label = plural(n, "character", "characters");
    if (maxChars) label += ` of ${maxChars.toLocaleString("en")}`;
    ui.count.textContent = label;
    ui.count.classList.toggle("over", maxChars > 0 && n > maxChars);
  }

  const codePointLength = (text) => Array.from(text).length; // as the server counts

  function showKeyField() {
    ui.keyField.hidden = false;
  }

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY_STORE) || "";
    } catch {
      return "";
    }
  }

  function storeKey() {
    try {
      sessionStorage.setItem(KEY_STORE, ui.key.value);
    } catch {
      // storage unavailable: the key lives in the field only
    }
  }

  async function readFile() {
    const file = ui.file.files[0];
    if (!file) return;
    try {
      ui.text.value = await file.text();
      clearError();
    } catch {
      showError(`Could not read ${file.name} as text. Open a plain text (.txt) file, or ` +
        "paste the article instead.");
    }
    ui.file.value = "";
    updateCount();
    ui.text.focus();
  }

  async function submit(event) {
    event.preventDefault();
    if (ui.main.dataset.state === "loading") return;
    const text = ui.text.value;
    if (!text.trim()) {
      fail("Paste an article first.");
      ui.text.focus();
      return;
    }
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (ui.key.value) headers["X-API-Key"] = ui.key.value;

    setState("loading");
    clearError();
    let response;
    let body = null;
    try {
      response = await fetch("/v1/extract", {
        method: "POST", headers, body: JSON.stringify({ text }), credentials: "same-origin",
      });
      body = await response.json().catch(() => null);
    } catch {
      fail("The service could not be reached. Check your connection, then press Extract " +
        "quotes again.");
      return;
    }
    if (response.ok && Array.isArray(body?.quotes)) {
      show(text, body);
      setState("done");
      bringResultsIntoView();
      return;
    }
    if (response.status === 401) {
      showKeyField();
      ui.key.focus();
    }
    // the error envelope, or whatever a proxy in between answered
    const envelope = typeof body?.error?.message === "string" ? body.error : null;
    fail(explain(response.status, envelope), envelope ?? {
      status: response.status, message: `The service answered ${response.status} without ` +
        "an error envelope.",
    });
  }

  function fail(message, detail = null) {
    setState("error");
    ui.results.hidden = true; // an answer still on screen would be for another text
    showError(message, detail);
  }

  // the answer's heading at the top of the screen, and the keyboard focus on it
  function bringResultsIntoView() {
    ui.resultsTitle.focus({ preventScroll: true });
    ui.results.scrollIntoView({ block: "start", behavior: motion() });
  }

  function setState(state) {
    ui.main.dataset.state = state;
    const loading = state === "loading";
    ui.extract.disabled = loading;
    ui.extract.textContent = loading ? "Extracting…" : "Extract quotes";
    ui.main.setAttribute("aria-busy", String(loading));
  }

  // ---- errors: a sentence that says what to do; the envelope, for developers, under it -----

  const AGAIN = "then press Extract quotes again.";

  // what the person at the page can do about an error envelope (its code and details), or
  // about an answer without one
  function explain(status, envelope) {
    const code = envelope?.code ?? "";
    const details = envelope?.details && typeof envelope.details === "object"
      ? envelope.details : {};
    if (status === 401 || code === "unauthorized") {
      return ui.key.value
        ? `The API key was not accepted. Check it in the API key field, ${AGAIN}`
        : `This service needs an API key. Enter it in the API key field, ${AGAIN}`;
    }
    if (status === 413 || code === "payload_too_large") {
      const { chars, max_chars: max } = details;
      const size = Number.isFinite(chars) && Number.isFinite(max)
        ? `: ${plural(chars, "character", "characters")}, the limit is ${max.toLocaleString("en")}`
        : "";
      return `The article is too long${size}. Shorten it, or split it into parts and extract ` +
        "each one.";
    }
    if (code === "validation_error") {
      const problems = [].concat(details.text ?? []).join(" ");
      if (/empty|whitespace|missing|between 1/i.test(problems)) return "Paste an article first.";
      if (/surrogate|unicode/i.test(problems)) {
        return "The text contains a broken character. Copy the article again from its " +
          `source, or delete the character, ${AGAIN}`;
      }
      return `The text could not be read. Paste the article as plain text, ${AGAIN}`;
    }
    if (code === "timeout") {
      return "Reading this article took too long. Try again in a moment, or try a shorter " +
        "article.";
    }
    if (code === "models_unavailable" || status === 503) {
      return "The service is starting up or busy and cannot read articles right now. Try " +
        "again in a minute.";
    }
    if (status === 429 || code === "too_many_requests") {
      return `Too many articles are being read at once. Wait a moment, ${AGAIN}`;
    }
    if (envelope && status >= 500) {
      return "Something went wrong on the service. Try again; if it keeps failing, report it " +
        "with the request id under \u201cDetails for developers\u201d.";
    }
    if (status >= 500) {
      return `The service is not answering properly right now (error ${status}). Try again ` +
        "in a moment.";
    }
    // invalid_json, unsupported_media_type, not_found, …: the page itself is out of step
    return `The service did not understand the page's request (error ${status}). Reload the ` +
      `page, ${AGAIN}`;
  }

  // message: what to do; detail: the envelope (status, code, message, details, request id)
  function showError(message, detail = null) {
    const box = ui.error;
    box.replaceChildren(el("p", "error-message", message));
    if (detail) {
      const more = el("details", "error-detail");
      const head = detail.status
        ? `Error ${detail.status}` + (detail.code ? ` (${detail.code})` : "") : "Error";
      more.append(el("summary", "", "Details for developers"),
        el("p", "", `${head}: ${detail.message}`));
      const lines = flattenDetails(detail.details);
      if (lines.length) {
        const list = el("ul", "details");
        for (const line of lines) list.append(el("li", "", line));
        more.append(list);
      }
      if (detail.request_id) {
        more.append(el("p", "request-id", `Request id: ${detail.request_id}`));
      }
      box.append(more);
    }
    box.hidden = false;
    box.scrollIntoView({ block: "nearest", behavior: motion() });
  }

  function clearError() {
    ui.error.hidden = true;
    ui.error.replaceChildren();
  }

  function flattenDetails(details, prefix = "") {
    if (!details || typeof details !== "object") return [];
    const lines = [];
    for (const [key, value] of Object.entries(details)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (Array.isArray(value)) lines.push(`${name}: ${value.join(" ")}`);
      else if (value && typeof value === "object") lines.push(...flattenDetails(value, name));
      else lines.push(`${name}: ${value}`);
    }
    return lines;
  }

  function download() {
    if (!view) return;
    const json = JSON.stringify(view.result, null, 2);
    const url = URL.createObjectURL(new Blob([json + "\n"], { type: "application/json" }));
    const link = el("a");
    link.href = url;
    link.download = "quotes.json";
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  // ---- the answer -------------------------------------------------------------------------

  function show(text, result) {
    const colour = new Map(result.speakers.map((s, i) => [s.id, `sp-${i % PALETTE}`]));
    view = {
      text, result, filter: null, checkableOnly: ui.checkableOnly.checked,
      quotes: new Map(result.quotes.map((q) => [q.id, q])),
      speakers: new Map(result.speakers.map((s) => [s.id, s])),
      colourOf: (quote) => (quote.speaker && colour.get(quote.speaker.entity)) || "sp-none",
      marks: new Map(), // quote id -> its elements in the article
      items: new Map(), // quote id -> its entry in the quote list
    };
    renderArticle();
    renderSpeakers();
    renderQuoteList();
    ui.results.hidden = false;
    applyFilter();
    selectTab(ui.tabArticle);
    updateClamps();
  }

  // API offsets count code points (Python str indices); JS strings index UTF-16 code units.
  // utf16[i] is the UTF-16 index of code point i (one entry more than there are code points).
  function utf16Offsets(text) {
    const utf16 = [0];
    let unit = 0;
    for (const ch of text) {
      unit += ch.length;
      utf16.push(unit);
    }
    return utf16;
  }

  // Every annotation as a span of UTF-16 indices with a layer: ignored text outermost, then
  // quotes, then cue and mention marks, then claim signals (each signal belongs to one quote).
  // A cue or mention shared by several quotes is one mark.
  function annotations(text, result) {
    const utf16 = utf16Offsets(text);
    const at = (cp) => utf16[Math.max(0, Math.min(Number(cp) || 0, utf16.length - 1))];
    const spans = [];
    const add = (layer, start, end, make) => {
      const s = at(start);
      const e = at(end);
      if (e > s) spans.push({ layer, start: s, end: e, make, order: spans.length });
    };
    result.ignored.forEach((span) => add(0, span.start, span.end, () => ignoredElement(span)));
    result.quotes.forEach((q) => add(1, q.start, q.end, (first) => quoteElement(q, first)));
    const marks = new Map();
    const mark = (kind, span, quote) => {
      const key = `${kind}:${span.start}:${span.end}`;
      if (!marks.has(key)) marks.set(key, { kind, span, quotes: [] });
      marks.get(key).quotes.push(quote);
    };
    for (const q of result.quotes) {
      if (q.cue) mark("cue", q.cue, q);
      if (q.speaker?.mention) mark("mention", q.speaker.mention, q);
    }
    for (const m of marks.values()) add(2, m.span.start, m.span.end, () => markElement(m));
    for (const q of result.quotes) {
      signalsOf(q).forEach((signal, i) => {
        add(3, signal.start, signal.end, () => signalElement(q, signal, i));
      });
    }
    return spans;
  }

  // Nesting: at every position the open elements are the covering spans, outer first (layer,
  // then earlier start, then longer). Moving along the text closes only what no longer fits
  // and opens the rest, so overlapping spans become nested fragments of the same annotation.
  const outerFirst = (a, b) => a.layer - b.layer || a.start - b.start || b.end - a.end
    || a.order - b.order;

  function renderArticle() {
    const { text, result } = view;
    const spans = annotations(text, result);
    const startingAt = new Map();
    const bounds = new Set([0, text.length]);
    for (const span of spans) {
      if (!startingAt.has(span.start)) startingAt.set(span.start, []);
      startingAt.get(span.start).push(span);
      bounds.add(span.start);
      bounds.add(span.end);
    }
    const points = [...bounds].sort((a, b) => a - b);
    const root = document.createDocumentFragment();
    const opened = new Set();
    let active = [];
    let stack = []; // [{span, node}]
    for (let i = 0; i + 1 < points.length; i += 1) {
      const from = points[i];
      const to = points[i + 1];
      active = active.filter((span) => span.end > from).concat(startingAt.get(from) ?? []);
      const wanted = active.slice().sort(outerFirst);
      let keep = 0;
      while (keep < stack.length && stack[keep].span === wanted[keep]) keep += 1;
      stack = stack.slice(0, keep);
      for (const span of wanted.slice(keep)) {
        const node = span.make(!opened.has(span));
        opened.add(span);
        (stack.length ? stack[stack.length - 1].node : root).append(node);
        stack.push({ span, node });
      }
      const parent = stack.length ? stack[stack.length - 1].node : root;
      parent.append(document.createTextNode(text.slice(from, to)));
    }
    ui.article.replaceChildren(root);
  }

  function quoteElement(quote, first) {
    const node = el("mark", `quote type-${quote.type} ${view.colourOf(quote)}`);
    node.dataset.quoteId = quote.id;
    if (quote.speaker) node.dataset.entity = quote.speaker.entity;
    if (first) {
      node.tabIndex = 0;
      node.setAttribute("aria-describedby", "tip");
    } else {
      node.classList.add("cont");
    }
    if (!view.marks.has(quote.id)) view.marks.set(quote.id, []);
    view.marks.get(quote.id).push(node);
    return node;
  }

  function markElement(mark) {
    const quote = mark.quotes[0];
    const node = el("span", mark.kind === "cue" ? "cue" : `mention ${view.colourOf(quote)}`);
    node.dataset[mark.kind === "cue" ? "cueFor" : "mentionFor"] =
      mark.quotes.map((q) => q.id).join(" ");
    return node;
  }

  const claimOf = (quote) => (quote.claim && typeof quote.claim === "object" ? quote.claim
    : null);
  const signalsOf = (quote) => (Array.isArray(claimOf(quote)?.signals)
    ? claimOf(quote).signals : []);

  function signalElement(quote, signal, index) {
    const node = el("span", `signal signal-${signal.type}`);
    node.dataset.signal = `${quote.id}:${index}`;
    node.dataset.signalFor = quote.id;
    node.dataset.signalType = signal.type;
    return node;
  }

  function ignoredElement(span) {
    const node = el("span", "ignored");
    node.title = `Ignored: ${span.reason}`;
    node.dataset.reason = span.reason;
    return node;
  }

  function renderSpeakers() {
    const { result } = view;
    const items = result.speakers.map((speaker, i) => {
      const button = el("button", "speaker");
      button.type = "button";
      button.dataset.speakerId = speaker.id;
      button.setAttribute("aria-pressed", "false");
      // swatch | name (wraps, however long) | count; the kind under the name
      const head = el("span", "speaker-head");
      head.append(
        el("span", `swatch sp-${i % PALETTE}`),
        el("span", "speaker-name", speaker.name),
        el("span", "speaker-count", plural(speaker.quotes.length, "quote", "quotes")),
      );
      const badges = el("span", "badges");
      badges.append(el("span", "badge", speaker.kind));
      button.append(head, badges);
      if (speaker.titles.length) {
        button.append(el("span", "speaker-more", `Titles: ${speaker.titles.join("; ")}`));
      }
      if (speaker.aliases.length) {
        button.append(el("span", "speaker-more", `Also: ${speaker.aliases.join("; ")}`));
      }
      button.addEventListener("click", () => {
        view.filter = view.filter === speaker.id ? null : speaker.id;
        applyFilter();
      });
      const item = el("li");
      item.append(button);
      return item;
    });
    const unattributed = result.quotes.filter((q) => !q.speaker).length;
    if (unattributed) {
      items.push(el("li", "hint", `${plural(unattributed, "quote", "quotes")} without a speaker`));
    }
    if (!items.length) items.push(el("li", "hint", "No speakers found."));
    ui.speakers.replaceChildren(...items);
  }

  function renderQuoteList() {
    const { result } = view;
    const ordered = result.quotes.slice().sort((a, b) => a.start - b.start || a.end - b.end);
    const items = ordered.map((quote, n) => {
      const claim = claimOf(quote);
      const button = el("button", "quote-item");
      button.type = "button";
      button.dataset.quoteRef = quote.id;
      const head = el("span", "quote-head");
      head.append(
        el("span", `swatch ${view.colourOf(quote)}`),
        el("span", "quote-speaker", quote.speaker ? quote.speaker.name : "No speaker"),
        el("span", "quote-confidence", percent(quote.confidence)),
      );
      const badges = el("span", "badges");
      badges.append(el("span", "badge", quote.type));
      if (claim?.checkable) badges.append(el("span", "badge claim-checkable", "checkable"));
      for (const type of Array.isArray(claim?.types) ? claim.types : []) {
        const badge = el("span", `badge claim-type claim-${type}`, type);
        badge.dataset.claimType = type;
        badges.append(badge);
      }
      // the text is cut after three lines (page.css); the toggle, outside the button, shows
      // the rest when there is more (updateClamps)
      const text = el("span", "quote-text", `\u201c${quote.text}\u201d`);
      text.id = `quote-text-${n}`;
      button.append(head, badges, text);
      const values = claim ? signalsOf(quote).map(signalValue).filter(Boolean) : [];
      if (values.length) button.append(el("span", "claim-values", values.join("; ")));
      button.addEventListener("click", () => {
        if (narrow.matches) selectTab(ui.tabArticle);
        focusQuote(quote.id);
      });
      const more = el("button", "link more", "Show the whole quote");
      more.type = "button";
      more.hidden = true;
      more.setAttribute("aria-expanded", "false");
      more.setAttribute("aria-controls", text.id);
      more.addEventListener("click", () => {
        const open = more.getAttribute("aria-expanded") !== "true";
        text.classList.toggle("open", open);
        more.setAttribute("aria-expanded", String(open));
        more.textContent = open ? "Show less" : "Show the whole quote";
      });
      const item = el("li");
      item.append(button, more);
      view.items.set(quote.id, item);
      return item;
    });
    if (!items.length) items.push(el("li", "hint", "No quotes found in this text."));
    ui.quotes.replaceChildren(...items);
  }

  // a toggle for every quote text its three lines cut; texts not laid out (a hidden panel or
  // quote) keep their toggle until they are (the list's ResizeObserver calls again)
  function updateClamps() {
    for (const more of ui.quotes.querySelectorAll("button.more")) {
      if (more.getAttribute("aria-expanded") === "true") continue;
      const text = $(more.getAttribute("aria-controls"));
      if (!text || !text.clientHeight) continue;
      more.hidden = text.scrollHeight <= text.clientHeight + 1;
    }
  }

  // what a fact-checker reads off a signal: a quantity's value and unit, a date's ISO form
  function signalValue(signal) {
    if (signal.type === "date") return signal.iso ? `${signal.text} = ${signal.iso}` : null;
    if (signal.type !== "quantity") return null;
    if (typeof signal.value !== "number") return `${signal.text}: no exact number`;
    let amount = number(signal.value);
    if (typeof signal.max === "number") amount += `\u2013${number(signal.max)}`;
    const unit = !signal.unit ? "" : signal.unit === "percent" ? "%" : ` ${signal.unit}`;
    return `${signal.text} = ${amount}${unit}`;
  }

  const number = (x) => x.toLocaleString("en", { maximumFractionDigits: 3 });

  const percent = (x) => `${Math.round(Number(x) * 100)}%`;

  function focusQuote(id) {
    const node = view.marks.get(id)?.[0];
    if (!node) return;
    node.scrollIntoView({ block: "center", behavior: motion() });
    node.focus({ preventScroll: true });
  }

  // the chosen speaker (view.filter) and the checkable-claims filter, together
  function applyFilter() {
    const speakerId = view.filter;
    const speaker = speakerId ? view.speakers.get(speakerId) : null;
    const checkable = view.checkableOnly;
    const shown = (quote) => (!speaker || quote.speaker?.entity === speakerId)
      && (!checkable || claimOf(quote)?.checkable === true);
    for (const [id, nodes] of view.marks) {
      const visible = shown(view.quotes.get(id));
      for (const node of nodes) node.classList.toggle("muted", !visible);
      nodes[0].tabIndex = visible ? 0 : -1;
    }
    for (const node of ui.article.querySelectorAll("[data-cue-for], [data-mention-for]")) {
      const ids = (node.dataset.cueFor ?? node.dataset.mentionFor).split(" ");
      node.classList.toggle("muted", !ids.some((id) => shown(view.quotes.get(id))));
    }
    for (const node of ui.article.querySelectorAll("[data-signal-for]")) {
      node.classList.toggle("muted", !shown(view.quotes.get(node.dataset.signalFor)));
    }
    let count = 0;
    for (const [id, item] of view.items) {
      item.hidden = !shown(view.quotes.get(id));
      if (!item.hidden) count += 1;
    }
    for (const button of ui.speakers.querySelectorAll("[data-speaker-id]")) {
      button.setAttribute("aria-pressed", String(button.dataset.speakerId === speakerId));
    }
    ui.showAll.hidden = !speaker;
    const total = view.result.quotes.length;
    const which = [speaker ? `by ${speaker.name}` : "", checkable ? "checkable claims" : ""]
      .filter(Boolean).join(", ");
    ui.quoteCount.textContent = which ? `${count} of ${total}, ${which}`
      : plural(total, "quote", "quotes");
    ui.quotesEmpty.hidden = !(total > 0 && count === 0);
    ui.quotesEmpty.textContent = `No quote ${speaker ? `by ${speaker.name} ` : ""}makes a ` +
      "checkable claim.";
    const checkables = view.result.quotes.filter((q) => claimOf(q)?.checkable === true).length;
    ui.checkableCount.textContent = `${checkables} of ${plural(total, "quote", "quotes")}`;
    ui.speakersCount.textContent = `(${view.result.speakers.length})`;
    ui.quotesCount.textContent = `(${count})`;
    updateSummary();
    hideTip();
  }

  function updateSummary() {
    const { result } = view;
    const parts = [
      plural(result.quotes.length, "quote", "quotes"),
      plural(result.speakers.length, "speaker", "speakers"),
    ];
    if (result.ignored.length) {
      parts.push(`${plural(result.ignored.length, "span", "spans")} ignored`);
    }
    const chars = plural(result.meta.chars, "character", "characters");
    parts.push(`${chars} read in ${result.meta.elapsed_ms} ms`);
    ui.summary.textContent = parts.join(" · ");
  }

  // ---- quote details on hover and focus ----------------------------------------------------

  function quoteAt(target) {
    const node = target instanceof Element ? target.closest("#article [data-quote-id]") : null;
    return node && !node.classList.contains("muted") ? node : null;
  }

  function showTip(node) {
    const quote = view?.quotes.get(node.dataset.quoteId);
    if (!quote) return;
    const speaker = quote.speaker;
    const others = Array.isArray(speaker?.alternatives) ? speaker.alternatives : [];
    const rows = [
      ["Quote", `${quote.id} · ${quote.type}`],
      ["Speaker", speaker ? speakerLine(speaker) : "none found"],
      ...(others.length ? [["Other candidates", others.map(candidateLine).join(", ")]] : []),
      ["Cue", quote.cue ? `\u201c${quote.cue.text}\u201d (${quote.cue.lemma})` : "none"],
      ["Mention", speaker?.mention ? `\u201c${speaker.mention.text}\u201d` : "none"],
      ["Rule", speaker ? speaker.rule : "none"],
      ["Confidence", `${Number(quote.confidence).toFixed(2)} (${percent(quote.confidence)})`],
      ["Offsets", `${quote.start}\u2013${quote.end}`],
    ];
    const claim = claimOf(quote);
    if (claim) {
      rows.push(["Claim", claimLine(claim)]);
      const signals = signalsOf(quote);
      const values = signals.map(signalValue).filter(Boolean);
      if (values.length) rows.push(["Values", values.join("; ")]);
      const others = signals.filter((s) => !signalValue(s)).map((s) => `${s.type}: ${s.text}`);
      if (others.length) rows.push(["Signals", others.join("; ")]);
    }
    if (quote.duplicate_of) rows.push(["Duplicate of", quote.duplicate_of]);
    const list = el("dl");
    for (const [name, value] of rows) list.append(el("dt", "", name), el("dd", "", value));
    ui.tip.replaceChildren(list);
    ui.tip.hidden = false;
    ui.tip.dataset.quoteId = quote.id;
    tipAnchor = node;
    place(node);
  }

  const claimLine = (claim) => `${claim.checkable ? "checkable" : "not checkable"} ` +
    `(${share(claim.score)})` + (claim.types?.length ? `: ${claim.types.join(", ")}` : "");

  // the speaker decision: the chosen speaker with its probability (when a trained decision
  // ran), then the other candidates it weighed ("no speaker" for a null name)
  const speakerLine = (speaker) => (typeof speaker.probability === "number"
    ? `${speaker.name} (${share(speaker.probability)})` : speaker.name);
  const candidateLine = (c) => `${c.name ?? "no speaker"} (${share(c.probability)})`;

  // a probability as a whole percentage that never reads as certain, or as zero, when it is not
  function share(x) {
    const p = Number(x);
    const rounded = Math.round(p * 100);
    if (rounded === 0 && p > 0) return "<1%";
    if (rounded === 100 && p < 1) return ">99%";
    return `${rounded}%`;
  }

  let tipAnchor = null; // the quote element the details are shown for

  // below the first line of the quote, or above it when there is no room; CSSOM positioning
  // (allowed by the Content-Security-Policy, unlike style attributes)
  function place(node) {
    const rect = node.getClientRects()[0] ?? node.getBoundingClientRect();
    const gap = 8;
    const width = ui.tip.offsetWidth;
    const height = ui.tip.offsetHeight;
    const viewport = document.documentElement.clientWidth;
    const left = Math.max(gap, Math.min(rect.left, viewport - width - gap));
    let top = rect.bottom + gap;
    if (top + height > window.innerHeight - gap && rect.top - height - gap > gap) {
      top = rect.top - height - gap;
    }
    ui.tip.style.left = `${left + window.scrollX}px`;
    ui.tip.style.top = `${top + window.scrollY}px`;
  }

  function hideTip() {
    ui.tip.hidden = true;
    tipAnchor = null;
    delete ui.tip.dataset.quoteId;
  }

  function initTip() {
    ui.article.addEventListener("mouseover", (event) => {
      const node = quoteAt(event.target);
      if (node) showTip(node);
    });
    ui.article.addEventListener("mouseout", (event) => {
      if (quoteAt(event.relatedTarget)) return;
      const focused = quoteAt(document.activeElement);
      if (focused) showTip(focused);
      else hideTip();
    });
    ui.article.addEventListener("focusin", (event) => {
      const node = quoteAt(event.target);
      if (node) showTip(node);
    });
    ui.article.addEventListener("focusout", hideTip);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideTip();
    });
    window.addEventListener("resize", () => {
      if (tipAnchor) place(tipAnchor);
    });
  }

  // ---- tabs: on a narrow screen, one of the article, the speakers and the quotes -----------

  const tabs = [ui.tabArticle, ui.tabSpeakers, ui.tabQuotes];
  const panelOf = (tab) => $(tab.getAttribute("aria-controls"));

  function selectTab(tab, focus = false) {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      other.tabIndex = on ? 0 : -1;
    }
    ui.layout.dataset.tab = tab.id.replace("tab-", "");
    hideTip();
    if (focus) tab.focus();
    if (!narrow.matches || ui.results.hidden) return;
    // the chosen panel from its start, under the tab bar (which stays at the top, sticky)
    const top = ui.layout.getBoundingClientRect().top;
    const bar = ui.tabs.offsetHeight;
    if (top < bar) window.scrollTo({ top: window.scrollY + top - bar, behavior: "auto" });
  }

  function onTabKey(event) {
    const at = tabs.indexOf(event.target);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    selectTab(tabs[(to + tabs.length) % tabs.length], true);
  }

  // the panels are tab panels only while the tabs show
  function panelRoles() {
    for (const tab of tabs) {
      const panel = panelOf(tab);
      panel.dataset.title ??= panel.getAttribute("aria-labelledby");
      if (narrow.matches) {
        panel.setAttribute("role", "tabpanel");
        panel.setAttribute("aria-labelledby", tab.id);
      } else {
        panel.removeAttribute("role");
        panel.setAttribute("aria-labelledby", panel.dataset.title);
      }
    }
  }

  // ---- start ------------------------------------------------------------------------------

  ui.form.addEventListener("submit", submit);
  ui.text.addEventListener("input", updateCount);
  ui.file.addEventListener("change", readFile);
  ui.sample.addEventListener("click", () => {
    ui.text.value = SAMPLE;
    updateCount();
    ui.text.focus();
  });
  ui.key.addEventListener("input", storeKey);
  ui.download.addEventListener("click", download);
  ui.showAll.addEventListener("click", () => {
    view.filter = null;
    applyFilter();
    ui.speakers.querySelector("[data-speaker-id]")?.focus();
  });
  ui.checkableOnly.addEventListener("change", () => {
    if (!view) return;
    view.checkableOnly = ui.checkableOnly.checked;
    applyFilter();
  });
  for (const tab of tabs) tab.addEventListener("click", () => selectTab(tab));
  ui.tabs.addEventListener("keydown", onTabKey);
  narrow.addEventListener("change", panelRoles);
  panelRoles();
  new ResizeObserver(updateClamps).observe(ui.quotes);
  initTip();
  ui.key.value = storedKey();
  if (meta("quotes-api-key") === "required" || ui.key.value) showKeyField();
  updateCount();
})();
