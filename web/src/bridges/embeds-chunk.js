// Entry of assent-embeds.js, the chunk of the embedded frames that need
// consent (embeds.js: loading and unloading them, the placeholders standing
// in for them). assent.js fetches it (browser/ui-chunk.js) only once the
// page has a frame marked for a purpose, and hands it a callback on the
// script element (`assent`). Until it is there, and for good if it cannot
// load, such a frame stays as the page wrote it: without its src, so
// nothing loads (fail closed). The chunk decides nothing: the core answers
// which frame may show and records what a placeholder's button means.
// Measured: assent.js 37,899 -> 36,464 raw, 13,420 -> 12,998 brotli, on
// every page; assent-embeds.js 2,380 raw, 984 brotli, on a page with a
// marked frame (fetched beside the core, at DOMContentLoaded).
import { createEmbeds } from './embeds.js';
import { handOff } from '../browser/chunk-handoff.js';

handOff(window, { createEmbeds }, 'assent-embeds.js is loaded by assent.js, when the page has a frame marked data-assent-src');
