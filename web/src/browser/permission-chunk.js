// Entry of assent-permission.js, the permission chunk: the flow of
// Assent.request (permission-flow.js and the browser's permission APIs),
// which only a page asking for a permission needs. assent.js adds this
// script when the page calls Assent.request (ui-chunk.js), beside the prompt
// chunk whose pre-prompt the flow shows, and hands it a callback on the
// script element (`assent`). The chunk decides nothing: the flow reports
// what happened to the core, which decides. Out of the prompt chunk, which a
// first visit loads at once. Measured: assent-ui.js 12,186 -> 8,813 raw,
// 4,259 -> 3,134 brotli; assent.js 37,485 -> 37,739 raw, 13,281 -> 13,344
// brotli (the second loader); assent-permission.js 3,569 raw, 1,319 brotli.
import { requestPermission } from './permission-flow.js';
import { handOff } from './chunk-handoff.js';

handOff(window, { requestPermission }, 'assent-permission.js is loaded by assent.js, when the page calls Assent.request');
