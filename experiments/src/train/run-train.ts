import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigError, describeEngine, type EngineInfo } from '@hdr-lab/core';
import { loadBatches, loadPrepareConfig, prepare } from '@hdr-lab/datasets';
import { modelDefinition, resolveModelConfig, resumeModel, runTraining, type Model, type StepReport, type TrainingBatch } from '@hdr-lab/models';
import type * as tf from '@tensorflow/tfjs';
import { bracketDataIdentity, bracketSceneBatches, loadBracketScenes } from './bracket-scenes.js';
import { modelExamples } from './model-examples.js';
import { chooseModel, type LoadedTrainConfig } from './train-config.js';
import { formatDuration } from '../cli/format-duration.js';
import { resolveSettingPaths } from '../experiment/load.js';
import { truncateLosses } from './losses-file.js';

/** HDR-GAN's official loader crops bracket scenes to 512x512; smaller crops suit CPU runs and need data.crop. */
const DEFAULT_BRACKET_CROP = 512;

export interface TrainRequest {
  readonly loaded: LoadedTrainConfig;
  readonly modelFlag?: string;
  /** `--set path=value` overrides of the model's settings. */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Overrides train.steps (e.g. a longer run from the same checkpoint). */
  readonly steps?: number;
  /** Discard a checkpoint of another config in the run directory instead of refusing. */
  readonly restart?: boolean;
  readonly engine: EngineInfo;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
  /** Called after each step's losses are on disk (heartbeats, live tracking). */
  readonly onStep?: (report: StepReport) => void;
}

export interface TrainSummary {
  readonly out: string;
  readonly modelId: string;
  readonly configHash: string;
  readonly startStep: number;
  readonly step: number;
  readonly stopped: boolean;
  readonly seconds: number;
  readonly firstTotal?: number;
  readonly lastTotal?: number;
}

function formatTerms(terms: Readonly<Record<string, number>>): string {
  return Object.entries(terms)
    .filter(([name]) => !name.endsWith('gradNorm'))
    .map(([name, value]) => `${name} ${value.toPrecision(4)}`)
    .join('  ');
}

/** The batch stream a model trains on, resumed at `startStep`. */
async function* modelBatches(dir: string, loaded: LoadedTrainConfig, model: { id: string; data: ReturnType<ReturnType<typeof modelDefinition>['data']> }, startStep: number): AsyncGenerator<TrainingBatch> {
  const { train } = loaded.config;
  for await (const batch of loadBatches({ dir, split: 'train', batchSize: train.batchSize, example: modelExamples(model.data, model.id), seed: train.seed, epochs: Number.POSITIVE_INFINITY, skipBatches: startStep })) {
    yield batch.tensors as Readonly<Record<string, tf.Tensor4D>>;
  }
}

async function existingCheckpointHash(checkpointDir: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(checkpointDir, 'checkpoint.json'), 'utf8')) as { extra?: { configHash?: string } };
    return manifest.extra?.configHash ?? 'unknown';
  } catch {
    return undefined;
  }
}

/**
 * Trains a model as a train config describes: prepares the data (or reuses it), builds the model, resumes
 * from the run directory's checkpoint when it was written by the same config, logs every step's loss terms
 * to losses.jsonl and progress lines to `log`, and checkpoints as configured.
 */
