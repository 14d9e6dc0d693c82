// Keyboard focus for a prompt: it takes focus when shown (on the dialog
// itself, so that no button is favoured), Tab and Shift+Tab stay inside it,
// and focus goes back where it was when it closes.
const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

// before: what had focus before root appeared (read it before showModal(),
// which moves focus itself).
export function holdFocus(doc, root, before = doc.activeElement) {
  const onKey = (event) => {
    if (event.key !== 'Tab') return;
    const items = Array.from(root.querySelectorAll(FOCUSABLE)).filter((node) => node.getClientRects().length > 0);
    if (!items.length) return;
    const first = items[0];
    const last = items[items.length - 1];
    const active = doc.activeElement;
    const leaving = event.shiftKey ? active === first || active === root || !root.contains(active) : active === last;
    if (leaving) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  };
  root.setAttribute('tabindex', '-1');
  root.addEventListener('keydown', onKey);
  root.focus({ preventScroll: true });
  return {
    // Gives focus back to what had it, or to `fallback` when that is gone.
    release(fallback) {
      root.removeEventListener('keydown', onKey);
      const target = before && before !== doc.body && before.isConnected ? before : fallback;
      if (target && target.isConnected && typeof target.focus === 'function') target.focus();
    },
  };
}
