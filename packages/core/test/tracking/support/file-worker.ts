/**
 * One worker process of the concurrency test: waits for the start signal, then gets-or-creates the shared
 * experiment and writes its own run. argv: store root, experiment name, worker index, start-signal file.
 */
import { existsSync } from 'node:fs';
import { createTracker } from '../../../src/tracking/index.js';

const [root, name, index, goFile] = process.argv.slice(2) as [string, string, string, string];
process.stdout.write('ready\n');
while (!existsSync(goFile)) await new Promise((resolve) => setTimeout(resolve, 2));
const tracker = createTracker({ uri: root });
const experimentId = await tracker.ensureExperiment(name, { owner: `worker-${index}` });
const run = await tracker.createRun(experimentId, { runName: `trial-${index}`, tags: { 'hdr-lab.trial': index } });
await run.logParams({ index });
for (let step = 0; step < 20; step += 1) await run.logMetrics([{ key: 'loss/total', value: step + Number(index) / 10, step }]);
await run.end('FINISHED');
process.stdout.write(`${JSON.stringify({ experimentId, runId: run.runId })}\n`);
