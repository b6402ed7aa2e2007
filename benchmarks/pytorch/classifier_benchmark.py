#!/usr/bin/env python3
"""PyTorch's speed on the classifier's network, the peer that ClassifierBenchmark is compared with.

The same network as model/LstmNetwork, with softmax, and the same inputs, MNIST test images
(DIGITS_MNIST_DIR): both from digits_network.py, which the training peer shares. Weights are freshly initialized,
as in the JMH benchmark: speed does not depend on their values. One thread by default, inference mode.

    DIGITS_MNIST_DIR=/path/to/mnist /usr/bin/python3 benchmarks/pytorch/classifier_benchmark.py

Install libopenblas0-pthread first (see digits_network.py); the script prints which BLAS it got.

Prints images/s for batch 1, 32, 256 and 1024 (best and median of the measured rounds) and the
single-image latency p50/p99, as one line each.
"""
import argparse
import statistics
import time

from digits_network import blas, mnist, mnist_directory, network, use_threads


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
    directory = mnist_directory()
    use_threads(args.threads)
    import torch
    torch.manual_seed(42)
    model = network(softmax=True).eval()
    images = mnist(directory, "t10k")[0][:4096]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS {blas()}, "
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
