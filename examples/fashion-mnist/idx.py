"""Read the gzipped IDX files of Fashion-MNIST (the MNIST file format).

Debian's `dataset-fashion-mnist` package installs them under
/usr/share/datasets/fashion-mnist, so training needs no download.
"""
import gzip
import struct

import numpy as np

DATA_DIR = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """Return the array stored in one gzipped IDX file (uint8 data only)."""
    with gzip.open(path, "rb") as f:
        zero, dtype_code, rank = struct.unpack(">HBB", f.read(4))
        # 0x08 is unsigned byte, the only type Fashion-MNIST uses.
        if zero != 0 or dtype_code != 0x08:
            raise ValueError(f"{path}: not a uint8 IDX file")
        shape = struct.unpack(f">{rank}I", f.read(4 * rank))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    return data.reshape(shape)


def load_split(split, data_dir=DATA_DIR):
    """Images [N, 28, 28] uint8 and labels [N] uint8 of 'train' or 't10k'."""
    images = read_idx(f"{data_dir}/{split}-images-idx3-ubyte.gz")
    labels = read_idx(f"{data_dir}/{split}-labels-idx1-ubyte.gz")
    return images, labels
