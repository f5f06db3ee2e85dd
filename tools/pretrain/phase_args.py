"""Print one section of a phase file (tools/pretrain/phases/phaseN.json) as command-line flags, one per line.

  phase_args.py phases/phase4.json train     ->  --max-steps / 5961 / --lr / 0.001 / ...   (train.py's flags)
  phase_args.py phases/phase4.json prompts   ->  --person-rule / first-last                (prompt_data.py's)
  phase_args.py phases/phase4.json data      ->  data_v2                                   (a plain value)

run.sh reads them with `mapfile -t`, so each phase's budget and hyperparameters live in its file.
"""
import json
import sys


def main():
    path, section = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "train"
    value = json.load(open(path)).get(section, {})
    if not isinstance(value, dict):
        print(value)
        return
    for name, v in value.items():
        print(f"--{name}")
        print(v)


if __name__ == "__main__":
    main()
