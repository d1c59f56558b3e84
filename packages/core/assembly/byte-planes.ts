/**
 * Interleaves a channel's byte planes (all first bytes of its samples, then all second bytes, ...) into
 * its samples in the output block: `sampleBytes` (2 or 4) planes of `width` x `lines` bytes at `planes`.
 */
export function interleavePlanes(
  planes: usize,
  sampleBytes: i32,
  output: usize,
  lineStride: i32,
  width: i32,
  lines: i32,
): void {
  const planeSize = <usize>(width * lines);
  for (let line = 0; line < lines; line++) {
    const from = planes + <usize>(line * width);
    const to = output + <usize>(line * lineStride);
    if (sampleBytes === 2) {
      for (let x = 0; x < width; x++) {
        const at = from + <usize>x;
        store<u16>(to + (<usize>x << 1), <u16>(<u32>load<u8>(at) | (<u32>load<u8>(at + planeSize) << 8)));
      }
    } else {
      for (let x = 0; x < width; x++) {
        const at = from + <usize>x;
        const low = <u32>load<u8>(at) | (<u32>load<u8>(at + planeSize) << 8);
        const high = <u32>load<u8>(at + 2 * planeSize) | (<u32>load<u8>(at + 3 * planeSize) << 8);
        store<u32>(to + (<usize>x << 2), low | (high << 16));
      }
    }
  }
}
