import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CliIo, type Command, ExitCode, UsageError } from './command.js';

// Commands are discovered from commands/*.ts so each feature adds its own file without
// editing a shared list.
async function loadCommands(): Promise<Map<string, Command>> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'commands');
  const files = readdirSync(dir).filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f));
  const commands = new Map<string, Command>();
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { command?: Command };
    if (mod.command) commands.set(mod.command.name, mod.command);
  }
  return commands;
}

function overview(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: switchboard <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "switchboard <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview(commands));
    return name ? ExitCode.ok : ExitCode.invalidInput;
  }
  const command = commands.get(name);
  if (!command) {
    io.stderr.write(`switchboard: unknown command "${name}"\n\n${overview(commands)}`);
    return ExitCode.invalidInput;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`switchboard ${name}: ${error.message}\n\n${command.usage.trimEnd()}\n`);
      return ExitCode.invalidInput;
    }
    io.stderr.write(`switchboard ${name}: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`switchboard: ${String(error)}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}
