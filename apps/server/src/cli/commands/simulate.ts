import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createEmbeddedClassifier } from '@switchboard/ivr';
import { type CallEvent, type Flow, parseScenario } from '@switchboard/protocol';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../adapters/storage/sqlite-store.js';
import { createPocketsphinxStt } from '../../adapters/stt/pocketsphinx-stt.js';
import { loadSileroNode } from '../../adapters/vad/silero-node.js';
import { createSqliteEventLog } from '../../call/sqlite-event-log.js';
import { SimulatedClock } from '../../clock/simulated-clock.js';
import { loadFlow } from '../../flows.js';
import { DataFileError, loadDataFile } from '../../sim/load-data-file.js';
import { type ExpectFailure, runScenario } from '../../sim/run-scenario.js';
import { startSimCarriers } from '../../sim/sim-carriers.js';
import type { SpeechInput } from '../../sim/speech-input.js';
import { createWavSpeechInput } from '../../speech/wav-speech-input.js';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage: switchboard simulate FILE [--flow FILE]

Runs a scenario (JSON or YAML, shared/DESIGN.md "Scenario file") through the real engine and
call runtime with a simulated clock, a SQLite store and the carrier simulators (Twilio,
Telnyx, SignalWire on 127.0.0.1) behind the failover router, and prints one JSON event per
line on stdout.

Steps: say, dtmf, wait (ms; timers fire), consent (yes|no, the web button), audio (FILE.wav),
hangup, carrier ({provider, fault}), agents ({queue, available, staffed?}), payment (start|end: card
entry), expect (an event since the previous expect's event has these fields), expectNone (no
event so far has these fields). A scenario may set classifyUsByAreaCode: true. Prompts play
to the end at once (no TTS): only wait moves the clock.

Options:
  --flow FILE   the flow to run (YAML or JSON); default: the scenario's "flow", else the
                default flow (packages/ivr/flows/default.yaml)
  --db FILE     keep the SQLite database (consent, recordings, audit, call log) in FILE;
                default: a temporary file removed afterwards
  --help        this text

Exit codes: 0 every expect held; 1 an expect failed (stderr names it and lists the events
seen since the previous expect); 2 invalid scenario or flow file (names the file, the field
path and what is wrong); 70 internal error.`;

function parseArgs(argv: string[]): { file: string; flowPath: string | undefined; dbPath: string | undefined } {
  let file: string | undefined;
  let flowPath: string | undefined;
  let dbPath: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--flow') {
      flowPath = argv[++i];
      if (!flowPath) throw new UsageError('--flow needs a file');
    } else if (arg.startsWith('--flow=')) flowPath = arg.slice('--flow='.length);
    else if (arg === '--db') {
      dbPath = argv[++i];
      if (!dbPath) throw new UsageError('--db needs a file');
    } else if (arg.startsWith('--db=')) dbPath = arg.slice('--db='.length);
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (file) throw new UsageError(`one scenario file at a time (got ${file} and ${arg})`);
    else file = arg;
  }
  if (!file) throw new UsageError('which scenario? (a FILE argument is required)');
  return { file, flowPath, dbPath };
}

/** The flow named by --flow, else by the scenario ("default", an id under packages/ivr/flows, or a path). */
async function flowFor(flowArg: string | undefined, scenarioFlow: string | undefined, scenarioFile: string): Promise<Flow> {
  if (flowArg) return loadFlow(flowArg);
  if (!scenarioFlow || scenarioFlow === 'default') return loadFlow();
  if (/\.(ya?ml|json)$/i.test(scenarioFlow)) return loadFlow(resolve(scenarioFile, '..', scenarioFlow));
  return loadFlow(resolve(import.meta.dirname, '../../../../../packages/ivr/flows', `${scenarioFlow}.yaml`));
}

function explain(file: string, failure: ExpectFailure): string {
  if (failure.absent) {
    return `${file}: steps[${failure.step}].expectNone did not hold: ${JSON.stringify(failure.expected)} matched\n    ${JSON.stringify(failure.seen[0])}\n`;
  }
  const lines = [`${file}: steps[${failure.step}].expect did not hold: ${JSON.stringify(failure.expected)}`];
  lines.push(`  events since the previous expect (${failure.seen.length}):`);
  for (const event of failure.seen) lines.push(`    ${JSON.stringify(event)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `audio:` steps go through the embedded speech pipeline a live call uses: Silero v5 on
 * onnxruntime-node, then pocketsphinx with the flow's grammar. Loaded on the first audio step
 * only, so scenarios without audio don't pay for the model.
 */
function embeddedSpeechInput(flow: Flow): SpeechInput {
  let pipeline: Promise<SpeechInput> | undefined;
  return {
    async transcribe(wavPath) {
      pipeline ??= Promise.all([loadSileroNode(), createPocketsphinxStt({ flow })]).then(([vad, stt]) =>
        createWavSpeechInput({ vad, stt }),
      );
      return (await pipeline).transcribe(wavPath);
    },
  };
}

export const command: Command = {
  name: 'simulate',
  summary: 'Run a call scenario with a simulated clock; JSONL events out, exit 1 if an expect fails.',
  usage,
  async run(argv, io) {
    const { file, flowPath, dbPath } = parseArgs(argv);
    let flow: Flow;
    let raw: unknown;
    try {
      raw = await loadDataFile(file);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return ExitCode.invalidInput;
    }
    const parsed = parseScenario(raw);
    if (!parsed.ok) {
      for (const issue of parsed.issues) io.stderr.write(`${file}: ${issue.path}: ${issue.message}\n`);
      return ExitCode.invalidInput;
    }
    // A recording the scenario names but that is not there makes the file invalid, before any call starts.
    const missing = parsed.value.steps.flatMap((step, i) =>
      step.kind === 'audio' && !existsSync(resolve(dirname(resolve(file)), step.value))
        ? [`${file}: steps[${i}].audio: no such file ${step.value}`]
        : [],
    );
    if (missing.length) {
      io.stderr.write(`${missing.join('\n')}\n`);
      return ExitCode.invalidInput;
    }
    try {
      flow = await flowFor(flowPath, parsed.value.flow, file);
    } catch (error) {
      if (!(error instanceof DataFileError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return ExitCode.invalidInput;
    }

    const clock = new SimulatedClock();
    const now = () => new Date(clock.now());
    // Real parts: the SQLite compliance store and call log in a file, the carrier simulators
    // behind the real failover router. A temporary file unless --db keeps it for inspection.
    const tmp = dbPath ? undefined : mkdtempSync(join(tmpdir(), 'switchboard-simulate-'));
    const dbFile = dbPath ?? join(tmp as string, 'simulate.db');
    const compliance = await openSqliteStore(dbFile, { now });
    const callDb = new Database(dbFile);
    const carriers = await startSimCarriers();
    try {
      const result = await runScenario({
        scenario: parsed.value,
        scenarioPath: resolve(file),
        flow,
        clock,
        classifier: createEmbeddedClassifier(flow, { now }),
        compliance,
        log: createSqliteEventLog(callDb),
        carriers,
        speech: embeddedSpeechInput(flow),
        onEvent: (event: CallEvent) => io.stdout.write(`${JSON.stringify(event)}\n`),
      });
      for (const failure of result.failures) io.stderr.write(explain(file, failure));
      return result.failures.length ? ExitCode.failed : ExitCode.ok;
    } finally {
      await carriers.close();
      callDb.close();
      await compliance.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  },
};
