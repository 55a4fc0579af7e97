"""Build data.json: short fortunes from Debian's `fortunes` package, labelled by the
file they come from (computers, politics, science, love), split train/test.

Source: /usr/share/games/fortunes (apt-get install fortunes; fortune-mod, BSD licence,
see /usr/share/doc/fortunes/copyright). Attribution lines ("-- Someone") are dropped so
the label must come from the saying itself. Deterministic: fixed order and seed.
"""
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/games/fortunes")
CLASSES = ["computers", "politics", "science", "love"]
MAX_WORDS = 40
TEST_SHARE = 0.2


def sayings(path):
    for block in path.read_text(encoding="latin-1").split("\n%\n"):
        lines = [line for line in block.splitlines() if not re.match(r"^\s*--", line)]
        text = " ".join(" ".join(lines).split())
        if 3 <= len(text.split()) <= MAX_WORDS and text.isascii():
            yield text


def main():
    rng = random.Random(14)
    train, test = [], []
    for label, name in enumerate(CLASSES):
        items = sorted(set(sayings(SOURCE / name)))
        rng.shuffle(items)
        cut = int(len(items) * TEST_SHARE)
        test += [{"text": text, "label": label} for text in items[:cut]]
        train += [{"text": text, "label": label} for text in items[cut:]]
    rng.shuffle(train)
    rng.shuffle(test)
    out = {"source": "Debian package fortunes (fortune-mod 1.99.1), BSD licence", "classes": CLASSES,
           "train": train, "test": test}
    (HERE / "data.json").write_text(json.dumps(out, indent=0) + "\n")
    print(f"{len(train)} train, {len(test)} test")


if __name__ == "__main__":
    main()
