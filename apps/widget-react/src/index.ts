export { CallController, type CallControllerOptions } from './call/call-controller';
export { defineSwitchboardVoice, SwitchboardVoiceElement } from './element/switchboard-voice-element';
export { SwitchboardVoice, type SwitchboardVoiceProps, type WidgetTheme } from './switchboard-voice';
export { VoiceWidget } from './widget/voice-widget';
