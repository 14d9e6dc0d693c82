// The other end of ui-chunk.js, in each chunk it loads: hands what the chunk
// offers to the callback assent.js put on the chunk's <script> element
// (`assent`). Loaded any other way, the chunk says how it is meant to be
// loaded, and does nothing.
// usage: the console's words, e.g. 'assent-ui.js is loaded by assent.js, …'.
export function handOff(win, offered, usage) {
  const me = win.document.currentScript;
  const handoff = me && me.assent;
  if (typeof handoff !== 'function') {
    win.console.error(`Assent: ${usage}`);
    return;
  }
  handoff(offered);
}
