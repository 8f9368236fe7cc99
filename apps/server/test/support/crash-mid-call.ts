import { openCall } from './open-call.js';

/**
 * Child process of restart-safety.test.ts: a German caller agrees to recording, card entry
 * starts, and the process dies by SIGKILL with the recording paused — no clean shutdown.
 */
const [dbPath, callId] = process.argv.slice(2) as [string, string];
const call = await openCall(dbPath, callId);
await call.connect('+4930901820');
await call.runtime.input({ type: 'caller.said', id: 'said-yes', text: 'yes, you may record' });
await call.runtime.input({ type: 'payment.started', id: 'pay-1' });
await call.runtime.input({ type: 'caller.dtmf', id: 'card-4', digit: '4' });
await call.runtime.idle();
process.stdout.write(`${JSON.stringify(call.events)}\n`);
process.kill(process.pid, 'SIGKILL');
