// One embed that needs consent (a browser iframe, a mini-program's video or
// web-view), the same in both shells: shown, or held behind the core's
// placeholder. What an answer records is the core's; this only remembers the
// one thing the core leaves to the page view, that the person chose "load
// once" here, until the next decision.
// Ports: accepted(purpose); answer(purpose, action, language) -> none | once
// | granted (the recorder's placeholder()).

/**
 * @param {{
 *   purpose: string,
 *   accepted: (purpose: string) => boolean,
 *   answer: (purpose: string, action: string, language: string) => string,
 * }} ports
 */
export function createEmbedGate({ purpose, accepted, answer }) {
  let once = false;
  return {
    purpose,
    /**
     * May the embed show now? At start (changed false) or after a decision
     * (changed true): a "load once" lasts until a decision that does not
     * grant the purpose.
     * @param {boolean} changed
     */
    shown(changed) {
      if (accepted(purpose)) return true;
      if (changed) once = false;
      return once;
    },
    /**
     * A placeholder button (load_once | allow) in the model's language;
     * true when the embed shows now.
     * @param {string} action @param {string} language
     */
    answer(action, language) {
      const how = answer(purpose, action, language);
      if (how === 'once') once = true;
      return how !== 'none';
    },
  };
}
