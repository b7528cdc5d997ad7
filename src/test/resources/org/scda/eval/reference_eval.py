#!/usr/bin/python3
"""Golden values for scda's evaluators from independent numpy transcriptions.

voc_eval / voc_ap are transcribed from py-faster-rcnn (lib/datasets/voc_eval.py), reading
boxes as VOC XML numbers: 1-based inclusive pixels. The COCO part transcribes pycocotools'
COCOeval (evaluateImg, accumulate, summarize) for iouType='bbox', area range 'all',
maxDets 100, on the same boxes in continuous coordinates: x = xmin - 1, w = xmax - xmin + 1,
which is what scda's VOC reader stores (x1 = xmin - 1, x2 = xmax).

Usage: reference_eval.py SEED INPUT.json GOLDEN.json  (writes both; numpy only)
The Java test GoldenEvaluationTest reads INPUT.json, evaluates, and compares with GOLDEN.json.
"""
import json
import sys

import numpy as np


# ---------------------------------------------------------------- py-faster-rcnn voc_eval
def voc_ap(rec, prec, use_07_metric=False):
    if use_07_metric:
        ap = 0.
        for t in np.arange(0., 1.1, 0.1):
            if np.sum(rec >= t) == 0:
                p = 0
            else:
                p = np.max(prec[rec >= t])
            ap = ap + p / 11.
    else:
        mrec = np.concatenate(([0.], rec, [1.]))
        mpre = np.concatenate(([0.], prec, [0.]))
        for i in range(mpre.size - 1, 0, -1):
            mpre[i - 1] = np.maximum(mpre[i - 1], mpre[i])
        i = np.where(mrec[1:] != mrec[:-1])[0]
        ap = np.sum((mrec[i + 1] - mrec[i]) * mpre[i + 1])
    return ap


def voc_eval(images, detections, classid, ovthresh=0.5, use_07_metric=False):
    class_recs = {}
    npos = 0
    for img in images:
        R = [o for o in img['objects'] if o['cls'] == classid]
        bbox = np.array([o['box'] for o in R], dtype=float).reshape(-1, 4)
        difficult = np.array([o['difficult'] for o in R]).astype(bool)
        det = [False] * len(R)
        npos = npos + sum(~difficult)
        class_recs[img['id']] = {'bbox': bbox, 'difficult': difficult, 'det': det}

    dets = [d for d in detections if d['cls'] == classid]
    image_ids = [d['image'] for d in dets]
    confidence = np.array([d['score'] for d in dets], dtype=float)
    BB = np.array([d['box'] for d in dets], dtype=float).reshape(-1, 4)

    sorted_ind = np.argsort(-confidence)
    BB = BB[sorted_ind, :]
    image_ids = [image_ids[x] for x in sorted_ind]

    nd = len(image_ids)
    tp = np.zeros(nd)
    fp = np.zeros(nd)
    for d in range(nd):
        R = class_recs[image_ids[d]]
        bb = BB[d, :].astype(float)
        ovmax = -np.inf
        BBGT = R['bbox'].astype(float)
        if BBGT.size > 0:
            ixmin = np.maximum(BBGT[:, 0], bb[0])
            iymin = np.maximum(BBGT[:, 1], bb[1])
            ixmax = np.minimum(BBGT[:, 2], bb[2])
            iymax = np.minimum(BBGT[:, 3], bb[3])
            iw = np.maximum(ixmax - ixmin + 1., 0.)
            ih = np.maximum(iymax - iymin + 1., 0.)
            inters = iw * ih
            uni = ((bb[2] - bb[0] + 1.) * (bb[3] - bb[1] + 1.) +
                   (BBGT[:, 2] - BBGT[:, 0] + 1.) *
                   (BBGT[:, 3] - BBGT[:, 1] + 1.) - inters)
            overlaps = inters / uni
            ovmax = np.max(overlaps)
            jmax = np.argmax(overlaps)
        if ovmax > ovthresh:
            if not R['difficult'][jmax]:
                if not R['det'][jmax]:
                    tp[d] = 1.
                    R['det'][jmax] = 1
                else:
                    fp[d] = 1.
        else:
            fp[d] = 1.

    if npos == 0:
        return None  # voc_eval gives NaN; scda reports null and leaves the class out of the mean
    fp = np.cumsum(fp)
    tp = np.cumsum(tp)
    rec = tp / float(npos)
    prec = tp / np.maximum(tp + fp, np.finfo(np.float64).eps)
    return float(voc_ap(rec, prec, use_07_metric))


