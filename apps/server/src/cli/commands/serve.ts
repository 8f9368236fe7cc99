import { EnvError, parseEnv } from '../../env.js';
import { startServer } from '../../http/start-server.js';
import { DataFileError } from '../../sim/load-data-file.js';
import type { Command } from '../command.js';

export const command: Command = {
  name: 'serve',
  summary: 'Run the server: web app, API, live calls (what `npm start` runs).',
  usage: `Usage: switchboard serve

Serves the web app (apps/web/dist when built), the HTTP API, live web calls over WebSocket,
carrier and LiveKit webhooks, /metrics, /healthz and /readyz — on SQLite, in one process.
Configured only through the environment (PORT, HOST, SWITCHBOARD_DB, …); every variable is
documented in docs/configuration.md. A bad value stops start-up naming every bad variable.`,
  async run(_argv, io) {
    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      // Configuration named by the environment (a flow or carrier file) is read at start-up and
      // reports its bad fields the same way as a bad variable.
      server = await startServer(parseEnv(process.env));
    } catch (error) {
      if (error instanceof EnvError || error instanceof DataFileError) {
        // DataFileError covers SWITCHBOARD_FLOW: a missing, unreadable or invalid flow file, each field named.
        io.stderr.write(`switchboard serve: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
    io.stdout.write(`switchboard listening on ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        // Calls are resumable from their durable logs, so a slow shutdown is not worth waiting for.
        setTimeout(() => process.exit(0), 5_000).unref();
        server.close().then(resolve, resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};
