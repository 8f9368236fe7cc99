import type { Notice } from '../call/call-state';

/**
 * Feature detection at run time — never user-agent sniffing (issue 7, "Compatibility").
 * Each missing capability maps to a fallback and a notice in plain words.
 */
export interface AudioEnvironment {
  secureContext: boolean;
  getUserMedia: boolean;
  audioWorklet: boolean;
  webAssembly: boolean;
}

type Scope = Window & { AudioWorkletNode?: unknown; WebAssembly?: { instantiate?: unknown } };

export function detectAudioEnvironment(w: Scope = window): AudioEnvironment {
  // deleted or never defined in some browsers, whatever lib.dom says
  const ctor: unknown = (w as { AudioContext?: unknown }).AudioContext;
  return {
    secureContext: w.isSecureContext,
    getUserMedia: typeof w.navigator.mediaDevices?.getUserMedia === 'function',
    audioWorklet:
      typeof w.AudioWorkletNode === 'function' && typeof ctor === 'function' && 'audioWorklet' in (ctor as { prototype: object }).prototype,
    webAssembly: typeof w.WebAssembly === 'object' && typeof w.WebAssembly?.instantiate === 'function',
  };
}

/** The https address of this very page, for the insecure-origin notice. */
export function secureUrlOf(href: string): string {
  const u = new URL(href);
  u.protocol = 'https:';
  return u.toString();
}

export function insecureOriginNotice(href: string): Notice {
  return {
    kind: 'insecure-origin',
    message:
      'Your browser only lets a page use the microphone over a secure (https) connection, and this page was opened over plain http. ' +
      'Open the secure address below to talk, or type and use the keypad here.',
    link: { href: secureUrlOf(href), label: 'Open the secure page' },
  };
}

/** Plain-words instructions for the mic permission, per browser family detected by feature, not UA. */
export function permissionDeniedNotice(): Notice {
  return {
    kind: 'permission-denied',
    message:
      'The microphone is blocked for this site. To allow it, click the lock or settings icon at the left of the address bar, ' +
      'set Microphone to "Allow", then press "Talk to us" again. Until then you can type or use the keypad.',
  };
}

export const noMicrophoneNotice: Notice = {
  kind: 'no-microphone',
  message: 'We could not find a microphone on this device. You can type what you need or use the keypad instead.',
};

export const noAudioWorkletNotice: Notice = {
  kind: 'no-audio-worklet',
  message: 'This browser lacks AudioWorklet, so audio is captured the older way (ScriptProcessor). It works, with a little more delay.',
};

export const serverVadNotice: Notice = {
  kind: 'server-vad',
  message:
    'Speech detection could not load in this browser, so your audio is sent as-is and our server detects when you speak (server VAD).',
};
