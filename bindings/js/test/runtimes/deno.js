// Deno: the package through an npm: specifier, resolved from the project's
// node_modules (deno.json: "nodeModulesDir": "manual").
import * as paysign from 'npm:paysign';
import { main } from './local.js';

await main(paysign, 'deno');
