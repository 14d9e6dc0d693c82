// <assent-consent />: renders the core's prompt model (banner, preferences,
// permission pre-prompt) in WXML and reports the person's choice back. Every
// text is bound with {{ }}, which the platform escapes: a config cannot
// inject markup. Accept and reject share one class (C02); the model decides
// which buttons exist and in which order. build-miniprogram.mjs bundles this
// file with `../../index.js` resolved to the shared `../assent.js`.
import * as assent from '../../index.js';

/**
 * @typedef {import('../../session.js').View} View
 * @typedef {{ action: string, label: string, level: string, agree: boolean }} ButtonData
 */

const EMPTY = {
  kind: '',
  step: '',
  language: '',
  title: '',
  body: '',
  close: '',
  note: '',
  links: /** @type {{ label: string, url: string }[]} */ ([]),
  buttons: /** @type {ButtonData[]} */ ([]),
  toggles: /** @type {AssentCore.Toggle[]} */ ([]),
  items: /** @type {{ capability: string, title: string, body: string }[]} */ ([]),
  choices: /** @type {Record<string, boolean>} */ ({}),
};

// The pre-prompts whose step names what they ask, not a view of the model.
/** @type {Record<string, string>} */
const ASKED = { privacy: 'ask', subscribe: 'ask' };

/** @param {View | null} view */
export function viewData(view) {
  if (!view || !view.model) return EMPTY;
  const model = view.model;
  const step = view.step || '';
  const toggles = model.toggles || [];
  /** @type {Record<string, boolean>} */
  const choices = {};
  for (const toggle of toggles) if (!toggle.locked) choices[toggle.purpose] = Boolean(toggle.checked);
  // A permission's note and buttons are those of the core's view for the
  // step (the privacy and subscription pre-prompts are its ask view).
  const shown = view.kind === 'permission' && model.views ? model.views[ASKED[step] || step] : undefined;
  const note = (shown && shown.note) || '';
  const buttons = (shown ? shown.buttons : model.buttons) || [];
  return {
    kind: view.kind,
    step,
    language: model.language,
    title: model.title,
    body: model.body,
    // The preferences' × is named by the core's word for it (texts.<lang>.close).
    close: model.close || '',
    note,
    links: model.links || [],
    // The privacy pre-prompt's "allow" is WeChat's own agree button.
    buttons: buttons.map((b) => ({
      action: b.action,
      label: b.label,
      level: b.level,
      agree: step === 'privacy' && b.action === 'allow',
    })),
    toggles,
    items: view.items || [],
    choices,
  };
}

/** @type {WeakMap<object, () => void>} */
const stops = new WeakMap();

Component({
  data: EMPTY,

  lifetimes: {
    attached() {
      stops.set(
        this,
        assent.watchPrompt((view) => this.setData(viewData(view))),
      );
    },
    detached() {
      const stop = stops.get(this);
      if (stop) stop();
      stops.delete(this);
    },
  },

  methods: {
    /** A button of the model: the choice goes to the core, inside this tap. @param {any} event */
    onAction(event) {
      const action = String(event.currentTarget.dataset.action || '');
      const { kind, language, choices } = this.data;
      if (kind === 'permission') {
        assent.answerPermission(action);
      } else if (action === 'customise') {
        assent.showPreferences();
      } else if (action === 'accept_all' || action === 'reject_all') {
        assent.choose(action, null, kind, language);
      } else if (action === 'save') {
        assent.choose('custom', Object.assign({}, choices), 'preferences', language);
      }
    },

    /** WeChat's agree button for the privacy guidelines; its id proves the tap. @param {any} event */
    onAgreePrivacy(event) {
      assent.answerPermission('allow', { buttonId: String(event.currentTarget.id || '') });
    },

    /** One purpose's switch; nothing is decided until save. @param {any} event */
    onToggle(event) {
      const purpose = String(event.currentTarget.dataset.purpose || '');
      if (!(purpose in this.data.choices)) return; // a locked (required) purpose
      this.setData({ [`choices.${purpose}`]: Boolean(event.detail.value) });
    },

    /** The × of the preferences: back to the banner, deciding nothing. */
    onClosePreferences() {
      assent.closePreferences();
    },

    /** A link of the config: a page of this mini-program, or a web address to copy. @param {any} event */
    onLink(event) {
      const url = String(event.currentTarget.dataset.url || '');
      if (url.startsWith('/')) wx.navigateTo({ url });
      else if (url) wx.setClipboardData({ data: url });
    },
  },
});
