// Types t() keys against the English resources, so a misspelt key fails the typecheck.
import 'i18next';

import type { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
