// Location, asked for through Assent's pre-prompt (C16): the reason first,
// WeChat's dialog only after "Continue"; a refused scope leads to the settings.
const assent = require('../../assent/assent.js');

const STORES = [
  { name: 'Jing’an', latitude: 31.2286, longitude: 121.4482 },
  { name: 'Xintiandi', latitude: 31.2196, longitude: 121.4755 },
  { name: 'Lujiazui', latitude: 31.2397, longitude: 121.4998 },
];

function nearest(latitude, longitude) {
  const distance = (s) => (s.latitude - latitude) ** 2 + (s.longitude - longitude) ** 2;
  return STORES.slice().sort((a, b) => distance(a) - distance(b))[0];
}

Page(assent.page({
  data: { status: '' },

  onLocate() {
    assent.requestScope('scope.userLocation').then((result) => {
      if (result !== 'granted') {
        this.setData({ status: 'Without your location we list all stores: Jing’an, Xintiandi, Lujiazui.' });
        return;
      }
      wx.getLocation({
        type: 'gcj02',
        success: (where) => {
          // The position stays on the phone; only that the locator was used is tracked.
          const store = nearest(where.latitude, where.longitude);
          this.setData({ status: `Nearest store: ${store.name}` });
          assent.track('store_locator_used', { results: STORES.length });
        },
        fail: () => this.setData({ status: 'Your location is not available right now.' }),
      });
    });
  },

  onPrivacy() {
    assent.showPreferences();
  },
}));
