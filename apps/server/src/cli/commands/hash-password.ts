import { hashPassword } from '../../auth/password.js';
import { type CliIo, type Command, ExitCode, UsageError } from '../command.js';

/** NIST SP 800-63B §5.1.1.2: memorized secrets are at least 8 characters. */
export const MIN_PASSWORD_CHARS = 8;
/** POST /api/auth/login accepts at most 1000 characters; a longer password could never log in. */
export const MAX_PASSWORD_CHARS = 1000;

const usage = `Usage:
  switchboard hash-password            (asks for the password twice, without echo)
  printf '%s\\n' "$PW" | switchboard hash-password

Reads the staff password from standard input and prints only its scrypt hash
(scrypt$N$r$p$salt$hash), the value SWITCHBOARD_ADMIN_PASSWORD_HASH takes. The password is
never taken from arguments, which would leave it in shell history. From a pipe the first line
is the password (its line ending removed). It must be ${MIN_PASSWORD_CHARS} to ${MAX_PASSWORD_CHARS} characters; otherwise
the command exits 2 and prints nothing on standard output.
`;

type TtyIn = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** Everything up to the first line break (or the end of input), without echo concerns: a pipe. */
async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (/\r?\n/.test(text)) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** One line typed at a terminal in raw mode, so the characters are not echoed. Ctrl-C/Ctrl-D abort. */
function readHidden(stdin: TtyIn, prompt: string, io: CliIo): Promise<string | undefined> {
  // Raw mode before the prompt: input typed as soon as the prompt shows must not be echoed.
  stdin.setRawMode?.(true);
  io.stderr.write(prompt);
  stdin.resume();
  return new Promise((resolve) => {
    let typed = '';
    const done = (value: string | undefined) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of String(chunk)) {
        if (ch === '\r' || ch === '\n') return done(typed);
        if (ch === '\u0003' || ch === '\u0004') return done(undefined);
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function passwordProblem(password: string): string | undefined {
  if (password.length === 0) return 'no password given on standard input';
  if (password.length < MIN_PASSWORD_CHARS) return `the password is ${password.length} characters; use at least ${MIN_PASSWORD_CHARS}`;
  if (password.length > MAX_PASSWORD_CHARS)
    return `the password is ${password.length} characters; staff login accepts at most ${MAX_PASSWORD_CHARS}`;
  return undefined;
}

export const command: Command = {
  name: 'hash-password',
  summary: 'Print the scrypt hash of a staff password read from stdin (for SWITCHBOARD_ADMIN_PASSWORD_HASH).',
  usage,
  async run(argv, io) {
    if (argv.length > 0)
      throw new UsageError(
        `unexpected argument "${argv[0]}": the password is read from standard input, never from arguments (shell history)`,
      );
    const stdin = io.stdin as TtyIn;
    let password: string | undefined;
    if (stdin.isTTY) {
      password = await readHidden(stdin, 'Password: ', io);
      if (password !== undefined && !passwordProblem(password)) {
        const again = await readHidden(stdin, 'Again: ', io);
        if (again !== password) {
          io.stderr.write('switchboard hash-password: the two passwords differ\n');
          return ExitCode.invalidInput;
        }
      }
      if (password === undefined) {
        io.stderr.write('switchboard hash-password: cancelled\n');
        return ExitCode.invalidInput;
      }
    } else {
      password = await readFirstLine(stdin);
    }
    const problem = passwordProblem(password);
    if (problem) {
      io.stderr.write(`switchboard hash-password: ${problem}\n`);
      return ExitCode.invalidInput;
    }
    io.stdout.write(`${await hashPassword(password)}\n`);
    return ExitCode.ok;
  },
};
