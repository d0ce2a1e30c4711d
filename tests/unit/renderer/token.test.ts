import { describe, expect, it } from 'vitest';

import { takeTokenFromHash } from '../../../src/renderer/src/api/token';

describe('takeTokenFromHash', () => {
  it('takes the token printed by `galley serve`', () => {
    expect(takeTokenFromHash('#token=0123abcd')).toEqual({ token: '0123abcd', hash: '' });
  });

  it('keeps a route that shares the fragment', () => {
    expect(takeTokenFromHash('#/page/12&token=abc')).toEqual({ token: 'abc', hash: '#/page/12' });
    expect(takeTokenFromHash('#token=abc&/page/3')).toEqual({ token: 'abc', hash: '#/page/3' });
  });

  it('leaves fragments without a token alone', () => {
    expect(takeTokenFromHash('')).toEqual({ token: null, hash: '' });
    expect(takeTokenFromHash('#')).toEqual({ token: null, hash: '' });
    expect(takeTokenFromHash('#/page/7')).toEqual({ token: null, hash: '#/page/7' });
    expect(takeTokenFromHash('#/')).toEqual({ token: null, hash: '#/' });
  });

  it('decodes escapes and ignores an empty token', () => {
    expect(takeTokenFromHash('#token=a%2Bb')).toEqual({ token: 'a+b', hash: '' });
    expect(takeTokenFromHash('#token=%E0%A4%A')).toEqual({ token: '%E0%A4%A', hash: '' });
    expect(takeTokenFromHash('#token=')).toEqual({ token: null, hash: '' });
  });

  it('accepts a hash without its leading #', () => {
    expect(takeTokenFromHash('token=xyz')).toEqual({ token: 'xyz', hash: '' });
  });
});
