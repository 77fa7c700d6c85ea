export * from './index.js';
export { version } from './version.js';
