// The sign-in page: only its words (the form works without script).
import { chooseLanguage, translate } from './i18n.js';

translate(document, chooseLanguage(location.search, navigator.languages));
