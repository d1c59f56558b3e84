import { gaussianTaps } from './gaussian-window.js';
import { kernelSsimSums } from './ssim-kernel/kernel-sums.js';
import type { PlanePair } from './ssim-kernel/ssim-kernel.js';

export interface SsimConstants {
  readonly window: number;
  readonly sigma: number;
  readonly c1: number;
  readonly c2: number;
}

/** The SSIM constants of a dynamic range L: C1 = (K1 L)^2, C2 = (K2 L)^2. */
export function ssimConstants(p: { dynamicRange: number; k1: number; k2: number; window: number; sigma: number }): SsimConstants {
  return { window: p.window, sigma: p.sigma, c1: (p.k1 * p.dynamicRange) ** 2, c2: (p.k2 * p.dynamicRange) ** 2 };
}

export interface SsimStatistics {
  readonly ssim: number;
  readonly cs: number;
  /** Sum of squared differences over every sample of the planes: PSNR of the same (quantised) planes for free. */
  readonly squaredErrors: number;
}

/**
 * Means over the valid region of the SSIM map and of its contrast-structure factor
 * cs = (2 sigma_xy + C2) / (sigma_x^2 + sigma_y^2 + C2), with population moments (Wang et al. 2004), for
 * each plane pair; MS-SSIM needs both, and mean(l * cs) is not mean(l) * mean(cs). The five local moments
 * are filtered separably in float64 by the WebAssembly kernel.
 */
export function ssimStatistics(pairs: readonly PlanePair[], { window, sigma, c1, c2 }: SsimConstants): SsimStatistics[] {
  return kernelSsimSums(pairs, gaussianTaps(window, sigma), c1, c2).map((sums, index) => {
    const { width, height } = pairs[index]!.x;
    const count = (width - window + 1) * (height - window + 1);
    return { ssim: sums.ssim / count, cs: sums.cs / count, squaredErrors: sums.squaredErrors };
  });
}
