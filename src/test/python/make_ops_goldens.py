#!/usr/bin/python3
"""Writes golden inputs and outputs of torchvision's detection ops for org.scda.ops tests.

Run with Debian's torchvision 0.14 (python3-torchvision):
    /usr/bin/python3 src/test/python/make_ops_goldens.py
Files go to src/test/resources/golden/ops/*.json as plain JSON arrays (row-major, flat).
Upstream gradients of RoIAlign/RoIPool are not stored: they are
    g[i] = (((i * 37) % 11) - 5) / 5        (i = flat index into the (R, C, oh, ow) output)
which Java recomputes exactly.
"""
import json
import math
import os

import torch
import torchvision
from torchvision.models.detection._utils import BoxCoder, Matcher
from torchvision.models.detection.anchor_utils import AnchorGenerator
from torchvision.models.detection.image_list import ImageList
from torchvision.ops import batched_nms, box_iou, clip_boxes_to_image, nms, remove_small_boxes, roi_align, roi_pool

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "ops")


def flat(t):
    return [float("%.9g" % v) for v in t.detach().reshape(-1).tolist()]


def upstream(shape):
    n = 1
    for s in shape:
        n *= s
    i = torch.arange(n, dtype=torch.int64)
    return ((((i * 37) % 11) - 5).to(torch.float32) / 5).reshape(shape)


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


def random_rois(g, count, batch, img_h, img_w):
    """RoIs in image pixels: ordinary ones, ones partly outside, tiny, zero-size, whole image."""
    rois = []
    for k in range(count):
        b = int(torch.randint(0, batch, (1,), generator=g))
        x1 = float(torch.empty(1).uniform_(-0.3 * img_w, 1.0 * img_w, generator=g))
        y1 = float(torch.empty(1).uniform_(-0.3 * img_h, 1.0 * img_h, generator=g))
        w = float(torch.empty(1).uniform_(0.05 * img_w, 0.9 * img_w, generator=g))
        h = float(torch.empty(1).uniform_(0.05 * img_h, 0.9 * img_h, generator=g))
        rois.append([b, x1, y1, x1 + w, y1 + h])
    rois.append([0, 3.3, 4.1, 3.6, 4.5])  # tiny (smaller than a cell at every scale)
    rois.append([1, 7.0, 5.0, 7.0, 5.0])  # zero size
    rois.append([1, 0.0, 0.0, img_w, img_h])  # whole image
    rois.append([0, img_w - 2.0, img_h - 3.0, img_w + 10.0, img_h + 8.0])  # over the far corner
    return torch.tensor(rois, dtype=torch.float32)


def roi_goldens():
    g = torch.Generator().manual_seed(1234)
    batch, channels, height, width = 2, 3, 10, 12
    features = torch.randn(batch, channels, height, width, generator=g)
    align_cases, pool_cases = [], []
    for scale in (1.0, 0.5, 0.25):
        img_h, img_w = height / scale, width / scale
        rois = random_rois(g, 8, batch, img_h, img_w)
        for aligned in (False, True):
            for sampling in (0, 1, 2):
                out_size = (7, 7) if (scale == 0.5 and sampling == 2 and not aligned) else (3, 4)
                f = features.clone().requires_grad_(True)
                out = roi_align(f, rois, out_size, spatial_scale=scale, sampling_ratio=sampling, aligned=aligned)
                out.backward(upstream(out.shape))
                align_cases.append({
                    "spatial_scale": scale, "sampling_ratio": sampling, "aligned": aligned,
                    "output_size": list(out_size), "rois": flat(rois),
                    "output": flat(out), "grad_features": flat(f.grad)})
        out_size = (7, 7) if scale == 0.5 else (3, 4)
        f = features.clone().requires_grad_(True)
        out = roi_pool(f, rois, out_size, spatial_scale=scale)
        out.backward(upstream(out.shape))
        pool_cases.append({"spatial_scale": scale, "output_size": list(out_size), "rois": flat(rois),
                           "output": flat(out), "grad_features": flat(f.grad)})
    feats = {"shape": list(features.shape), "data": flat(features)}
    write("roi_align.json", {"features": feats, "cases": align_cases})
    write("roi_pool.json", {"features": feats, "cases": pool_cases})


def random_boxes(g, n, size=100.0, min_side=1.0, max_side=40.0):
    xy = torch.rand(n, 2, generator=g) * size
    wh = min_side + torch.rand(n, 2, generator=g) * (max_side - min_side)
    return torch.cat([xy, xy + wh], dim=1)


