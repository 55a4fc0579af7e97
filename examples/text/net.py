"""TopicNet: token embeddings, mean over the attention mask, one hidden layer, 4 logits."""
import torch
from torch import nn

EMBED = 32
HIDDEN = 32


class TopicNet(nn.Module):
    def __init__(self, vocab_size, classes):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, EMBED, padding_idx=0)
        self.hidden = nn.Linear(EMBED, HIDDEN)
        self.out = nn.Linear(HIDDEN, classes)
        self.drop = nn.Dropout(0.5)

    def forward(self, input_ids, attention_mask):
        mask = attention_mask.to(torch.float32).unsqueeze(-1)
        summed = (self.embed(input_ids) * mask).sum(1)
        mean = summed / mask.sum(1).clamp(min=1.0)
        return self.out(self.drop(torch.tanh(self.hidden(self.drop(mean)))))
