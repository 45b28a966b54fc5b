// Functions the engine paths run inside the page, sent as source: finding what a person sees
// through every shadow root, as a person (or a screen reader) finds it by its words.

/** The first element of `kind` with `text`: a button or link by its text or label (`button~`: a
 * button whose text matches a regular expression), a form control by its label's words, or a CSS
 * selector; null when there is none yet. */
export function find(kind, text) {
  const all = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      all.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  const words = (element) => (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  if (kind === 'css') return all.find((element) => element.matches(text)) ?? null;
  if (kind === 'button') {
    return (
      all.find(
        (element) =>
          (element.tagName === 'BUTTON' || element.tagName === 'A') &&
          (words(element) === text || element.getAttribute('aria-label') === text),
      ) ?? null
    );
  }
  if (kind === 'button~') {
    const pattern = new RegExp(text);
    return (
      all.find((element) => element.tagName === 'BUTTON' && pattern.test(words(element))) ?? null
    );
  }
  if (kind === 'label') {
    const label = all.find((element) => element.tagName === 'LABEL' && words(element) === text);
    const byFor = label?.htmlFor ? label.getRootNode().getElementById(label.htmlFor) : null;
    return label?.control ?? byFor ?? label?.querySelector('input, select, textarea') ?? null;
  }
  throw new Error(`no finder for ${kind}`);
}

/** All the page's text, shadow roots included. */
export function pageText() {
  const parts = [document.body?.textContent ?? ''];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      parts.push(element.shadowRoot.textContent ?? '');
      walk(element.shadowRoot);
    }
  };
  walk(document);
  return parts.join(' ').replace(/\s+/g, ' ');
}

/** What has focus, looked up through every shadow root on the way. */
export function focused() {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  if (!active || active === document.body) return { tag: 'BODY', id: '', className: '', text: '' };
  return {
    tag: active.tagName,
    id: active.id,
    className: active.getAttribute('class') ?? '',
    text: (active.textContent ?? '').replace(/\s+/g, ' ').trim(),
  };
}
