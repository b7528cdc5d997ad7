#!/usr/bin/python3
"""torchvision's RoIAlign/RoIPool speed at the size RoiOpsBench uses (512 RoIs, C=256, 7x7,
sampling 2, 32x64 map, stride 16), for comparison with the Java numbers:
    /usr/bin/python3 src/test/python/bench_roi_ops.py [threads]
"""
import statistics
import sys
import time

import torch
from torchvision.ops import roi_align, roi_pool

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
g = torch.Generator().manual_seed(0)
n, c, h, w, scale = 512, 256, 32, 64, 1.0 / 16
img_h, img_w = h / scale, w / scale
wh = 16 + torch.rand(n, 2, generator=g) * 496
xy = torch.rand(n, 2, generator=g) * torch.tensor([img_w, img_h]) - 0.1 * torch.tensor([img_w, img_h])
rois = torch.cat([torch.zeros(n, 1), xy, xy + wh], dim=1)
features = torch.randn(1, c, h, w, generator=g)


def bench(name, op, runs=20):
    fw, both = [], []
    for i in range(runs + 3):
        f = features.clone().requires_grad_(True)
        t0 = time.perf_counter()
        with torch.no_grad():
            op(f)
        t1 = time.perf_counter()
        op(f).sum().backward()
        t2 = time.perf_counter()
        if i >= 3:
            fw.append((t1 - t0) * 1e3)
            both.append((t2 - t1) * 1e3)
    print("%-38s forward %7.1f ms   forward+backward %7.1f ms   (median of %d, torch threads %d)"
          % (name, statistics.median(fw), statistics.median(both), runs, torch.get_num_threads()))


bench("torchvision roi_align sampling 2", lambda f: roi_align(f, rois, (7, 7), scale, 2, False))
bench("torchvision roi_align adaptive aligned", lambda f: roi_align(f, rois, (7, 7), scale, 0, True))
bench("torchvision roi_pool", lambda f: roi_pool(f, rois, (7, 7), scale))
