#!/usr/bin/env python3
"""scda's detector rebuilt from torchvision's Faster R-CNN parts, timed the way `scda bench` times it.

Install (Debian 12; the distribution's packages, no pip):

    apt-get install -y python3-torch python3-torchvision libopenblas0-pthread

These land in /usr/lib/python3/dist-packages, seen by /usr/bin/python3 (a pyenv or venv `python3`
earlier on PATH does not see them: pass `--python /usr/bin/python3` to `scda bench`).

This is a reference benchmark only: scda never runs Python. `scda bench --compare-torch` starts
this script with `--serve` and alternates blocks of iterations between itself and this process.

Usage:
    torch_reference.py --setting small|vgg16 --threads N [--warmup W --iterations N --infer-images M]
        one run, prints one JSON object with the medians
    torch_reference.py --setting small --threads N --serve
        prints a JSON "ready" line (settings, parameter count, versions), then reads commands on
        stdin, one a line: "train N", "infer N" (answers {"op": ..., "ms": [...]}) or "quit"
    torch_reference.py --setting small --check
        prints the settings and the trainable parameter count, no timing

What is timed (as org.scda.engine.Benchmark): a training iteration is a fresh random (3, H, W)
image, forward in training mode with four ground-truth boxes, the sum of the four losses,
backward, global gradient-norm clipping at 10, an SGD step and zeroing the gradients; an
inference is a fresh random image through the model in eval mode without autograd. Medians
after warm-up; milliseconds from time.perf_counter.

How each scda setting maps to torchvision (scda: TrainConfig.defaults() for `small`,
src/main/resources/configs/vgg16-paper.yaml for `vgg16`; NUM_CLASSES = 4 in BenchCommand):

| scda setting                         | small        | vgg16        | torchvision argument |
|--------------------------------------|--------------|--------------|----------------------|
| image W x H (bench)                  | 256x128      | 1024x512     | torch.randn(3, H, W); NoResizeTransform: no resize, no normalisation, no padding |
| backbone                             | small, w=32  | vgg16        | small_backbone(32) layer for layer / vgg16().features[:-1] |
| backbone stride                      | 8            | 16           | AnchorGenerator derives image_size // feature_size |
| model.anchors.sizes                  | 12,24,48,96  | 64..512      | AnchorGenerator(sizes=(sizes,)) |
| model.anchors.ratios (h/w)           | 0.5,1,2      | 0.5,1,2      | AnchorGenerator(aspect_ratios=(ratios,)) |
| RPN head (3x3 conv C->C, 1x1 A, 4A)  | C=128        | C=512        | RPNHead(C, A) |
| rpn.preNmsTopNTrain / Test           | 1000 / 600   | 12000 / 6000 | RegionProposalNetwork(pre_nms_top_n=dict(training, testing)) |
| rpn.postNmsTopNTrain / Test          | 300 / 100    | 2000 / 300   | post_nms_top_n=dict(training, testing) |
| rpn.nmsThreshold                     | 0.7          | 0.7          | nms_thresh |
| rpn.minSize                          | 1.0          | 1.0          | rpn.min_size (attribute; torchvision hard-codes 1e-3) |
| rpn.fgIouThreshold / bgIouThreshold  | 0.7 / 0.3    | 0.7 / 0.3    | fg_iou_thresh / bg_iou_thresh |
| rpn.batchSizePerImage / positiveFraction | 256 / 0.5 | 256 / 0.5   | batch_size_per_image / positive_fraction |
| RPN box coder weights                | 1,1,1,1      | 1,1,1,1      | RegionProposalNetwork's BoxCoder (1,1,1,1) |
| roi.pooler, poolSize, samplingRatio  | align, 7, 2  | align, 7, 2  | RoIAlign(7, 1/stride, 2, aligned=True) in SingleMapRoIAlign |
| roi.headDim (fc6, fc7)               | 256          | 4096         | TwoMLPHead(C*7*7, headDim) |
| classes + background                 | 5            | 5            | FastRCNNPredictor(headDim, 5) |
| roi.fgIouThreshold / bgIouThreshold  | 0.5 / 0.5    | 0.5 / 0.5    | RoIHeads fg_iou_thresh / bg_iou_thresh |
| roi.batchSizePerImage / positiveFraction | 64 / 0.25 | 256 / 0.25  | batch_size_per_image / positive_fraction |
| box coder weights                    | 10,10,5,5    | 10,10,5,5    | bbox_reg_weights=None (the same default) |
| roi.scoreThreshold, nmsThreshold, detectionsPerImage | 0.05, 0.5, 100 | same | score_thresh, nms_thresh, detections_per_img |
| smooth-L1 beta (RPN and head)        | 1/9          | 1/9          | torchvision's fixed beta=1/9 |
| BatchNorm momentum / eps             | DJL 0.9 / 1e-5 | (no BN)    | BatchNorm2d(momentum=0.1, eps=1e-5) (torch counts 1 - DJL's) |
| solver: SGD lr (bench: baseLr x 0.01)| 1e-4         | 1e-5         | torch.optim.SGD(lr) |
| solver.momentum / weightDecay        | 0.9 / 1e-4   | 0.9 / 5e-4   | SGD(momentum, weight_decay) |
| solver.clipGradient                  | 10           | 10           | torch.nn.utils.clip_grad_norm_(params, 10) |
| threads (SCDA_THREADS)               | N            | N            | torch.set_num_threads(N); set_num_interop_threads(1) |

Known differences that remain (none changes the arithmetic of the convolutions or FC layers):
scda computes anchors, proposal decoding, NMS, matching and sampling on the host in Java while
torchvision does them with torch ops; torchvision's ReLUs here are in place (its own idiom),
scda's are not; scda zeroes gradients in place while torch's zero_grad sets them to None.
"""
import argparse
import json
import os
import statistics
import sys
import time

