/**
 * SSIM's windowed moments and pooling over one pair of planes, with f64x2 SIMD. Float64 because
 * the variances subtract nearly equal numbers; SIMD because scalar JavaScript spends ~20 ns per pixel and
 * filter pass here. The planes are read from interleaved float32 images (a channel, or a quantised level of
 * one, without copies on the host side). Each input row is filtered horizontally into a ring of `window` rows per moment; each
 * output row is filtered vertically from the ring with its five moments in registers, and pooled at once.
 * The host writes the taps at `tapsAt` and reserves `workBytes(width, window)` from `workAt`. The sums of the
 * SSIM map and of its contrast-structure factor over the valid region are stored at `outAt` and `outAt + 8`,
 * the sum of squared differences over the whole plane (for PSNR of the same levels) at `outAt + 16`.
 */

const F64 = 8;

/**
 * The five horizontally filtered moments of one row into its ring slot and the slot's copy `copy` bytes
 * on: for each output pair, five accumulators in registers, mirrored taps added before multiplying (the
 * window is symmetric).
 */
function filterRow(
  x: usize,
  y: usize,
  xx: usize,
  yy: usize,
  xy: usize,
  slot: usize,
  copy: usize,
  ringBytes: usize,
  count: i32,
  tapsAt: usize,
  window: i32,
): void {
  const half = window >> 1;
  const centre = f64x2.splat(window & 1 ? load<f64>(tapsAt + <usize>half * F64) : 0.0);
  const middle = <usize>half * F64;
  for (let c = 0; c < count; c += 2) {
    const at = <usize>c * F64;
    let sx = f64x2.mul(centre, v128.load(x + at + middle));
    let sy = f64x2.mul(centre, v128.load(y + at + middle));
    let sxx = f64x2.mul(centre, v128.load(xx + at + middle));
    let syy = f64x2.mul(centre, v128.load(yy + at + middle));
    let sxy = f64x2.mul(centre, v128.load(xy + at + middle));
    for (let k = 0; k < half; k++) {
      const tap = f64x2.splat(load<f64>(tapsAt + <usize>k * F64));
      const near = at + <usize>k * F64;
      const far = at + <usize>(window - 1 - k) * F64;
      sx = f64x2.add(sx, f64x2.mul(tap, f64x2.add(v128.load(x + near), v128.load(x + far))));
      sy = f64x2.add(sy, f64x2.mul(tap, f64x2.add(v128.load(y + near), v128.load(y + far))));
      sxx = f64x2.add(sxx, f64x2.mul(tap, f64x2.add(v128.load(xx + near), v128.load(xx + far))));
      syy = f64x2.add(syy, f64x2.mul(tap, f64x2.add(v128.load(yy + near), v128.load(yy + far))));
      sxy = f64x2.add(sxy, f64x2.mul(tap, f64x2.add(v128.load(xy + near), v128.load(xy + far))));
    }
    v128.store(slot + at, sx);
    v128.store(slot + ringBytes + at, sy);
    v128.store(slot + 2 * ringBytes + at, sxx);
    v128.store(slot + 3 * ringBytes + at, syy);
    v128.store(slot + 4 * ringBytes + at, sxy);
    v128.store(slot + copy + at, sx);
    v128.store(slot + copy + ringBytes + at, sy);
    v128.store(slot + copy + 2 * ringBytes + at, sxx);
    v128.store(slot + copy + 3 * ringBytes + at, syy);
    v128.store(slot + copy + 4 * ringBytes + at, sxy);
  }
}

/**
 * Row `r` of a plane held in an interleaved float32 image (sample (r * width + c) * stride + offset) as
 * float64, optionally quantised to a linear 8-bit level: clip(floor(v * scale + roundOffset), 0, 255), as
 * core's rangeLevel does (NaN becomes 0).
 */
function loadRow(image: usize, r: i32, width: i32, stride: i32, offset: i32, quantise: bool, scale: f64, roundOffset: f64, row: usize): void {
  let at = image + (<usize>r * <usize>width * <usize>stride + <usize>offset) * 4;
  const step = <usize>stride * 4;
  const scaleVector = f64x2.splat(scale);
  const offsetVector = f64x2.splat(roundOffset);
  const zero = f64x2.splat(0.0);
  const top = f64x2.splat(255.0);
  let c = 0;
  for (; c + 2 <= width; c += 2, at += 2 * step) {
    let value = f64x2.replace_lane(f64x2.splat(<f64>load<f32>(at)), 1, <f64>load<f32>(at + step));
    // pmax(0, code) is code when 0 < code, else 0, so NaN becomes 0 as in rangeLevel.
    if (quantise) value = f64x2.pmin(top, f64x2.pmax(zero, f64x2.floor(f64x2.add(f64x2.mul(value, scaleVector), offsetVector))));
    v128.store(row + <usize>c * F64, value);
  }
  if (c < width) {
    let value = <f64>load<f32>(at);
    if (quantise) {
      const code = Math.floor(value * scale + roundOffset);
      value = code >= 255 ? 255 : code > 0 ? code : 0;
    }
    store<f64>(row + <usize>c * F64, value);
  }
}

