"""The benchmark's reference network in PyTorch, identical to @hdr-lab/core's createReferenceNetwork.

Usage: torch-training-step.py THREADS SIZES WARMUP STEPS -> one JSON line.
TF 'same' padding is asymmetric at stride 2 (nothing before, one after), so stride-2 layers pad
explicitly; bilinear upsampling uses half-pixel centres (align_corners=False) as tfjs does.
"""
import json
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ReferenceNetwork(nn.Module):
    def __init__(self):
        super().__init__()

        def conv(cin, cout, stride=1, dilation=1):
            padding = 0 if stride > 1 else dilation
            return nn.Conv2d(cin, cout, 3, stride=stride, padding=padding, dilation=dilation)

        self.encode1 = conv(3, 32)
        self.encode2 = conv(32, 32)
        self.down1 = conv(32, 64, stride=2)
        self.encode3 = conv(64, 64)
        self.down2 = conv(64, 128, stride=2)
        self.dilated1 = conv(128, 128, dilation=1)
        self.dilated2 = conv(128, 128, dilation=2)
        self.dilated4 = conv(128, 128, dilation=4)
        self.decode1 = conv(192, 64)
        self.decode2 = conv(96, 32)
        self.output = conv(32, 3)

    def forward(self, x):
        full = F.relu(self.encode2(F.relu(self.encode1(x))))
        half = F.relu(self.encode3(F.relu(self.down1(F.pad(full, (0, 1, 0, 1))))))
        quarter = F.relu(self.down2(F.pad(half, (0, 1, 0, 1))))
        for layer in (self.dilated1, self.dilated2, self.dilated4):
            quarter = F.relu(layer(quarter))
        up1 = F.interpolate(quarter, size=half.shape[2:], mode="bilinear", align_corners=False)
        up1 = F.relu(self.decode1(torch.cat([up1, half], 1)))
        up2 = F.interpolate(up1, size=full.shape[2:], mode="bilinear", align_corners=False)
        up2 = F.relu(self.decode2(torch.cat([up2, full], 1)))
        return self.output(up2)


def time_training(size, warm_up, steps):
    torch.manual_seed(0)
    network = ReferenceNetwork()
    optimizer = torch.optim.Adam(network.parameters(), lr=1e-3)
    inputs = torch.rand(4, 3, size, size)
    target = inputs.pow(2.2) * 0.8
    times = []
    for step in range(warm_up + steps):
        start = time.perf_counter()
        optimizer.zero_grad()
        loss = (network(inputs) - target).abs().mean()
        loss.backward()
        optimizer.step()
        loss.item()
        if step >= warm_up:
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"size": size, "batch": 4, "steps": steps, "minMs": times[0], "medianMs": times[len(times) // 2]}


def time_forward(warm_up):
    network = ReferenceNetwork().eval()
    image = torch.rand(1, 3, 512, 512)
    times = []
    with torch.no_grad():
        for run in range(warm_up + 5):
            start = time.perf_counter()
            network(image)
            if run >= warm_up:
                times.append((time.perf_counter() - start) * 1000)
    return times


def main():
    threads, sizes, warm_up, steps = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(threads)
    training = [time_training(int(size), warm_up, steps) for size in sizes.split(",")]
    engine = f"PyTorch {torch.__version__} ({threads} thread{'s' if threads > 1 else ''}, mkldnn {torch.backends.mkldnn.is_available()})"
    print(json.dumps({"engine": engine, "threads": threads, "training": training, "forwardMs": time_forward(warm_up)}))


if __name__ == "__main__":
    main()
