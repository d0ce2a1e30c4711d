// Which language the UI starts in: the user's saved choice, else the system's (Chinese → zh-CN), else English.

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_STORAGE_KEY = 'galley.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function chooseLocale(saved: string | null | undefined, systemLanguage: string | null | undefined): Locale {
  if (isLocale(saved)) return saved;
  return (systemLanguage ?? '').trim().toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh-CN' : 'en';
}
