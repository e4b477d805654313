#!/usr/bin/env python3
"""Builds the small class-balanced Fashion-MNIST subset that ships inside the jar.

The default run and the tests need real images without any download, so we keep the first
600 training and 100 test images of each class (6000 + 1000) in the original order, written as
standard gzip IDX files that IdxReader reads like the full set.

Usage: scripts/make_embedded_fashion_mnist.py [SOURCE_DIR] [OUT_DIR]
  SOURCE_DIR defaults to /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist)
  OUT_DIR    defaults to src/main/resources/pcasgd/data/fashion-mnist-small (relative to the repo)
Python 3 standard library only.
"""
import gzip
import os
import struct
import sys

IMAGE_MAGIC = 0x00000803
LABEL_MAGIC = 0x00000801
CLASSES = 10
SPLITS = [("train", 600), ("t10k", 100)]


def open_maybe_gzip(path):
    # Detect by content, like the Java reader, so raw and .gz sources both work.
    with open(path, "rb") as f:
        head = f.read(2)
    return gzip.open(path, "rb") if head == b"\x1f\x8b" else open(path, "rb")


def find(source_dir, base):
    for name in (base + ".gz", base):
        path = os.path.join(source_dir, name)
        if os.path.exists(path):
            return path
    sys.exit("not found: %s[.gz]" % os.path.join(source_dir, base))


def read_labels(path):
    with open_maybe_gzip(path) as f:
        magic, count = struct.unpack(">II", f.read(8))
        if magic != LABEL_MAGIC:
            sys.exit("%s: bad magic 0x%08x" % (path, magic))
        data = f.read(count)
    if len(data) != count:
        sys.exit("%s: truncated" % path)
    return data


def read_images(path):
    with open_maybe_gzip(path) as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != IMAGE_MAGIC:
            sys.exit("%s: bad magic 0x%08x" % (path, magic))
        data = f.read(count * rows * cols)
    if len(data) != count * rows * cols:
        sys.exit("%s: truncated" % path)
    return count, rows, cols, data


def write_gz(path, payload):
    # mtime=0 keeps the output byte-identical across runs, so regenerating does not churn git.
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(payload)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source_dir = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
    out_dir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        here, "..", "src", "main", "resources", "pcasgd", "data", "fashion-mnist-small")
    os.makedirs(out_dir, exist_ok=True)
    for split, per_class in SPLITS:
        labels = read_labels(find(source_dir, split + "-labels-idx1-ubyte"))
        count, rows, cols, pixels = read_images(find(source_dir, split + "-images-idx3-ubyte"))
        if count != len(labels):
            sys.exit("%s: %d images but %d labels" % (split, count, len(labels)))
        taken = [0] * CLASSES
        keep = []
        for i, y in enumerate(labels):
            if taken[y] < per_class:
                taken[y] += 1
                keep.append(i)
        if any(t != per_class for t in taken):
            sys.exit("%s: not enough images per class: %s" % (split, taken))
        size = rows * cols
        image_bytes = b"".join(pixels[i * size:(i + 1) * size] for i in keep)
        label_bytes = bytes(labels[i] for i in keep)
        write_gz(os.path.join(out_dir, split + "-images-idx3-ubyte.gz"),
                 struct.pack(">IIII", IMAGE_MAGIC, len(keep), rows, cols) + image_bytes)
        write_gz(os.path.join(out_dir, split + "-labels-idx1-ubyte.gz"),
                 struct.pack(">II", LABEL_MAGIC, len(keep)) + label_bytes)
        print("%s: %d images (%d per class) -> %s" % (split, len(keep), per_class, out_dir))


if __name__ == "__main__":
    main()
