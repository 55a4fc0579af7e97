"""Word-level tokenizer shared by training and (as tokenizer.json) by JavaScript.

Words are whitespace-separated; each word splits into pieces [a-z0-9]+ or one other
character, so "don't" is the word of three tokens don ' t. Ids: [PAD]=0 [UNK]=1
[CLS]=2 [SEP]=3, then the vocabulary in order of frequency.
"""
import re
from collections import Counter

PATTERN = r"[a-z0-9]+|[^a-z0-9\s]"
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
PAD, UNK, CLS, SEP = range(4)


def pieces(text):
    """(token strings, word index of each token) of a text."""
    tokens, words = [], []
    for index, word in enumerate(text.lower().split()):
        for piece in re.findall(PATTERN, word):
            tokens.append(piece)
            words.append(index)
    return tokens, words


def build_vocab(texts, min_count=2):
    counts = Counter(token for text in texts for token in pieces(text)[0])
    kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return SPECIAL + kept


def encode(text, index):
    """[CLS] tokens [SEP] as ids."""
    return [CLS] + [index.get(token, UNK) for token in pieces(text)[0]] + [SEP]


def tokenizer_json(vocab):
    return {"type": "word-pieces", "lowercase": True, "pattern": PATTERN, "vocab": vocab,
            "pad": "[PAD]", "unk": "[UNK]", "cls": "[CLS]", "sep": "[SEP]"}
