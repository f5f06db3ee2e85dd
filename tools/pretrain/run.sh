#!/usr/bin/env bash
# Reproduces models/cloze-bert-mini end to end (CPU only, 2 threads):
#   1. pre-tokenise the corpus (~10 s)            -> ~/.cache/cloze-edge/pretrain/data
#   2. fastText skip-gram on WordPiece text (~6 min) -> ~/.cache/cloze-edge/pretrain/fasttext
#   3. MLM pre-training, three phases -> ~/.cache/cloze-edge/pretrain/run, run2, run3
#      phase 1: MAX_MINUTES (default 106), peak lr 1e-3, rows 128 -> 64 -> 128
#      phase 2: PHASE2_MINUTES (default 120) from phase 1's checkpoint, lr re-warmed to 7e-4 and
#               decayed to 0 again, 64-token rows then 128 for the last 15 %
#      phase 3: PHASE3_MINUTES (default 115) from phase 2's final weights (fresh optimiser) on the corpus
#               plus WordNet 3.0 rendered as sentences (wordnet_text.py), peak lr 5e-4, 64 then 128 rows
#      (each phase resumes from its latest.pt if present; bf16 autocast, ~5-6k tokens/s on 2 idle cores)
#   4. export + int8 quantisation              -> models/cloze-bert-mini
#   5. copy each phase's logs to tools/pretrain/logs/phaseN and rewrite the model card from them
# Total ≈ MAX_MINUTES + PHASE2_MINUTES + PHASE3_MINUTES + 10 minutes.
# Needs: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext wordnet-base
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-/usr/bin/python3}
CACHE=${CACHE:-$HOME/.cache/cloze-edge/pretrain}
MAX_MINUTES=${MAX_MINUTES:-106}
PHASE2_MINUTES=${PHASE2_MINUTES:-120}
PHASE3_MINUTES=${PHASE3_MINUTES:-115}
mkdir -p "$CACHE/fasttext"
[ -f "$CACHE/data/train_ids.npy" ] || $PY prepare_data.py --out "$CACHE/data"
if [ ! -f "$CACHE/data_wn/train_ids.npy" ]; then
  $PY wordnet_text.py --out "$CACHE/wordnet.txt"
  $PY prepare_data.py --out "$CACHE/data_wn" --extra "$CACHE/wordnet.txt"
fi
if [ ! -f "$CACHE/fasttext/emb256.npy" ]; then
  fasttext skipgram -input "$CACHE/data/fasttext_train.txt" -output "$CACHE/fasttext/wp256" \
    -dim 256 -epoch 3 -minCount 1 -minn 3 -maxn 5 -thread 2 -ws 5 -neg 5
  $PY fasttext_vectors.py --model "$CACHE/fasttext/wp256.bin" --out "$CACHE/fasttext/emb256.npy"
fi
$PY train.py --data "$CACHE/data" --out "$CACHE/run" --init-emb "$CACHE/fasttext/emb256.npy" \
  --max-minutes "$MAX_MINUTES" --seq-schedule 0:128,0.284:64,0.8:128 "$@"
LAST=run LAST_N=1
if [ "$PHASE2_MINUTES" != 0 ]; then
  $PY train.py --data "$CACHE/data" --out "$CACHE/run2" --init-from "$CACHE/run/latest.pt" \
    --max-minutes "$PHASE2_MINUTES" --lr 7e-4 --warmup 300 --seq-schedule 0:64,0.85:128 "$@"
  LAST=run2 LAST_N=2
fi
if [ "$PHASE3_MINUTES" != 0 ]; then
  $PY train.py --data "$CACHE/data_wn" --out "$CACHE/run3" --init-weights "$CACHE/$LAST/latest.pt" \
    --max-minutes "$PHASE3_MINUTES" --lr 5e-4 --warmup 300 --seq-schedule 0:64,0.85:128 "$@"
  LAST=run3 LAST_N=3
fi
$PY export.py --ckpt "$CACHE/$LAST/latest.pt" --out ../../models/cloze-bert-mini --check-cases "$CACHE/check_cases.json"
# logs/phaseN is phase N's config.json, eval_log.csv and final_state.json; phases after the last one
# trained here no longer describe the exported model (git keeps them)
for pair in run:1 run2:2 run3:3; do
  run=${pair%:*} n=${pair#*:}
  if [ "$n" -gt "$LAST_N" ]; then
    rm -rf "logs/phase$n"
  elif [ -f "$CACHE/$run/final_state.json" ]; then
    mkdir -p "logs/phase$n"
    cp "$CACHE/$run/config.json" "$CACHE/$run/eval_log.csv" "$CACHE/$run/final_state.json" "logs/phase$n/"
  fi
done
ORT=../../node_modules/onnxruntime-node
if [ -d "$ORT" ]; then
  node check_onnx.mjs ../../models/cloze-bert-mini "$CACHE/check_cases.json" "$ORT" > "$CACHE/onnx_check.txt"
  node eval_onnx.mjs ../../models/cloze-bert-mini "$CACHE/eval_cases.json" "$ORT" > "$CACHE/onnx_eval.txt"
fi
$PY make_card.py --data "$CACHE/data_wn"
