// Turns a repair result into the JSON file the CLI writes and score-repair.mjs reads.
import type { RepairJson, RepairResult } from './types';

export function toRepairJson(sourceFileName: string, r: RepairResult): RepairJson {
  return {
    source: sourceFileName,
    articles: r.articles.map((a) => ({ blocks: a.blocks.map((b) => ({ role: b.role, text: b.text })) })),
    removed: r.removed.map((x) => ({ role: x.role, text: x.text })),
    suggestions: r.suggestions,
  };
}