# ---------------------------------------------------------------- pycocotools COCOeval (bbox)
def coco_box(voc_box):
    xmin, ymin, xmax, ymax = voc_box
    return [xmin - 1, ymin - 1, xmax - xmin + 1, ymax - ymin + 1]


def box_iou(dts, gts, iscrowd):
    """maskUtils.iou for boxes [x, y, w, h]."""
    ious = np.zeros((len(dts), len(gts)))
    for i, d in enumerate(dts):
        for j, g in enumerate(gts):
            w = min(d[0] + d[2], g[0] + g[2]) - max(d[0], g[0])
            if w <= 0:
                continue
            h = min(d[1] + d[3], g[1] + g[3]) - max(d[1], g[1])
            if h <= 0:
                continue
            i_ = w * h
            u = d[2] * d[3] if iscrowd[j] else d[2] * d[3] + g[2] * g[3] - i_
            ious[i, j] = i_ / u
    return ious


IOU_THRS = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
REC_THRS = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
MAX_DET = 100
A_RNG = [0 ** 2, 1e5 ** 2]


def evaluate_img(gt, dt):
    if len(gt) == 0 and len(dt) == 0:
        return None
    for g in gt:
        g['_ignore'] = 1 if (g['ignore'] or (g['area'] < A_RNG[0] or g['area'] > A_RNG[1])) else 0
    gtind = np.argsort([g['_ignore'] for g in gt], kind='mergesort')
    gt = [gt[i] for i in gtind]
    dtind = np.argsort([-d['score'] for d in dt], kind='mergesort')
    dt = [dt[i] for i in dtind[0:MAX_DET]]
    iscrowd = [int(o['iscrowd']) for o in gt]
    ious = box_iou([d['bbox'] for d in dt], [g['bbox'] for g in gt], iscrowd) if len(gt) and len(dt) else []

    T = len(IOU_THRS)
    G = len(gt)
    D = len(dt)
    gtm = np.zeros((T, G))
    dtm = np.zeros((T, D))
    gtIg = np.array([g['_ignore'] for g in gt])
    dtIg = np.zeros((T, D))
    if not len(ious) == 0:
        for tind, t in enumerate(IOU_THRS):
            for dind, d in enumerate(dt):
                iou = min([t, 1 - 1e-10])
                m = -1
                for gind, g in enumerate(gt):
                    if gtm[tind, gind] > 0 and not iscrowd[gind]:
                        continue
                    if m > -1 and gtIg[m] == 0 and gtIg[gind] == 1:
                        break
                    if ious[dind, gind] < iou:
                        continue
                    iou = ious[dind, gind]
                    m = gind
                if m == -1:
                    continue
                dtIg[tind, dind] = gtIg[m]
                dtm[tind, dind] = gt[m]['id']
                gtm[tind, m] = d['id']
    a = np.array([d['area'] < A_RNG[0] or d['area'] > A_RNG[1] for d in dt]).reshape((1, len(dt)))
    dtIg = np.logical_or(dtIg, np.logical_and(dtm == 0, np.repeat(a, T, 0)))
    return {'dtMatches': dtm, 'dtScores': [d['score'] for d in dt], 'gtIgnore': gtIg, 'dtIgnore': dtIg}


