"""What both PyTorch peers share with the Java side: the network of model/LstmNetwork and the MNIST input.

The network: LSTM(28->100), LSTM(100->100), the last step's output through Linear(100->10). The input:
MNIST images with each pixel normalized to (p/255 - 0.5)/0.5, the 28 columns as the 28 time steps.

torch is imported inside the functions, never at the top: a script first sets OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS, which OpenMP and OpenBLAS read only once, when torch loads them.

Debian's python3-torch calls whatever libblas.so.3 the system provides: the reference BLAS unless an
optimized one is installed. Install libopenblas0-pthread (it becomes the libblas.so.3 alternative), or
PyTorch runs ~10x slower than it can; blas() names the library in each script's first line.
"""
import gzip
import os

import numpy as np

SYSTEM_BLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"


def network(softmax):
    """The network, with softmax on its output (inference) or returning the logits (training's loss applies it)."""
    import torch
    from torch import nn

    class LstmClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(input_size=28, hidden_size=100, num_layers=2, batch_first=True)
            self.linear = nn.Linear(100, 10)

        def forward(self, sequences):
            outputs, _ = self.lstm(sequences)
            logits = self.linear(outputs[:, -1, :])
            return torch.softmax(logits, dim=1) if softmax else logits

    return LstmClassifier()


def read_idx(directory, name, offset):
    """The bytes of an IDX file (raw or .gz) after its header."""
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.exists(path):
            opener = gzip.open if candidate.endswith(".gz") else open
            with opener(path, "rb") as f:
                return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)
    raise SystemExit(f"error: no {name}(.gz) in {directory}")


def mnist(directory, kind):
    """(images as (n, 28 steps, 28 features) float32, labels as int64) of 'train' or 't10k'."""
    import torch

    pixels = read_idx(directory, f"{kind}-images-idx3-ubyte", 16).reshape(-1, 28, 28)
    labels = read_idx(directory, f"{kind}-labels-idx1-ubyte", 8)
    normalized = (pixels.astype(np.float32) / 255.0 - 0.5) / 0.5
    # columns as steps: (image, row, column) -> (image, column, row)
    sequences = np.ascontiguousarray(normalized.transpose(0, 2, 1))
    return torch.from_numpy(sequences), torch.from_numpy(labels.astype(np.int64))


def mnist_directory():
    """DIGITS_MNIST_DIR, or a one-line error."""
    directory = os.environ.get("DIGITS_MNIST_DIR")
    if not directory:
        raise SystemExit("error: set DIGITS_MNIST_DIR to the directory of the MNIST IDX files")
    return directory


def use_threads(threads):
    """Sets the thread count of OpenMP and OpenBLAS, then of torch (which this imports first here)."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = str(threads)
    import torch

    torch.set_num_threads(threads)


def blas():
    """The library behind libblas.so.3."""
    return os.path.realpath(SYSTEM_BLAS) if os.path.exists(SYSTEM_BLAS) else "unknown"
