// Types t() keys against the English resources, so a misspelt key fails the typecheck. The repair reasons
// are keyed by the engine at run time, so that namespace takes any string.
import 'i18next';

import type { en } from './en';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; repair: Record<string, string> };
  }
}
