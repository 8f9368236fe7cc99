import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** A file that could not be read or parsed, with a message naming it (exit 2 in the CLI). */
export class DataFileError extends Error {
  readonly code = 'invalid-file';
  readonly retryable = false;
}

/** Reads a JSON or YAML file (by extension; YAML is a superset of JSON, so anything else is read as YAML). */
export async function loadDataFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DataFileError(`${path}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    return extname(path).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DataFileError(`${path}: not valid ${extname(path).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${message}`);
  }
}
