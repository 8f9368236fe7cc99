import type { EngineEvent } from '@switchboard/protocol';

type Distribute<E> = E extends { type: string } ? E : never;
type WithoutStamp<E> = Distribute<E> extends infer X ? (X extends EngineEvent ? Omit<X, 'id' | 'atMs'> & { id?: string } : never) : never;

/**
 * What a transport, the simulator or a timer hands the runtime: an engine input without its
 * time (the runtime stamps `atMs` from the clock) and, for speech, without the classification
 * (the runtime classifies first). `id` is the delivery id; a repeat is ignored. The call's
 * opening (`call.connected`) goes through `runtime.connect`, not here.
 */
export type CallInput =
  | { type: 'caller.said'; id?: string; text: string }
  | Exclude<WithoutStamp<EngineEvent>, { type: 'caller.said' } | { type: 'call.connected' }>;
