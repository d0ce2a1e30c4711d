// Turns the raw bytes of an imported page file into text, detecting its encoding and refusing files that are not text.
import iconv from 'iconv-lite';
import * as jschardet from 'jschardet';

import type { PageEncoding } from '../../shared/domain';

export type DecodeResult =
  | { ok: true; text: string; encoding: PageEncoding }
  | { ok: false; code: 'EMPTY' | 'BINARY' | 'UNDECODABLE'; reason: string };

type LegacyEncoding = 'gb18030' | 'big5';
type Failure = Extract<DecodeResult, { ok: false }>;

// The ~500 most frequent characters of modern Chinese (Jun Da's corpus list, top 500 ≈ 76% of running text), and
// the same list converted to Taiwan-standard traditional forms. GBK bytes read as Big5 (and the reverse) still
// decode "validly", but into rare characters, so how many decoded characters are common is what tells them apart.
const COMMON_SIMPLIFIED =
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里' +
  '用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实' +
  '日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政' +
  '美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员' +
  '解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件' +
  '计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象' +
  '完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改' +
  '收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调' +
  '深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企' +
  '八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列';

const COMMON_TRADITIONAL =
  '的一是不了在人有我他這個們中來上大為和國地到以說時要就出會可也你對生能而子那得於著下自之年過發後作裡' +
  '用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實' +
  '日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政' +
  '美相見被利什二等產或新己制身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員' +
  '解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件' +
  '計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象' +
  '完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改' +
  '收根幹造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫臺單影具羅字愛擊流備兵連調' +
  '深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企' +
  '八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列';

/** Flags for the BMP: 1 where the code unit is a common Han character. Built on first use. */
let commonHanTable: Uint8Array | null = null;

function commonHan(): Uint8Array {
  if (commonHanTable === null) {
    const table = new Uint8Array(0x10000);
    for (const ch of COMMON_SIMPLIFIED + COMMON_TRADITIONAL) table[ch.charCodeAt(0)] = 1;
    commonHanTable = table;
  }
  return commonHanTable;
}

/** How much of a file we look at for statistics; whole-file work is kept to the cheap, exact checks. */
const SAMPLE_BYTES = 64 * 1024;
/** Above this share of control bytes a file is binary; real OCR text has next to none. */
const MAX_CONTROL_RATIO = 0.01;
/** Above this share of impossible characters (controls, private use, broken surrogates) a decode is garbage. */
const MAX_BAD_CHAR_RATIO = 0.01;
/** A long legacy decode may keep one replacement character per 200 (a byte damaged in transit); a short one none. */
const MAX_REPLACEMENT_RATIO = 0.005;
/** Real Chinese text keeps well above this share of common characters; mis-decoded bytes fall far below it. */
const MIN_COMMON_HAN_RATIO = 0.2;
/** Below this many Han characters the common-character share is too noisy to reject a text on. */
const MIN_HAN_FOR_RATIO = 50;
/** Short texts are rejected only when almost nothing is common: even a list of names has some common characters. */
const MIN_HAN_FOR_SHORT_RATIO = 5;
const MIN_COMMON_HAN_RATIO_SHORT = 0.1;
/** jschardet is worth about this many common characters: enough to break a near-tie, never to overturn evidence. */
const CHARDET_WEIGHT = 2;
/** jschardet is slow and its verdict settles early, so it only ever sees this much. */
const CHARDET_SAMPLE_BYTES = 16 * 1024;

const REPLACEMENT = 0xfffd;

function fail(code: Failure['code'], reason: string): Failure {
  return { ok: false, code, reason };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((b, i) => bytes[i] === b);
}

function asBuffer(bytes: Uint8Array): Buffer {
  // A view, not a copy: a 20 MB file should not be duplicated just to call Buffer methods on it.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function isBlank(text: string): boolean {
  // \s covers U+3000 (ideographic space) and U+FEFF, which are common padding in Chinese files.
  return !/\S/.test(text);
}

function percent(part: number, whole: number): string {
  const p = (100 * part) / Math.max(whole, 1);
  return p >= 10 ? `${Math.round(p)}%` : `${p.toFixed(1)}%`;
}

