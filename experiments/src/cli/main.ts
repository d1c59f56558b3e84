import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runConvert } from './commands/convert.js';
import { runEngine, type EngineCommandOptions } from './commands/engine.js';
import { runInfo } from './commands/info.js';
import { describeError } from './describe-error.js';
import { addEngineOptions } from './engine-options.js';
import { EXIT_FAILURE, EXIT_USAGE, UsageError } from './errors.js';
import { processOutput, type CliOutput } from './output.js';

function parseFiniteNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new InvalidArgumentError('expected a number.');
  return parsed;
}

function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive integer.');
  return parsed;
}

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);
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
    return error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}
