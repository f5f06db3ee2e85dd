#!/usr/bin/env bash
# One bounded phase of cloze-bert-mini training on a CUDA GPU (any recent NVIDIA card with
# PyTorch >= 1.13). Inputs come pre-built from this machine's caches (stage_gpu.py packs them):
#   $IN/data.npz      pre-tokenised corpus + WordNet + GCIDE + knowledge lines (prepare_data.py)
#   $IN/prompts.npz   PET candidate rows (prompt_data.py)
#   $IN/init/         fp16 weights of the model to continue from (train.py --export-npz layout)
# Writes to $OUTDIR: fp16 weights (weights_part*.npz, state.json, refreshed every minute so a cut
# run still returns its last minute) and logs.tar.gz (train/eval/relabel logs, config, stdout).
# Usage: IN=.gpu-in OUTDIR=$OUT tools/pretrain/gpu_phase.sh --max-steps 5961 [train.py flags…]
#   (run.sh passes a phase file's flags: tools/pretrain/phases/phaseN.json; MINUTES=7 gives a wall-clock budget instead)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IN=$(cd "${IN:?}" && pwd)
OUTDIR=${OUTDIR:?}
MINUTES=${MINUTES:-}
WORK=${WORK:-/tmp/cloze-gpu}
PY=${PY:-python3}
rm -rf "$WORK" && mkdir -p "$WORK/data" "$WORK/run" "$OUTDIR"
$PY - "$IN/data.npz" "$WORK/data" <<'PY'
import sys, numpy as np
with np.load(sys.argv[1]) as d:
    for k in d.files:
        a = d[k]
        np.save(f"{sys.argv[2]}/{k}.npy", a.astype(np.int64) if k.endswith("offsets") else a)
PY
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
set +e
$PY "$HERE/train.py" --data "$WORK/data" --out "$WORK/run" --vocab "$HERE/../../models/cloze-bert-mini/vocab.txt" \
  --init-weights "$IN/init" ${MINUTES:+--max-minutes "$MINUTES"} --batch "${BATCH:-256}" --lr "${LR:-1e-3}" --warmup "${WARMUP:-500}" \
  --seq-schedule 0:128 --workers "${WORKERS:-10}" --prompt-data "$IN/prompts.npz" --prompt-batch "${PROMPT_BATCH:-64}" \
  --task-weights sentiment:0.4,topic:0.2,ner:0.4 --relabel-at 0,0.5 --export-npz "$OUTDIR" \
  --eval-every-min "${EVAL_EVERY:-1}" --ckpt-every-min "${CKPT_EVERY:-1}" --log-every 100 "$@" 2>&1 | tee "$WORK/run/stdout.log"
rc=${PIPESTATUS[0]}
set -e
tar czf "$OUTDIR/logs.tar.gz" -C "$WORK/run" --exclude latest.pt --exclude latest.pt.tmp .
exit "$rc"
