/**
 * Float32 -> half rounding of four lanes at once, to nearest even like the F16C instruction and Imath's
 * half(float) that OpenEXR uses after its inverse DCT. Results are in the low 16 bits of each i32 lane.
 *
 * Normal halves add just under half an output ulp plus the lowest kept bit, so ties go to even and a
 * carry out of the mantissa bumps the exponent (up to infinity from 65520). Subnormals and zero come from
 * a float addition of 0.5: its own round-to-nearest-even leaves exactly the wanted half bits in the low
 * mantissa. Magnitudes from 65536 up are infinity, NaNs stay quiet NaNs with their top payload bits.
 */
@inline
export function roundToHalf(value: v128): v128 {
  const magnitude = v128.and(value, i32x4.splat(0x7fffffff));
  const sign = v128.and(i32x4.shr_u(value, 16), i32x4.splat(0x8000));
  const lowestKept = v128.and(i32x4.shr_u(magnitude, 13), i32x4.splat(1));
  const normal = i32x4.shr_u(
    i32x4.add(i32x4.add(magnitude, lowestKept), i32x4.splat(0x0fff - 0x38000000)),
    13,
  );
  const subnormal = i32x4.sub(f32x4.add(magnitude, f32x4.splat(0.5)), i32x4.splat(0x3f000000));
  const nan = v128.or(i32x4.splat(0x7e00), v128.and(i32x4.shr_u(magnitude, 13), i32x4.splat(0x3ff)));
  const huge = v128.bitselect(nan, i32x4.splat(0x7c00), i32x4.gt_s(magnitude, i32x4.splat(0x7f800000)));
  const finite = v128.bitselect(normal, subnormal, i32x4.ge_s(magnitude, i32x4.splat(0x38800000)));
  return v128.or(sign, v128.bitselect(huge, finite, i32x4.ge_s(magnitude, i32x4.splat(0x47800000))));
}
