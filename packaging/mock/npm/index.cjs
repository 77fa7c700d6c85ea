'use strict';
// @paysign/mock finds the `paysign` program of this platform. As esbuild
// does, each platform's binary is its own package (@paysign/mock-<os>-<cpu>,
// with "os" and "cpu" fields), listed in this package's
// optionalDependencies: npm installs the one that fits and skips the others.

const { accessSync, constants } = require('node:fs');
const path = require('node:path');

/**
 * The absolute path of the `paysign` program (paysign.exe on Windows).
 * Throws an Error with code "mock_not_found" when this platform's package
 * is not installed.
 * @returns {string}
 */
function executablePath() {
  const key = `${process.platform}-${process.arch}`;
  const name = `@paysign/mock-${key}`;
  const file = process.platform === 'win32' ? 'paysign.exe' : 'paysign';
  let binary;
  try {
    binary = path.join(path.dirname(require.resolve(`${name}/package.json`)), 'bin', file);
    accessSync(binary, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
  } catch (cause) {
    const known = Object.keys(require('./package.json').optionalDependencies || {});
    const why = known.includes(name)
      ? `${name} is not installed (npm skips optional dependencies with --omit=optional or --no-optional)`
      : `no package carries the paysign program for ${key} (there are: ${known.join(', ')})`;
    const error = new Error(`@paysign/mock: ${why}`, { cause });
    error.code = 'mock_not_found';
    throw error;
  }
  return binary;
}

module.exports = { executablePath };
