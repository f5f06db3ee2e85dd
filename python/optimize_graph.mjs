// Saves the graph ONNX Runtime builds from an int8 masked graph at optimization level
// `extended` (fused LayerNormalization, BiasGelu, FusedMatMul; constants folded), so that every
// session created from the shipped file -- above all a cold Worker's -- starts from the
// optimized graph instead of redoing that work over the raw export's nodes. The level's
// rewrites are the same for every CPU (the x86-only layout level is not applied), and the
// Worker's onnxruntime-web applies exactly these when it optimizes the raw graph itself.
// Usage: node python/optimize_graph.mjs in.onnx out.onnx   (tools/pretrain/export.py and python/tune.py run it)
import * as ort from 'onnxruntime-node';

const [src, dst] = process.argv.slice(2);
if (!src || !dst) {
  console.error('usage: node python/optimize_graph.mjs in.onnx out.onnx');
  process.exit(2);
}
const session = await ort.InferenceSession.create(src, {
  graphOptimizationLevel: 'extended',
  optimizedModelFilePath: dst,
  intraOpNumThreads: 1,
  logSeverityLevel: 3,
});
await session.release();
console.log(`${dst}: optimized at level extended`);
