import { type EngineState, initialState, isEnded, isPaying, step } from '@switchboard/ivr';
import type { Engine } from './ports.js';

/** The real dialogue engine behind the runtime's Engine port. */
export const ivrEngine: Engine<EngineState> = {
  initialState,
  step,
  isEnded,
  applied: (state, inputId) => state.seen.includes(inputId),
  isPaying,
  consent: (state) => state.consent.status,
};
