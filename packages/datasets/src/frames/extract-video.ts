import { join } from 'node:path';
import { FramesError } from './errors.js';
import { decodeFrames } from './ffmpeg-decode.js';
import { findFfmpeg } from './ffmpeg-tools.js';
import { lightScale } from './light-scale.js';
import { lineariseGbrPlanes, type LinearisePlan } from './linearise.js';
import { FrameStore, frameFileName, MANIFEST_NAME, type FrameRecord, type PendingRecord } from './manifest.js';
import { conversionMatrix, recordedOptions, resolveOutputSettings, settingsHash, type ExtractFramesOptions, type ExtractionSummary } from './options.js';
import { probeVideo } from './probe.js';
import { selectionFilters } from './selection.js';
import { resolveSignal } from './signal.js';
import { contentKey, identifySource } from './source-identity.js';

/**
 * Extracts frames of a video with ffmpeg: probe, settle the signal (transfer, primaries, matrix, range),
 * decode the selected frames to float RGB, invert the transfer, convert primaries, write EXR + manifest.
 */
export async function extractVideoFrames(file: string, options: ExtractFramesOptions): Promise<ExtractionSummary> {
  const output = resolveOutputSettings(options);
  const tools = await findFfmpeg(options);
  const probe = await probeVideo(tools, file);
  const signal = resolveSignal(file, probe, options);
  const scale = lightScale(signal.transfer, options);
  const plan: LinearisePlan = {
    transfer: signal.transfer,
    scale,
    primaries: conversionMatrix(file, signal.primaries, output.toBt709),
    negatives: output.negatives,
  };
  const source = await identifySource(file, output.identity);
  const described = {
    codec: probe.codec,
    container: probe.container,
    pixFmt: probe.pixFmt,
    stream: probe.streamIndex,
    frameRate: probe.frameRate,
    matrix: signal.matrix,
    range: signal.range,
    tagged: { transfer: probe.colorTransfer, primaries: probe.colorPrimaries, matrix: probe.colorSpace, range: probe.colorRange },
    provenance: signal.provenance,
  };
  const recorded = recordedOptions(options, output);
  const primaries = output.toBt709 ? 'bt709' : signal.primaries;
  const settings = settingsHash(recorded, {
    source: contentKey(source),
    signal: described,
    transfer: signal.transfer,
    scale,
    primaries,
    ffmpeg: tools.ffmpegVersion.text,
  });

  const store = await FrameStore.open(options.outDir);
  const frames: FrameRecord[] = [];
  let written = 0;
  const decoded = decodeFrames(tools, {
    file,
    streamIndex: probe.streamIndex,
    width: probe.width,
    height: probe.height,
    matrix: signal.matrix,
    range: signal.range,
    filters: selectionFilters(options),
    maxFrames: options.maxFrames,
  });
  for await (const frame of decoded) {
    const pending: PendingRecord = {
      file: frameFileName(frame.index),
      index: frame.index,
      timestamp: frame.timestamp,
      timestampSource: 'ffmpeg-pts',
      input: file,
      source,
      width: probe.width,
      height: probe.height,
      transfer: signal.transfer,
      primaries,
      sourcePrimaries: signal.primaries,
      ...scale,
      signal: described,
      options: recorded,
      ffmpeg: tools.ffmpegVersion.text,
      settings,
    };
    const kept = await store.reuse(pending);
    const record = kept ?? (await store.write(pending, lineariseGbrPlanes(frame.planes, probe.width, probe.height, plan), output.encode));
    if (!kept) written++;
    frames.push(record);
    options.onFrame?.({ record, action: kept ? 'kept' : 'written' });
  }
  if (frames.length === 0) throw new FramesError('no-frames', `${file}: ffmpeg decoded no frames with this selection`);
  const removed = await store.finish();
  return { input: file, kind: 'video', outDir: options.outDir, manifest: join(options.outDir, MANIFEST_NAME), frames, written, kept: frames.length - written, removed };
}
