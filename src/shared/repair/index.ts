// Public entry of the layout-repair engine: repairPage turns an OCR'd page into articles plus suggestions.
export type {
  RemovedBlock,
  RepairArticle,
  RepairBlock,
  RepairJson,
  RepairOptions,
  RepairResult,
  Suggestion,
  SuggestionDecision,
  SuggestionKind,
  SuggestionTarget,
} from './types';
export { repairPage } from './engine';
export { toRepairJson } from './json';
