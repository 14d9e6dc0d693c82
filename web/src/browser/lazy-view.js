// The prompt view as the session sees it, with the renderer behind it loaded
// on first use (ui-chunk.js). The launcher is the kernel's own: it shows for
// a returning visitor without the chunk, and is handed to the view once the
// chunk is there (hidden under the banner, focus back to it on close).
//
// A prompt asked for while the chunk loads is shown when it arrives, unless
// close() came in between (a decision made meanwhile, through the API or in
// another tab): then it is dropped, and a permission pre-prompt answers
// dismiss.
import { renderLauncher } from '../ui/launcher.js';

// loadUi(retry) resolves with the chunk's { createPromptView }; options go to
// createPromptView (onChoice, preferences, onShow).
export function createLazyView(doc, loadUi, options) {
  let view = null;
  let launcher = null;
  let generation = 0; // close() makes every prompt still loading stale
  let bannerPending = 0;

  const loaded = (retry) =>
    loadUi(retry).then((ui) => {
      if (!view) {
        view = ui.createPromptView(doc, options);
        view.setLauncher(launcher);
      }
      return view;
    });

  // fn(view) once the chunk is there, if nothing closed the prompts since.
  function whenLoaded(retry, fn, stale) {
    const asked = generation;
    return loaded(retry).then((v) => (asked === generation ? fn(v) : stale));
  }

  return {
    showBanner(model) {
      // The launcher stays hidden while a banner is on its way, as under it.
      bannerPending += 1;
      if (launcher) launcher.hidden = true;
      return whenLoaded(false, (v) => v.showBanner(model)).finally(() => {
        bannerPending -= 1;
        if (!launcher) return;
        if (view) view.setLauncher(launcher); // hidden exactly while a banner is up
        else launcher.hidden = bannerPending > 0; // no chunk: nothing covers it
      });
    },
    showPreferences: (model) => whenLoaded(true, (v) => v.showPreferences(model)),
    // Resolves the action, as the view's; rejects when the chunk cannot be
    // loaded (the browser is then never asked).
    showPermission: (model, mode) => whenLoaded(true, (v) => v.showPermission(model, mode), 'dismiss'),
    mountLauncher(model, onOpen) {
      if (launcher) launcher.remove();
      launcher = renderLauncher(doc, model, onOpen);
      launcher.hidden = bannerPending > 0;
      doc.body.appendChild(launcher);
      if (view) view.setLauncher(launcher);
    },
    close() {
      generation += 1;
      if (view) view.close();
    },
  };
}
