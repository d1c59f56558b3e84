export { MPReLU, type MPReLUArgs } from './layers/mprelu.js';
export { DilatedConv2D, type DilatedConv2DArgs } from './layers/dilated-conv2d.js';
export { saveCheckpoint, loadCheckpoint, CheckpointError, type CheckpointState } from './checkpoint/checkpoint.js';
