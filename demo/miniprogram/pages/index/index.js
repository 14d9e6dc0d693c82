// The shop's first page. Taps on its handlers are captured by assent.page();
// "add to cart" is also sent as a custom event.
const assent = require('../../assent/assent.js');

Page(assent.page({
  data: { status: '', basket: 0 },

  onBuy() {
    const basket = this.data.basket + 1;
    this.setData({ basket, status: `Added to cart (${basket} × Yixing clay teapot)` });
    assent.track('add_to_cart', { sku: 'yixing-teapot' });
  },

  onWishlist() {
    this.setData({ status: 'Saved to your wishlist' });
  },

  // Inside the tap: the platform's subscription dialog opens only from here.
  onSubscribe() {
    assent.requestSubscribe(['offers', 'orderStatus']).then((results) => {
      const accepted = Object.keys(results).filter((alias) => results[alias] === 'accept');
      if (accepted.length) assent.track('newsletter_signup', { source: 'index' });
      this.setData({ status: accepted.length ? `Subscribed: ${accepted.join(', ')}` : 'No messages subscribed' });
    });
  },

  onStore() {
    wx.navigateTo({ url: '/pages/store/store' });
  },

  onAbout() {
    wx.navigateTo({ url: '/pages/about/about' });
  },

  // From every page, one tap away (C05).
  onPrivacy() {
    assent.showPreferences();
  },
}));
