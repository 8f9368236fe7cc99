import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CliIo, type Command, ExitCode, UsageError } from './command.js';

// Commands are discovered from commands/*.ts so each feature adds its own file without
// editing a shared list. A command's file is named after it, so running one imports only that
// file; heavy dependencies (onnxruntime, SQLite, carriers) load only for the command that uses them.
const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

function commandFiles(): string[] {
  return readdirSync(commandsDir).filter((f) => /\.ts$/.test(f) && !/\.(test|d)\.ts$/.test(f));
}

async function loadCommand(file: string): Promise<Command | undefined> {
  const mod = (await import(pathToFileURL(join(commandsDir, file)).href)) as { command?: Command };
  return mod.command;
}

async function loadCommands(): Promise<Map<string, Command>> {
  const commands = new Map<string, Command>();
  for (const file of commandFiles().sort()) {
    const command = await loadCommand(file);
    if (command) commands.set(command.name, command);
  }
  return commands;
}

async function findCommand(name: string): Promise<Command | undefined> {
  const file = `${name}.ts`;
  if (!/^[a-z][a-z-]*$/.test(name) || !commandFiles().includes(file)) return undefined;
  const command = await loadCommand(file);
  return command?.name === name ? command : undefined;
}

function overview(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((n) => n.length));
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: switchboard <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "switchboard <command> --help" for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(overview(await loadCommands()));
    return name ? ExitCode.ok : ExitCode.invalidInput;
  }
  const command = await findCommand(name);
  if (!command) {
    io.stderr.write(`switchboard: unknown command "${name}"\n\n${overview(await loadCommands())}`);
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
