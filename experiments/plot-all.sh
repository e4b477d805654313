#!/bin/sh
# Figures and tables behind docs/results.md, from the sweeps in experiments/results (run-all.sh).
JAR=${JAR:-target/pcasgd.jar}
R=${R:-experiments/results}
OUT=${OUT:-docs/figures}
plot() { # prefix, inputs, [--where k=v]
  prefix=$1; shift; inputs=$1; shift
  java -jar "$JAR" plot --input "$inputs" --output "$OUT" --prefix "$prefix" "$@"
}
plot fmnist-iid- "$R/fmnist-iid/sweep.csv,$R/fmnist-iid-reference/sweep.csv"
plot fmnist-iid-cut- "$R/fmnist-iid-cut/sweep.csv"
plot fmnist-noniid-a0.1- "$R/fmnist-noniid/sweep.csv,$R/fmnist-noniid-reference/sweep.csv" --where dirichletAlpha=0.1
plot fmnist-noniid-a1- "$R/fmnist-noniid/sweep.csv,$R/fmnist-noniid-reference/sweep.csv" --where dirichletAlpha=1.0
plot validation- "$R/validation/sweep.csv"
plot encoding- "$R/fmnist-encoding/sweep.csv"
plot cifar-resnet20- "$R/cifar-resnet20/sweep.csv"
java -jar "$JAR" theory --output "$OUT/theory-run" && cp "$OUT"/theory-run/theory_*.png "$OUT"/theory-run/theory.md "$OUT"/ && rm -r "$OUT/theory-run"
