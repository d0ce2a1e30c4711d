// The export dialog's request: only the options the chosen format reads, the scope as chosen, and a request
// the API contract accepts.
import { describe, expect, it } from 'vitest';

import { exportRequest, initialForm, offsetUnit } from '../../../src/renderer/src/export/export-form';
import { ApiMethods } from '../../../src/shared/api';

const accepted = (args: unknown) => ApiMethods['export.start'].args.safeParse(args).success;

describe('export form', () => {
  it('sends only the options of the chosen format', () => {
    const form = {
      ...initialForm('txt', '/data/out', 'corpus'),
      perPage: false,
      split: true,
      scheme: 'BIOES' as const,
    };
    expect(exportRequest(form, null)).toEqual({
      format: 'txt',
      options: { perPage: false },
      scope: { kind: 'corpus' },
      outDir: '/data/out',
    });
    expect(exportRequest({ ...form, format: 'conll', columns: 4 }, null).options).toEqual({
      scheme: 'BIOES',
      columns: 4,
      split: { seed: 1, train: 80, dev: 10, test: 10 },
    });
    expect(exportRequest({ ...form, format: 'doccano', split: false }, null).options).toEqual({
      doccanoUnit: 'article',
    });
    expect(exportRequest({ ...form, format: 'csv' }, null).options).toEqual({ csvFormulaGuard: true });
    expect(exportRequest({ ...form, format: 'csv', csvFormulaGuard: false }, null).options).toEqual({
      csvFormulaGuard: false,
    });
    expect(exportRequest({ ...form, format: 'archive', scope: 'filter', status: ['new'] }, null).scope).toEqual({
      kind: 'corpus',
    });
    expect(exportRequest({ ...form, format: 'archive' }, null).options).toEqual({ archiveCompress: false });
    expect(exportRequest({ ...form, format: 'archive', archiveCompress: true }, null).options).toEqual({
      archiveCompress: true,
    });
    // A format the dialog does not know (added to the exporter later) gets no options.
    expect(exportRequest({ ...form, format: 'future' }, null).options).toEqual({});
  });

  it('sends the scope as chosen, leaving out empty filter fields', () => {
    const form = initialForm('md', ' /data/out ', 'filter');
    expect(exportRequest(form, 7).scope).toEqual({ kind: 'filter' });
    expect(exportRequest(form, 7).outDir).toBe('/data/out');
    const filtered = {
      ...form,
      status: ['reviewed' as const],
      newspaper: '河北日报',
      dateFrom: '2022-11-01',
      label: 'PER',
    };
    expect(exportRequest(filtered, null).scope).toEqual({
      kind: 'filter',
      status: ['reviewed'],
      newspaper: '河北日报',
      dateFrom: '2022-11-01',
      label: 'PER',
    });
    expect(exportRequest({ ...form, scope: 'pages' }, 7).scope).toEqual({ kind: 'pages', pageIds: [7] });
    // "This page" without a page falls back to the whole corpus rather than an empty request.
    expect(exportRequest({ ...form, scope: 'pages' }, null).scope).toEqual({ kind: 'corpus' });
  });

  it('builds requests the API contract accepts', () => {
    for (const format of ['txt', 'md', 'doccano', 'brat', 'conll', 'labelstudio', 'csv', 'alignment', 'archive']) {
      for (const scope of ['corpus', 'filter', 'pages'] as const) {
        const form = { ...initialForm(format, '/data/out', scope), split: true, status: ['new' as const] };
        expect(accepted(exportRequest(form, 3))).toBe(true);
      }
    }
  });

  it('names the offset unit of the span formats', () => {
    expect(['doccano', 'brat', 'labelstudio', 'csv'].map(offsetUnit)).toEqual(Array(4).fill('codePoints'));
    expect(offsetUnit('conll')).toBe('characters');
    expect(offsetUnit('txt')).toBe('none');
    expect(offsetUnit('archive')).toBeNull();
  });
});
