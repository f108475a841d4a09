import { describe, expect, it } from 'vitest';
import { parseEngineAddress, sameOriginApiUrl, tokenFromFragment } from './engine-url';

describe('parseEngineAddress', () => {
  it('takes the link `stratus serve` prints, token included', () => {
    expect(parseEngineAddress('http://127.0.0.1:7420/#token=abc123')).toEqual({ url: 'ws://127.0.0.1:7420/api', token: 'abc123' });
  });

  it('accepts a bare host and port, and secure schemes', () => {
    expect(parseEngineAddress(' 10.0.0.5:7420 ')).toEqual({ url: 'ws://10.0.0.5:7420/api', token: null });
    expect(parseEngineAddress('https://desk.example.com')).toEqual({ url: 'wss://desk.example.com/api', token: null });
    expect(parseEngineAddress('wss://desk.example.com/stratus/api')).toEqual({ url: 'wss://desk.example.com/stratus/api', token: null });
  });

  it('refuses what is not an engine address', () => {
    expect(parseEngineAddress('')).toBeNull();
    expect(parseEngineAddress('ftp://host/api')).toBeNull();
    expect(parseEngineAddress('http://')).toBeNull();
  });
});

describe('sameOriginApiUrl', () => {
  it('points at /api on the serving host, secure when the page is', () => {
    expect(sameOriginApiUrl({ protocol: 'http:', host: '127.0.0.1:7420' })).toBe('ws://127.0.0.1:7420/api');
    expect(sameOriginApiUrl({ protocol: 'https:', host: 'desk.example.com' })).toBe('wss://desk.example.com/api');
    expect(sameOriginApiUrl({ protocol: 'file:', host: '' })).toBeNull();
  });
});

describe('tokenFromFragment', () => {
  it('reads #token= and nothing else', () => {
    expect(tokenFromFragment('#token=a%2Bb')).toBe('a+b');
    expect(tokenFromFragment('#other=1')).toBeNull();
    expect(tokenFromFragment('')).toBeNull();
  });
});
