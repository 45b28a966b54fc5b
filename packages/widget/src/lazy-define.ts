/**
 * Registers nothing until `tag` first appears in the document, then loads its module (which
 * defines it): pages that never use an element never download it.
 */
export function defineWhenUsed(tag: string, load: () => Promise<unknown>) {
  if (customElements.get(tag)) return;
  if (document.querySelector(tag)) {
    void load();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!document.querySelector(tag)) return;
    observer.disconnect();
    void load();
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });
}