/** Decodes an imported page file; never throws, never returns mojibake as success. */
export function decodePageBytes(bytes: Uint8Array): DecodeResult {
  if (bytes.length === 0) return fail('EMPTY', 'is empty (0 bytes)');
  // UTF-32 BOMs must be checked first: FF FE 00 00 also starts with the UTF-16LE BOM.
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff])) {
    return fail('UNDECODABLE', 'starts with a UTF-32 byte-order mark — UTF-32 is not supported; re-save it as UTF-8');
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeUtf8Bom(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return decodeUtf16Bom(bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeUtf16Bom(bytes.subarray(2), 'utf-16be');
  return decodeWithoutBom(bytes);
}

/** Converts CRLF and lone CR line ends to LF and drops a leading BOM, so every encoding of a page compares equal. */
export function normalizeNewlines(text: string): string {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.replace(/\r\n?/g, '\n');
}

function decodeUtf8Bom(body: Uint8Array): DecodeResult {
  if (body.length === 0) return fail('EMPTY', 'contains only a UTF-8 byte-order mark and no text');
  const binary = findBinaryBytes(body, 3);
  if (binary !== null) return binary;
  const text = decodeUtf8(body);
  if (text !== null) return isBlank(text) ? blank() : { ok: true, text, encoding: 'utf-8-bom' };
  return afterLyingBom(body, 3, 'UTF-8', 'the rest is not valid UTF-8');
}

function decodeUtf16Bom(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodeResult {
  const label = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  if (body.length === 0) return fail('EMPTY', `contains only a ${label} byte-order mark and no text`);
  // UTF-16 is made of 2-byte units, so an odd length means the mark is an accident (or the file is cut).
  if (body.length % 2 === 1) return afterLyingBom(body, 2, label, `an odd number of bytes (${body.length}) follows it`);
  const text = decodeUtf16(body, encoding);
  const problem = implausibleText(text);
  if (problem === null) return isBlank(text) ? blank() : { ok: true, text, encoding };
  return afterLyingBom(body, 2, label, `read as ${label} ${problem}`);
}

/**
 * A byte-order mark whose content does not match it is not trusted: the bytes after it get the normal detection,
 * and if that fails too the file is undecodable — with the mark named, since it is what misleads other tools too.
 */
function afterLyingBom(body: Uint8Array, bomLength: number, label: string, why: string): DecodeResult {
  const detected = decodeWithoutBom(body, bomLength);
  if (detected.ok || detected.code === 'EMPTY') return detected;
  return fail(
    'UNDECODABLE',
    `starts with a ${label} byte-order mark, but ${why}; read without the mark, it ${detected.reason}`,
  );
}

/** `skipped` is how many bytes precede `bytes` in the file, so that offsets in reasons are file offsets. */
function decodeWithoutBom(bytes: Uint8Array, skipped = 0): DecodeResult {
  const binary = findBinaryBytes(bytes, skipped);
  if (binary !== null) {
    // NUL bytes are normal in UTF-16 written without a BOM; give that reading a (strict) chance first.
    const utf16 = decodeBomlessUtf16(bytes);
    return utf16 ?? binary;
  }

  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) return isBlank(utf8) ? blank() : { ok: true, text: utf8, encoding: 'utf-8' };

  const damage = scanUtf8(bytes);
  // GBK and Big5 bytes form valid UTF-8 sequences only by accident (about one character in ten), so a file
  // whose multi-byte sequences are overwhelmingly valid is UTF-8 that got damaged, not another encoding.
  if (damage.validMultiByte >= 3 && damage.validMultiByte >= 4 * damage.invalid) {
    return fail(
      'UNDECODABLE',
      `looks like UTF-8 but has ${damage.invalid} invalid byte sequence${damage.invalid === 1 ? '' : 's'} ` +
        `(first at offset ${skipped + damage.firstInvalid}) — the file seems damaged or cut short`,
    );
  }
  return decodeLegacy(bytes);
}

function blank(): Failure {
  return fail('EMPTY', 'contains only whitespace');
}

/**
 * NUL bytes, or more than a trace of other control bytes, mean this is not a text file. The scan covers the whole
 * file because a binary blob can sit anywhere; it is a single pass over bytes, cheap even for 20 MB.
 */
function findBinaryBytes(bytes: Uint8Array, skipped: number): Failure | null {
  const nulAt = asBuffer(bytes).indexOf(0);
  if (nulAt >= 0) {
    return fail(
      'BINARY',
      `contains NUL bytes (first at offset ${skipped + nulAt}) — looks like a binary file, not text`,
    );
  }
  let controls = 0;
  let firstControl = -1;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    // Tab, LF, VT, FF, CR are text; 0x1A is the DOS end-of-file mark some old tools still append.
    if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a) || b === 0x7f) {
      if (firstControl < 0) firstControl = i;
      controls++;
    }
  }
  if (controls > 0 && controls / bytes.length > MAX_CONTROL_RATIO) {
    return fail(
      'BINARY',
      `${percent(controls, bytes.length)} of its bytes are control codes (first at offset ${skipped + firstControl}) — ` +
        'looks like a binary file, not text',
    );
  }
  return null;
}

