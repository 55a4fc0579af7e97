"""Train TopicNet on data.json (deterministic, 1 thread, well under a minute) and write
model.pt, tokenizer.json and metrics.json (held-out accuracy)."""
import json
from pathlib import Path

import torch
from torch import nn

from net import TopicNet
from tokenizer import build_vocab, encode, tokenizer_json

HERE = Path(__file__).resolve().parent
EPOCHS = 20
BATCH = 32


def batch_of(ids_list):
    width = max(len(ids) for ids in ids_list)
    ids = torch.zeros(len(ids_list), width, dtype=torch.int64)
    mask = torch.zeros(len(ids_list), width, dtype=torch.int64)
    for row, ids_row in enumerate(ids_list):
        ids[row, :len(ids_row)] = torch.tensor(ids_row)
        mask[row, :len(ids_row)] = 1
    return ids, mask


@torch.no_grad()
def accuracy(model, encoded, labels):
    model.eval()
    ids, mask = batch_of(encoded)
    return float((model(ids, mask).argmax(1) == torch.tensor(labels)).float().mean())


def main():
    torch.manual_seed(14)
    torch.set_num_threads(1)
    data = json.loads((HERE / "data.json").read_text())
    vocab = build_vocab([item["text"] for item in data["train"]])
    index = {token: i for i, token in enumerate(vocab)}
    train_x = [encode(item["text"], index) for item in data["train"]]
    train_y = torch.tensor([item["label"] for item in data["train"]])
    test_x = [encode(item["text"], index) for item in data["test"]]
    test_y = [item["label"] for item in data["test"]]
    model = TopicNet(len(vocab), len(data["classes"]))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(EPOCHS):
        model.train()
        order = torch.randperm(len(train_x)).tolist()
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            ids, mask = batch_of([train_x[i] for i in rows])
            optimizer.zero_grad()
            loss_fn(model(ids, mask), train_y[rows]).backward()
            optimizer.step()
        if epoch % 10 == 9:
            print(f"epoch {epoch + 1}: train {accuracy(model, train_x, train_y.tolist()):.3f} test {accuracy(model, test_x, test_y):.3f}")
    torch.save(model.state_dict(), HERE / "model.pt")
    (HERE / "tokenizer.json").write_text(json.dumps(tokenizer_json(vocab)) + "\n")
    test_acc = accuracy(model, test_x, test_y)
    (HERE / "metrics.json").write_text(json.dumps({"testAccuracy": round(test_acc, 4), "testSize": len(test_y),
                                                   "vocabSize": len(vocab)}, indent=2) + "\n")
    print(f"vocab {len(vocab)}, held-out accuracy {test_acc:.3f} on {len(test_y)}")


if __name__ == "__main__":
    main()
