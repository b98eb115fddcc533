import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, bearerMatches, isLoopbackHost, makeToken } from './security.ts';

describe('host security', () => {
  it('makes a fresh 32-byte token per call', () => {
    const a = makeToken();
    const b = makeToken();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
  });

  it.each([
    [undefined, false],
    ['', false],
    ['tok', false],
    ['Bearer ', false],
    ['bearer tok', false],
    ['Bearer tokx', false],
    ['Bearer to', false],
    ['Bearer tok', true],
  ])('Authorization %j → %s', (header, ok) => {
    expect(bearerMatches(header, 'tok')).toBe(ok);
  });

  it.each([
    ['127.0.0.1:4100', true],
    ['localhost:4100', true],
    ['LOCALHOST:4100', true],
    ['[::1]:4100', true],
    ['127.0.0.1:4101', false],
    ['127.0.0.1', false],
    ['evil.example:4100', false],
    ['127.0.0.1.evil.example:4100', false],
    [undefined, false],
  ])('Host %j → %s', (host, ok) => {
    expect(isLoopbackHost(host, 4100)).toBe(ok);
  });

  it('allows no remote origin and no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
