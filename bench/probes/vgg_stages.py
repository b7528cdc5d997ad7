"""Probe: the torchvision reference VGG16 detector's inference at 1024x512 stage by stage (see VggStages.java)."""
import sys, time, torch
sys.path.insert(0, __import__('os').path.join(__import__('os').path.dirname(__file__), '..'))
import torch_reference as tr
torch.set_num_threads(2)
n = int(sys.argv[1])
m = tr.build_model(tr.SETTINGS["vgg16"]).eval()
ts = {"backbone": [], "rpn": [], "roi heads": [], "total": []}
with torch.no_grad():
    for i in range(n + 2):
        img = torch.randn(3, 512, 1024)
        t0 = time.perf_counter()
        images, _ = m.transform([img])
        f = m.backbone(images.tensors)
        t1 = time.perf_counter()
        props, _ = m.rpn(images, {"0": f})
        t2 = time.perf_counter()
        det, _ = m.roi_heads({"0": f}, props, images.image_sizes)
        t3 = time.perf_counter()
        if i >= 2:
            for k, v in zip(ts, [t1 - t0, t2 - t1, t3 - t2, t3 - t0]):
                ts[k].append(v * 1000)
for k, v in ts.items():
    v.sort(); print("torch vgg16 inference %s median %.1f ms" % (k, v[n // 2]))
