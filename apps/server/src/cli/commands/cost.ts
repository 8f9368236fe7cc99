import { readFileSync } from 'node:fs';
import { estimateMonthlyCost, parseProviderConfigs, type RatedProvider, REFERENCE_ESTIMATE } from '@switchboard/carriers';
import { parse as parseYaml } from 'yaml';
import { type Command, ExitCode, UsageError } from '../command.js';

const usage = `Usage: switchboard cost estimate --minutes TYPE=N[,TYPE=N...] [--config FILE] [--rates PROVIDER=USD[,PROVIDER=USD...]]
       switchboard cost estimate --reference

Monthly carrier cost of a traffic mix under cost-optimised routing (enterprise → primary,
calls over 10 min and outbound marketing → cheapest, else priority) versus all on the primary.
Prints one JSON object.

  --minutes   minutes per call type: enterprise_support, general_support, long_support,
              outbound_marketing, callback (other names route like general_support)
  --config    a JSON/YAML file with the provider list (the same config the server loads):
              priorities and costPerMinuteUsd {inbound, outbound} come from it; a bad
              field is named and exits 2
  --rates     USD per minute per provider (inbound and outbound); providers not named keep the
              lesson's rates (twilio 0.0085 primary, telnyx 0.002, signalwire 0.004); a new
              name joins at the lowest priority
  --reference the lesson's example: enterprise_support=2000,general_support=3000,
              outbound_marketing=3000,long_support=2000 → $52.50 routed vs $85.00`;

function pairs(flag: string, value: string | undefined): [string, number][] {
  if (!value) throw new UsageError(`${flag} needs a value like NAME=NUMBER,NAME=NUMBER`);
  return value.split(',').map((item) => {
    const [name, raw, ...rest] = item.split('=');
    const n = Number(raw);
    if (!name || raw === undefined || raw.trim() === '' || rest.length > 0 || !Number.isFinite(n) || n < 0) {
      throw new UsageError(`${flag}: "${item}" is not NAME=NUMBER (a non-negative number)`);
    }
    return [name.trim(), n];
  });
}

const usd = (n: number) => `$${n.toFixed(2)}`;

export const command: Command = {
  name: 'cost',
  summary: 'Monthly carrier cost estimate: cost-optimised routing vs all on the primary',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'estimate') throw new UsageError(sub ? `unknown sub-command "${sub}"` : 'missing sub-command "estimate"');
    let minutes: Record<string, number> | null = null;
    let providers: RatedProvider[] = REFERENCE_ESTIMATE.providers.map((p) => ({ ...p, costPerMinuteUsd: { ...p.costPerMinuteUsd } }));
    for (let i = 0; i < rest.length; i += 1) {
      const arg = rest[i];
      if (arg === '--reference') minutes = { ...REFERENCE_ESTIMATE.minutes };
      else if (arg === '--minutes') minutes = Object.fromEntries(pairs('--minutes', rest[++i]));
      else if (arg === '--config') {
        const file = rest[++i];
        if (!file) throw new UsageError('--config needs a file');
        const parsed = parseProviderConfigs(parseYaml(readFileSync(file, 'utf8')));
        if (!parsed.ok) throw new UsageError(`${file}: ${parsed.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`);
        providers = parsed.value.map((p) => ({ name: p.name, priority: p.priority, costPerMinuteUsd: p.costPerMinuteUsd }));
      } else if (arg === '--rates') {
        for (const [name, rate] of pairs('--rates', rest[++i])) {
          const known = providers.find((p) => p.name === name);
          const costPerMinuteUsd = { inbound: rate, outbound: rate };
          providers = known
            ? providers.map((p) => (p === known ? { ...p, costPerMinuteUsd } : p))
            : [...providers, { name, priority: Math.max(...providers.map((p) => p.priority)) + 1, costPerMinuteUsd }];
        }
      } else throw new UsageError(`unknown option "${arg}"`);
    }
    if (!minutes) throw new UsageError('give --minutes TYPE=N,... or --reference');
    const estimate = estimateMonthlyCost(minutes, providers);
    const out = {
      ...estimate,
      rates: Object.fromEntries(providers.map((p) => [p.name, p.costPerMinuteUsd])),
      display: { routed: usd(estimate.routedUsd), allOnPrimary: usd(estimate.allOnPrimaryUsd), savings: usd(estimate.savingsUsd) },
    };
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return ExitCode.ok;
  },
};
