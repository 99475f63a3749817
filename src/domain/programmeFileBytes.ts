/**
 * What a programme file's bytes are before they are read as YAML. Only UTF-8 text is a programme file
 * (a BOM and CRLF line ends are fine); anything else is named, so the coordinator can save it again
 * as UTF-8 instead of importing a file whose "café" has silently become "caf�".
 */

/** A programme of a thousand projects with their history is well under 1 MB; 2 MB leaves room. */
export const MAX_PROGRAMME_FILE_BYTES = 2 * 1024 * 1024;

export type FileEncodingProblem =
  | { kind: 'tooLarge'; bytes: number; maxBytes: number }
  | { kind: 'utf16' }
  | { kind: 'windows1252'; character: string; line: number }
  | { kind: 'zip' }
  | { kind: 'binary' };

export type DecodedProgrammeFile = { ok: true; text: string } | { ok: false; problem: FileEncodingProblem };

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
/** How much of the start is sampled for the tell-tale NUL bytes of UTF-16. */
const SAMPLE = 512;

/** A file of `bytes` is refused by its size alone, before a byte of it is read. */
export function programmeFileSizeProblem(bytes: number): FileEncodingProblem | null {
  return bytes > MAX_PROGRAMME_FILE_BYTES
    ? { kind: 'tooLarge', bytes, maxBytes: MAX_PROGRAMME_FILE_BYTES }
    : null;
}

export function decodeProgrammeFile(bytes: Uint8Array): DecodedProgrammeFile {
  const tooLarge = programmeFileSizeProblem(bytes.length);
  if (tooLarge) return { ok: false, problem: tooLarge };
  if (startsWith(bytes, ZIP_SIGNATURE)) return { ok: false, problem: { kind: 'zip' } };
  if (looksLikeUtf16(bytes)) return { ok: false, problem: { kind: 'utf16' } };
  if (bytes.includes(0)) return { ok: false, problem: { kind: 'binary' } };
  try {
    // ignoreBOM false (the default): a UTF-8 BOM is dropped, as editors on Windows write one.
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: describeNonUtf8(bytes) };
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function looksLikeUtf16(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  // Without a BOM, ASCII text in UTF-16 has a NUL in every other byte: at odd offsets (little-endian)
  // or even ones (big-endian). Any other NUL pattern is binary.
  const sample = bytes.subarray(0, SAMPLE - (Math.min(bytes.length, SAMPLE) % 2));
  if (sample.length < 2) return false;
  let evenNuls = 0;
  let oddNuls = 0;
  sample.forEach((byte, index) => {
    if (byte === 0) index % 2 === 0 ? evenNuls++ : oddNuls++;
  });
  const pairs = sample.length / 2;
  return oddNuls >= pairs * 0.9 !== evenNuls >= pairs * 0.9;
}

/**
 * Text that is not UTF-8 and has no NUL is nearly always Windows-1252 (Notepad's "ANSI" on a Dutch or
 * English Windows); its first such character and line tell the coordinator where to look. Control
 * characters that text never holds mark it binary instead.
 */
function describeNonUtf8(bytes: Uint8Array): FileEncodingProblem {
  const offset = firstInvalidUtf8Offset(bytes);
  const controls = bytes.filter((byte) => byte < 0x09 || (byte > 0x0d && byte < 0x20)).length;
  if (offset === null || controls > bytes.length / 100) return { kind: 'binary' };
  const character = windows1252Character(bytes[offset] ?? 0);
  let line = 1;
  for (let index = 0; index < offset; index++) if (bytes[index] === 0x0a) line++;
  return { kind: 'windows1252', character, line };
}

function firstInvalidUtf8Offset(bytes: Uint8Array): number | null {
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) return index;
    index += length;
  }
  return null;
}

/** The length of the valid UTF-8 sequence at `index`, or 0 when there is none. */
function sequenceLength(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] ?? 0;
  if (lead < 0x80) return 1;
  const length =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0;
  if (length === 0 || index + length > bytes.length) return 0;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(index, index + length));
    return length;
  } catch {
    return 0;
  }
}

/** Windows-1252's 0x80–0x9F (Node's TextDecoder reads that range as Latin-1's control characters). */
const WINDOWS_1252_HIGH_CONTROLS = '€�‚ƒ„…†‡ˆ‰Š‹Œ�Ž��‘’“”•–—˜™š›œ�žŸ';

function windows1252Character(byte: number): string {
  if (byte >= 0x80 && byte < 0xa0) return WINDOWS_1252_HIGH_CONTROLS[byte - 0x80] ?? '?';
  return String.fromCharCode(byte);
}
