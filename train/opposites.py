"""Build caseqa's opposite lexicon (``src/caseqa/models/opposites.json``) from Open English WordNet.

    python train/opposites.py /work/data/oewn [--commit SHA]

Reads the WordNet source files (``DATA_DIR/yaml/*.yaml``: the adjective, adverb and verb synsets
and the ``entries-*.yaml`` senses, which carry the antonym relations) and writes pairs of word
sets, each set the words that say one side of a direct antonym pair:

* **adjectives** (``adj.all``; not the pertainyms of ``adj.pert``, "financial/nonfinancial"): the
  head synsets of the pair, their satellites ("modest" is a satellite of nothing under "small", but
  a member of "minor, modest, small, small-scale": a satellite that lists the head word itself);
* **adverbs**: the members of the two synsets;
* **verbs**: only pairs on a scale, change of magnitude or of quality (both synsets below
  *change magnitude*, *increase / decrease* in their causative senses, or *better / worsen*), with
  each side's troponyms to depth ``TROPONYM_DEPTH`` ("dip", "slip", "scale down" under decline
  and worsen). Opposite events that can both happen to one thing at different times (open/close,
  begin/end, arrive/leave, buy/sell) are not on a scale and are left out.

A word listed on both sides of a pair is dropped from it; so are names, abbreviations and words of
fewer than three letters. The output is plain JSON (no pickle), deterministic for one WordNet commit.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "caseqa" / "models" / "opposites.json"
TROPONYM_DEPTH = 2
# The scales verbs change things along: WordNet's synsets of change of magnitude, the causative
# increase / decrease ("make bigger or more" / "make become smaller"), and better / worsen.
SCALE_ROOTS = {
    "change magnitude": "00169459-v",
    "increase (make bigger or more)": "00153083-v",
    "decrease (make become smaller)": "00442400-v",
    "better (get better)": "00205454-v",
    "better (to make better)": "00206293-v",
    "worsen (grow worse)": "00204228-v",
    "worsen (make worse)": "00208618-v",
}


def _load(folder: Path) -> tuple[dict[str, dict], dict[str, tuple[str, str]], list[tuple[str, str]], dict[str, str]]:
    """Synsets (adjective, adverb, verb), sense id -> (lemma, synset), the antonym sense pairs, and
    the irregular forms WordNet lists (form -> lemma: "grew" -> "grow", "bigger" -> "big")."""
    loader = getattr(yaml, "CLoader", yaml.SafeLoader)
    synsets: dict[str, dict] = {}
    files = sorted(glob.glob(str(folder / "adj.*.yaml")) + glob.glob(str(folder / "adv.*.yaml"))
                   + glob.glob(str(folder / "verb.*.yaml")))
    if not files:
        raise SystemExit(f"no WordNet synset files in {folder}: expected adj.all.yaml, verb.*.yaml, ...")
    for path in files:
        with open(path, encoding="utf-8") as f:
            for key, value in yaml.load(f, Loader=loader).items():
                synsets[key] = {"members": value.get("members", []), "hypernym": value.get("hypernym", []),
                                "similar": value.get("similar", []), "pos": value["partOfSpeech"],
                                "file": os.path.basename(path)}
    senses: dict[str, tuple[str, str]] = {}
    antonyms: list[tuple[str, str]] = []
    forms: dict[str, str] = {}
    for path in sorted(glob.glob(str(folder / "entries-*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for lemma, parts in yaml.load(f, Loader=loader).items():
                for pos, entry in parts.items():
                    if pos == "n":
                        continue
                    for form in entry.get("form", []):
                        forms.setdefault(str(form).lower(), str(lemma).lower())
                    for sense in entry.get("sense", []):
                        senses[sense["id"]] = (str(lemma), sense["synset"])
                        antonyms.extend((sense["id"], other) for other in sense.get("antonym", []))
    return synsets, senses, antonyms, forms


def _usable(word: str) -> bool:
    """A common word or a two-word phrase ("scale down"): no names, abbreviations or short words."""
    parts = word.split()
    return (len(parts) <= 2 and word == word.lower() and len(word) >= 3
            and all(p.replace("-", "").isalpha() for p in parts))


def _ancestors(synsets: dict[str, dict], key: str) -> set[str]:
    seen: set[str] = set()
    todo = [key]
    while todo:
        k = todo.pop()
        if k in seen or k not in synsets:
            continue
        seen.add(k)
        todo.extend(synsets[k]["hypernym"])
    return seen


def _troponyms(children: dict[str, list[str]], key: str, depth: int) -> set[str]:
    out, layer = {key}, [key]
    for _ in range(depth):
        layer = [c for k in layer for c in children.get(k, [])]
        out.update(layer)
    return out


def build(folder: Path) -> tuple[list[dict], dict[str, str]]:
    """The antonym pairs as word sets (``[{"pos", "pair", "a": [...], "b": [...]}]``, sorted), and
    the irregular forms of their words."""
    synsets, senses, antonyms, forms = _load(folder)
    children: dict[str, list[str]] = {}
    for key, s in synsets.items():
        for parent in s["hypernym"]:
            children.setdefault(parent, []).append(key)
    roots = set(SCALE_ROOTS.values())
    head_of_word: dict[str, list[str]] = {}  # adjective word -> the satellite synsets listing it
    for key, s in synsets.items():
        if s["pos"] == "s":
            for m in s["members"]:
                head_of_word.setdefault(m, []).append(key)

    def side(key: str, lemma: str) -> set[str]:
        s = synsets[key]
        if s["pos"] in ("a", "s"):
            keys = {key} | set(head_of_word.get(lemma, []))
            if s["pos"] == "a":  # a head synset: its satellites
                keys |= {k for k in s["similar"] if synsets.get(k, {}).get("pos") == "s"}
        elif s["pos"] == "v":
            keys = _troponyms(children, key, TROPONYM_DEPTH)
        else:
            keys = {key}
        return {m for k in keys for m in synsets[k]["members"]}

    pairs: dict[tuple[str, str], dict] = {}
    for one, other in antonyms:
        if one not in senses or other not in senses:
            continue
        (la, sa), (lb, sb) = senses[one], senses[other]
        if sa not in synsets or sb not in synsets:
            continue
        pos = synsets[sa]["pos"]
        if pos in ("a", "s") and (synsets[sa]["file"] != "adj.all.yaml" or synsets[sb]["file"] != "adj.all.yaml"):
            continue
        if pos == "v" and not (_ancestors(synsets, sa) & roots and _ancestors(synsets, sb) & roots):
            continue
        a, b = side(sa, la), side(sb, lb)
        both = a & b
        a = sorted(w for w in a - both if _usable(w))
        b = sorted(w for w in b - both if _usable(w))
        if not a or not b:
            continue
        key = tuple(sorted((f"{la}|{sa}", f"{lb}|{sb}")))
        if key in pairs:
            continue
        if key[0].startswith(f"{lb}|"):
            a, b, la, lb = b, a, lb, la
        pairs[key] = {"pos": "a" if pos == "s" else pos, "pair": f"{la}/{lb}", "a": a, "b": b}
    out = [pairs[k] for k in sorted(pairs)]
    words = {w for p in out for w in p["a"] + p["b"]}
    return out, {form: lemma for form, lemma in sorted(forms.items()) if lemma in words and form != lemma}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, help="the Open English WordNet copy (with yaml/)")
    parser.add_argument("--commit", default="", help="the WordNet commit the copy was taken from")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    pairs, forms = build(args.data_dir / "yaml")
    data = {
        "source": "Open English WordNet (github.com/globalwordnet/english-wordnet)"
                  + (f" @ {args.commit}" if args.commit else ""),
        "licence": "CC BY 4.0 (Open English WordNet team), derived from Princeton WordNet (WordNet License)",
        "built_by": "train/opposites.py",
        "scale_roots": SCALE_ROOTS,
        "troponym_depth": TROPONYM_DEPTH,
        "pairs": pairs,
        "forms": forms,
    }
    # One pair a line: small, and a rebuild's diff shows which pairs changed.
    about = {k: v for k, v in data.items() if k not in ("pairs", "forms")}
    head = json.dumps(about, sort_keys=True, ensure_ascii=False)
    lines = [head[:-1] + ', "forms": ' + json.dumps(forms, sort_keys=True, ensure_ascii=False) + ', "pairs": [']
    lines += [json.dumps(p, sort_keys=True, ensure_ascii=False) + ("," if i + 1 < len(pairs) else "")
              for i, p in enumerate(pairs)]
    args.out.write_text("\n".join(lines) + "\n]}\n", encoding="utf-8")
    json.loads(args.out.read_text(encoding="utf-8"))  # what the loader reads
    counts = {p: sum(1 for x in pairs if x["pos"] == p) for p in ("a", "r", "v")}
    print(f"{len(pairs)} pairs {counts}, {args.out.stat().st_size:,} bytes -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
