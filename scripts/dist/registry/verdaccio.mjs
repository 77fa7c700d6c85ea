// make dist-check's npm registry: verdaccio (pinned in package-lock.json)
// with no uplink, on 127.0.0.1 and a port the system picks; the first line
// on stdout is "npm registry listening on http://127.0.0.1:PORT/". Anyone
// may publish: it lives for one dist-check, in a temporary folder.
//   node verdaccio.mjs STORAGE_DIR       (SIGTERM or SIGINT stops it)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

const storage = process.argv[2];
if (!storage) {
  console.error('usage: node verdaccio.mjs STORAGE_DIR');
  process.exit(2);
}
mkdirSync(storage, { recursive: true });
const open = { access: '$all', publish: '$anonymous', unpublish: '$anonymous' };
const server = await runServer({
  self_path: join(storage, 'config.yaml'),
  storage: join(storage, 'packages'),
  uplinks: {},
  packages: { '@*/*': open, '**': open },
  auth: { htpasswd: { file: join(storage, 'htpasswd'), max_users: -1 } },
  web: { enable: false },
  log: { type: 'stdout', format: 'pretty', level: 'warn' },
  max_body_size: '100mb',
});
server.listen(0, '127.0.0.1', () => {
  console.log(`npm registry listening on http://127.0.0.1:${server.address().port}/`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
