#!/usr/bin/env python3
"""PyTorch's speed on the classifier's network, the peer that ClassifierBenchmark is compared with.

The same network as model/LstmNetwork: LSTM(28->100), LSTM(100->100), the last step's output through
Linear(100->10) and softmax; the same inputs: MNIST test images (DIGITS_MNIST_DIR), each pixel
normalized to (p/255 - 0.5)/0.5, the 28 columns as the 28 time steps. Weights are freshly initialized,
as in the JMH benchmark: speed does not depend on their values. One thread by default, inference mode.

    DIGITS_MNIST_DIR=/path/to/mnist /usr/bin/python3 benchmarks/pytorch/classifier_benchmark.py

Debian's python3-torch calls whatever libblas.so.3 the system provides: the reference BLAS unless an
optimized one is installed. Install libopenblas0-pthread (it becomes the libblas.so.3 alternative), or
PyTorch runs ~10x slower than it can; the script prints which BLAS it got.

Prints images/s for batch 1, 32, 256 and 1024 (best and median of the measured rounds) and the
single-image latency p50/p99, as one line each.
"""
import argparse
import gzip
import os
import statistics
import time

import numpy as np

SYSTEM_BLAS = "/usr/lib/x86_64-linux-gnu/libblas.so.3"


def classifier():
    """The network: imported late, so that the thread settings reach OpenMP and OpenBLAS first."""
    import torch
    from torch import nn

    class LstmClassifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(input_size=28, hidden_size=100, num_layers=2, batch_first=True)
            self.linear = nn.Linear(100, 10)

        def forward(self, sequences):
            outputs, _ = self.lstm(sequences)
            return torch.softmax(self.linear(outputs[:, -1, :]), dim=1)

    return LstmClassifier()


def mnist_test_images(directory, count):
    """The first `count` test images as (count, 28 steps, 28 features): columns as steps."""
    for name in ("t10k-images-idx3-ubyte", "t10k-images-idx3-ubyte.gz"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(-1, 28, 28)[:count]
            break
    else:
        raise SystemExit(f"error: no t10k-images-idx3-ubyte(.gz) in {directory}")
    normalized = (pixels.astype(np.float32) / 255.0 - 0.5) / 0.5
    import torch
    return torch.from_numpy(np.ascontiguousarray(normalized.transpose(0, 2, 1)))


def images_per_second(model, images, batch, seconds):
    """Classifies consecutive batches for `seconds`; returns images/s."""
    done, start, position = 0, time.perf_counter(), 0
    while time.perf_counter() - start < seconds:
        if position + batch > len(images):
            position = 0
        model(images[position:position + batch])
        position += batch
        done += batch
    return done / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    parser.add_argument("--rounds", type=int, default=5, help="measured rounds per batch size (default 5)")
    parser.add_argument("--seconds", type=float, default=2.0, help="seconds per round (default 2)")
    parser.add_argument("--batches", default="1,32,256,1024", help="batch sizes (default 1,32,256,1024)")
    args = parser.parse_args()
    directory = os.environ.get("DIGITS_MNIST_DIR")
    if not directory:
        raise SystemExit("error: set DIGITS_MNIST_DIR to the directory with the MNIST IDX files")
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[variable] = str(args.threads)
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = classifier().eval()
    images = mnist_test_images(directory, 4096)
    blas = os.path.realpath(SYSTEM_BLAS) if os.path.exists(SYSTEM_BLAS) else "unknown"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS {blas}, "
          f"{args.rounds} x {args.seconds} s per batch size after 3 warm-up rounds")
    with torch.inference_mode():
        for batch in (int(b) for b in args.batches.split(",")):
            for _ in range(3):
                images_per_second(model, images, batch, args.seconds)
            rounds = [images_per_second(model, images, batch, args.seconds) for _ in range(args.rounds)]
            print(f"batch {batch:4d}: best {max(rounds):8.0f} images/s, median {statistics.median(rounds):8.0f}, "
                  f"rounds {' '.join(f'{r:.0f}' for r in rounds)}")
        latencies = []
        for i in range(10_000):
            start = time.perf_counter()
            model(images[i % len(images)].unsqueeze(0))
            latencies.append(time.perf_counter() - start)
        latencies = sorted(latencies[2_000:])
        print(f"batch    1 latency: p50 {latencies[len(latencies) // 2] * 1e3:.3f} ms, "
              f"p99 {latencies[int(len(latencies) * 0.99)] * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
