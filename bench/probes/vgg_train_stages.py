"""Probe: the torchvision reference VGG16 detector's training iteration at 1024x512 split into
forward, backward and the optimiser step (see VggTrainStages.java)."""
import os, sys, time, torch
sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..'))
import torch_reference as tr
torch.set_num_threads(2)
n = int(sys.argv[1])
s = tr.Session(tr.SETTINGS["vgg16"])
s.model.train()
ts = {"forward": [], "backward": [], "optimiser step (clip, SGD, zero)": [], "total": []}
for i in range(n + 2):
    image = torch.randn(3, 512, 1024)
    t0 = time.perf_counter()
    losses = s.model([image], s.targets)
    loss = sum(losses.values())
    t1 = time.perf_counter()
    loss.backward()
    t2 = time.perf_counter()
    torch.nn.utils.clip_grad_norm_(s.params, s.s["clip_gradient"])
    s.optimizer.step()
    s.optimizer.zero_grad(set_to_none=True)
    t3 = time.perf_counter()
    if i >= 2:
        for k, v in zip(ts, [t1 - t0, t2 - t1, t3 - t2, t3 - t0]):
            ts[k].append(v * 1000)
for k, v in ts.items():
    v.sort(); print("torch vgg16 training %s median %.1f ms" % (k, v[n // 2]))