/** Strict UTF-8; a multi-byte character cut off at the very end is dropped rather than failing the file. */
function decodeUtf8(bytes: Uint8Array): string | null {
  // ignoreBOM keeps the decoder from silently eating a second mark; BOMs are handled explicitly above.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return decoder.decode(bytes);
  } catch {
    const cut = incompleteUtf8Tail(bytes);
    if (cut === 0 || cut >= bytes.length) return null;
    try {
      return decoder.decode(bytes.subarray(0, bytes.length - cut));
    } catch {
      return null;
    }
  }
}

/** Length of an unfinished multi-byte sequence at the end of the bytes, or 0. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && back <= end; back++) {
    const b = bytes[end - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: the lead is further back
    const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b <= 0xdf ? 2 : 0;
    return need > back ? back : 0;
  }
  return 0;
}

interface Utf8Scan {
  validMultiByte: number;
  invalid: number;
  firstInvalid: number;
}

/** Counts well-formed multi-byte sequences and errors, following the WHATWG UTF-8 decoder's byte ranges. */
function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let validMultiByte = 0;
  let invalid = 0;
  let firstInvalid = -1;
  const end = bytes.length - incompleteUtf8Tail(bytes);
  let i = 0;
  while (i < end) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    }
    let ok = need > 0 && i + need < end;
    for (let k = 1; ok && k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) ok = false;
    }
    if (ok) {
      validMultiByte++;
      i += need + 1;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { validMultiByte, invalid, firstInvalid };
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  const text = iconv.decode(asBuffer(body), encoding, { stripBOM: false });
  // A file cut between the two halves of a surrogate pair loses only that last character.
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

/**
 * UTF-16 without a BOM shows itself by NUL bytes sitting almost only in one byte of each pair (the high byte of
 * ASCII characters). That pattern, plus a strictly plausible decode, is required; anything else stays binary.
 */
function decodeBomlessUtf16(bytes: Uint8Array): DecodeResult | null {
  if (bytes.length < 4 || bytes.length % 2 === 1) return null;
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    }
  }
  // Han characters like 一 (U+4E00) have a zero low byte, so the other side may hold a few zeros, not many.
  let encoding: 'utf-16le' | 'utf-16be';
  if (oddZeros >= 8 * evenZeros && oddZeros > 0) encoding = 'utf-16le';
  else if (evenZeros >= 8 * oddZeros && evenZeros > 0) encoding = 'utf-16be';
  else return null;
  const text = decodeUtf16(bytes, encoding);
  if (implausibleText(text) !== null || isBlank(text)) return null;
  return { ok: true, text, encoding };
}

interface TextStats {
  chars: number;
  /** Controls other than whitespace, private-use characters, noncharacters and unpaired surrogates. */
  bad: number;
  replacements: number;
  han: number;
  commonHan: number;
}

function textStats(text: string): TextStats {
  const table = commonHan();
  let bad = 0;
  let replacements = 0;
  let han = 0;
  let common = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if ((c < 0x20 && (c < 0x09 || c > 0x0d) && c !== 0x1a) || c === 0x7f) bad++;
    } else if (c >= 0x4e00 && c <= 0x9fff) {
      han++;
      common += table[c] as number;
    } else if ((c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) {
      han++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // Astral Han (extension B and later) is real but rare; Big5-HKSCS maps some byte pairs there.
        if (c >= 0xd840 && c <= 0xd8bf) han++;
        i++;
      } else bad++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad++;
    } else if (c === REPLACEMENT) {
      replacements++;
    } else if ((c >= 0xe000 && c <= 0xf8ff) || c === 0xfffe || c === 0xffff || (c >= 0x80 && c <= 0x9f)) {
      bad++;
    }
  }
  return { chars: len, bad, replacements, han, commonHan: common };
}

/** Why a decoded text cannot be real text, or null if it can. */
function implausibleText(text: string): string | null {
  const stats = textStats(text);
  if (stats.chars === 0) return null;
  if (stats.bad / stats.chars > MAX_BAD_CHAR_RATIO) {
    return `gives ${percent(stats.bad, stats.chars)} control, private-use or broken characters`;
  }
  // No allowance below 200 characters: one broken sequence in a short text already points to the wrong encoding.
  if (stats.replacements > Math.floor(stats.chars * MAX_REPLACEMENT_RATIO)) {
    return `gives ${stats.replacements} invalid byte sequences`;
  }
  const commonRatio = stats.commonHan / Math.max(stats.han, 1);
  if (
    (stats.han >= MIN_HAN_FOR_RATIO && commonRatio < MIN_COMMON_HAN_RATIO) ||
    (stats.han >= MIN_HAN_FOR_SHORT_RATIO && commonRatio < MIN_COMMON_HAN_RATIO_SHORT)
  ) {
    return `gives almost only rare characters (${percent(stats.commonHan, stats.han)} common)`;
  }
  return null;
}

