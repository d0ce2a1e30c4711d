// Sets up i18next with both languages and keeps the chosen one in localStorage, on <html lang> and in the
// Electron shell's native menu. The repair engine's reasons are their own namespace, `repair`.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

import { chooseLocale, isLocale, LOCALE_STORAGE_KEY, type Locale } from './locale';
import { I18N_NAMESPACES, i18nResources } from './resources';

export { LOCALES, otherLocale, type Locale } from './locale';
export { REPAIR_NS } from './resources';

function readSavedLocale(): string | null {
  try {
    return localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

function tellShell(locale: Locale): void {
  // The native menu is built by the main process in its own language; keep it in step.
  window.galley?.shell('set-locale', locale).catch(() => undefined);
}

export function initI18n(): typeof i18next {
  const locale = chooseLocale(readSavedLocale(), navigator.language);
  void i18next.use(initReactI18next).init({
    resources: i18nResources,
    ns: [...I18N_NAMESPACES],
    defaultNS: 'translation',
    lng: locale,
    fallbackLng: 'en',
    supportedLngs: ['en', 'zh-CN'],
    interpolation: { escapeValue: false }, // React escapes every string child already.
    initAsync: false,
  });
  document.documentElement.lang = locale;
  tellShell(locale);
  return i18next;
}

export function currentLocale(): Locale {
  const language = i18next.language;
  return isLocale(language) ? language : 'en';
}

/** Switches the UI language and remembers the choice. */
export async function setLocale(locale: Locale): Promise<void> {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Private modes may refuse storage; the switch still applies to this session.
  }
  await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
  tellShell(locale);
}

export default i18next;
