// The words of an embed's placeholder.
// ASSUMPTION (core API wanted): promptModel("placeholder", languages, now,
// purpose) -> { kind, language, purpose, title, body, buttons: [{ action:
// "load_once", label, level }, { action: "allow", label, level }] } with
// config texts.<lang>.placeholder.loadOnce / alwaysAllow. Until the core has
// it, the purpose's own name and description come from the core's
// preferences model (so the core still picks the language) and the two
// button words from the frame's data-assent-load-once / data-assent-allow,
// else from this table, keyed by the language the core chose.
const INTERIM_WORDS = { en: ['Load once', 'Always allow'], zh: ['加载一次', '始终允许'] };

export function placeholderModel(preferences, purpose, frame) {
  const toggle = preferences && preferences.toggles.find((t) => t.purpose === purpose);
  if (!toggle) return null;
  const words = INTERIM_WORDS[preferences.language.split('-')[0]] || INTERIM_WORDS.en;
  return {
    kind: 'placeholder',
    language: preferences.language,
    purpose,
    title: toggle.label,
    body: toggle.description,
    buttons: [
      { action: 'load_once', label: frame.getAttribute('data-assent-load-once') || words[0], level: 'primary' },
      { action: 'allow', label: frame.getAttribute('data-assent-allow') || words[1], level: 'primary' },
    ],
  };
}
