// The demo's app: Assent is loaded first, then App() is wrapped so that
// launches and returns to the foreground are tracked (when the person allows).
const assent = require('./assent/assent.js');

assent.init({
  // demo/miniprogram/assent.config.json, turned into a module by the build.
  config: require('./assent/config.js'),
  wasmPath: '/assent/assent.wasm.br',
  // Template ids from the mini-program's admin console (订阅消息); these are
  // placeholders for the demo.
  subscribeTemplates: {
    offers: 'DEMO-offers-template-id',
    orderStatus: 'DEMO-order-status-template-id',
  },
});

App(assent.app({}));
