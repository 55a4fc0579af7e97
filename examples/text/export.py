"""Write model.onnx (int64 input_ids and attention_mask, dynamic batch and length) from
model.pt, and heldout.json: every held-out sentence's ids and PyTorch logits."""
import json
from pathlib import Path

import torch

from net import TopicNet
from tokenizer import encode

HERE = Path(__file__).resolve().parent
OPSET = 13


def load_model():
    data = json.loads((HERE / "data.json").read_text())
    vocab = json.loads((HERE / "tokenizer.json").read_text())["vocab"]
    model = TopicNet(len(vocab), len(data["classes"]))
    model.load_state_dict(torch.load(HERE / "model.pt"))
    model.eval()
    return model, data, {token: i for i, token in enumerate(vocab)}


def main():
    torch.set_num_threads(1)
    model, data, index = load_model()
    ids = torch.tensor([[2, 5, 6, 3], [2, 7, 3, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    torch.onnx.export(
        model, (ids, mask), str(HERE / "model.onnx"),
        input_names=["input_ids", "attention_mask"], output_names=["logits"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                      "logits": {0: "batch"}},
        opset_version=OPSET, do_constant_folding=True,
    )
    rows = []
    with torch.no_grad():
        for item in data["test"]:
            encoded = encode(item["text"], index)
            logits = model(torch.tensor([encoded]), torch.ones(1, len(encoded), dtype=torch.int64))[0]
            rows.append({"ids": encoded, "label": item["label"], "logits": [round(float(v), 6) for v in logits]})
    (HERE / "heldout.json").write_text(json.dumps(rows) + "\n")
    print(f"model.onnx {(HERE / 'model.onnx').stat().st_size} bytes; {len(rows)} held-out rows")


if __name__ == "__main__":
    main()
