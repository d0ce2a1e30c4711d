// Every string bundle i18next loads, per language: the UI's own (`translation`) and the repair engine's
// reasons (`repair`, keys like `merge.midSentence` with `{{param}}` values). No DOM here, so tests load it too.
import { repairReasons } from '../../../shared/i18n/repair-reasons';
import { en } from './en';
import { zhCN } from './zh-CN';

/** The namespace of the repair engine's reason texts. */
export const REPAIR_NS = 'repair';

export const I18N_NAMESPACES = ['translation', REPAIR_NS] as const;

export const i18nResources = {
  en: { translation: en, [REPAIR_NS]: repairReasons.en },
  'zh-CN': { translation: zhCN, [REPAIR_NS]: repairReasons['zh-CN'] },
};
