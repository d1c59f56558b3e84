import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runConvert } from './commands/convert.js';
import { runCrawl, type CrawlCommandOptions } from './commands/crawl.js';
import { runFrames, type FramesCommandOptions } from './commands/frames.js';
import { runPrepare } from './commands/prepare.js';
import { runPredict, type PredictCommandOptions } from './commands/predict.js';
import { runTrain, type TrainCommandOptions } from './commands/train.js';
import { runDataCommand, runExperimentCommand, runReportCommand, type ExperimentCommandOptions } from './commands/experiment.js';
import { runEngine, type EngineCommandOptions } from './commands/engine.js';
import { runEval, type EvalCommandOptions } from './commands/eval.js';
import { runInfo } from './commands/info.js';
import { listMetrics, runMetrics, type MetricsCommandOptions } from './commands/metrics.js';
import { runRangewise, type RangewiseCommandOptions } from './commands/rangewise.js';
import { listOperators, runTonemap, type TonemapCommandOptions } from './commands/tonemap.js';
import { describeError } from './describe-error.js';
import { addEngineOptions } from './engine-options.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.js';
import { DEFAULT_METRICS, HDRVDP_METRIC_ID, METRIC_IDS } from '@hdr-lab/eval';
import { ParamError, TONE_MAP_OPERATOR_IDS } from '@hdr-lab/core';
import { MATRIX_IDS, PRIMARIES_IDS, TRANSFER_NAMES } from '@hdr-lab/datasets';
import { MODEL_IDS } from '@hdr-lab/models';
import { processOutput, type CliOutput } from './output.js';
import { printBaselines } from './commands/baselines.js';

function parseFiniteNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number.');
  return parsed;
}

function parseNonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number.');
  return parsed;
}

function parsePositiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number.');
  return parsed;
}

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return parsed;
}

