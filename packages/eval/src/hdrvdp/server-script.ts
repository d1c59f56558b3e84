import type { Checkout } from './checkout.js';
import type { HdrVdpEncoding, HdrVdpTask } from './encoding.js';

export interface ServerScriptConfig {
  readonly sentinel: string;
  readonly interpreter: 'octave' | 'matlab';
  readonly checkout: Checkout;
  /** Directory of the Octave-only shims, put first on the path. */
  readonly shimDir: string;
  readonly encoding: HdrVdpEncoding;
  readonly task: HdrVdpTask;
  readonly hdrvdpOptions: Readonly<Record<string, number | string>>;
}

/** A MATLAB/Octave single-quoted string literal. */
export function matlabString(text: string): string {
  if (/[\r\n]/.test(text)) throw new RangeError(`a MATLAB string literal cannot hold a line break: ${JSON.stringify(text)}`);
  return `'${text.replaceAll("'", "''")}'`;
}

function matlabValue(value: number | string): string {
  return typeof value === 'number' ? String(value) : matlabString(value);
}

/**
 * Octave's ifft2 has no 'symmetric' flag, which HDR-VDP's optical MTF step passes; HDR-VDP takes the real part
 * of the result itself, so dropping the flag gives the same numbers.
 */
export const IFFT2_SHIM = `function varargout = ifft2(varargin)
if nargin > 1 && ischar(varargin{end})
  varargin(end) = [];
end
[varargout{1:max(nargout, 1)}] = builtin('ifft2', varargin{:});
end
`;

/**
 * The server the interpreter runs: sets the path up around the Octave gaps (never touching the checkout),
 * announces itself, then answers one request line at a time until 'quit' or end of input. Errors inside
 * HDR-VDP are caught and reported, so the process stays usable. Names carry a `bridge_` prefix because a
 * script shares its workspace with everything it evaluates.
 */
export function serverScript(config: ServerScriptConfig): string {
  const { sentinel, interpreter, checkout } = config;
  const octave = interpreter === 'octave';
  const flush = octave ? 'fflush(stdout);' : '';
  const options = Object.entries(config.hdrvdpOptions).flatMap(([name, value]) => [matlabString(name), matlabValue(value)]);
  const images = 'bridge_images{1}, bridge_images{2}';
  const call =
    checkout.version === '2.2'
      ? `bridge_res = hdrvdp(${images}, ${matlabString(config.encoding)}, bridge_ppd, bridge_options);`
      : `bridge_res = hdrvdp3(${matlabString(config.task)}, ${images}, ${matlabString(config.encoding)}, bridge_ppd, bridge_options);`;
  const lines = [
    `bridge_sentinel = ${matlabString(sentinel)};`,
    'more off;',
    "warning('off', 'backtrace');",
    ...(octave
      ? [
          'page_screen_output(false);',
          "warning('off', 'Octave:shadowed-function');",
          'try',
          '  pkg load image;',
          'catch bridge_err',
          `  fprintf('%s FATAL\\toctave-image\\t%s\\n', bridge_sentinel, regexprep(bridge_err.message, '\\s+', ' '));`,
          `  ${flush}`,
          '  exit(2);',
          'end',
        ]
      : []),
    `addpath(${matlabString(checkout.dir)});`,
    // 2.2.x locates matlabPyrTools with a 4-output fileparts that Octave lacks; having them on the path skips
    // that branch. 3.x is left alone: its branch also adds utils/ and data/, and its fileparts call works.
    ...(checkout.version === '2.2' && checkout.pyrTools !== undefined ? [`addpath(${matlabString(checkout.pyrTools)});`] : []),
    ...(octave ? [`addpath(${matlabString(config.shimDir)});`] : []),
    `bridge_options = {${options.join(', ')}};`,
    `fprintf('%s READY\\t%s\\t%s\\n', bridge_sentinel, ${octave ? 'OCTAVE_VERSION' : 'version'}, mexext);`,
    flush,
    'while true',
    ...(octave ? ['  bridge_line = fgetl(stdin);'] : ['  try', "    bridge_line = input('', 's');", '  catch', '    break;', '  end']),
    "  if ~ischar(bridge_line) || strcmp(bridge_line, 'quit')",
    '    break;',
    '  end',
    '  if isempty(bridge_line)',
    '    continue;',
    '  end',
    '  bridge_fields = strsplit(bridge_line, char(9));',
    '  bridge_seq = bridge_fields{1};',
    '  try',
    '    bridge_numbers = str2double(bridge_fields(2:7));',
    '    bridge_ppd = bridge_numbers(4);',
    '    bridge_images = cell(1, 2);',
    '    for bridge_k = 1:2',
    "      bridge_fid = fopen(bridge_fields{7 + bridge_k}, 'r', 'ieee-le');",
    '      if bridge_fid < 0',
    "        error('cannot open %s', bridge_fields{7 + bridge_k});",
    '      end',
    "      bridge_data = fread(bridge_fid, Inf, 'float32');",
    '      fclose(bridge_fid);',
    '      if numel(bridge_data) ~= prod(bridge_numbers(1:3))',
    "        error('%s holds %d samples, expected %d', bridge_fields{7 + bridge_k}, numel(bridge_data), prod(bridge_numbers(1:3)));",
    '      end',
    '      bridge_image = permute(reshape(bridge_data, bridge_numbers([3 1 2])), [3 2 1]) * bridge_numbers(5);',
    '      if bridge_numbers(6)',
    '        bridge_image = min(max(bridge_image, 0), 1);',
    '      end',
    '      bridge_images{bridge_k} = bridge_image;',
    '    end',
    `    bridge_log = strsplit(evalc(${matlabString(call)}), char(10));`,
    '    for bridge_k = 1:numel(bridge_log)',
    '      if ~isempty(strtrim(bridge_log{bridge_k}))',
    "        fprintf('%s LOG\\t%s\\t%s\\n', bridge_sentinel, bridge_seq, bridge_log{bridge_k});",
    '      end',
    '    end',
    "    bridge_names = {'Q', 'Q_JOD', 'P_det', 'C_max'};",
    '    bridge_values = nan(1, 4);',
    '    for bridge_k = 1:4',
    '      if isfield(bridge_res, bridge_names{bridge_k}) && isscalar(bridge_res.(bridge_names{bridge_k}))',
    '        bridge_values(bridge_k) = double(bridge_res.(bridge_names{bridge_k}));',
    '      end',
    '    end',
    "    fprintf('%s RESULT\\t%s\\t%.17g\\t%.17g\\t%.17g\\t%.17g\\n', bridge_sentinel, bridge_seq, bridge_values);",
    '  catch bridge_err',
    "    fprintf('%s ERROR\\t%s\\t%s\\n', bridge_sentinel, bridge_seq, regexprep(bridge_err.message, '\\s+', ' '));",
    '  end',
    `  ${flush}`,
    'end',
  ];
  return lines.join('\n') + '\n';
}
