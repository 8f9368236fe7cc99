import type { Command } from '../command.js';

export const command: Command = {
  name: 'version',
  summary: 'Print the Switchboard version.',
  usage: 'Usage: switchboard version\n\nPrints the version of this Switchboard build.',
  async run(_argv, io) {
    io.stdout.write('switchboard 0.1.0\n');
    return 0;
  },
};
