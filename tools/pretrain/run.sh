#!/usr/bin/env bash
# Reproduces models/cloze-bert-mini end to end (CPU only, 2 threads):
#   1. pre-tokenise the corpus (~10 s)            -> ~/.cache/cloze-edge/pretrain/data
#   2. fastText skip-gram on WordPiece text (~6 min) -> ~/.cache/cloze-edge/pretrain/fasttext
#   3. MLM pre-training for MAX_MINUTES (default 106, as shipped) -> ~/.cache/cloze-edge/pretrain/run
#      (resumes from run/latest.pt if present; bf16 autocast, ~8k tokens/s on 2 AVX-512-BF16 cores)
#   4. export + int8 quantisation              -> models/cloze-bert-mini
# Total ≈ MAX_MINUTES + 8 minutes. Needs: apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread fasttext
set -euo pipefail
cd "$(dirname "$0")"
PY=${PY:-/usr/bin/python3}
CACHE=${CACHE:-$HOME/.cache/cloze-edge/pretrain}
MAX_MINUTES=${MAX_MINUTES:-106}
mkdir -p "$CACHE/fasttext"
[ -f "$CACHE/data/train_ids.npy" ] || $PY prepare_data.py --out "$CACHE/data"
if [ ! -f "$CACHE/fasttext/emb256.npy" ]; then
  fasttext skipgram -input "$CACHE/data/fasttext_train.txt" -output "$CACHE/fasttext/wp256" \
    -dim 256 -epoch 3 -minCount 1 -minn 3 -maxn 5 -thread 2 -ws 5 -neg 5
  $PY fasttext_vectors.py --model "$CACHE/fasttext/wp256.bin" --out "$CACHE/fasttext/emb256.npy"
fi
$PY train.py --data "$CACHE/data" --out "$CACHE/run" --init-emb "$CACHE/fasttext/emb256.npy" \
  --max-minutes "$MAX_MINUTES" --seq-schedule 0:128,0.284:64,0.8:128 "$@"
$PY export.py --ckpt "$CACHE/run/latest.pt" --out ../../models/cloze-bert-mini --check-cases "$CACHE/check_cases.json"
$PY make_card.py --run "$CACHE/run" --data "$CACHE/data" --compare "$CACHE/compare"
