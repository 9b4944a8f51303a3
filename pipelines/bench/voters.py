"""A names-and-place linkage test set independent of the project's generator: five sources that
hold given name, family name, suburb and postcode only, as registers of voters do.

Persons draw their given name, family name and (suburb, postcode) from the frequencies of the
original records of the public FEBRL files in ../shared/data/linkage (so common names are common
and strangers share them); each person is in two to five of the five sources, at most once per
source. A share of the records (--corrupt, 0.2 or 0.4) carries one or two corruptions, as GeCo
makes them: a typo (insert, delete, substitute, transpose), an OCR confusion, a phonetic
respelling, a missing value, or a postcode digit changed. No birth date, sex or identifier.

  python3 pipelines/bench/voters.py --seed 1 --corrupt 0.2 --out /tmp/voters20
  ./thb bench --set /tmp/voters20

writes a.csv .. e.csv, truth.csv (source,record_id,person) and mapping.json. Synthetic only.
"""
import argparse, collections, csv, json, os, random

ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--persons', type=int, default=7000)
ap.add_argument('--corrupt', type=float, default=0.2)
ap.add_argument('--febrl', default=os.path.join(os.path.dirname(__file__), '..', '..', '..', 'shared', 'data', 'linkage'))
ap.add_argument('--out', required=True)
args = ap.parse_args()
R = random.Random(args.seed)
os.makedirs(args.out, exist_ok=True)

given, family, place = collections.Counter(), collections.Counter(), collections.Counter()
for name in ('dataset1.csv', 'dataset2.csv', 'dataset3.csv'):
    with open(os.path.join(args.febrl, name), newline='') as fh:
        for r in csv.DictReader(fh, skipinitialspace=True):
            if not r['rec_id'].endswith('-org'):
                continue
            if r['given_name'].strip():
                given[r['given_name'].strip()] += 1
            if r['surname'].strip():
                family[r['surname'].strip()] += 1
            if r['suburb'].strip() and r['postcode'].strip():
                place[(r['suburb'].strip(), r['postcode'].strip())] += 1


def drawer(counter):
    values = list(counter)
    weights = [counter[v] for v in values]
    return lambda: R.choices(values, weights)[0]


draw_given, draw_family, draw_place = drawer(given), drawer(family), drawer(place)

OCR = [('m', 'rn'), ('rn', 'm'), ('l', 'i'), ('i', 'l'), ('o', 'c'), ('e', 'c'), ('h', 'b'), ('n', 'h'), ('u', 'v'),
       ('g', 'q'), ('cl', 'd'), ('d', 'cl')]
PHONETIC = [('ph', 'f'), ('f', 'ph'), ('c', 'k'), ('k', 'c'), ('y', 'i'), ('i', 'y'), ('ee', 'ea'), ('ea', 'ee'),
            ('ie', 'y'), ('ck', 'k'), ('s', 'z'), ('th', 't'), ('ou', 'ow'), ('er', 'a'), ('son', 'sen'), ('mm', 'm'),
            ('ll', 'l'), ('tt', 't')]
LETTERS = 'abcdefghijklmnopqrstuvwxyz'


def typo(s):
    if len(s) < 2:
        return s + R.choice(LETTERS)
    i = R.randrange(len(s))
    kind = R.randrange(4)
    if kind == 0:
        return s[:i] + R.choice(LETTERS) + s[i:]
    if kind == 1:
        return s[:i] + s[i + 1:]
    if kind == 2:
        return s[:i] + R.choice(LETTERS) + s[i + 1:]
    i = min(i, len(s) - 2)
    return s[:i] + s[i + 1] + s[i] + s[i + 2:]


def replace_one(s, table):
    options = [(a, b) for a, b in table if a in s]
    if not options:
        return typo(s)
    a, b = R.choice(options)
    starts = [i for i in range(len(s)) if s.startswith(a, i)]
    i = R.choice(starts)
    return s[:i] + b + s[i + len(a):]


def corrupt(rec):
    field = R.choice(['given', 'family', 'family', 'given', 'suburb', 'postcode'])
    v = rec[field]
    if not v:
        return
    if R.random() < 0.12:
        rec[field] = ''
    elif field == 'postcode':
        i = R.randrange(len(v))
        rec[field] = v[:i] + str(R.randrange(10)) + v[i + 1:]
    else:
        k = R.random()
        rec[field] = typo(v) if k < 0.5 else replace_one(v, OCR) if k < 0.7 else replace_one(v, PHONETIC)


SOURCES = 'abcde'
rows = {s: [] for s in SOURCES}
truth = []
for p in range(args.persons):
    suburb, postcode = draw_place()
    person = dict(given=draw_given(), family=draw_family(), suburb=suburb, postcode=postcode)
    for s in R.sample(SOURCES, R.choice([2, 2, 3, 3, 4, 5])):
        rec = dict(person)
        if R.random() < args.corrupt:
            for _ in range(R.choice([1, 2])):
                corrupt(rec)
        rid = f'{s}{len(rows[s]) + 1:06d}'
        rows[s].append(dict(id=rid, **rec))
        truth.append((s, rid, f'p{p}'))
for s in SOURCES:
    R.shuffle(rows[s])
    with open(os.path.join(args.out, f'{s}.csv'), 'w', newline='') as fh:
        w = csv.DictWriter(fh, ['id', 'given', 'family', 'suburb', 'postcode'])
        w.writeheader()
        w.writerows(rows[s])
with open(os.path.join(args.out, 'truth.csv'), 'w', newline='') as fh:
    w = csv.writer(fh)
    w.writerow(['source', 'record_id', 'person'])
    w.writerows(truth)
with open(os.path.join(args.out, 'mapping.json'), 'w') as fh:
    json.dump({'delimiter': ',', 'header': True, 'trim': True, 'record_id': 'id',
               'fields': {'given_name': 'given', 'family_name': 'family', 'locality': 'suburb',
                          'postcode': 'postcode'}}, fh, indent=1)
print(f'{sum(len(v) for v in rows.values())} records of {args.persons} persons in {args.out}')
