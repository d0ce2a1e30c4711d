// The renderer's first paint and every later response carry the same Content Security Policy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { CONTENT_SECURITY_POLICY } from '../../../src/main/csp';

const INDEX_HTML = join(__dirname, '..', '..', '..', 'src', 'renderer', 'index.html');

function metaPolicies(html: string): string[] {
  const policies: string[] = [];
  for (const tag of html.match(/<meta\b[^>]*>/gis) ?? []) {
    if (!/http-equiv\s*=\s*["']content-security-policy["']/i.test(tag)) continue;
    const content = /\bcontent\s*=\s*"([^"]*)"|\bcontent\s*=\s*'([^']*)'/i.exec(tag);
    policies.push((content?.[1] ?? content?.[2] ?? '').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"'));
  }
  return policies;
}

describe('Content Security Policy', () => {
  it('is in src/renderer/index.html once, equal to CONTENT_SECURITY_POLICY', () => {
    expect(metaPolicies(readFileSync(INDEX_HTML, 'utf8'))).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('allows no inline or evaluated script, no plugins, no framing, no foreign connections', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });
});