def coco_eval(images, detections, num_classes):
    img_ids = sorted(img['id'] for img in images)
    by_id = {img['id']: img for img in images}
    ann_id = 0
    gts = {}
    for img in images:
        for o in img['objects']:
            ann_id += 1
            b = coco_box(o['box'])
            gts.setdefault((img['id'], o['cls']), []).append(
                {'id': ann_id, 'bbox': b, 'area': b[2] * b[3], 'iscrowd': int(o['difficult']),
                 'ignore': int(o['difficult'])})
    dts = {}
    for k, d in enumerate(detections):
        b = coco_box(d['box'])
        dts.setdefault((d['image'], d['cls']), []).append(
            {'id': k + 1, 'bbox': b, 'area': b[2] * b[3], 'score': d['score']})
    T, R, K = len(IOU_THRS), len(REC_THRS), num_classes
    precision = -np.ones((T, R, K))
    for k in range(K):
        E = [evaluate_img([dict(g) for g in gts.get((i, k), [])], dts.get((i, k), [])) for i in img_ids]
        E = [e for e in E if e is not None]
        if len(E) == 0:
            continue
        dtScores = np.concatenate([e['dtScores'][0:MAX_DET] for e in E])
        inds = np.argsort(-dtScores, kind='mergesort')
        dtm = np.concatenate([e['dtMatches'][:, 0:MAX_DET] for e in E], axis=1)[:, inds]
        dtIg = np.concatenate([e['dtIgnore'][:, 0:MAX_DET] for e in E], axis=1)[:, inds]
        gtIg = np.concatenate([e['gtIgnore'] for e in E])
        npig = np.count_nonzero(gtIg == 0)
        if npig == 0:
            continue
        tps = np.logical_and(dtm, np.logical_not(dtIg))
        fps = np.logical_and(np.logical_not(dtm), np.logical_not(dtIg))
        tp_sum = np.cumsum(tps, axis=1).astype(dtype=float)
        fp_sum = np.cumsum(fps, axis=1).astype(dtype=float)
        for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
            tp = np.array(tp)
            fp = np.array(fp)
            nd = len(tp)
            rc = tp / npig
            pr = tp / (fp + tp + np.spacing(1))
            q = np.zeros((R,))
            pr = pr.tolist()
            q = q.tolist()
            for i in range(nd - 1, 0, -1):
                if pr[i] > pr[i - 1]:
                    pr[i - 1] = pr[i]
            inds = np.searchsorted(rc, REC_THRS, side='left')
            try:
                for ri, pi in enumerate(inds):
                    q[ri] = pr[pi]
            except IndexError:
                pass
            precision[t, :, k] = np.array(q)

    def summarize(t=None):
        s = precision if t is None else precision[[t]]
        s = s[s > -1]
        return float(np.mean(s))

    per_class = []
    for k in range(K):
        s = precision[:, :, k]
        per_class.append(None if (s == -1).all() else float(np.mean(s)))
    t75 = int(np.where(IOU_THRS == .75)[0][0])
    return {'AP': summarize(), 'AP50': summarize(0), 'AP75': summarize(t75), 'per_class': per_class}


# ---------------------------------------------------------------- a random scenario
def scenario(seed, classes):
    rng = np.random.RandomState(seed)
    images = []
    detections = []
    for image_id in range(1, 41):
        objects = []
        for _ in range(rng.randint(0, 5)):
            cls = int(rng.choice([0, 0, 0, 1, 1, 2]))
            w, h = rng.randint(3, 24), rng.randint(3, 24)
            xmin, ymin = rng.randint(1, 200 - w), rng.randint(1, 120 - h)
            # class 2 has only difficult boxes: null AP everywhere
            difficult = bool(cls == 2 or rng.rand() < 0.15)
            objects.append({'cls': cls, 'box': [xmin, ymin, xmin + w - 1, ymin + h - 1], 'difficult': difficult})
            for _ in range(rng.choice([0, 1, 1, 1, 2])):  # missed, found, or found twice
                jitter = rng.uniform(-0.3, 0.3, size=4) * [w, h, w, h]
                b = np.array([xmin, ymin, xmin + w - 1, ymin + h - 1], dtype=float) + jitter
                b[2] = max(b[2], b[0])
                b[3] = max(b[3], b[1])
                detections.append({'image': image_id, 'cls': cls if rng.rand() > 0.1 else int(rng.randint(0, 4)),
                                   'box': [round(float(v), 3) for v in b], 'score': round(float(rng.uniform(0.3, 1.0)), 6)})
        for _ in range(rng.randint(0, 3)):  # background false positives, class 3 has no ground truth
            x, y = rng.uniform(1, 180), rng.uniform(1, 100)
            detections.append({'image': image_id, 'cls': int(rng.randint(0, 4)),
                               'box': [round(x, 3), round(y, 3), round(x + rng.uniform(3, 40), 3), round(y + rng.uniform(3, 40), 3)],
                               'score': round(float(rng.uniform(0.0, 0.8)), 6)})
        images.append({'id': image_id, 'width': 200, 'height': 120, 'objects': objects})
    return images, detections


def main():
    seed, input_path, golden_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    classes = ['car', 'person', 'rare', 'ghost']
    images, detections = scenario(seed, classes)
    scores = [d['score'] for d in detections]
    assert len(set(scores)) == len(scores), 'tied scores: voc_eval order would be arbitrary'
    golden = {'seed': seed}
    for name, use07 in (('voc07', True), ('voc', False)):
        per_class = [voc_eval(images, detections, k, use_07_metric=use07) for k in range(len(classes))]
        present = [ap for ap in per_class if ap is not None]
        golden[name] = {'mAP': float(np.mean(present)), 'per_class': per_class}
    golden['coco'] = coco_eval(images, detections, len(classes))
    with open(input_path, 'w') as f:
        json.dump({'about': 'boxes are VOC XML numbers: 1-based inclusive pixels; see reference_eval.py',
                   'classes': classes, 'images': images, 'detections': detections}, f)
    with open(golden_path, 'w') as f:
        json.dump(golden, f, indent=1)


if __name__ == '__main__':
    main()
