#!/usr/bin/env bash
# Page faults and CPU time of the LeNet step anatomy with glibc's default allocator settings and with
# pcasgd's (EngineSetup keeps freed memory in the arenas), alternated REPS times.
#   scripts/perf/allocator-ab.sh [REPS]     # prints allocator, page faults, CPU seconds, median step ms
set -euo pipefail
reps=${1:-4}
jar=${JAR:-target-perf/pcasgd.jar}
echo "run,allocator,page_faults,task_clock_s,oracle_step_median_ms"
for i in $(seq 1 "$reps"); do
  for a in default tuned; do
    out=$(perf stat -e page-faults,task-clock -x, java -Dpcasgd.nativeAllocator=$a -jar "$jar" bench --parts anatomy \
          --models lenet --batches 64 --anatomy-rounds 300 --anatomy-agents 0 2>&1)
    faults=$(grep ',page-faults' <<<"$out" | cut -d, -f1)
    cpu=$(grep ',task-clock' <<<"$out" | cut -d, -f1)
    step=$(grep '^anatomy,oracle step,' <<<"$out" | cut -d, -f8)
    echo "$i,$a,$faults,$(awk "BEGIN{printf \"%.2f\", $cpu/1000}"),$step"
  done
done
