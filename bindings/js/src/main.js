// The package's ES module entry (`import ... from 'paysign'`): everything
// index.js exports, plus `version`, the paysign release (generated from the
// repository's VERSION file into version.js).
export * from './index.js';
export { version } from './version.js';
