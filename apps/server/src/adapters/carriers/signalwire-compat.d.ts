// @signalwire/compatibility-api ships typings (compatibility-api.d.ts) that its package.json
// "exports" hides from TypeScript's bundler resolution; declare the two parts we use.
declare module '@signalwire/compatibility-api' {
  interface LamlVoiceResponse {
    toString(): string;
  }
  export const RestClient: {
    validateRequest(signingKey: string, signature: string, url: string, params: Record<string, string>): boolean;
    LaML: { VoiceResponse: new () => LamlVoiceResponse };
  };
}
