#!/usr/bin/python3
"""Times scikit-image's PSNR and SSIM (the Wang settings of the evaluation note) on one image pair, for the
metrics benchmark's reference column.

Usage: /usr/bin/python3 skimage-metrics.py RUNS WIDTH HEIGHT REFERENCE.f32 TEST.f32
The files hold little-endian float32 RGB, rows top to bottom, values in [0, 1]. Prints one JSON object:
{"tool", "psnr": {"value", "ms"}, "ssim": {"value", "ms"}} with per-run wall times after one warm-up run.
"""
import json, sys, time
import numpy as np
import skimage
from skimage.metrics import peak_signal_noise_ratio, structural_similarity

runs, width, height = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
reference, test = (np.fromfile(path, dtype="<f4").reshape(height, width, 3) for path in sys.argv[4:6])
calls = {
    "psnr": lambda: peak_signal_noise_ratio(reference, test, data_range=1),
    "ssim": lambda: structural_similarity(reference, test, gaussian_weights=True, sigma=1.5,
                                          use_sample_covariance=False, data_range=1, channel_axis=2),
}
result = {"tool": f"scikit-image {skimage.__version__}"}
for name, call in calls.items():
    value = call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    result[name] = {"value": float(value), "ms": times}
print(json.dumps(result))
