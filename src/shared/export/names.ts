// Safe, unique file names from page metadata, which comes from strangers' file names and must not steer paths.
import type { ExportPageMeta } from './common';

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Bytes kept of a name (before the extension): most file systems allow 255 bytes per component. */
const MAX_NAME_BYTES = 120;

function utf8Length(char: string): number {
  const cp = char.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * A single path component that is safe on Windows, macOS and Linux: no separators, control characters or
 * characters Windows forbids, no `..`, no leading or trailing dots or spaces, not a reserved device name
 * (CON, NUL, COM1…), at most MAX_NAME_BYTES of UTF-8 (cut between characters); `fallback` when nothing is left.
 */
export function safeName(raw: string, fallback = 'untitled'): string {
  let name = raw
    .normalize('NFC')
    // Control characters, including the C1 range and the line/paragraph separators.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '')
    .replace(/[/\\<>:"|?*]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (RESERVED.test(name)) name = `_${name}`;
  let bytes = 0;
  let cut = '';
  for (const c of name) {
    bytes += utf8Length(c);
    if (bytes > MAX_NAME_BYTES) break;
    cut += c;
  }
  cut = cut.replace(/[\s.]+$/g, '');
  return cut === '' ? fallback : cut;
}

/** The base name for a page's files: newspaper_date_page when those are known, else its file name's stem. */
export function pageBaseName(page: ExportPageMeta): string {
  if (page.newspaper && page.date) {
    return safeName([page.newspaper, page.date, page.pageNo].filter((x) => x).join('_'), 'page');
  }
  return safeName(page.fileName.replace(/\.[^.]*$/, ''), 'page');
}

/**
 * Hands out names unique within one export, comparing case-insensitively as Windows and macOS do; a taken
 * name gets `~2`, `~3`… before its extension.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const name of reserved) this.taken.add(name.toLowerCase());
  }

  allocate(base: string, extension = ''): string {
    let name = `${base}${extension}`;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) name = `${base}~${n}${extension}`;
    this.taken.add(name.toLowerCase());
    return name;
  }
}
