// The TCF part of the preferences dialog: the site's vendors, each with
// what the vendor list says of it, a consent switch and a legitimate-interest
// switch (on until the person objects), and the special features to opt in
// to. It draws the TCF module's model (core/src/tcf/site.cpp
// writeVendorDialog) and reads the switches back; what they mean for the TC
// string is the core's. It comes with the TCF chunk (assent-tcf.js,
// bridges/iab-chunk.js), not the prompt chunk: only a TCF site draws it.
// Measured: assent-ui.js 14,708 -> 12,186 raw, 4,806 -> 4,259 brotli, and
// assent.js +66 / +33 for the hand-over, so a first visit to any other site
// loads 514 B brotli less; assent-tcf.js 18,376 -> 21,317 raw, 6,468 ->
// 7,299 brotli (with dom.js's el), so a TCF site's first visit loads 317 B more.
import { el } from './dom.js';

function switchRow(doc, id, label, checked, data) {
  return el(doc, 'div', { className: 'assent-purpose-head' }, [
    el(doc, 'input', {
      className: 'assent-switch',
      attrs: { type: 'checkbox', role: 'switch', id, checked: Boolean(checked), ...data },
    }),
    el(doc, 'label', { className: 'assent-purpose-name', attrs: { for: id }, text: label }),
  ]);
}

// One line of the vendor's facts ("Data it collects: IP addresses, …"), or
// nothing when the list gives none.
function fact(doc, label, values) {
  const list = Array.isArray(values) ? values.join(', ') : values;
  return list === '' || list === undefined || list === null || list === -1
    ? null
    : el(doc, 'p', { className: 'assent-purpose-description', text: `${label}: ${list}` });
}

function vendorRow(doc, vendor, words) {
  const base = `assent-vendor-${vendor.id}`;
  return el(doc, 'li', { className: 'assent-purpose assent-vendor' }, [
    el(doc, 'p', { className: 'assent-vendor-name', attrs: { id: `${base}-name` }, text: vendor.name }),
    vendor.asksConsent
      ? switchRow(doc, `${base}-consent`, `${words.consent}: ${vendor.name}`, vendor.consent, {
          'data-assent-vendor-consent': vendor.id,
        })
      : null,
    vendor.usesLegitimateInterest
      ? switchRow(doc, `${base}-li`, `${words.legitimateInterest}: ${vendor.name}`, vendor.legitimateInterest, {
          'data-assent-vendor-li': vendor.id,
        })
      : null,
    el(doc, 'details', { className: 'assent-vendor-details' }, [
      el(doc, 'summary', { text: `${words.details}: ${vendor.name}` }),
      fact(doc, words.purposes, vendor.purposes),
      fact(doc, words.legitimateInterestPurposes, vendor.legitimateInterestPurposes),
      fact(doc, words.specialFeatures, vendor.specialFeatures),
      fact(doc, words.retention, vendor.retentionDays),
      fact(doc, words.dataCategories, vendor.dataCategories),
      vendor.privacyUrl && /^https?:/i.test(vendor.privacyUrl)
        ? el(doc, 'p', {}, [el(doc, 'a', { className: 'assent-link', attrs: { href: vendor.privacyUrl }, text: words.privacy })])
        : null,
    ]),
  ]);
}

function renderVendors(doc, tcf) {
  if (!tcf || !Array.isArray(tcf.vendors)) return null;
  const words = tcf.words || {};
  return el(doc, 'section', { className: 'assent-vendors', attrs: { 'aria-labelledby': 'assent-vendors-title' } }, [
    el(doc, 'h3', { className: 'assent-vendors-title', attrs: { id: 'assent-vendors-title' }, text: words.vendors }),
    tcf.specialFeatures.length
      ? el(doc, 'ul', { className: 'assent-purposes' }, tcf.specialFeatures.map((feature) =>
          el(doc, 'li', { className: 'assent-purpose' }, [
            switchRow(doc, `assent-feature-${feature.id}`, `${words.specialFeatures}: ${feature.name}`, feature.optedIn, {
              'data-assent-feature': feature.id,
            }),
            el(doc, 'p', { className: 'assent-purpose-description', text: feature.description }),
          ])))
      : null,
    el(doc, 'ul', { className: 'assent-purposes' }, tcf.vendors.map((vendor) => vendorRow(doc, vendor, words))),
  ]);
}

// The switches as the core's choose takes them, or null when the dialog
// has no vendor part.
function vendorChoices(root) {
  if (!root.querySelector('.assent-vendors')) return null;
  const on = (attr) =>
    Array.from(root.querySelectorAll(`input[${attr}]`))
      .filter((input) => input.checked)
      .map((input) => Number(input.getAttribute(attr)));
  return {
    vendorConsents: on('data-assent-vendor-consent'),
    vendorLegitimateInterests: on('data-assent-vendor-li'),
    specialFeatureOptIns: on('data-assent-feature'),
  };
}

// Sets the switches to a fresh model (after an erasure nothing is chosen).
function refreshVendors(root, tcf) {
  if (!tcf) return;
  const set = (selector, checked) => {
    const input = root.querySelector(selector);
    if (input) input.checked = Boolean(checked);
  };
  for (const v of tcf.vendors) {
    set(`input[data-assent-vendor-consent="${v.id}"]`, v.consent);
    set(`input[data-assent-vendor-li="${v.id}"]`, v.legitimateInterest);
  }
  for (const f of tcf.specialFeatures) set(`input[data-assent-feature="${f.id}"]`, f.optedIn);
}

// What the preferences (preferences.js) draw and read with, handed to the
// prompt view by the TCF chunk.
export const vendorView = { render: renderVendors, choices: vendorChoices, refresh: refreshVendors };
