// Layout and language checks of one page, run by e2e/test_crawl.py (see its docstring).
(() => {
// The house rules for KERN and German figures; width-independent, so run at one width.
const MONTHS = 'Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const LONG_DATE = new RegExp(`\\b\\d{1,2}\\. (${MONTHS}) \\d{4}`);
const BREAKABLE_FIGURE = /\d(,\d+)? (€|%)/;  // a plain space: the line may break inside
const AMOUNT = /^[−-]?\d{1,3}(\.\d{3})*,\d\d\s€$/;
const NOT_FIELDS = ['hidden', 'submit', 'button', 'reset', 'image'];
const BROWSER_FORMATTED = ['date', 'time', 'datetime-local', 'month', 'week'];
function kernChecks(out, describe, hidden) {
  for (const el of document.querySelectorAll('.kern-badge')) {
    if (!/kern-badge--(info|success|warning|danger)\b/.test(el.className))
      out.push(`Badge ohne KERN-Farbvariante: ${describe(el)}`);
  }
  for (const el of document.querySelectorAll('ul.kern-list, ol.kern-list')) {
    if (!el.closest('nav') && !/kern-list--(bullet|number|horizontal)\b/.test(el.className))
      out.push(`kern-list ohne --bullet/--number (Liste ohne Aufzählungszeichen): ${describe(el)}`);
  }
  const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = tw.nextNode(); n; n = tw.nextNode()) {
    const p = n.parentElement;
    if (!p || p.closest('script,style,template') || hidden(p)) continue;
    const text = n.textContent;
    const date = text.match(LONG_DATE);
    if (date) out.push(`Datum nicht TT.MM.JJJJ: "${date[0]}" in ${describe(p)}`);
    const figure = text.match(BREAKABLE_FIGURE);
    if (figure && getComputedStyle(p).whiteSpace !== 'nowrap')
      out.push(`Umbruch in Betrag/Prozent möglich: "${figure[0]}" in ${describe(p)}`);
  }
  // One id once: a label, an error link or aria-describedby must find the one element meant.
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) out.push(`id doppelt: #${id} (${n}×)`);
  // Every field drawn as KERN draws it (core.forms.KernBoundField); no browser-drawn date field.
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || 'text').toLowerCase();
    if (el.tagName === 'INPUT' && NOT_FIELDS.includes(type)) continue;
    if (el.closest('.hp-field')) continue;  // the desk forms' honeypot: off screen, for bots only
    const want = el.tagName === 'SELECT' ? 'kern-form-input__select'
      : ['checkbox', 'radio'].includes(type) ? `kern-form-check__${type}` : 'kern-form-input__input';
    if (!el.classList.contains(want)) out.push(`Feld ohne KERN-Klasse: ${want} fehlt an ${describe(el)}`);
    if (BROWSER_FORMATTED.includes(type))
      out.push(`Datum/Uhrzeit im Browserformat: ${describe(el)} (type=${type})`);
  }
  for (const cell of document.querySelectorAll('td, th')) {
    if (!AMOUNT.test(cell.innerText.trim())) continue;
    const st = getComputedStyle(cell);
    if (!['right', 'end'].includes(st.textAlign) || !st.fontVariantNumeric.includes('tabular-nums'))
      out.push(`Betrag nicht rechtsbündig mit Tabellenziffern: ${describe(cell)}`);
  }
}
return ([words, full]) => {
  const vw = window.innerWidth;
  const found = {scroll: null, wide: [], english: [], regions: [], kern: []};
  const doc = document.documentElement;
  if (doc.scrollWidth > vw) found.scroll = `scrollWidth ${doc.scrollWidth} > ${vw}`;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (typeof el.className === 'string' && el.className.trim())
      s += '.' + el.className.trim().split(/\s+/).slice(0, 3).join('.');
    const text = (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return text ? `${s} "${text}"` : s;
  };
  const scrolls = (el) => {
    const o = getComputedStyle(el).overflowX;
    return o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip';
  };
  const hidden = (el) => {
    const st = getComputedStyle(el);
    if (st.display === 'none' || st.visibility === 'hidden') return true;
    const r = el.getBoundingClientRect();
    return r.width <= 1 || r.height <= 1;
  };
  // An element sticking out of the viewport, not inside a scroll container; only the
  // outermost one of a chain is reported.
  const walk = (el, clipped) => {
    for (const child of el.children) {
      if (hidden(child)) continue;
      const r = child.getBoundingClientRect();
      // Wholly left of the page is the visually-hidden idiom (skip link), not an overflow.
      const out = !clipped && (r.right > vw + 1 || (r.left < -1 && r.right > 0));
      if (out) {
        found.wide.push(`${describe(child)} (${Math.round(r.left)}–${Math.round(r.right)} px)`);
        continue;
      }
      walk(child, clipped || scrolls(child));
    }
  };
  walk(document.body, false);
  // A box that scrolls sideways is a named, keyboard-reachable region (WCAG 2.1.1, 1.3.1).
  for (const el of document.querySelectorAll('body *')) {
    const o = getComputedStyle(el).overflowX;
    if ((o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1 && !hidden(el)) {
      const ok = el.getAttribute('role') === 'region'
        && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'))
        && el.getAttribute('tabindex') === '0';
      if (!ok) found.regions.push(`${describe(el)} scrollt ohne role=region, aria-label, tabindex=0`);
    }
  }
  if ((doc.lang || '').startsWith('de')) {
    const pattern = new RegExp('\\b(' + words.join('|') + ')\\b');
    const english = (el) => el.closest('[lang]') && !el.closest('[lang]').lang.startsWith('de');
    const tw = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = tw.nextNode(); n; n = tw.nextNode()) {
      const p = n.parentElement;
      if (!p || p.closest('script,style,template') || english(p)) continue;
      const m = n.textContent.match(pattern);
      if (m && !hidden(p)) found.english.push(`"${m[1]}" in ${describe(p)}`);
    }
    for (const el of document.querySelectorAll(
      '[placeholder],input[type=submit],input[type=button],[aria-label],[title]')) {
      if (english(el)) continue;
      for (const attr of ['placeholder', 'value', 'aria-label', 'title']) {
        if (attr === 'value' && !['submit', 'button'].includes(el.type)) continue;
        const m = (el.getAttribute(attr) || '').match(pattern);
        if (m) found.english.push(`"${m[1]}" in ${attr} of ${describe(el)}`);
      }
    }
  }
  if (full) kernChecks(found.kern, describe, hidden);
  found.wide = found.wide.slice(0, 8);
  found.kern = [...new Set(found.kern)].slice(0, 12);
  found.regions = found.regions.slice(0, 8);
  found.english = [...new Set(found.english)].slice(0, 8);
  return found;
}
})()
