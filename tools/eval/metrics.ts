/** The evaluator's metrics live in the engine (pure TS) so `POST /v1/evaluate` computes them identically. */
export { classificationMetrics, spanMetrics, type ClassMetrics, type SpanMetrics } from '../../src/core/evaluate/metrics.js';