def nms_goldens():
    g = torch.Generator().manual_seed(99)
    cases = []
    for n, threshold in ((150, 0.3), (150, 0.5), (300, 0.7)):
        boxes = random_boxes(g, n, size=60.0)
        scores = torch.randperm(n, generator=g).to(torch.float32) / n + 0.001  # distinct
        classes = torch.randint(0, 4, (n,), generator=g)
        keep = nms(boxes, scores, threshold)
        bkeep = batched_nms(boxes, scores, classes, threshold)
        cases.append({"iou_threshold": threshold, "boxes": flat(boxes), "scores": flat(scores),
                      "classes": classes.tolist(), "keep": keep.tolist(), "batched_keep": bkeep.tolist()})
    write("nms.json", {"cases": cases})


def iou_and_coder_goldens():
    g = torch.Generator().manual_seed(7)
    a = random_boxes(g, 20, size=50.0, min_side=0.5)
    b = random_boxes(g, 30, size=50.0, min_side=0.5)
    b[0] = torch.tensor([10.0, 10.0, 10.0, 30.0])  # zero width against non-empty boxes
    iou = box_iou(a, b)
    coder_cases = []
    for weights in ((1.0, 1.0, 1.0, 1.0), (10.0, 10.0, 5.0, 5.0)):
        coder = BoxCoder(weights)
        proposals = random_boxes(g, 40, size=80.0, min_side=2.0)
        targets = random_boxes(g, 40, size=80.0, min_side=2.0)
        deltas = coder.encode_single(targets, proposals)
        codes = torch.randn(40, 12, generator=g) * 2.0
        codes[0, 2] = 50.0  # beyond the clamp
        codes[1, 7] = 40.0
        decoded = coder.decode_single(codes, proposals)
        coder_cases.append({"weights": list(weights), "proposals": flat(proposals), "targets": flat(targets),
                            "encoded": flat(deltas), "codes": flat(codes), "decoded": flat(decoded)})
    spread = random_boxes(g, 40, size=70.0, min_side=0.2, max_side=8.0) - 10.0
    clipped = clip_boxes_to_image(spread, (45, 55))
    small = remove_small_boxes(spread, 2.5)
    write("box_iou.json", {"a": flat(a), "b": flat(b), "iou": flat(iou),
                           "spread": flat(spread), "clip_height": 45, "clip_width": 55, "clipped": flat(clipped),
                           "min_size": 2.5, "kept_not_small": small.tolist()})
    write("box_coder.json", {"bbox_xform_clip": math.log(1000.0 / 16), "cases": coder_cases})


def matcher_goldens():
    g = torch.Generator().manual_seed(11)
    # IoUs on a 0.05 grid so that maxima tie, as anchors of equal IoU do
    iou = (torch.rand(6, 80, generator=g) * 16).floor() * 0.05
    iou[5] = 0.05  # a ground truth whose best IoU is tiny and shared by all predictions
    cases = []
    for high, low, allow in ((0.7, 0.3, True), (0.7, 0.3, False), (0.5, 0.5, False), (0.5, 0.4, True)):
        matches = Matcher(high, low, allow_low_quality_matches=allow)(iou.clone())
        cases.append({"high": high, "low": low, "allow_low_quality": allow, "matches": matches.tolist()})
    write("matcher.json", {"rows": iou.shape[0], "iou": flat(iou), "cases": cases})


def anchor_goldens():
    cases = []
    for sizes, ratios, image, grid in (((32, 64, 128), (0.5, 1.0, 2.0), (80, 96), (5, 6)),
                                       ((24, 45), (0.7, 1.3), (56, 40), (7, 5))):
        gen = AnchorGenerator(sizes=(sizes,), aspect_ratios=(ratios,))
        images = ImageList(torch.zeros(1, 3, image[0], image[1]), [image])
        anchors = gen(images, [torch.zeros(1, 4, grid[0], grid[1])])[0]
        stride = image[0] // grid[0]
        assert stride == image[1] // grid[1]
        cases.append({"sizes": list(sizes), "aspect_ratios": list(ratios), "stride": stride,
                      "feature_height": grid[0], "feature_width": grid[1], "anchors": flat(anchors)})
    write("anchors.json", {"cases": cases})


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print("torch", torch.__version__, "torchvision", torchvision.__version__)
    torch.set_num_threads(1)
    roi_goldens()
    nms_goldens()
    iou_and_coder_goldens()
    anchor_goldens()
    matcher_goldens()
