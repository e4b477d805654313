"""The 95 % Student-t interval of a mean paired difference, shared by scripts/paired-gap.py and
scripts/paired-sweeps.py (the same pairing and interval as `pcasgd plot`'s gap figures)."""
import math

# t(0.975; df) for df = 1..30; plot computes the same quantiles in closed form / by series
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
        2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def mean_interval(d):
    """(mean, low, high) of the differences d (n ≥ 2): mean ± t(0.975; n − 1) · sd / √n."""
    n = len(d)
    mean = sum(d) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1))
    half = T975[n - 2] * sd / math.sqrt(n)
    return mean, mean - half, mean + half
