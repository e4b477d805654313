#!/usr/bin/env python3
"""Groups a perf profile of a pcasgd process by kind of work (self time, main Java thread only).

    perf record -F 499 -g -o step.data -- java -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
        -jar target-perf/pcasgd.jar bench --parts anatomy --models lenet --batches 64 --anatomy-rounds 600 --anatomy-agents 0
    python3 scripts/perf/perf-classes.py step.data

Classes: oneDNN's JIT-generated kernels (convolutions; anonymous code the JVM's perf map does not
name), PyTorch's max-pool kernels, BLAS (the dense layers), other ATen kernels (ReLU, fill, loss,
copies), PyTorch dispatch and autograd, DJL's JNI layer, glibc malloc/free, the kernel (page faults,
munmap), JVM-compiled Java, and the JVM itself.
"""
import collections
import re
import subprocess
import sys


def classify(dso, sym):
    if dso.startswith('[kernel'):
        return 'kernel: page faults, munmap, scheduling'
    if dso.startswith('[JIT]'):
        if re.match(r'^0x[0-9a-f]+$', sym):
            return 'oneDNN JIT kernels (convolutions)'
        if sym in ('Interpreter',) or sym.startswith('StubRoutines') or 'stub' in sym.lower():
            return 'JVM interpreter and stubs'
        return 'Java (JIT-compiled)'
    if 'libjvm' in dso:
        return 'JVM (GC, compiler, runtime)'
    if 'libdjl_torch' in dso:
        return 'DJL JNI layer'
    if dso.startswith('libc.so') or dso.startswith('libc-'):
        return 'glibc (malloc, free, memcpy)'
    if 'libtorch' in dso or 'libc10' in dso or 'libgomp' in dso:
        if 'max_pool' in sym:
            return 'ATen max pool kernels'
        if 'dnnl' in sym or 'mkldnn' in sym or 'ideep' in sym:
            return 'oneDNN (non-JIT parts)'
        if 'sgemm' in sym or 'mkl_blas' in sym or 'gemm' in sym:
            return 'BLAS (dense layers)'
        if ('autograd' in sym or 'Dispatcher' in sym or 'OperatorEntry' in sym or 'c10::impl' in sym
                or 'dispatch' in sym.lower() or 'TensorImpl' in sym or 'intrusive_ptr' in sym or 'libc10' in dso):
            return 'PyTorch dispatch, autograd, tensor bookkeeping'
        return 'ATen kernels (ReLU, fill, loss, copies, reductions)'
    return 'other: ' + dso


def main(path):
    out = subprocess.run(['perf', 'report', '-i', path, '--comm', 'java', '--no-children', '--sort', 'dso,sym',
                          '-g', 'none', '--stdio', '--percent-limit', '0'], capture_output=True, text=True).stdout
    classes = collections.Counter()
    for line in out.splitlines():
        m = re.match(r'^\s+([0-9.]+)%\s+(\S+(?: tid \d+)?)\s+\[[.k]\]\s+(.*)$', line)
        if m:
            classes[classify(m.group(2), m.group(3).strip())] += float(m.group(1))
    total = sum(classes.values())
    print("class,percent_of_main_thread_samples")
    for k, v in classes.most_common():
        print(f'"{k}",{100 * v / total:.1f}')


if __name__ == '__main__':
    main(sys.argv[1])
