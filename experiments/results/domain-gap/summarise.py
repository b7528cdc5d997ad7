"""Table of the domain-gap files in this folder beside each run's target-val mAP.

Run from the repository root: python3 experiments/results/domain-gap/summarise.py
Each SET__VARIANT__seedN.json is `scda domain-gap --model runs/SET/foggy/VARIANT/seedN --json`;
the mAP comes from experiments/results/SET/foggy/VARIANT/seedN/result.json. SET adabn: the
paper-tables run after `scda adabn` (its mAP from experiments/results/adabn/).
"""
import collections
import glob
import json
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
rows = collections.OrderedDict()
for f in sorted(glob.glob(os.path.join(HERE, '*__*__seed*.json'))):
    exp, variant, seed = os.path.basename(f)[:-5].split('__')
    gap = json.load(open(f))['levels']
    if exp == 'adabn':  # scda adabn of a paper-tables run: its eval file in ../adabn
        m_ap = json.load(open(os.path.join(HERE, '..', 'adabn', 'foggy__%s__%s.json' % (variant, seed))))['mAP'] * 100
    else:
        result = os.path.join(HERE, '..', exp, 'foggy', variant, seed, 'result.json')
        m_ap = json.load(open(result))['target_val']['m_ap'] * 100 if os.path.exists(result) else float('nan')
    rows.setdefault((exp, variant), []).append((gap, m_ap))


def mean_std(xs):
    return '%.2f ± %.2f' % (statistics.mean(xs), statistics.stdev(xs)) if len(xs) > 1 else '%.2f' % xs[0]


print('| experiment | variant | seeds | target-val mAP | backbone effect size | RoI effect size | RoI PAD |')
print('|---|---|---|---|---|---|---|')
for (exp, variant), runs in rows.items():
    print('| %s | %s | %d | %s | %s | %s | %s |' % (
        exp, variant, len(runs), mean_std([r[1] for r in runs]),
        mean_std([r[0]['backbone']['mean_effect_size'] for r in runs]),
        mean_std([r[0]['roi']['mean_effect_size'] for r in runs]),
        mean_std([r[0]['roi']['proxy_a_distance'] for r in runs])))
