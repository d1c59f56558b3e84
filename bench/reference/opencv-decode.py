#!/usr/bin/python3
"""Times OpenCV's decoding of image files, for the decode benchmark's reference column.

Usage: OPENCV_IO_ENABLE_OPENEXR=1 /usr/bin/python3 opencv-decode.py RUNS FILE...
Prints one JSON object per file: {"file", "width", "height", "ms": [per-run wall times]}.
Each run is cv2.imread(file, IMREAD_ANYDEPTH | IMREAD_UNCHANGED): file read (page cache) plus decode,
the same work as the benchmark's own column.
"""
import json, os, sys, time
os.environ.setdefault("OPENCV_IO_ENABLE_OPENEXR", "1")
import cv2

cv2.setNumThreads(1)
runs = int(sys.argv[1])
for path in sys.argv[2:]:
    image = cv2.imread(path, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_UNCHANGED)
    if image is None:
        print(json.dumps({"file": path, "error": "OpenCV could not read it"}), flush=True)
        continue
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        cv2.imread(path, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_UNCHANGED)
        times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"file": path, "width": image.shape[1], "height": image.shape[0], "ms": times}), flush=True)
