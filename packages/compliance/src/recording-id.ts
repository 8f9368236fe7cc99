/**
 * Recording ids that cannot be guessed (issue 4): 128 random bits from Web Crypto
 * (`crypto.getRandomValues`, in Node and browsers), as hex with a prefix so an id is
 * recognisable in logs — never a hash of session and time, which an attacker could enumerate.
 */
export const RECORDING_ID_PATTERN = /^rec_[0-9a-f]{32}$/;

export function newRecordingId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return `rec_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
