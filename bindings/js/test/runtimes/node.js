// Node and Bun: the package as installed from its npm tarball.
import * as paysign from 'paysign';
import { main } from './local.js';

await main(paysign, typeof Bun === 'undefined' ? 'node' : 'bun');
