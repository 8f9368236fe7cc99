import { useSyncExternalStore } from 'react';
import type { CallController } from '../call/call-controller';
import type { CallState } from '../call/call-state';

export function useCallState(controller: CallController): CallState {
  return useSyncExternalStore(controller.subscribe, controller.getState);
}
