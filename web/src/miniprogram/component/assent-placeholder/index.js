// <assent-placeholder purpose="media" bind:change="onMedia" />: stands in for
// an embed (a third party's <video>, <web-view>, map) whose purpose is not
// granted, with the core's placeholder model, and tells the page whether the
// embed may show: detail { purpose, shown } at start and after every change.
//   <assent-placeholder purpose="media" bind:change="onMedia" />
//   <video wx:if="{{media}}" src="https://video.example/1.mp4" />
//   onMedia(e) { this.setData({ media: e.detail.shown }) }
// What a button records is the core's; whether the embed shows follows the
// shells' one gate (shell/embed-gate.js), as iframes do in the browser.
import * as assent from '../../index.js';

/** @type {WeakMap<object, { gate: ReturnType<typeof assent.embedGate>, stop: () => void }>} */
const live = new WeakMap();

/** @param {AssentCore.PromptModel | null} model */
function modelData(model) {
  if (!model) return { title: '', body: '', language: '', buttons: /** @type {AssentCore.Button[]} */ ([]) };
  return { title: model.title, body: model.body, language: model.language, buttons: model.buttons || [] };
}

Component({
  properties: {
    purpose: { type: String, value: '' },
  },

  data: { shown: false, title: '', body: '', language: '', buttons: /** @type {AssentCore.Button[]} */ ([]) },

  lifetimes: {
    attached() {
      assent.ready().then(() => {
        const gate = assent.embedGate(this.data.purpose);
        const stop = assent.on('change', () => this.update(true));
        live.set(this, { gate, stop });
        this.update(false);
      });
    },
    detached() {
      const entry = live.get(this);
      if (entry) entry.stop();
      live.delete(this);
    },
  },

  methods: {
    /** @param {boolean} changed a decision was made since the last update */
    update(changed) {
      const entry = live.get(this);
      if (!entry) return;
      this.show(entry.gate.shown(changed));
    },

    /** @param {boolean} shown */
    show(shown) {
      const model = shown ? null : assent.placeholderModel(this.data.purpose);
      this.setData(Object.assign({ shown }, modelData(model)));
      this.triggerEvent('change', { purpose: this.data.purpose, shown });
    },

    /** A button of the model, inside the tap. @param {any} event */
    onAction(event) {
      const entry = live.get(this);
      const action = String(event.currentTarget.dataset.action || '');
      if (!entry) return;
      if (action === 'customise') assent.showPreferences();
      else if (entry.gate.answer(action, this.data.language)) this.show(true);
    },
  },
});