export async function trainFromConfig(request: TrainRequest): Promise<TrainSummary> {
  const { loaded, log } = request;
  const { config, paths } = loaded;
  const modelId = chooseModel(loaded, request.modelFlag);
  const definition = modelDefinition(modelId);
  const modelConfig = resolveModelConfig(definition, {
    ...(config.preset === undefined ? {} : { preset: config.preset }),
    tiny: config.tiny,
    settings: resolveSettingPaths(config.settings, dirname(resolve(loaded.file))) as Record<string, unknown>,
    ...(request.overrides ? { overrides: request.overrides } : {}),
    source: `${loaded.file}: settings`,
  });
  const steps = request.steps ?? config.train.steps;

  let dataDir: string;
  let dataIdentity: string;
  if (paths.brackets) {
    dataDir = paths.brackets;
    dataIdentity = await bracketDataIdentity(dataDir, config.data.crop ?? DEFAULT_BRACKET_CROP);
  } else if (paths.prepare) {
    const summary = await prepare(await loadPrepareConfig(paths.prepare), (done, total, source) => {
      if (source) log(`prepare [${done + 1}/${total}] ${source}`);
    });
    log(`data: ${summary.out} (${summary.train} training samples${summary.reused ? ', reused' : ''})`);
    dataDir = summary.out;
    dataIdentity = summary.identity;
  } else {
    dataDir = paths.prepared!;
    try {
      dataIdentity = (JSON.parse(await readFile(join(dataDir, 'prepared.json'), 'utf8')) as { identity: string }).identity;
    } catch {
      throw new ConfigError(`${loaded.file}: data.prepared: '${dataDir}' is not a prepared set (no prepared.json); run hdr-lab prepare first`);
    }
  }

  // What makes a step's result: not the step count or logging, so a run can be extended from its checkpoint.
  const { steps: _steps, checkpointEvery: _every, logEvery: _log, ...trainIdentity } = config.train;
  const configHash = createHash('sha256')
    .update(JSON.stringify({ modelId, modelConfig, train: trainIdentity, data: dataIdentity, backend: request.engine.backend }))
    .digest('hex');
  const checkpointDir = join(paths.out, 'checkpoint');
  const lossesFile = join(paths.out, 'losses.jsonl');
  const existing = await existingCheckpointHash(checkpointDir);
  if (existing !== undefined && existing !== configHash) {
    if (!request.restart) {
      throw new ConfigError(
        `${paths.out} holds a checkpoint of another configuration (${existing.slice(0, 12)}, this one is ${configHash.slice(0, 12)}); ` +
          'pass --restart to discard it, or set another out directory',
      );
    }
    await rm(checkpointDir, { recursive: true, force: true });
    await rm(lossesFile, { force: true });
  }
  await mkdir(paths.out, { recursive: true });
  await writeFile(join(paths.out, 'config.resolved.json'), JSON.stringify({ modelId, preset: config.preset ?? null, tiny: config.tiny, model: modelConfig, train: { ...config.train, steps }, data: { dir: dataDir, identity: dataIdentity }, configHash }, null, 2) + '\n');

  const model: Model = await definition.create(modelConfig, { seed: config.train.seed });
  try {
    for (const notice of model.notices) log(`notice: ${notice}`);
    if (!config.tiny && request.engine.backend === 'wasm') {
      // Measured (npm run bench -- models): the paper-size hybrid-loss GAN with its discriminator, and Deep Chain at
      // 256x256, fill wasm's 4 GiB address space and stop making progress instead of failing.
      log(
        `warning: ${modelId} at the paper's size on the wasm backend: large crops can exceed wasm's 4 GiB memory and stall ` +
          '(the hybrid-loss GAN with its discriminator at 256x256 does); train at the paper scale on tfjs-node or tfjs-node-gpu, or use tiny: true / smaller crops here',
      );
    }
    for (const count of model.parameterCounts()) log(`${modelId} ${count.network}: ${count.trainable.toLocaleString('en-US')} trainable parameters, ${count.nonTrainable.toLocaleString('en-US')} other`);
    let startStep = 0;
    if (existing === configHash) {
      startStep = (await resumeModel(model, checkpointDir)).step;
      log(`resuming from step ${startStep} (${checkpointDir})`);
    }
    // Steps logged after the checkpoint (or before any) were lost with the process that ran them.
    await truncateLosses(lossesFile, startStep);
    if (startStep >= steps) {
      log(`already trained ${startStep} steps (asked for ${steps}); nothing to do`);
      return { out: paths.out, modelId, configHash, startStep, step: startStep, stopped: false, seconds: 0 };
    }
    log(`training ${modelId}${config.preset ? ` (${config.preset})` : ''}${config.tiny ? ' tiny' : ''} for ${steps - startStep} steps, batch ${config.train.batchSize}, on ${describeEngine(request.engine)}`);
    const started = performance.now();
    let firstTotal: number | undefined;
    let lastTotal: number | undefined;
    const onStep = async (report: StepReport) => {
      const total = report.terms['total'] ?? report.terms['generator/total'];
      firstTotal ??= total;
      lastTotal = total;
      await appendFile(lossesFile, JSON.stringify({ step: report.step, lrFactor: report.learningRateFactor, seconds: report.seconds, ...report.terms }) + '\n');
      request.onStep?.(report);
      if (report.step % config.train.logEvery === 0 || report.step === steps || report.step === startStep + 1) {
        const elapsed = (performance.now() - started) / 1000;
        const perStep = elapsed / (report.step - startStep);
        log(`step ${report.step}/${steps}  ${formatTerms(report.terms)}  ${perStep.toFixed(2)} s/step  ETA ${formatDuration(perStep * (steps - report.step))}`);
      }
    };
    const data = definition.data(modelConfig);
    let batches: AsyncGenerator<TrainingBatch>;
    if (paths.brackets) {
      if (model.inputDomain !== 'ldr-bracket') throw new ConfigError(`${loaded.file}: data.brackets: ${modelId} takes one LDR image, not brackets; give it prepare or prepared data`);
      const scenes = await loadBracketScenes(paths.brackets, model.exposureCount, log);
      batches = bracketSceneBatches({ scenes, data, batchSize: config.train.batchSize, crop: config.data.crop ?? DEFAULT_BRACKET_CROP, seed: config.train.seed, skipBatches: startStep });
    } else {
      batches = modelBatches(dataDir, loaded, { id: modelId, data }, startStep);
    }
    const outcome = await runTraining({
      model,
      batches,
      steps,
      startStep,
      schedule: config.train.schedule,
      checkpoint: { dir: checkpointDir, every: config.train.checkpointEvery, extra: { configHash, modelConfig, tags: model.tags } },
      onStep,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const summary: TrainSummary = {
      out: paths.out,
      modelId,
      configHash,
      startStep,
      step: outcome.step,
      stopped: outcome.stopped,
      seconds,
      ...(firstTotal === undefined ? {} : { firstTotal }),
      ...(lastTotal === undefined ? {} : { lastTotal }),
    };
    await writeFile(
      join(paths.out, 'run.json'),
      JSON.stringify({ ...summary, engine: request.engine, tags: model.tags, notices: model.notices, parameters: model.parameterCounts() }, null, 2) + '\n',
    );
    return summary;
  } finally {
    model.dispose();
  }
}