export function ssimSums(
  xAt: usize,
  yAt: usize,
  width: i32,
  height: i32,
  stride: i32,
  offset: i32,
  quantise: bool,
  scale: f64,
  roundOffset: f64,
  tapsAt: usize,
  window: i32,
  workAt: usize,
  c1: f64,
  c2: f64,
  outAt: usize,
): void {
  const outWidth = width - window + 1;
  // Rows are padded to an even count so every loop runs whole f64x2 pairs; the padding's results are ignored.
  const paddedWidth = (width + 3) & ~1;
  const pairs = (outWidth + 1) & ~1;
  const rowBytes = <usize>paddedWidth * F64;
  const outRowBytes = <usize>pairs * F64;
  const xRow = workAt;
  const yRow = xRow + rowBytes;
  const xx = yRow + rowBytes;
  const yy = xx + rowBytes;
  const xy = yy + rowBytes;
  const ringAt = xy + rowBytes;
  // Each moment's ring holds every row twice, at slot s and s + window, so the window's rows for any output
  // row are contiguous: no modulo or offset table in the vertical pass.
  const copy = <usize>window * outRowBytes;
  const ringBytes = 2 * copy;
  const half = window >> 1;
  const centre = f64x2.splat(window & 1 ? load<f64>(tapsAt + <usize>half * F64) : 0.0);
  const c1Vector = f64x2.splat(c1);
  const c2Vector = f64x2.splat(c2);
  const two = f64x2.splat(2.0);
  let ssimVector = f64x2.splat(0.0);
  let csVector = f64x2.splat(0.0);
  let ssimSum = 0.0;
  let csSum = 0.0;
  let squaredErrors = f64x2.splat(0.0);
  memory.fill(xRow, 0, 5 * rowBytes);
  for (let r = 0; r < height; r++) {
    loadRow(xAt, r, width, stride, offset, quantise, scale, roundOffset, xRow);
    loadRow(yAt, r, width, stride, offset, quantise, scale, roundOffset, yRow);
    for (let c = 0; c < width; c += 2) {
      const at = <usize>c * F64;
      const a = v128.load(xRow + at);
      const b = v128.load(yRow + at);
      const difference = f64x2.sub(a, b);
      squaredErrors = f64x2.add(squaredErrors, f64x2.mul(difference, difference));
      v128.store(xx + at, f64x2.mul(a, a));
      v128.store(yy + at, f64x2.mul(b, b));
      v128.store(xy + at, f64x2.mul(a, b));
    }
    filterRow(xRow, yRow, xx, yy, xy, ringAt + <usize>(r % window) * outRowBytes, copy, ringBytes, outWidth, tapsAt, window);
    if (r < window - 1) continue;
    const first = ringAt + <usize>((r - window + 1) % window) * outRowBytes;
    const middle = first + <usize>half * outRowBytes;
    for (let c = 0; c < outWidth; c += 2) {
      const at = <usize>c * F64;
      let mx = f64x2.mul(centre, v128.load(middle + at));
      let my = f64x2.mul(centre, v128.load(middle + ringBytes + at));
      let mxx = f64x2.mul(centre, v128.load(middle + 2 * ringBytes + at));
      let myy = f64x2.mul(centre, v128.load(middle + 3 * ringBytes + at));
      let mxy = f64x2.mul(centre, v128.load(middle + 4 * ringBytes + at));
      for (let k = 0; k < half; k++) {
        const tap = f64x2.splat(load<f64>(tapsAt + <usize>k * F64));
        const top = first + <usize>k * outRowBytes + at;
        const bottom = first + <usize>(window - 1 - k) * outRowBytes + at;
        mx = f64x2.add(mx, f64x2.mul(tap, f64x2.add(v128.load(top), v128.load(bottom))));
        my = f64x2.add(my, f64x2.mul(tap, f64x2.add(v128.load(top + ringBytes), v128.load(bottom + ringBytes))));
        mxx = f64x2.add(mxx, f64x2.mul(tap, f64x2.add(v128.load(top + 2 * ringBytes), v128.load(bottom + 2 * ringBytes))));
        myy = f64x2.add(myy, f64x2.mul(tap, f64x2.add(v128.load(top + 3 * ringBytes), v128.load(bottom + 3 * ringBytes))));
        mxy = f64x2.add(mxy, f64x2.mul(tap, f64x2.add(v128.load(top + 4 * ringBytes), v128.load(bottom + 4 * ringBytes))));
      }
      const mxmy = f64x2.mul(mx, my);
      const mx2 = f64x2.mul(mx, mx);
      const my2 = f64x2.mul(my, my);
      const covariance = f64x2.sub(mxy, mxmy);
      const variances = f64x2.sub(f64x2.add(mxx, myy), f64x2.add(mx2, my2));
      const cs = f64x2.div(f64x2.add(f64x2.mul(two, covariance), c2Vector), f64x2.add(variances, c2Vector));
      const ssim = f64x2.mul(f64x2.div(f64x2.add(f64x2.mul(two, mxmy), c1Vector), f64x2.add(f64x2.add(mx2, my2), c1Vector)), cs);
      if (c + 1 < outWidth) {
        csVector = f64x2.add(csVector, cs);
        ssimVector = f64x2.add(ssimVector, ssim);
      } else {
        csSum += f64x2.extract_lane(cs, 0);
        ssimSum += f64x2.extract_lane(ssim, 0);
      }
    }
  }
  store<f64>(outAt, ssimSum + f64x2.extract_lane(ssimVector, 0) + f64x2.extract_lane(ssimVector, 1));
  store<f64>(outAt + F64, csSum + f64x2.extract_lane(csVector, 0) + f64x2.extract_lane(csVector, 1));
  store<f64>(outAt + 2 * F64, f64x2.extract_lane(squaredErrors, 0) + f64x2.extract_lane(squaredErrors, 1));
}

/** Scratch that ssimSums needs from workAt: five padded rows and the doubled rings of the five moments. */
export function workBytes(width: i32, window: i32): usize {
  const rowBytes = <usize>((width + 3) & ~1) * F64;
  const outRowBytes = <usize>((width - window + 2) & ~1) * F64;
  return 5 * rowBytes + 10 * <usize>window * outRowBytes;
}

/** Where the host may start laying out its buffers. */
export function freeMemoryStart(): usize {
  return (__heap_base + 15) & ~15;
}