try:
    import torch
    import torchvision
    from torch import nn
    from torchvision.models.detection.anchor_utils import AnchorGenerator
    from torchvision.models.detection.faster_rcnn import FastRCNNPredictor, TwoMLPHead
    from torchvision.models.detection.generalized_rcnn import GeneralizedRCNN
    from torchvision.models.detection.roi_heads import RoIHeads
    from torchvision.models.detection.rpn import RegionProposalNetwork, RPNHead
    from torchvision.models.detection.transform import GeneralizedRCNNTransform
    from torchvision.ops import RoIAlign
except ImportError as e:
    print(json.dumps({"op": "error", "error": "torch or torchvision missing (" + str(e)
                      + "): apt-get install -y python3-torch python3-torchvision libopenblas0-pthread"}))
    sys.exit(3)

NUM_CLASSES = 4  # BenchCommand.NUM_CLASSES; the predictor adds background

SETTINGS = {
    "small": {
        "width": 256, "height": 128, "backbone": "small", "backbone_width": 32,
        "stride": 8, "out_channels": 128,
        "anchor_sizes": [12.0, 24.0, 48.0, 96.0], "anchor_ratios": [0.5, 1.0, 2.0],
        "rpn_pre_nms_top_n_train": 1000, "rpn_post_nms_top_n_train": 300,
        "rpn_pre_nms_top_n_test": 600, "rpn_post_nms_top_n_test": 100,
        "rpn_nms_thresh": 0.7, "rpn_min_size": 1.0, "rpn_fg_iou_thresh": 0.7, "rpn_bg_iou_thresh": 0.3,
        "rpn_batch_size_per_image": 256, "rpn_positive_fraction": 0.5,
        "roi_pool_size": 7, "roi_sampling_ratio": 2, "roi_aligned": True, "head_dim": 256,
        "roi_fg_iou_thresh": 0.5, "roi_bg_iou_thresh": 0.5,
        "roi_batch_size_per_image": 64, "roi_positive_fraction": 0.25,
        "score_thresh": 0.05, "nms_thresh": 0.5, "detections_per_img": 100,
        "num_classes": NUM_CLASSES + 1,
        "lr": 0.01 * 0.01, "momentum": 0.9, "weight_decay": 1e-4, "clip_gradient": 10.0,
    },
    "vgg16": {
        "width": 1024, "height": 512, "backbone": "vgg16", "backbone_width": 0,
        "stride": 16, "out_channels": 512,
        "anchor_sizes": [64.0, 128.0, 256.0, 512.0], "anchor_ratios": [0.5, 1.0, 2.0],
        "rpn_pre_nms_top_n_train": 12000, "rpn_post_nms_top_n_train": 2000,
        "rpn_pre_nms_top_n_test": 6000, "rpn_post_nms_top_n_test": 300,
        "rpn_nms_thresh": 0.7, "rpn_min_size": 1.0, "rpn_fg_iou_thresh": 0.7, "rpn_bg_iou_thresh": 0.3,
        "rpn_batch_size_per_image": 256, "rpn_positive_fraction": 0.5,
        "roi_pool_size": 7, "roi_sampling_ratio": 2, "roi_aligned": True, "head_dim": 4096,
        "roi_fg_iou_thresh": 0.5, "roi_bg_iou_thresh": 0.5,
        "roi_batch_size_per_image": 256, "roi_positive_fraction": 0.25,
        "score_thresh": 0.05, "nms_thresh": 0.5, "detections_per_img": 100,
        "num_classes": NUM_CLASSES + 1,
        "lr": 0.001 * 0.01, "momentum": 0.9, "weight_decay": 5e-4, "clip_gradient": 10.0,
    },
}


