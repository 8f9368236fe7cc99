import { createInterface } from 'node:readline';
import { type Classifier, createEmbeddedClassifier, createFallbackClassifier, isClassifierError } from '@switchboard/ivr';
import type { Classification, Flow } from '@switchboard/protocol';
import { createOpenAiCompatibleClassifier } from '../../adapters/llm/openai-compatible-classifier.js';
import { EnvError, parseEnv } from '../../env.js';
import { loadFlow } from '../../flows.js';
import { DataFileError } from '../../sim/load-data-file.js';
import { type CliIo, type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage: switchboard classify [TEXT] [--flow FILE] [--embedded] [--llm-timeout MS]

Classifies what a caller said and prints one JSON line:
  {"intent":…,"confidence":…,"sentiment":…,"entities":{…}}
Without TEXT, reads one utterance per line from stdin and prints one JSON line per line.

Options:
  --flow FILE   the flow whose intents to use (YAML or JSON); default: packages/ivr/flows/default.yaml
  --embedded    use the embedded classifier even when an LLM is configured
  --llm-timeout MS  how long to wait for the LLM before falling back (default 4000)
  --help        this text

Environment: SWITCHBOARD_LLM_URL (an OpenAI-compatible API base, e.g. http://127.0.0.1:11434/v1),
SWITCHBOARD_LLM_MODEL and optionally SWITCHBOARD_LLM_API_KEY select the LLM classifier; when it
errs, times out or answers invalid JSON, the embedded classifier answers instead (stderr says so).

Exit codes: 0 ok; 2 bad arguments, configuration or flow file (names the file and field); 70 internal error.`;

interface Args {
  text: string | undefined;
  flowPath: string | undefined;
  embedded: boolean;
  llmTimeoutMs: number | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { text: undefined, flowPath: undefined, embedded: false, llmTimeoutMs: undefined };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--embedded') args.embedded = true;
    else if (arg === '--flow') {
      args.flowPath = argv[++i];
      if (!args.flowPath) throw new UsageError('--flow needs a file');
    } else if (arg.startsWith('--flow=')) args.flowPath = arg.slice('--flow='.length);
    else if (arg === '--llm-timeout') {
      const ms = Number(argv[++i]);
      if (!Number.isInteger(ms) || ms <= 0) throw new UsageError('--llm-timeout needs a positive whole number of milliseconds');
      args.llmTimeoutMs = ms;
    } else if (arg === '--') {
      words.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else words.push(arg);
  }
  // `switchboard classify I was charged twice` works as well as a quoted TEXT.
  if (words.length) args.text = words.join(' ');
  return args;
}

function line(result: Classification): string {
  const { intent, confidence, sentiment, entities } = result;
  return `${JSON.stringify({ intent, confidence, sentiment, entities })}\n`;
}

function chooseClassifier(flow: Flow, args: Args, io: CliIo): Classifier {
  const now = () => new Date();
  const embedded = createEmbeddedClassifier(flow, { now });
  if (args.embedded) return embedded;
  const env = parseEnv();
  if (!env.SWITCHBOARD_LLM_URL || !env.SWITCHBOARD_LLM_MODEL) return embedded;
  const llm = createOpenAiCompatibleClassifier({
    url: env.SWITCHBOARD_LLM_URL,
    model: env.SWITCHBOARD_LLM_MODEL,
    ...(env.SWITCHBOARD_LLM_API_KEY ? { apiKey: env.SWITCHBOARD_LLM_API_KEY } : {}),
    flow,
    now,
    ...(args.llmTimeoutMs ? { timeoutMs: args.llmTimeoutMs } : {}),
  });
  return createFallbackClassifier([llm, embedded], {
    onFallback: ({ classifier, error }) =>
      io.stderr.write(`switchboard classify: ${classifier} failed (${error.code}: ${error.message}); trying the next classifier\n`),
  });
}

export const command: Command = {
  name: 'classify',
  summary: 'Classify an utterance (intent, confidence, sentiment, entities) as one JSON line.',
  usage,
  async run(argv, io) {
    const args = parseArgs(argv);
    let classifier: Classifier;
    try {
      const flow = await loadFlow(...(args.flowPath ? [args.flowPath] : []));
      classifier = chooseClassifier(flow, args, io);
    } catch (error) {
      if (error instanceof DataFileError || error instanceof EnvError) {
        io.stderr.write(`${error.message}\n`);
        return ExitCode.invalidInput;
      }
      throw error;
    }
    try {
      if (args.text !== undefined) {
        io.stdout.write(line(await classifier.classify(args.text)));
        return ExitCode.ok;
      }
      for await (const text of createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
        io.stdout.write(line(await classifier.classify(text)));
      }
      return ExitCode.ok;
    } catch (error) {
      // A non-retryable LLM error (bad key, unknown model) is configuration, not a crash.
      if (isClassifierError(error) && error.code === 'config') {
        io.stderr.write(
          `switchboard classify: the LLM endpoint refused the request (${error.message}); check SWITCHBOARD_LLM_URL, SWITCHBOARD_LLM_MODEL and SWITCHBOARD_LLM_API_KEY, or pass --embedded\n`,
        );
        return ExitCode.invalidInput;
      }
      throw error;
    }
  },
};
