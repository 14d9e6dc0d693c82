// Entry of assent-my-data.js, the chunk of the preferences' controls for the
// visitor's own data (my-data.js: download and erase, C13, C14, with their
// default words in two languages). assent.js fetches it (browser/ui-chunk.js)
// only when the preferences open on a site with a collector, and the
// prompt view adds the controls to the open dialog once it is there; a
// chunk that cannot load leaves them out and decides nothing
// (Assent.exportMyData and eraseMyData still work). Out of the prompt chunk,
// which a first visit loads at once. Measured: assent-ui.js 8,813 -> 5,735
// raw, 3,134 -> 2,113 brotli; assent.js 37,739 -> 37,899 raw, 13,344 ->
// 13,420 brotli (the third loader); assent-my-data.js 3,687 raw, 1,453 brotli.
import { renderMyData } from './my-data.js';
import { handOff } from '../browser/chunk-handoff.js';

handOff(window, { renderMyData }, 'assent-my-data.js is loaded by assent.js, when the preferences open');
