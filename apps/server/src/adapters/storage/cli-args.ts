import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../../cli/command.js';

/** node:util parseArgs, with its unknown/missing-value errors turned into usage errors (exit 2). */
export function parseCliArgs<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}
