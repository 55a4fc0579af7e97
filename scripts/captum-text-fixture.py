# Writes tests/fixtures/captum-text/fixture.json from Captum's own text-visualisation
# helpers (captum/attr/_utils/visualization.py): the colour of each value, the word
# formatting of special tokens, and Python's "{:.2f}" of the numbers a record shows.
# Run with Captum on the path:  PYTHONPATH=/work/captum-src /usr/bin/python3 scripts/captum-text-fixture.py
import json
import math
import pathlib
import re

import torch

from captum.attr._utils.visualization import _get_color, format_special_tokens, format_word_importances

values = [-2.0, -1.0, -0.999, -0.5, -0.33, -0.025, -0.0249, -1e-9, -0.0, 0.0, 1e-9, 0.0199, 0.02, 0.021,
          0.1, 0.3, 0.5, 0.51, 0.7, 0.99, 1.0, 1.5, math.inf, -math.inf]
values += [round(-1 + i * 0.013, 6) for i in range(155)]
words = ["<s>", "the", "<pad>", "movie", "<unk>", "was", "great", "</s>", "!"]
importances = [0.2, -0.4, 0.0, 0.9, -1.0, 0.05, 1.0, -0.07, 0.58]
html = format_word_importances(words, importances)
# A float32 tensor, as Captum's examples pass: the colour is computed in float32.
float32_html = format_word_importances(words, torch.tensor(importances, dtype=torch.float32))
numbers = [0.125, 0.375, 0.625, 0.875, -0.125, 1.005, 2.675, 0.5, 0.935, -0.004, 12.345678, 0.0]

out = {
    "colors": [{"value": v if math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity"), "color": _get_color(v)} for v in values],
    "specialTokens": {w: format_special_tokens(w) for w in words + ["<", "<>", "a<b>", "<<x>>"]},
    "wordImportances": {"words": words, "importances": importances,
                        "backgrounds": re.findall(r"background-color: (hsl\([^)]*\))", html),
                        "float32Backgrounds": re.findall(r"background-color: (hsl\([^)]*\))", float32_html),
                        "texts": [t.strip() for t in re.findall(r'<font color="black">(.*?)</font>', html, re.S)]},
    "twoDecimals": [{"value": n, "text": "{0:.2f}".format(n)} for n in numbers],
}
path = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "captum-text" / "fixture.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(f"wrote {path}")
