#!/bin/sh
# Runs every sweep behind docs/results.md, one JVM per grid (each loads its data once).
# Resumable: rerunning skips the points already in each sweep.csv. A sweep with a diverged
# point exits with 2; the next grids still run.
JAR=${JAR:-target/pcasgd.jar}
OUT=${OUT:-experiments/results}
status=0
for g in fmnist-iid-reference fmnist-iid fmnist-noniid-reference fmnist-noniid fmnist-iid-cut validation fmnist-encoding cifar-resnet20; do
  java -jar "$JAR" sweep --grid experiments/$g.yaml --output "$OUT" || status=$?
done
# the headline delays on 5 seeds, appended to the sweeps above
for g in fmnist-iid fmnist-noniid; do
  java -jar "$JAR" sweep --grid experiments/$g-5seeds.yaml --name $g --output "$OUT" || status=$?
done
exit $status