def conv_bn_relu(cin, cout, stride):
    """scda's Backbones.convBnRelu with BatchNorm: 3x3 conv without bias, BatchNorm, ReLU."""
    return [nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1),
            nn.ReLU(inplace=True)]


def small_backbone(w):
    """scda's Backbones.small(w): widths w (stride 2), 2w | 4w, 4w | 4w, 4w; | is a 2x2 max-pool, ceil mode."""
    layers = []
    layers += conv_bn_relu(3, w, 2)
    layers += conv_bn_relu(w, 2 * w, 1)
    layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
    layers += conv_bn_relu(2 * w, 4 * w, 1)
    layers += conv_bn_relu(4 * w, 4 * w, 1)
    layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
    layers += conv_bn_relu(4 * w, 4 * w, 1)
    layers += conv_bn_relu(4 * w, 4 * w, 1)
    return nn.Sequential(*layers)


def vgg16_backbone():
    """scda's Backbones.vgg16(false): conv1_1..conv5_3 with biases, the fifth max-pool left out."""
    return torchvision.models.vgg16(weights=None).features[:-1]


class SingleMapRoIAlign(nn.Module):
    """MultiScaleRoIAlign's interface over one feature map with a fixed scale and aligned=True (scda's RoiAlign)."""

    def __init__(self, output_size, spatial_scale, sampling_ratio):
        super().__init__()
        self.align = RoIAlign(output_size, spatial_scale, sampling_ratio, aligned=True)

    def forward(self, features, proposals, image_shapes):
        return self.align(features["0"], proposals)


class NoResizeTransform(GeneralizedRCNNTransform):
    """GeneralizedRCNNTransform doing what scda does to a bench image: nothing (no normalisation, resize or padding)."""

    def __init__(self, height, width):
        super().__init__(min_size=height, max_size=width, image_mean=[0.0, 0.0, 0.0], image_std=[1.0, 1.0, 1.0],
                         size_divisible=1)

    def normalize(self, image):
        return image

    def resize(self, image, target=None):
        return image, target

    def batch_images(self, images, size_divisible=1):
        if len(images) == 1:
            return images[0].unsqueeze(0)
        return torch.stack(images)

    def postprocess(self, result, image_shapes, original_image_sizes):
        return result


def build_model(s):
    backbone = small_backbone(s["backbone_width"]) if s["backbone"] == "small" else vgg16_backbone()
    anchors = AnchorGenerator(sizes=(tuple(s["anchor_sizes"]),), aspect_ratios=(tuple(s["anchor_ratios"]),))
    num_anchors = anchors.num_anchors_per_location()[0]
    rpn = RegionProposalNetwork(
        anchors, RPNHead(s["out_channels"], num_anchors),
        fg_iou_thresh=s["rpn_fg_iou_thresh"], bg_iou_thresh=s["rpn_bg_iou_thresh"],
        batch_size_per_image=s["rpn_batch_size_per_image"], positive_fraction=s["rpn_positive_fraction"],
        pre_nms_top_n=dict(training=s["rpn_pre_nms_top_n_train"], testing=s["rpn_pre_nms_top_n_test"]),
        post_nms_top_n=dict(training=s["rpn_post_nms_top_n_train"], testing=s["rpn_post_nms_top_n_test"]),
        nms_thresh=s["rpn_nms_thresh"], score_thresh=0.0)
    rpn.min_size = s["rpn_min_size"]
    pool = s["roi_pool_size"]
    roi_heads = RoIHeads(
        SingleMapRoIAlign(pool, 1.0 / s["stride"], s["roi_sampling_ratio"]),
        TwoMLPHead(s["out_channels"] * pool * pool, s["head_dim"]),
        FastRCNNPredictor(s["head_dim"], s["num_classes"]),
        fg_iou_thresh=s["roi_fg_iou_thresh"], bg_iou_thresh=s["roi_bg_iou_thresh"],
        batch_size_per_image=s["roi_batch_size_per_image"], positive_fraction=s["roi_positive_fraction"],
        bbox_reg_weights=None, score_thresh=s["score_thresh"], nms_thresh=s["nms_thresh"],
        detections_per_img=s["detections_per_img"])
    return GeneralizedRCNN(backbone, rpn, roi_heads, NoResizeTransform(s["height"], s["width"]))


