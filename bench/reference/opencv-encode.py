#!/usr/bin/python3
"""Writes the benchmark's input files: each sample re-encoded by OpenCV (OpenEXR 3.1) in every EXR
compression, plus Radiance RGBE and PFM.

Usage: OPENCV_IO_ENABLE_OPENEXR=1 /usr/bin/python3 opencv-encode.py OUT_DIR SAMPLE.exr...
Prints the written paths, one per line.
"""
import os, sys
os.environ.setdefault("OPENCV_IO_ENABLE_OPENEXR", "1")
import cv2

out = sys.argv[1]
for sample in sys.argv[2:]:
    name = os.path.splitext(os.path.basename(sample))[0]
    image = cv2.imread(sample, cv2.IMREAD_ANYDEPTH | cv2.IMREAD_UNCHANGED)
    for compression in ["NO", "RLE", "ZIPS", "ZIP", "PIZ", "PXR24", "B44", "B44A", "DWAA", "DWAB"]:
        path = os.path.join(out, f"{name}-{compression.lower()}.exr")
        cv2.imwrite(path, image, [cv2.IMWRITE_EXR_COMPRESSION, getattr(cv2, "IMWRITE_EXR_COMPRESSION_" + compression),
                                  cv2.IMWRITE_EXR_TYPE, cv2.IMWRITE_EXR_TYPE_HALF])
        print(path)
    rgb = image[:, :, :3]
    path = os.path.join(out, f"{name}-rle.hdr")
    cv2.imwrite(path, rgb)
    print(path)
    path = os.path.join(out, f"{name}.pfm")
    cv2.imwrite(path, rgb)
    print(path)
