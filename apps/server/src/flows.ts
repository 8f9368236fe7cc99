import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlow } from '@switchboard/ivr';
import type { FieldIssue, Flow } from '@switchboard/protocol';
import { DataFileError, loadDataFile } from './sim/load-data-file.js';

/** The shipped default flow (packages/ivr/flows/default.yaml). */
export const DEFAULT_FLOW_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../../packages/ivr/flows/default.yaml');

/** A flow file that failed validation: every issue names the file and the field path. */
export class InvalidFlowError extends DataFileError {
  constructor(
    readonly file: string,
    readonly issues: FieldIssue[],
  ) {
    super(issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n'));
  }
}

/** Loads a flow from YAML or JSON and validates it with parseFlow. */
export async function loadFlow(path: string = DEFAULT_FLOW_PATH): Promise<Flow> {
  const parsed = parseFlow(await loadDataFile(path));
  if (!parsed.ok) throw new InvalidFlowError(path, parsed.issues);
  return parsed.value;
}
