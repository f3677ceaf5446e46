/**
 * The code's structure, checked by `src/architecture.test.ts` (and `npx depcruise src test bench`):
 * no import cycles anywhere, and production code imports only its own layer or lower ones.
 */
// Lowest first: a folder imports folders of lower layers only (and never one of its own layer but itself).
const LAYERS = [
  ['shared'],
  ['config', 'db', 'metrics'],
  ['errors', 'events'],
  ['bus', 'http'],
  ['auth'],
  ['access'],
  ['notifications'],
  ['demandes', 'sessions'],
  ['offres'],
  ['payments', 'realtime'],
  ['meet'],
  ['doctor', 'seed'],
  ['server'],
];

const production = { pathNot: ['\\.test\\.tsx?$', '^test/', '^bench/'] };
const folders = (names) => `^src/(${names.join('|')})/`;

const layerRules = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `layer-${layer.join('-')}`,
  comment: `${layer.join(', ')} must not import a higher layer (${LAYERS.slice(index + 1).flat().join(', ')})`,
  severity: 'error',
  from: { path: folders(layer), ...production },
  to: { path: folders(LAYERS.slice(index + 1).flat()) },
}));

const sameLayerRules = LAYERS.filter((layer) => layer.length > 1).flatMap((layer) =>
  layer.map((folder) => ({
    name: `apart-${folder}`,
    comment: `${folder} must not import the other folders of its layer (${layer.filter((other) => other !== folder).join(', ')})`,
    severity: 'error',
    from: { path: folders([folder]), ...production },
    to: { path: folders(layer.filter((other) => other !== folder)) },
  })),
);

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'an import cycle', severity: 'error', from: {}, to: { circular: true } },
    ...layerRules,
    ...sameLayerRules,
    {
      name: 'web-is-a-client',
      comment: 'the web app shares the contract (src/shared) and nothing else of the server',
      severity: 'error',
      from: { path: '^src/web/', ...production },
      to: { path: '^src/', pathNot: '^src/(web|shared)/' },
    },
    {
      name: 'no-test-support-in-production',
      severity: 'error',
      from: { path: '^src/', ...production },
      to: { path: '^test/' },
    },
    {
      name: 'known-folders-only',
      comment: 'a new folder under src/ takes its place in LAYERS above',
      severity: 'error',
      from: { path: '^src/', ...production },
      to: { path: '^src/', pathNot: [folders([...LAYERS.flat(), 'web'])] },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  },
};
