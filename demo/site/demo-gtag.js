// A stand-in for the Google tag (gtag.js), which reads window.dataLayer. The
// page blocks it with a required purpose, so Assent runs it right after it has
// pushed the Consent Mode default: no tag ever runs before the default.
(function () {
  'use strict';
  window.dataLayer = window.dataLayer || [];
  window.demoGtagSawAt = window.dataLayer.length;
  window.dataLayer.push({ event: 'demo_gtag_loaded' });
})();
