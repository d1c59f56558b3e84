/** One model's line of the models benchmark, as its worker reports it. */
export interface ModelBenchRow {
  model: string;
  preset: string;
  /** The predicted image's size, WxH. */
  predictSize: string;
  trainMs: number[];
  terms: string[];
  predictMs: number;
  parameters: Record<string, number>;
  error?: string;
}
