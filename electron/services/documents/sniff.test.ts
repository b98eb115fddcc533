import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.ts';
import { sniffMediaType } from './sniff.ts';

const b = (...xs: (number | string)[]) => new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...Buffer.from(x, 'latin1')] : [x])));

describe('sniffMediaType', () => {
  it.each([
    [b(0x89, 'PNG\r\n\x1a\n', 0, 0), 'image/png'],
    [b(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    [b('II*\0', 8, 0, 0, 0), 'image/tiff'],
    [b('MM\0*', 0, 0, 0, 8), 'image/tiff'],
    [b('RIFF', 0, 0, 0, 0, 'WEBPVP8L'), 'image/webp'],
    [b('%PDF-1.7\n'), 'application/pdf'],
    [b('\r\n\xef\xbb\xbf%PDF-1.4\n'), 'application/pdf'], // a little junk before the header, as readers allow
  ])('%#: %s', (bytes, type) => {
    expect(sniffMediaType(bytes)).toBe(type);
  });

  it.each([
    ['empty', new Uint8Array(0), 'empty_file'],
    ['text', b('hello, this is text\n'), 'unsupported_format'],
    ['RIFF but WAVE', b('RIFF', 0, 0, 0, 0, 'WAVEfmt '), 'unsupported_format'],
    ['GIF', b('GIF89a'), 'unsupported_format'],
  ])('%s is refused', (_name, bytes, kind) => {
    try {
      sniffMediaType(bytes);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).kind).toBe(kind);
    }
  });
});
