import { describeGradientSuites } from './support/conv-gradient-suite.js';

describeGradientSuites('cpu');
