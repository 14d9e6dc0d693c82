// Adds <link rel="stylesheet" href="…"> unless the site has linked it
// already; resolves once it loaded or failed (or after waitMs): a missing
// stylesheet leaves the prompts plain, it never keeps them away.
export function linkStylesheet(doc, href, { nonce = '', waitMs = 3000 } = {}) {
  const existing = Array.from(doc.querySelectorAll('link[rel~="stylesheet"]')).find((l) => l.href === href);
  if (existing && existing.sheet) return Promise.resolve();
  return new Promise((resolve) => {
    const link = existing || doc.createElement('link');
    const done = () => resolve();
    link.addEventListener('load', done, { once: true });
    link.addEventListener('error', done, { once: true });
    setTimeout(done, waitMs);
    if (!existing) {
      link.rel = 'stylesheet';
      if (nonce) link.nonce = nonce;
      link.href = href;
      (doc.head || doc.documentElement).appendChild(link);
    }
  });
}
