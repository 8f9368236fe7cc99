import { describe, expect, it } from 'vitest';
import { serverEndpoints } from './server-endpoints';

describe('serverEndpoints', () => {
  it('uses the page origin when no server is named', () => {
    expect(serverEndpoints(undefined, 'https://shop.example/help?x=1')).toEqual({
      sessions: 'https://shop.example/api/sessions',
      worklet: 'https://shop.example/worklets/capture-processor.js',
      vadAssets: 'https://shop.example/vendor/vad/',
    });
  });

  it('points every URL at the named server, whatever path it was given with', () => {
    const e = serverEndpoints('https://voice.example:8443/some/path', 'https://shop.example/');
    expect(e.sessions).toBe('https://voice.example:8443/api/sessions');
    expect(e.vadAssets).toBe('https://voice.example:8443/vendor/vad/');
  });

  it('names a server attribute that is not an http(s) URL', () => {
    expect(() => serverEndpoints('javascript:alert(1)', 'https://shop.example/')).toThrow(/must be an http\(s\) URL/);
    expect(() => serverEndpoints('http://', 'https://shop.example/')).toThrow(/is not a URL/);
  });
});
