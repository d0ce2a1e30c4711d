// Base64 of file bytes for web-mode uploads, built in slices so a 20 MB file never becomes one giant
// argument list or one giant intermediate string of char codes.

/** Bytes per slice: a multiple of 3, so the slices' base64 can be concatenated without padding inside. */
const SLICE_BYTES = 3 * 8192;

/** Length of the base64 text for `byteLength` bytes (with padding). */
export function base64Length(byteLength: number): number {
  return 4 * Math.ceil(byteLength / 3);
}

interface NativeBase64 {
  toBase64?: () => string;
}

/** Standard base64 (RFC 4648, with padding) of `bytes`; `useNative: false` forces the portable path. */
export function bytesToBase64(bytes: Uint8Array, useNative = true): string {
  // Uint8Array.prototype.toBase64 (Chromium 140+, so Electron 45) does it in one native pass.
  const native = (bytes as NativeBase64).toBase64;
  if (useNative && typeof native === 'function') return native.call(bytes);
  const parts: string[] = [];
  for (let start = 0; start < bytes.length; start += SLICE_BYTES) {
    const slice = bytes.subarray(start, start + SLICE_BYTES);
    // One bounded apply per slice: never an argument list as long as the file.
    parts.push(btoa(String.fromCharCode.apply(null, slice as unknown as number[])));
  }
  return parts.join('');
}
