// Label Studio: one task per article with `labels` results (code point offsets) and the matching labelling config.
import type { Label } from '../api';
import { type ArticleMeta, type ExportInput, articleMeta, articlesOf, labelNames } from './common';

/** Names tying results to the config: from_name is the <Labels> name, to_name the <Text> name. */
export const LS_FROM_NAME = 'label';
export const LS_TO_NAME = 'text';

export interface LabelStudioResult {
  id: string;
  from_name: string;
  to_name: string;
  type: 'labels';
  value: { start: number; end: number; text: string; labels: string[] };
}

export interface LabelStudioTask {
  data: { text: string; meta: ArticleMeta };
  annotations: { result: LabelStudioResult[] }[];
}

/** One task per article; result ids are ordinal within the task so a re-export after import is identical. */
export function labelStudioTasks(input: ExportInput): LabelStudioTask[] {
  return articlesOf(input).map((article) => ({
    data: { text: article.text, meta: articleMeta(input.page, article) },
    annotations: [
      {
        result: article.spans.map((s, i) => ({
          id: `t${i + 1}`,
          from_name: LS_FROM_NAME,
          to_name: LS_TO_NAME,
          type: 'labels',
          value: { start: s.cpStart, end: s.cpEnd, text: s.text, labels: [s.label] },
        })),
      },
    ],
  }));
}

/**
 * The same tasks already serialised, byte for byte what labelStudioTaskJson(labelStudioTasks(input)[i]) gives,
 * without building an object per result: JSON.stringify escapes each string, the fixed keys are literal.
 */
export function labelStudioTaskLines(input: ExportInput): string[] {
  const fixed = `"from_name":${JSON.stringify(LS_FROM_NAME)},"to_name":${JSON.stringify(LS_TO_NAME)},"type":"labels"`;
  const labels = new Map<string, string>();
  return articlesOf(input).map((article) => {
    let results = '';
    article.spans.forEach((s, i) => {
      let label = labels.get(s.label);
      if (label === undefined) {
        label = JSON.stringify([s.label]);
        labels.set(s.label, label);
      }
      results +=
        `${i === 0 ? '' : ','}{"id":"t${i + 1}",${fixed},"value":{"start":${s.cpStart},"end":${s.cpEnd},` +
        `"text":${JSON.stringify(s.text)},"labels":${label}}}`;
    });
    const data = `{"text":${JSON.stringify(article.text)},"meta":${JSON.stringify(articleMeta(input.page, article))}}`;
    return `{"data":${data},"annotations":[{"result":[${results}]}]}`;
  });
}

/** Serialised tasks for a JSON array written as a stream: `[`, tasks joined by `,\n`, then `]`. */
export function labelStudioTaskJson(task: LabelStudioTask): string {
  return JSON.stringify(task);
}

export const LS_ARRAY_OPEN = '[\n';
export const LS_ARRAY_SEPARATOR = ',\n';
export const LS_ARRAY_CLOSE = '\n]\n';

function xmlAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The labelling config: a <Labels> with each label (and its colour) over a <Text> reading `$text`. */
export function labelStudioConfig(labels: readonly Label[], used: Iterable<string> = []): string {
  const colors = new Map(labels.map((l) => [l.name, l.color]));
  const lines = labelNames(labels, used).map((name) => {
    const color = colors.get(name);
    return `    <Label value="${xmlAttr(name)}"${color ? ` background="${xmlAttr(color)}"` : ''}/>`;
  });
  return [
    '<View>',
    `  <Labels name="${LS_FROM_NAME}" toName="${LS_TO_NAME}">`,
    ...lines,
    '  </Labels>',
    `  <Text name="${LS_TO_NAME}" value="$text"/>`,
    '</View>',
    '',
  ].join('\n');
}