/** `1/250,1/60,1/15` or `0.004,0.0167,0.0667`: positive finite times, fractions allowed as cameras print them. */
function parseExposureTimes(value: string): number[] {
  return value.split(',').map((part) => {
    const [numerator, denominator, extra] = part.trim().split('/');
    const time = denominator === undefined ? Number(numerator) : Number(numerator) / Number(denominator);
    if (extra !== undefined || numerator === '' || !Number.isFinite(time) || time <= 0) {
      throw new InvalidArgumentError(`'${part.trim()}' is not a positive exposure time; give e.g. 1/250,1/60,1/15 or 0.004,0.0167,0.0667.`);
    }
    return time;
  });
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
/** The checkout this command belongs to: its git commit is the code version of experiment trials. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version;

function buildProgram(output: CliOutput, result: { status: number }): Command {
  const program = new Command('hdr-lab')
    .description('Reproducible HDR-imaging experiments: HDR image I/O, datasets, models and evaluation.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--verbose', 'print stack traces with errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => output.out(text.replace(/\n$/, '')),
      writeErr: (text) => output.err(text.replace(/\n$/, '')),
    })
    .exitOverride();

  program
    .command('info')
    .description(
      'describe HDR/LDR image files: format, size, channels, pixel type, compression, BT.709 luminance ' +
        '(min / median / max) and dynamic range in stops',
    )
    .argument('<files...>', 'image files (.exr, .hdr, .pfm, .png, .jpg; the format is read from the bytes)')
    .option('--json', 'print machine-readable JSON (one record per file)')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action(async (files: string[], options: { json?: boolean; maxPixels?: number }) => {
      const failures = await runInfo(files, options, output);
      if (failures > 0) result.status = EXIT_FAILURE;
    });

  program
    .command('convert')
    .description(
      'convert between .exr, .hdr and .pfm (output format from the OUT extension); to .png/.jpg only with ' +
        'an explicit --exposure (scale by 2^EV, clip, sRGB encode)',
    )
    .argument('<in>', 'input HDR image')
    .argument('<out>', 'output file: .exr, .hdr, .pfm, .png or .jpg')
    .option('--exposure <ev>', 'exposure in stops for .png/.jpg output', parseFiniteNumber)
    .addOption(new Option('--compression <kind>', 'OpenEXR compression').choices(['none', 'zip']).default('zip'))
    .addOption(new Option('--pixel-type <type>', 'OpenEXR sample type').choices(['half', 'float']).default('half'))
    .addOption(new Option('--bit-depth <bits>', 'PNG bit depth').choices(['8', '16']).default('8'))
    .option('--quality <q>', 'JPEG quality 1-100 (default 95)', parsePositiveInteger)
    .option('--big-endian', 'write PFM big-endian (default little-endian)')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action(
      async (
        input: string,
        out: string,
        options: {
          exposure?: number;
          compression: 'none' | 'zip';
          pixelType: 'half' | 'float';
          bitDepth: '8' | '16';
          quality?: number;
          bigEndian?: boolean;
          maxPixels?: number;
        },
      ) => {
        if (options.quality !== undefined && options.quality > 100) {
          throw new UsageError('--quality must be between 1 and 100');
        }
        await runConvert(input, out, { ...options, bitDepth: options.bitDepth === '16' ? 16 : 8 }, output);
      },
    );

  addEngineOptions(
    program
      .command('engine')
      .description(
        'show which compute backend training and evaluation use (native TensorFlow GPU/CPU, wasm, cpu), its ' +
          'version and threads; --benchmark times a training step of the reference network on this machine',
      ),
  )
    .option('--json', 'print machine-readable JSON')
    .option('--benchmark [size]', 'time a training step at this image size (default 64)', parsePositiveInteger)
    .action(async ({ benchmark, ...options }: Omit<EngineCommandOptions, 'benchmark'> & { benchmark?: number | true }) => {
      const size = benchmark === true ? 64 : benchmark;
      await runEngine({ ...options, ...(size ? { benchmark: size } : {}) }, output);
    });

  program
    .command('crawl')
    .description(
      'download the HDR images and videos of a source list (configs/sources/*.yaml) into a data root: galleries ' +
        'followed, robots.txt respected, retries with backoff, partial files resumed, sha256 verified, content ' +
        'checked by its bytes, zip archives unpacked safely; writes manifest.jsonl and report.md (dead and moved ' +
        'links); a re-run skips what is verified',
    )
    .argument('<sources>', 'source list YAML')
    .requiredOption('--out <dir>', 'data root')
    .option('--only <names...>', 'crawl only these entries')
    .option('--concurrency <n>', 'downloads in flight (default 4)', parsePositiveInteger)
    .option('--per-host <n>', 'downloads in flight per host (default 2)', parsePositiveInteger)
    .option('--retries <n>', 'attempts after the first per URL (default 5)', parseNonNegativeInteger)
    .option('--timeout <seconds>', 'limit on connecting and receiving headers (default 30)', parsePositiveInteger)
    .option('--max-mb <n>', 'largest file accepted, MiB (default 4096)', parsePositiveInteger)
    .action(async (sources: string, options: CrawlCommandOptions) => {
      const failed = await runCrawl(sources, options, output);
      if (failed > 0) result.status = EXIT_FAILURE;
    });

  program
    .command('frames')
    .description(
      'extract linear HDR frames (EXR + frames.jsonl) from a PQ, HLG or SDR video with ffmpeg 5.1+, or from a folder or ' +
        'printf pattern of .exr/.hdr/.pfm frames; PQ and HLG in cd/m2, SDR relative; a re-run keeps frames already written',
    )
    .argument('<video>', 'video file, folder of HDR frames, or a pattern such as shots/f_%04d.exr')
    .requiredOption('--out <dir>', 'output folder for frame_NNNNNN.exr and frames.jsonl')
    .option('--every <n>', 'keep frames 0, N, 2N, ...', parsePositiveInteger)
    .option('--fps <f>', 'keep at most F frames per second (the first at or after each 1/F s, never duplicated)', parseFiniteNumber)
    .option('--scene-threshold <t>', "keep the first frame and those whose scene-change score (ffmpeg's, 0..1) exceeds T", parseFiniteNumber)
    .option('--max-frames <m>', 'stop after M frames', parsePositiveInteger)
    .addOption(new Option('--transfer <name>', 'transfer of an untagged or mis-tagged video').choices(TRANSFER_NAMES))
    .addOption(new Option('--primaries <name>', 'primaries of an untagged source (frame sequences: default bt709)').choices(PRIMARIES_IDS))
    .addOption(new Option('--matrix <name>', 'YUV matrix of an untagged video').choices(MATRIX_IDS))
    .addOption(new Option('--range <range>', 'code range of an untagged video').choices(['limited', 'full']))
    .option('--bt709', 'convert to BT.709 primaries (3x3 matrix in linear light)')
    .addOption(new Option('--negatives <mode>', 'out-of-gamut negatives after --bt709').choices(['keep', 'clip']).default('keep'))
    .option('--hlg-peak <nits>', 'HLG display peak for the OOTF (default 1000: system gamma 1.2)', parseFiniteNumber)
    .option('--reference-white <nits>', 'cd/m2 recorded for relative 1.0 of SDR and linear sources (default 100)', parseFiniteNumber)
    .addOption(new Option('--pixel-type <type>', 'OpenEXR sample type').choices(['half', 'float']).default('half'))
    .addOption(new Option('--compression <kind>', 'OpenEXR compression').choices(['none', 'zip']).default('zip'))
    .option('--input-fps <fps>', 'frame rate of a frame sequence, for timestamps (default 24)', parseFiniteNumber)
    .addOption(new Option('--identity <kind>', 'how sources are identified in the manifest').choices(['sha256', 'stat']).default('sha256'))
    .option('--ffmpeg <path>', 'ffmpeg executable (default: ffmpeg on the PATH)')
    .option('--ffprobe <path>', 'ffprobe executable (default: beside --ffmpeg, else on the PATH)')
    .option('--max-pixels <n>', 'refuse sequence frames larger than this many pixels', parsePositiveInteger)
    .option('--progress-every <n>', 'print a progress line every N frames (default 50)', parsePositiveInteger)
    .action((video: string, options: FramesCommandOptions) => runFrames(video, options, output));

  program
    .command('prepare')
    .description(
      'turn raw HDR images into a training set as a config (YAML) describes: seeded crops or patches, resize, ' +
        'flips / quarter turns, median-luminance normalisation, a train / test split by source image; an ' +
        'unchanged config and inputs reuse the existing set',
    )
    .argument('<config>', 'preparation config YAML (name, inputs, out, seed, crop, augment, normalise, split)')
    .action((config: string) => runPrepare(config, output));

  const collect = (value: string, previous: string[] = []) => [...previous, value];

  addEngineOptions(
    program
      .command('train')
      .description(
        'train a model as a train config (YAML) describes: prepares the data or reuses it, logs every loss term to ' +
          'OUT/losses.jsonl, checkpoints to OUT/checkpoint, and resumes from it when run again with the same config ' +
          '(Ctrl-C stops after the current step with a checkpoint)',
      )
      .addOption(new Option('--model <id>', 'model to train (or the config\'s model:)').choices(MODEL_IDS))
      .requiredOption('--config <file>', 'train config YAML: model, preset, tiny, settings, data (prepare | prepared), train (steps, batchSize, seed, schedule, checkpointEvery, logEvery), out')
      .option('--set <path=value>', 'override a model setting, repeatable (e.g. --set loss.gan.enabled=false)', collect)
      .option('--steps <n>', 'train to this many steps instead of train.steps', parsePositiveInteger)
      .option('--restart', 'discard a checkpoint of another config in the out directory instead of refusing'),
  ).action(async (options: TrainCommandOptions) => {
    result.status = await runTrain(options, output);
  });

  addEngineOptions(
    program
      .command('predict')
      .usage('--model <id> --checkpoint <dir> [options] <in...> <out>')
      .description(
        'run a trained model and write linear HDR. Single-image models take one LDR image, or an HDR image that is first turned ' +
          'into the LDR input the model was trained on (hybrid-loss: median-normalised level 2^-6; Deep Chain: the entropy-best ' +
          'exposure, sRGB, 8 bits). Multi-exposure models take their exposures (files, or one bracket folder; times from --times, ' +
          'a sidecar exposures.json / exposure.txt, or EXIF), or an HDR image to synthesise a bracket with motion from',
      )
      .addOption(new Option('--model <id>', 'model id').choices(MODEL_IDS).makeOptionMandatory())
      .requiredOption('--checkpoint <dir>', 'a run directory of hdr-lab train (or its checkpoint/ directory)')
      .argument('<paths...>', 'the input(s) then the output: .png/.jpg/.tif LDR or .exr/.hdr/.pfm HDR inputs (or a bracket folder); output .exr, .hdr or .pfm')
      .option('--tile <px>', 'largest tile side; larger images are predicted tile by tile (default 512)', parsePositiveInteger)
      .option('--times <list>', 'exposure times of the bracket files in the order given, comma-separated (seconds or relative; 1/250 allowed)', parseExposureTimes)
      .addOption(new Option('--ldr-encoding <curve>', 'how a .png/.jpg input is encoded, for models that take linear LDR').choices(['srgb', 'linear']).default('srgb')),
  ).action((paths: string[], options: PredictCommandOptions) => runPredict(paths, options, output));

  const experimentHelp = {
    config: 'experiment YAML (configs/experiments/): data, model, train, eval, ablation | sweep, runner, tracking, out; extends: a base file',
    set: 'override a setting of the experiment file, repeatable (e.g. --set train.steps=50 --set runner.workers=2)',
  };
  for (const kind of ['ablation', 'sweep'] as const) {
    addEngineOptions(
      program
        .command(kind)
        .description(
          kind === 'ablation'
            ? 'train, evaluate and track every variant of an ablation (named diffs off a base config), then write the report ' +
                '(OUT/report/report.{md,html}) and print the results table; run again to resume: completed variants are skipped, ' +
                'interrupted ones resume from their checkpoints, failed ones run again'
            : 'run a sweep (grid or seeded random search over named settings, capped by sweep.trials) like an ablation: each ' +
                'trial trained, evaluated and tracked, resumable, with the report and table at the end',
        )
        .option('--config <file>', experimentHelp.config, 'configs/experiments/default.yaml')
        .option('--set <path=value>', experimentHelp.set, collect)
        .option('--dry-run', 'print the resolved config (extends and --set applied), its hash and the trials, and run nothing')
        .option('--new', 'the out folder holds another definition of this experiment: keep it under a new name and start again')
        .option('--only <trial...>', 'run only these trials')
        .option('--evaluate-only', 'score the trained checkpoints again (e.g. after changing eval settings) without training')
        .option('--workers <n>', 'trials at once, each in its own process (default runner.workers, 1)', parsePositiveInteger),
    ).action(async (options: ExperimentCommandOptions) => {
      result.status = await runExperimentCommand(kind, options, output, ROOT);
    });
  }

  addEngineOptions(
    program
      .command('rescore')
      .description("score an experiment's trained checkpoints again (after changing its eval settings) without training, track the scores and rewrite the report")
      .option('--config <file>', experimentHelp.config, 'configs/experiments/default.yaml')
      .option('--set <path=value>', experimentHelp.set, collect)
      .option('--only <trial...>', 'rescore only these trials'),
  ).action(async (options: ExperimentCommandOptions) => {
    result.status = await runExperimentCommand(undefined, { ...options, evaluateOnly: true }, output, ROOT);
  });

  program
    .command('data')
    .description('prepare the data an experiment or train config names (data.prepare), or check its prepared folder (data.prepared); an unchanged preparation is reused')
    .option('--config <file>', 'experiment or train config YAML', 'configs/experiments/default.yaml')
    .option('--set <path=value>', experimentHelp.set, collect)
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (options: { config: string; set?: string[] }) => {
      result.status = await runDataCommand(options, output);
    });

  program
    .command('report')
    .description("rewrite an experiment's report (OUT/report/report.{md,html}) from what its trials left on disk, running nothing, and print the table")
    .option('--config <file>', experimentHelp.config, 'configs/experiments/default.yaml')
    .option('--set <path=value>', experimentHelp.set, collect)
    .action(async (options: ExperimentCommandOptions) => {
      result.status = await runReportCommand(options, output);
    });

  const metricsHelp =
    `metric ids (default: ${DEFAULT_METRICS.join(' ')}); known: ${METRIC_IDS.join(', ')}, and ${HDRVDP_METRIC_ID} ` +
    '(HDR-VDP in GNU Octave or MATLAB: set hdr-vdp.checkout or HDRVDP_PATH)';
  const paramHelp =
    'a metric setting METRIC.NAME=VALUE, repeatable (e.g. ssim-mu.normalisation=gtMax, hdr-vdp.ppd=30, ' +
    'hdr-vdp.display=24,1920x1200,0.5, hdr-vdp.checkout=DIR)';

  program
    .command('eval')
    .description(
      'score a directory of predictions against a directory of references (paired by file name): per-image ' +
        'results (JSONL), mean and standard deviation per metric, and the range-wise table, as Markdown, CSV and JSON',
    )
    .requiredOption('--ref <dir>', 'reference (ground-truth) HDR images: .exr, .hdr, .pfm')
    .option('--test <dir>', 'predicted HDR images with the same names')
    .option('--baseline <id>', 'score a model-free baseline (hdr-lab baselines) reconstructed from --inputs instead of --test')
    .option('--inputs <dir>', 'with --baseline: the LDR inputs (.png/.jpg/.tif, or an experiment\'s inputs/ EXRs in [0, 1]) named as the references')
    .addOption(new Option('--encoding <encoding>', 'with --baseline: how the inputs are encoded').choices(['linear', 'srgb']).default('srgb'))
    .option(
      '--output-scale <factor>',
      "with --baseline: the factor that brings the linearised inputs into a model's units, as an experiment passes it (hybrid-loss-gan at input level k: 255*2^-k, 3.984375 for k = 6); default: median-normalised",
      parsePositiveNumber,
    )
    .option('--metrics <ids...>', metricsHelp)
    .option('--param <setting>', `${paramHelp}; rangewise.NAME=VALUE sets the range-wise protocol (levels, rounding, predictionScale, inputLevel)`, collect)
    .option('--no-rangewise', 'skip the range-wise protocol')
    .option('--out <dir>', 'write per-image.jsonl, metrics.{md,csv,json} and rangewise.{md,csv,json} here')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action(async (options: EvalCommandOptions) => {
      const failed = await runEval(options, output);
      if (failed > 0) result.status = EXIT_FAILURE;
    });

  program
    .command('baselines')
    .description('list the model-free baselines (identity, the expansion operators of HDR Toolbox, reference exposure, Debevec merge) with their parameters')
    .option('--list', 'list them (the default)')
    .action(() => printBaselines(output));

  program
    .command('metrics')
    .description('score one HDR image against a reference with each metric; every score printed with its settings')
    .option('--ref <file>', 'reference HDR image')
    .option('--test <file>', 'test HDR image of the same size')
    .option('--list', 'list every metric with its parameters, defaults and admissible values')
    .option('--metrics <ids...>', metricsHelp)
    .option('--param <setting>', paramHelp, collect)
    .option('--json', 'print machine-readable JSON (Infinity and NaN as strings)')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action((options: MetricsCommandOptions & { list?: boolean }) => (options.list ? listMetrics(output) : runMetrics(options, output)));

  program
    .command('rangewise')
    .description(
      'the range-wise protocol on one pair: the reference divided by its median luminance, both split into linear ' +
        '8-bit levels 2^-k, PSNR and SSIM per level and their means',
    )
    .requiredOption('--ref <file>', 'reference HDR image')
    .requiredOption('--test <file>', 'predicted HDR image of the same size')
    .option('--levels <list>', 'levels k, comma-separated (default 3,4,5,6,7,8)')
    .addOption(new Option('--rounding <mode>', 'quantisation of each level').choices(['round', 'floor']))
    .addOption(
      new Option('--prediction-scale <mode>', 'how the prediction is scaled (default gt-median)').choices(['gt-median', 'input-anchored', 'self-median']),
    )
    .option('--input-level <k>', "for input-anchored: the level k of the method's LDR input")
    .option('--json', 'print machine-readable JSON')
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action((options: RangewiseCommandOptions) => runRangewise(options, output));

  program
    .command('tonemap')
    .description(
      'tone-map an HDR image; .exr/.hdr/.pfm output keeps the float result, .png/.jpg output of a display-linear ' +
        'operator is clipped and gamma-encoded',
    )
    .addOption(new Option('--op <id>', 'tone-mapping operator').choices(TONE_MAP_OPERATOR_IDS))
    .argument('[in]', 'input HDR image')
    .argument('[out]', 'output image: .png, .jpg, .exr, .hdr or .pfm')
    .option('--list', 'list every operator with its input domain, output range and parameters')
    .option('--param <setting>', 'an operator parameter NAME=VALUE, repeatable (e.g. --param key=0.36)', collect)
    .option('--gamma <g>', 'display gamma for .png/.jpg output of display-linear operators', parseFiniteNumber, 2.2)
    .option('--srgb', 'encode .png/.jpg output with the sRGB curve instead of --gamma')
    .addOption(new Option('--bit-depth <bits>', 'PNG bit depth').choices(['8', '16']).default('8'))
    .option('--max-pixels <n>', 'refuse images larger than this many pixels', parsePositiveInteger)
    .action(
      (input: string | undefined, out: string | undefined, options: Omit<TonemapCommandOptions, 'bitDepth'> & { bitDepth: '8' | '16'; list?: boolean }) =>
        options.list ? listOperators(output) : runTonemap(input, out, { ...options, bitDepth: options.bitDepth === '16' ? 16 : 8 }, output),
    );

  return program;
}

/** Runs the CLI and returns the exit status; never throws. */
export async function main(argv: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const result = { status: 0 };
  const program = buildProgram(output, result);
  const verbose = argv.includes('--verbose');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version requests are not failures.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return 0;
      }
      return EXIT_USAGE;
    }
    output.err(`hdr-lab: ${describeError(error)}`);
    if (verbose && error instanceof Error && error.stack) output.err(error.stack);
    return error instanceof UsageError || error instanceof ParamError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
