import { VAD_ASSET_PATH } from '../audio/vad-assets';

/**
 * Where the widget finds its Switchboard server. On the server's own page everything is
 * same-origin; embedded on a business's site (`<switchboard-voice server="https://voice.example">`
 * or `<SwitchboardVoice server=…>`) every URL points at that server instead of the host page.
 */
export interface ServerEndpoints {
  /** POST here to start a call. */
  sessions: string;
  /** The capture AudioWorklet module (worklets/capture-processor.js). */
  worklet: string;
  /** Silero v5 model and onnxruntime-web's WASM, ending in "/" (vad-web and ort append file names). */
  vadAssets: string;
}

/** `server` is the server's base URL; without it, the page's own origin. Throws naming a bad URL. */
export function serverEndpoints(server: string | undefined, pageUrl: string): ServerEndpoints {
  let base: URL;
  try {
    base = new URL(server ?? '/', pageUrl);
  } catch {
    throw new Error(`server "${server}" is not a URL (expected e.g. https://voice.example.com)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`server "${server}" must be an http(s) URL`);
  const at = (path: string) => new URL(path, base.origin).toString();
  return { sessions: at('/api/sessions'), worklet: at('/worklets/capture-processor.js'), vadAssets: at(VAD_ASSET_PATH) };
}