def bench_targets(width, height):
    """The four boxes of org.scda.engine.Benchmark, scaled from 256x128 to the image size."""
    sx = width / 256.0
    sy = height / 128.0
    boxes = torch.tensor([[20 * sx, 60 * sy, 60 * sx, 90 * sy], [100 * sx, 40 * sy, 116 * sx, 80 * sy],
                          [150 * sx, 70 * sy, 170 * sx, 82 * sy], [180 * sx, 30 * sy, 250 * sx, 100 * sy]],
                         dtype=torch.float32)
    return [{"boxes": boxes, "labels": torch.tensor([1, 2, 3, 1], dtype=torch.int64)}]


class Session:
    """One model, its optimiser and the bench targets; times blocks of iterations."""

    def __init__(self, s):
        self.s = s
        self.model = build_model(s)
        self.params = [p for p in self.model.parameters() if p.requires_grad]
        self.optimizer = torch.optim.SGD(self.params, lr=s["lr"], momentum=s["momentum"],
                                         weight_decay=s["weight_decay"])
        self.targets = bench_targets(s["width"], s["height"])

    def parameter_count(self):
        return sum(p.numel() for p in self.params)

    def train(self, n):
        self.model.train()
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            image = torch.randn(3, self.s["height"], self.s["width"])
            losses = self.model([image], self.targets)
            loss = sum(losses.values())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, self.s["clip_gradient"])
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)
            times.append((time.perf_counter() - t0) * 1e3)
        return times

    def infer(self, n):
        self.model.eval()
        times = []
        with torch.no_grad():
            for _ in range(n):
                t0 = time.perf_counter()
                image = torch.randn(3, self.s["height"], self.s["width"])
                self.model([image])
                times.append((time.perf_counter() - t0) * 1e3)
        return times


def describe(session, threads):
    return {"setting": session.s["backbone"], "settings": session.s, "parameters": session.parameter_count(),
            "threads": threads, "torch": torch.__version__, "torchvision": torchvision.__version__,
            "pid": os.getpid()}


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def serve(session, threads):
    ready = {"op": "ready"}
    ready.update(describe(session, threads))
    emit(ready)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            return
        if words[0] in ("train", "infer") and len(words) == 2 and words[1].isdigit():
            n = int(words[1])
            emit({"op": words[0], "ms": session.train(n) if words[0] == "train" else session.infer(n)})
        else:
            emit({"op": "error", "error": "unknown command: " + line.strip()})


def main():
    parser = argparse.ArgumentParser(description="torchvision Faster R-CNN with scda's settings, timed")
    parser.add_argument("--setting", choices=sorted(SETTINGS), required=True)
    parser.add_argument("--threads", type=int, default=0, help="libtorch intra-op threads (0: leave torch's default)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--warmup", type=int, default=5, help="untimed training iterations and inferences first")
    parser.add_argument("--iterations", type=int, default=20, help="timed training iterations")
    parser.add_argument("--infer-images", type=int, default=20, help="timed inference images")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--serve", action="store_true", help="answer train/infer commands on stdin")
    mode.add_argument("--check", action="store_true", help="print settings and parameter count only")
    args = parser.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    torch.manual_seed(args.seed)
    session = Session(SETTINGS[args.setting])
    threads = torch.get_num_threads()
    if args.check:
        emit(describe(session, threads))
    elif args.serve:
        serve(session, threads)
    else:
        session.train(args.warmup)
        train = session.train(args.iterations)
        session.infer(min(args.warmup, 5))
        infer = session.infer(args.infer_images)
        result = describe(session, threads)
        result.update({"train_ms": train, "train_ms_median": statistics.median(train) if train else None,
                       "infer_ms": infer, "infer_ms_median": statistics.median(infer) if infer else None})
        emit(result)


if __name__ == "__main__":
    main()
