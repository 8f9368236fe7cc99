/** Text-to-speech port: 16 kHz mono Int16, the same format the browser plays from the socket. */
export interface TextToSpeech {
  readonly name: string;
  synthesize(text: string): Promise<Int16Array>;
}
