"""AdaBN on the finished paper-tables runs, beside the runs' own numbers.

Run from the repository root: python3 experiments/results/adabn/summarise.py
SCENARIO__VARIANT__seedN.json is `scda eval --json` of the AdaBN checkpoint on the scenario's
target-val, .src.json on its source-val; the run's own mAPs come from
experiments/results/paper-tables/SCENARIO/VARIANT/seedN/result.json.
"""
import collections
import glob
import json
import os
import statistics

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, '..', 'paper-tables')


def mean_std(xs):
    xs = [x for x in xs if x == x]
    if not xs:
        return '-'
    return '%.1f ± %.1f' % (statistics.mean(xs), statistics.stdev(xs)) if len(xs) > 1 else '%.1f' % xs[0]


rows = collections.OrderedDict()
for f in sorted(glob.glob(os.path.join(HERE, '*__*__seed*.json'))):
    if f.endswith('.src.json'):
        continue
    scenario, variant, seed = os.path.basename(f)[:-5].split('__')
    target = json.load(open(f))['mAP'] * 100
    src = f[:-5] + '.src.json'
    source = json.load(open(src))['mAP'] * 100 if os.path.exists(src) else float('nan')
    run = json.load(open(os.path.join(RESULTS, scenario, variant, seed, 'result.json')))
    rows.setdefault((scenario, variant), []).append(
        (run['target_val']['m_ap'] * 100, target, run['source_val']['m_ap'] * 100, source))

print('| scenario | model | seeds | target-val mAP | after AdaBN | source-val mAP | after AdaBN |')
print('|---|---|---|---|---|---|---|')
for (scenario, variant), runs in sorted(rows.items()):
    print('| %s | %s | %d | %s | %s | %s | %s |' % (scenario, variant, len(runs),
                                                    *[mean_std([r[i] for r in runs]) for i in range(4)]))