/**
 * Picks the bytes to score the two legacy encodings on: the whole file if small, else a slice from the start and
 * one from the middle. Slices are cut at line feeds, which never occur inside a GB18030 or Big5 character, so
 * scoring sees no artificial broken characters.
 */
function legacySample(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 4 * SAMPLE_BYTES) return bytes;
  const buf = asBuffer(bytes);
  const slice = (from: number): Uint8Array => {
    let start = from;
    if (from > 0) {
      const nl = buf.indexOf(0x0a, from);
      if (nl >= 0 && nl < from + SAMPLE_BYTES / 2) start = nl + 1;
    }
    let end = Math.min(start + SAMPLE_BYTES, bytes.length);
    const nl = buf.lastIndexOf(0x0a, end - 1);
    if (nl > start) end = nl + 1;
    return bytes.subarray(start, end);
  };
  return Buffer.concat([slice(0), slice(Math.floor(bytes.length / 2))]);
}

/** jschardet's opinion on a short sample, mapped onto our two candidates. */
function chardetVote(sample: Uint8Array): { encoding: LegacyEncoding; confidence: number } | null {
  let guess: { encoding: string | null; confidence: number };
  try {
    guess = jschardet.detect(asBuffer(sample.subarray(0, CHARDET_SAMPLE_BYTES)));
  } catch {
    // A detector crash is no reason to refuse a file: the frequency score alone still decides.
    return null;
  }
  // The typings promise a string, but jschardet returns null when it has no guess at all.
  const name = (guess.encoding ?? '').toUpperCase();
  if (name === 'GB2312' || name === 'GB18030' || name === 'GBK') {
    return { encoding: 'gb18030', confidence: guess.confidence };
  }
  if (name === 'BIG5' || name === 'EUC-TW') return { encoding: 'big5', confidence: guess.confidence };
  return null;
}

function legacyScore(stats: TextStats): number {
  // Common characters are the evidence; invalid sequences and impossible characters count against, hard.
  return stats.commonHan - 4 * stats.replacements - 2 * stats.bad;
}

/** Length of an unfinished GB18030/Big5 character at the end of the bytes, or 0. */
function incompleteLegacyTail(bytes: Uint8Array, encoding: LegacyEncoding): number {
  // Bytes below 0x30 are never part of a multi-byte character in either encoding: start parsing after the last one.
  let i = bytes.length;
  while (i > 0 && (bytes[i - 1] as number) >= 0x30) i--;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    let need = 1;
    if (b >= 0x81 && b <= 0xfe) {
      const second = bytes[i + 1];
      need = encoding === 'gb18030' && second !== undefined && second >= 0x30 && second <= 0x39 ? 4 : 2;
    }
    if (i + need > bytes.length) return bytes.length - i;
    i += need;
  }
  return 0;
}

function decodeLegacy(bytes: Uint8Array): DecodeResult {
  const sample = legacySample(bytes);
  const vote = chardetVote(sample);
  const score = (encoding: LegacyEncoding): { encoding: LegacyEncoding; text: string; score: number } => {
    const text = iconv.decode(asBuffer(sample), encoding);
    const bonus = vote?.encoding === encoding ? CHARDET_WEIGHT * vote.confidence : 0;
    return { encoding, text, score: legacyScore(textStats(text)) + bonus };
  };
  const gb = score('gb18030');
  const big5 = score('big5');
  // On a tie GB18030 wins: it is what mainland newspapers, most of this app's material, were saved in.
  const best = big5.score > gb.score ? big5 : gb;

  const cut = incompleteLegacyTail(bytes, best.encoding);
  const whole = cut > 0 && cut < bytes.length ? bytes.subarray(0, bytes.length - cut) : bytes;
  const text = whole === sample ? best.text : iconv.decode(asBuffer(whole), best.encoding);
  const label = best.encoding === 'gb18030' ? 'GB18030' : 'Big5';
  const problem = implausibleText(text);
  if (problem !== null) {
    return fail(
      'UNDECODABLE',
      `is not valid UTF-8, and read as ${label} (the likelier of GB18030 and Big5) it ${problem}`,
    );
  }
  return isBlank(text) ? blank() : { ok: true, text, encoding: best.encoding };
}
