#!/usr/bin/env python3
"""PyTorch training the classifier's network: the peer that the trainer's time to 98% is compared with.

The reference recipe's network and preprocessing, as model/LstmNetwork defines them (digits_network.py,
which the classifier's peer shares), with cross-entropy on its logits. Adam with learning rate
1e-3, batch 64, shuffled with a fixed seed, 2 threads by default (the machine's 2 cores).

Like the trainer with --target-accuracy, it evaluates on the whole test set every --evaluate-every
training images (12,800 by default: the trainer's 100 batches of 128) and at each epoch's end, counts
that time in, and stops at the first evaluation that reaches the target. Wall-clock and CPU seconds are
counted from the first training step (after the data is loaded, as in the trainer).

    DIGITS_MNIST_DIR=/path/to/mnist /usr/bin/python3 benchmarks/pytorch/training_benchmark.py \
        --target-accuracy 0.98 --epochs 10

Install libopenblas0-pthread first (see digits_network.py); the script prints which BLAS it got. Prints one line per evaluation and
per epoch, and a last line "time to target: ..." (or "target not reached: ...").
"""
import argparse
import resource
import time

from digits_network import blas, mnist, mnist_directory, network, use_threads


def evaluate(model, images, labels):
    """(accuracy, mean cross-entropy) on the whole set, in batches of 500."""
    import torch

    model.eval()
    correct = 0
    loss = 0.0
    with torch.no_grad():
        for first in range(0, len(labels), 500):
            logits = model(images[first:first + 500])
            loss += torch.nn.functional.cross_entropy(logits, labels[first:first + 500], reduction="sum").item()
            correct += (logits.argmax(dim=1) == labels[first:first + 500]).sum().item()
    model.train()
    return correct / len(labels), loss / len(labels)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="torch threads (default 2)")
    parser.add_argument("--epochs", type=int, default=10, help="most epochs (default 10)")
    parser.add_argument("--batch-size", type=int, default=64, help="images per batch (default 64)")
    parser.add_argument("--learning-rate", type=float, default=1e-3, help="Adam's learning rate (default 1e-3)")
    parser.add_argument("--target-accuracy", type=float, default=0.98, help="stop here (default 0.98)")
    parser.add_argument("--evaluate-every", type=int, default=12_800, help="training images between evaluations")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    directory = mnist_directory()
    use_threads(args.threads)
    import torch

    torch.manual_seed(args.seed)
    train_images, train_labels = mnist(directory, "train")
    test_images, test_labels = mnist(directory, "t10k")
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), BLAS {blas()}, "
          f"Adam {args.learning_rate}, batch {args.batch_size}, {len(train_labels)} training images", flush=True)

    model = network(softmax=False)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate)
    generator = torch.Generator().manual_seed(args.seed)
    started = time.monotonic()
    cpu_started = cpu_seconds()
    seen = 0
    next_evaluation = args.evaluate_every

    def report(epoch, what):
        accuracy, loss = evaluate(model, test_images, test_labels)
        elapsed = time.monotonic() - started
        print(f"{what}: epoch {epoch}, {seen} images, test accuracy {accuracy * 100:.2f}%, test loss {loss:.4f}, "
              f"{elapsed:.1f} s, {cpu_seconds() - cpu_started:.1f} CPU s", flush=True)
        if accuracy >= args.target_accuracy:
            print(f"time to target: {args.target_accuracy * 100:.2f}% reached with {accuracy * 100:.2f}% after "
                  f"{seen} images (epoch {epoch}), {elapsed:.1f} s wall, {cpu_seconds() - cpu_started:.1f} CPU s, "
                  f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB", flush=True)
            return True
        return False

    for epoch in range(1, args.epochs + 1):
        order = torch.randperm(len(train_labels), generator=generator)
        for first in range(0, len(order), args.batch_size):
            batch = order[first:first + args.batch_size]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(train_images[batch]), train_labels[batch])
            loss.backward()
            optimizer.step()
            seen += len(batch)
            if seen >= next_evaluation and first + args.batch_size < len(order):
                next_evaluation += args.evaluate_every
                if report(epoch, "evaluation"):
                    return
        if report(epoch, "epoch end"):
            return
    print(f"target not reached: {args.target_accuracy * 100:.2f}% not reached in {args.epochs} epochs, "
          f"{time.monotonic() - started:.1f} s wall", flush=True)


if __name__ == "__main__":
    main()
