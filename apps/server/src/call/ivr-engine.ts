import { type EngineState, initialState, isEnded, step } from '@switchboard/ivr';
import type { Engine } from './ports.js';

/** The real dialogue engine behind the runtime's Engine port. */
export const ivrEngine: Engine<EngineState> = { initialState, step, isEnded };
