// Shows the core's prompt models and reports the person's choice back as an
// action. The view knows which button opens which layer; it never knows what
// a choice means for any purpose.
//
// One modal dialog at a time (preferences or a permission pre-prompt), over
// the banner when there is one; each takes focus, keeps Tab inside and gives
// focus back when it closes. Escape, and the preferences' ×, close a dialog
// without deciding.
import { renderBanner } from './banner.js';
import { renderPreferences, refreshToggles } from './preferences.js';
import { renderPermission } from './permission.js';
import { holdFocus } from './focus.js';

// onChoice({ action, choices, surface, language, tcf }) with action
// accept_all | reject_all | custom, surface banner | preferences (tcf: the
// vendor switches of a custom choice on a TCF site); preferences() returns
// the core's preferences model when the banner's "customise" is pressed;
// onShow(model) after any prompt appeared. This file is the prompt chunk
// (assent-ui.js, see chunk.js); the launcher is the kernel's, drawn before
// this chunk is loaded and handed over with setLauncher. exportMine and
// eraseMine: the visitor's own data, offered in the preferences when the
// core's model has their words (a collector is configured), with the
// controls of the own-data chunk (loadMyData(retry) resolves with its
// { renderMyData }), added to the open dialog once it is there. vendorView():
// on a TCF site, the renderer of the preferences' vendor part, which comes
// with the TCF chunk (null before it, and on any other site).
export function createPromptView(doc, { onChoice, preferences, onShow = () => {}, exportMine, eraseMine, loadMyData, vendorView = () => null }) {
  let banner = null;
  // While the preferences erase the visitor's data, the erasure's close()
  // (the record changed) leaves that dialog open, to say the outcome; the
  // banner that asks again waits under it.
  let keepDialog = null;
  let bannerFocus = null;
  let dialog = null; // { node, focus, settle }
  let launcher = null;

  const syncLauncher = () => {
    if (launcher) launcher.hidden = Boolean(banner);
  };

  function closeDialog(action) {
    if (!dialog) return;
    const { node, focus, settle } = dialog;
    dialog = null;
    if (node.open) node.close();
    node.remove();
    if (banner) banner.hidden = false;
    focus.release(banner || launcher);
    settle(action);
  }

  function openDialog(node, settle) {
    closeDialog('dismiss');
    const before = doc.activeElement;
    if (banner) banner.hidden = true;
    doc.body.appendChild(node);
    node.showModal();
    const entry = { node, focus: holdFocus(doc, node, before), settle };
    dialog = entry;
    node.addEventListener('cancel', (event) => {
      event.preventDefault();
      if (dialog === entry) closeDialog('dismiss');
    });
  }

  function removeBanner() {
    if (!banner) return;
    banner.remove();
    banner = null;
    syncLauncher();
    if (bannerFocus) bannerFocus.release(launcher);
    bannerFocus = null;
  }

  function showPreferences(model) {
    const surface = 'preferences';
    const vendors = vendorView();
    const mine = exportMine && eraseMine
      ? {
          exportMine,
          eraseMine() {
            keepDialog = node;
            return Promise.resolve()
              .then(eraseMine)
              .finally(() => {
                keepDialog = null;
              });
          },
          afterErase() {
            const fresh = preferences();
            if (fresh) refreshToggles(node, fresh, vendors);
          },
        }
      : null;
    const node = renderPreferences(doc, model, (action, choices, tcf) => {
      if (action === 'accept_all' || action === 'reject_all') {
        onChoice({ action, choices: null, surface, language: model.language });
      } else if (action === 'save') {
        onChoice({ action: 'custom', choices, surface, language: model.language, tcf });
      } else if (action === 'close' && dialog && dialog.node === node) {
        // As Escape: nothing is decided; the banner comes back if it was
        // there, and focus returns to the control that opened the dialog.
        closeDialog('dismiss');
      }
    }, vendors);
    openDialog(node, () => {});
    if (mine && model.myData && loadMyData) {
      loadMyData(true)
        .then(({ renderMyData }) => {
          if (dialog && dialog.node === node) node.append(renderMyData(doc, model.myData, model.language, mine));
        })
        .catch(() => {}); // the loader said what failed; the dialog works without them
    }
    onShow(model);
  }

  function showBanner(model) {
    removeBanner();
    banner = renderBanner(doc, model, (action) => {
      if (action === 'customise') {
        const second = preferences();
        if (second) showPreferences(second);
      } else if (action === 'accept_all' || action === 'reject_all') {
        onChoice({ action, choices: null, surface: 'banner', language: model.language });
      }
    });
    banner.hidden = Boolean(dialog);
    doc.body.appendChild(banner);
    syncLauncher();
    if (!dialog) bannerFocus = holdFocus(doc, banner);
    onShow(model);
  }

  // Resolves with the button's action (permission.js) or dismiss (Escape,
  // or closed by something else). mode: ask | blocked | failed.
  function showPermission(model, mode) {
    return new Promise((resolve) => {
      const node = renderPermission(doc, model, mode, (action) => {
        if (dialog && dialog.node === node) closeDialog(action);
      });
      openDialog(node, resolve);
      onShow(model);
    });
  }

  return {
    showBanner,
    showPreferences,
    showPermission,
    // The kernel's launcher button (or null): hidden while the banner is up,
    // and where focus goes when a prompt closes.
    setLauncher(node) {
      launcher = node;
      syncLauncher();
    },
    close() {
      if (!(keepDialog && dialog && dialog.node === keepDialog)) closeDialog('dismiss');
      removeBanner();
    },
  };
}
