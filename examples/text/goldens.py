"""Captum goldens for the text model: for 20 held-out sentences, FeatureAblation with
one feature per word and Occlusion over tokens (windows of 1 and 3), baseline [PAD]
except on [CLS]/[SEP], whose baseline is their own id so they are never changed.
attention_mask goes in additional_forward_args. Writes goldens.json.

Run: PYTHONPATH=/path/to/captum /usr/bin/python3 examples/text/goldens.py
"""
import json
from pathlib import Path

import torch
from captum.attr import FeatureAblation, Occlusion

from export import load_model
from tokenizer import PAD, encode, pieces

HERE = Path(__file__).resolve().parent
SENTENCES = 20


def case(model, text, index):
    ids = torch.tensor([encode(text, index)])
    mask = torch.ones_like(ids)
    word_of_token = pieces(text)[1]
    words = len(text.split())
    # Special tokens share one extra feature id; their baseline is themselves.
    feature_mask = torch.tensor([[words] + word_of_token + [words]])
    baselines = torch.full_like(ids, PAD)
    baselines[0, 0], baselines[0, -1] = ids[0, 0], ids[0, -1]
    with torch.no_grad():
        logits = model(ids, mask)[0]
    target = int(logits.argmax())
    fa = FeatureAblation(model).attribute(ids, baselines=baselines, target=target, additional_forward_args=(mask,),
                                          feature_mask=feature_mask, perturbations_per_eval=4)
    occlusion = Occlusion(model)
    windows = {}
    for width in (1, 3):
        windows[str(width)] = occlusion.attribute(
            ids, sliding_window_shapes=(width,), baselines=baselines, target=target,
            additional_forward_args=(mask,), perturbations_per_eval=4)[0].tolist()
    return {"text": text, "ids": ids[0].tolist(), "featureMask": feature_mask[0].tolist(), "target": target,
            "logits": logits.tolist(), "featureAblation": fa[0].tolist(), "occlusion": windows}


def main():
    torch.set_num_threads(1)
    model, data, index = load_model()
    cases = [case(model, item["text"], index) | {"label": item["label"]} for item in data["test"][:SENTENCES]]
    out = {"captum": "0.8.0", "baselineId": PAD, "perturbationsPerEval": 4, "cases": cases}
    (HERE / "goldens.json").write_text(json.dumps(out) + "\n")
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()
