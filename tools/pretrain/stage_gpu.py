"""Pack the inputs of gpu_phase.sh from this machine's caches into one folder (--out):
data.npz (prepare_data.py output, offsets as uint32, compressed), prompts.npz (prompt_data.py),
init/ (fp16 weights of --init: an exported fp32 model.onnx, a train.py checkpoint or the fp16
weights folder of a previous GPU phase).
The folder is what travels to the GPU machine; it stays out of git (.gitignore: /.gpu-in/)."""
import argparse
import os
import shutil

import numpy as np
import torch

from onnx_weights import state_dict_from_onnx
from train import load_npz_weights, save_npz_weights


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--prompts", required=True)
    ap.add_argument("--init", required=True, help="model.onnx, latest.pt or an --export-npz weights folder")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(os.path.join(args.out, "init"), exist_ok=True)
    arrs = {}
    for f in sorted(os.listdir(args.data)):
        if f.endswith(".npy"):
            a = np.load(os.path.join(args.data, f))
            arrs[f[:-4]] = a.astype(np.uint32) if f.endswith("offsets.npy") else a
    np.savez_compressed(os.path.join(args.out, "data.npz"), **arrs)
    shutil.copy(args.prompts, os.path.join(args.out, "prompts.npz"))
    if os.path.isdir(args.init):  # a previous GPU phase's fp16 weights (train.py --export-npz folder)
        sd = {k: v.numpy() for k, v in load_npz_weights(args.init).items()}
    elif args.init.endswith(".onnx"):
        sd = state_dict_from_onnx(args.init)
    else:
        sd = {k: v.float().numpy() for k, v in torch.load(args.init, map_location="cpu")["model"].items()}
    save_npz_weights(sd, os.path.join(args.out, "init"), {"from": os.path.basename(args.init)})
    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(args.out) for f in fs)
    print(f"staged {total / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
