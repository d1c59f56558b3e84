import type * as tf from '@tensorflow/tfjs';
import type { HdrImage } from '@hdr-lab/core';
import type { z } from 'zod';

/** One named array of an example, HWC (the datasets loader stacks them into [batch, H, W, C] tensors). */
export interface ExampleArray {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * What a model's examples are made from: a synthesised exposure set and its ground truth. The datasets
 * package's SynthSample has this shape, so models need not import it.
 */
export interface ExampleSource {
  readonly groundTruth: HdrImage;
  readonly exposures: readonly { readonly label: string; readonly stops: number; readonly time: number; readonly image: HdrImage }[];
  readonly referenceIndex: number;
  readonly companions?: readonly HdrImage[];
}

/** How training data for a model is synthesised from prepared HDR samples. */
export interface ModelData {
  /** A synthesis preset of @hdr-lab/datasets (SYNTH_PRESETS) or a steps list in the same form. */
  readonly synth: string | readonly Readonly<Record<string, unknown>>[];
  /** The model's named arrays from one synthesised sample; `draw(n)` is a seeded uniform integer in [0, n). */
  example(source: ExampleSource, draw: (count: number) => number): Record<string, ExampleArray>;
}

/** A batch as the training step receives it: the names `ModelData.example` made, [batch, H, W, C]. */
export type TrainingBatch = Readonly<Record<string, tf.Tensor4D>>;

/** Loss terms of one step as plain numbers (the total included as `total`, or per network for GANs). */
export type LossTerms = Readonly<Record<string, number>>;

/** What a single-image model's input is, so a command line can make it from a file. */
export type InputDomain =
  /** Linear LDR in [0, 1], 8-bit quantised (hybrid-loss GAN). */
  | 'linear-ldr'
  /** Display-referred LDR in [0, 1], as a camera writes it (Deep Chain HDRI). */
  | 'display-ldr';

export interface ParameterCount {
  readonly network: string;
  readonly trainable: number;
  readonly nonTrainable: number;
}

/** One exposure of a bracket as a camera wrote it: display-referred RGB in [0, 1] and its exposure time. */
export interface BracketExposure {
  readonly image: HdrImage;
  /** Exposure time in any unit (only ratios matter), e.g. seconds from EXIF or 2^stops. */
  readonly time: number;
}

/**
 * Differently exposed LDR images of one scene, all the same size, shortest exposure first. The middle one
 * is the reference: the prediction has its geometry, and the others may show motion against it.
 */
export interface Bracket {
  readonly exposures: readonly BracketExposure[];
}

/** What every model has, whatever its input. */
interface ModelCommon {
  readonly id: string;
  /** Networks by role ('generator', 'discriminator', 'up1', ...), each with stably named layers. */
  readonly networks: Readonly<Record<string, tf.LayersModel>>;
  /** One optimiser per independently updated group ('generator', 'discriminator', or 'model'). */
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  /**
   * Everything a checkpoint must hold, by stable name `<network>/<layer>/<weight>`: trainable weights and
   * state such as batch-norm statistics and spectral-norm power-iteration vectors. Frozen pretrained
   * networks (VGG19) are left out.
   */
  variables(): Map<string, tf.Variable>;
  /** One optimisation step (for GANs: both updates, in the model's order). Leaks no tensors. */
  trainStep(batch: TrainingBatch, step: number): LossTerms;
  /** Loss terms on a batch without updating anything (validation). Leaks no tensors. */
  evaluateLoss(batch: TrainingBatch): LossTerms;
  /** Height and width the networks accept are multiples of this; predict pads to it. */
  readonly sizeMultiple: number;
  /** Context a tile needs on each side so tiled prediction equals whole-image prediction closely. */
  readonly tileHalo: number;
  parameterCounts(): ParameterCount[];
  /** Lines the run log must show once (e.g. that random-init VGG19 makes results not comparable to the paper). */
  readonly notices: readonly string[];
  /** Tags recorded with the run (weight sources, comparability). */
  readonly tags: Readonly<Record<string, string>>;
  dispose(): void;
}

/** A model that reconstructs HDR from one LDR image (hybrid-loss GAN, Deep Chain HDRI). */
export interface SingleImageModel extends ModelCommon {
  readonly inputDomain: InputDomain;
  /**
   * Where the model defines it: the factor that brings its linearised input into the units it predicts in
   * (what an unclipped pixel should come out as). The identity baseline uses it.
   */
  readonly outputScale?: number;
  /**
   * The network part of prediction on one image [1, H, W, C] (any H, W: it pads to sizeMultiple and crops
   * back), in the model's input domain, returning the network's output tensor [1, H, W, C'].
   */
  forward(input: tf.Tensor4D): tf.Tensor4D;
  /**
   * Linear HDR from an input image in `inputDomain` (3 channels): runs `forward`, tiled when the image is
   * larger than `tile` pixels on a side, then whatever the model does after the network (Deep Chain: merge).
   */
  predict(input: HdrImage, options?: { readonly tile?: number }): Promise<HdrImage>;
  /** Makes a plausible input from a linear HDR image (for demos and evaluation on HDR-only data). */
  inputFromHdr(image: HdrImage): HdrImage;
}

/**
 * A model that fuses a bracket of LDR exposures of a moving scene into HDR (HDR-GAN, the attention + DRDB
 * fusion network). Its inputs are made from HDR by the synthesis preset of its `data().synth`.
 */
export interface BracketModel extends ModelCommon {
  readonly inputDomain: 'ldr-bracket';
  /** How many exposures the model fuses; the middle one is the reference. */
  readonly exposureCount: number;
  /** The camera gamma its exposures are linearised with (also what the bracket baselines use). */
  readonly cameraGamma: number;
  /**
   * The network part of prediction on one bracket: the named input arrays `ModelData.example` makes (the
   * target left out), [1, H, W, C] each, any H, W; returns the final output [1, H, W, 3] in the network's domain.
   */
  forward(inputs: Readonly<Record<string, tf.Tensor4D>>): tf.Tensor4D;
  /**
   * Linear HDR in the reference exposure's geometry, in units where the shortest exposure's sensor value is
   * the radiance (its exposure time counts as 1), as the synthesised ground truth is. Tiled above `tile` px.
   */
  predict(input: Bracket, options?: { readonly tile?: number }): Promise<HdrImage>;
}

/** A built model: its networks, its optimisers, one training step and prediction at any allowed size. */
export type Model = SingleImageModel | BracketModel;

/** A registry entry: the config block's schema (defaults filled in), named presets, and the factory. */
export interface ModelDefinition<S extends z.ZodType = z.ZodType, M extends Model = Model> {
  readonly id: string;
  readonly describe: string;
  readonly schema: S;
  /** Named config diffs as dotted paths (`loss.gan.enabled: false`), the papers' ablation rows. */
  readonly presets: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Settings of the `tiny` configuration: the same code path at a size that trains on a CPU in seconds. */
  readonly tiny: Readonly<Record<string, unknown>>;
  /** How examples are made for a config (e.g. which input levels the hybrid-loss GAN draws). */
  data(config: z.infer<S>): ModelData;
  /** Builds the networks (seeded from `seed`) and optimisers; may read pretrained weight files. */
  create(config: z.infer<S>, options: { readonly seed: number }): Promise<M>;
}
