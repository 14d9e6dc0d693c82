// Shows the core's prompt model and reports the person's choice back as an
// action. The view knows which button opens which layer; it never knows what
// a choice means for any purpose.
import { renderBanner } from './banner.js';
import { renderPreferences } from './preferences.js';

// onChoice({ action, choices, surface, language }) with action accept_all |
// reject_all | custom, surface banner | preferences; preferences() returns
// the core's preferences model when the banner's "customise" is pressed.
export function createPromptView(doc, { onChoice, preferences }) {
  let banner = null;
  let dialog = null;

  function removeDialog() {
    if (!dialog) return;
    const closing = dialog;
    dialog = null;
    if (closing.open) closing.close();
    closing.remove();
  }

  function removeBanner() {
    if (banner) banner.remove();
    banner = null;
  }

  function showPreferences(model) {
    removeDialog();
    const surface = 'preferences';
    dialog = renderPreferences(doc, model, (action, choices) => {
      if (action === 'accept_all' || action === 'reject_all') {
        onChoice({ action, choices: null, surface, language: model.language });
      } else if (action === 'save') {
        onChoice({ action: 'custom', choices, surface, language: model.language });
      }
    });
    const own = dialog;
    own.addEventListener('close', () => {
      // Escape or a decision: the banner, if still wanted, comes back.
      if (dialog === own) {
        dialog = null;
        own.remove();
      }
      if (banner) banner.hidden = false;
    });
    if (banner) banner.hidden = true;
    doc.body.appendChild(dialog);
    dialog.showModal();
  }

  function showBanner(model) {
    removeBanner();
    banner = renderBanner(doc, model, (action) => {
      if (action === 'customise') {
        const second = preferences();
        if (second) showPreferences(second);
      }
      else if (action === 'accept_all' || action === 'reject_all') {
        onChoice({ action, choices: null, surface: 'banner', language: model.language });
      }
    });
    doc.body.appendChild(banner);
  }

  return {
    showBanner,
    showPreferences,
    close() {
      removeDialog();
      removeBanner();
    },
  };
}
