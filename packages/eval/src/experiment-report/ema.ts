/**
 * The loss charts' smoothing weight. 0.8 averages over about the last five logged points (1 / (1 - 0.8)):
 * enough to show the trend under a GAN's step-to-step noise, little enough that the early drop of a short
 * run is not dragged out; the raw values are drawn faintly behind, so nothing is hidden.
 */
export const EMA_WEIGHT = 0.8;

/**
 * TensorBoard's smoothing: an exponential moving average, debiased so the first points are not pulled
 * towards the zero it starts from (each value divided by 1 - weight^k after k points). A non-finite value
 * is passed through and left out of the average, so a NaN still breaks the drawn line where it occurred
 * and the average picks up again after it.
 */
export function debiasedEma(values: readonly number[], weight: number = EMA_WEIGHT): number[] {
  let last = 0;
  let count = 0;
  return values.map((value) => {
    if (!Number.isFinite(value)) return value;
    last = last * weight + (1 - weight) * value;
    count++;
    return last / (1 - Math.pow(weight, count));
  });
}
