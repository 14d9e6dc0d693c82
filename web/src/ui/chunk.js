// Entry of assent-ui.js, the prompt chunk: the banner, the preferences and
// the permission pre-prompt (with assent-ui.css beside it); the flow of
// Assent.request is a chunk of its own (browser/permission-chunk.js), which
// only a page asking for a permission loads. assent.js adds
// this script only when a prompt is to be shown (browser/ui-chunk.js), or at
// once on a first visit, and hands it a callback on the script element
// (`assent`), as it hands assent-tcf.js its config. The chunk decides
// nothing: it gives the kernel the renderer, and the kernel shows the core's
// models with it.
import { createPromptView } from './prompt-view.js';
import { handOff } from '../browser/chunk-handoff.js';

handOff(window, { createPromptView }, 'assent-ui.js is loaded by assent.js, when a prompt is to be shown');
