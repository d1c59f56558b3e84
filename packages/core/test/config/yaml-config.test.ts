import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadYamlConfig, parseYamlConfig } from '../../src/config/yaml-config.js';

const schema = z.strictObject({ name: z.string(), items: z.array(z.strictObject({ size: z.int().min(1) })) });

describe('YAML configs', () => {
  it('validate once, naming the file and the YAML path of the first problem', () => {
    expect(parseYamlConfig(schema, 'name: a\nitems:\n  - size: 2\n', 'c.yaml')).toEqual({ name: 'a', items: [{ size: 2 }] });
    expect(() => parseYamlConfig(schema, 'name: a\nitems:\n  - size: 0\n', 'c.yaml')).toThrow(/^c\.yaml: items\[0\]\.size: /);
    expect(() => parseYamlConfig(schema, 'name: a\nitems: []\nextra: 1\n', 'c.yaml')).toThrow('c.yaml: (top level): Unrecognized key: "extra"');
    expect(() => parseYamlConfig(schema, 'name: [a\n', 'c.yaml')).toThrow(/^c\.yaml:\d+:\d+: not valid YAML/);
  });

  it('say when the file is missing', async () => {
    const missing = join(tmpdir(), `hdr-lab-missing-${process.pid}`, 'c.yaml');
    const error = await loadYamlConfig(schema, missing).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`${missing}: no such config file (check the path)`);
  });
});
