/**
 * The Node.js Accord runs on. npm scripts put the project's own Node.js (the `node` package,
 * node_modules/.bin/node) first on PATH, so `npm start` and `npm test` use it on a machine whose
 * Node.js is older; a script started some other way stops here rather than half-working.
 */
export const SUPPORTED_NODE_MAJOR = 24;

export function assertSupportedNode(version: string = process.versions.node): void {
  const major = Number(version.split('.')[0]);
  if (major >= SUPPORTED_NODE_MAJOR) return;
  throw new Error(
    `Node.js ${version} is too old: Accord runs on Node.js ${SUPPORTED_NODE_MAJOR} or newer. ` +
      'Run it through npm (npm start, npm test, npm run …), which uses the Node.js installed with the project.',
  );
}
