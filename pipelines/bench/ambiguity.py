#!/usr/bin/env python3
"""How much of a generated data set no linkage can tell apart: a ceiling on the bench's figures.

Reads a folder written by `./thb generate --out DIR` (its landing and truth/records.csv) and counts
the pairs of records that carry the same name (tokens lower-cased, accents folded, in any order;
the variant spellings the generator's name pools give one name count as that name, unless
--spelling),
agree or are unknown on sex and citizenship, share no identifier and hold no conflicting one
(CPR number, document number, phone, e-mail of the same kind), and of which at least one has no
full birth date. Such a pair looks the same whether it is one person or two; the split by what the
two records say of the birth shows where the generator leaves nothing else to go on. Differing
phones or e-mails tell nothing (they change); two different CPR numbers, or documents of one type
and issuing country, are a cannot-link, as in the pipeline.

"one date, other nothing": one record has a date, the other neither date nor estimated age. Among
these, a linker cannot tell the true pairs from the false: whatever share of the class it links
brings true and false pairs in proportion. The printed ceiling links the purest classes, and a
share of the next, as far as precision --precision allows, and credits the linker with every
other pair of the set decided right: an upper bound on pairwise recall before clustering, not
an estimate. A second line also counts the classes with estimated ages as ambiguous, as if an
estimate told nothing: between the two lies what the data allow.

Cleartext names are read here: run it on synthetic data only, as the generator writes it.

  python3 pipelines/bench/ambiguity.py DIR [--precision 0.995] [--spelling]
"""
import argparse
import collections
import csv
import glob
import itertools
import json
import os
import unicodedata


def name_tokens(s):
    """The name's tokens in their order: lower-cased, accents folded, hyphens as spaces."""
    if not s:
        return []
    s = unicodedata.normalize("NFKD", s.lower())
    s = "".join(c for c in s if not unicodedata.combining(c))
    for a, b in (("ø", "o"), ("æ", "ae"), ("đ", "d"), ("ł", "l"), ("ß", "ss"), ("-", " ")):
        s = s.replace(a, b)
    return [t for t in s.split() if t]


def name_key(s):
    return tuple(sorted(name_tokens(s)))


def variant_groups():
    """Every spelling of the generator's name pools (its tokens joined by one space) mapped to its name
    group: entries that share a spelling (folded) in any pool are one name, as the generator's
    uniqueness rules have it. Whole spellings are compared, never single tokens ("Li" the family
    name is not "Li Na")."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources", "generate",
                        "names.json")
    with open(path, encoding="utf-8") as fh:
        pools = json.load(fh)["pools"]
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pool in pools.values():
        for names in pool.values():
            if not isinstance(names, list):
                continue
            for entry in names:
                spellings = [" ".join(name_tokens(sp)) for sp in entry.split("/")]
                spellings = [sp for sp in spellings if sp]
                for sp in spellings[1:]:
                    parent[find(sp)] = find(spellings[0])
    return {sp: find(sp) for sp in parent}


def fold_variants(tokens, groups, longest=3):
    """The name as its multiset of name groups: the longest known spelling at each position first
    ("xiao ling" and "xiaoling" are one name); a token no spelling covers stays as it is."""
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            key = " ".join(tokens[i:i + n])
            if key in groups:
                out.append(groups[key])
                i += n
                break
        else:
            out.append(tokens[i])
            i += 1
    return tuple(sorted(out))


SEX = {"K": "F", "A": "X"}  # Danish codes (kvinde, andet) as the DIS export writes them


def sex(code):
    return SEX.get(code, code) or None


def ngo_date(s):
    if not s:
        return None
    d, m, y = s.split("-")
    return f"{y}-{m}-{d}"


def records(root):
    out = {}
    for f in glob.glob(os.path.join(root, "landing", "ngo", "*", "*.csv")):
        with open(f, encoding="utf-8-sig") as fh:
            for r in csv.DictReader(fh, delimiter=";"):
                out[("ngo", r["sagsnummer"])] = dict(
                    name=name_key(f"{r['fornavn']} {r['efternavn']}"),
                    tokens=name_tokens(f"{r['fornavn']} {r['efternavn']}"), dob=ngo_date(r["fødselsdato"]),
                    age=r["anslået_alder"] or None, sex=sex(r["køn"]),
                    cit=r["statsborgerskab"] or None,
                    ids={("cpr", r["cpr"].replace("-", "")) if r["cpr"] else None,
                         (("doc", r["dokumenttype"], r["dokumentland"]), r["dokumentnummer"])
                         if r["dokumentnummer"] else None,
                         ("phone", r["telefon"]) if r["telefon"] else None,
                         ("email", r["email"]) if r["email"] else None} - {None})
    for f in glob.glob(os.path.join(root, "landing", "police", "*", "*.csv")):
        with open(f, encoding="utf-8-sig") as fh:
            for r in csv.DictReader(fh):
                out[("police", r["journalnummer"])] = dict(
                    name=name_key(r["navn"]), tokens=name_tokens(r["navn"]), dob=r["fødselsdato"] or None, age=None, sex=sex(r["køn"]),
                    cit=r["nationalitet"] or None,
                    ids={("cpr", r["cpr"].replace("-", "")) if r["cpr"] else None,
                         (("doc", "P", r["pasland"]), r["pasnummer"]) if r["pasnummer"] else None,
                         ("phone", r["telefon"]) if r["telefon"] else None} - {None})
    for f in glob.glob(os.path.join(root, "landing", "dis", "*", "*.jsonl")):
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                ids = {(("doc", d.get("type"), d.get("country")), d.get("number"))
                       for d in (r.get("documents") or []) if d.get("number")}
                ids |= {(k, r[k]) for k in ("phone", "email") if r.get(k)}
                out[("dis", r["case_number"])] = dict(
                    name=name_key(f"{r.get('given_name') or ''} {r.get('family_name') or ''}"),
                    tokens=name_tokens(f"{r.get('given_name') or ''} {r.get('family_name') or ''}"),
                    dob=r.get("birth_date"), age=None, sex=r.get("sex"), cit=r.get("citizenship"), ids=ids)
    return out


def distinguishable(a, b):
    if a["cit"] and b["cit"] and a["cit"] != b["cit"]:
        return True
    if a["sex"] and b["sex"] and a["sex"] != b["sex"]:
        return True
    if a["ids"] & b["ids"]:
        return True
    # Two CPR numbers, or two documents of one type and issuing country, that differ: a cannot-link
    # as the pipeline has it. (Phones and e-mails change; differing ones tell nothing.)
    hard = lambda r: {k for k, _ in r["ids"] if k == "cpr" or (isinstance(k, tuple) and None not in k)}
    for k in hard(a) & hard(b):
        if {v for kk, v in a["ids"] if kk == k}.isdisjoint({v for kk, v in b["ids"] if kk == k}):
            return True
    full = lambda r: r["dob"] and not r["dob"].endswith("-01-01")
    if full(a) and full(b):
        return True
    if a["dob"] and b["dob"] and abs(int(a["dob"][:4]) - int(b["dob"][:4])) > 1:
        return True
    return False


def kind(a, b):
    if a["dob"] and b["dob"]:
        return "both years, within one year"
    if a["dob"] or b["dob"]:
        other = b if a["dob"] else a
        return "one date, other an estimated age" if other["age"] else "one date, other nothing"
    return "no dates, estimated ages" if (a["age"] or b["age"]) else "no dates, no ages"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--precision", type=float, default=0.995)
    ap.add_argument("--spelling", action="store_true",
                    help="a name is its spelling (accents folded); by default the generator's variant spellings of"
                         " one name (Petya/Petia, Nguyen/Nguyễn) are one name, as they are for two strangers who bear it")
    args = ap.parse_args()
    recs = records(args.folder)
    if not args.spelling:
        groups = variant_groups()
        for r in recs.values():
            r["name"] = fold_variants(r["tokens"], groups)
    with open(os.path.join(args.folder, "truth", "records.csv"), encoding="utf-8") as fh:
        person = {(r["source"], r["record_id"]): r["person_id"] for r in csv.DictReader(fh)}
    persons = collections.Counter(person[k] for k in recs)
    true_pairs = sum(n * (n - 1) // 2 for n in persons.values())
    by_name = collections.defaultdict(list)
    for k, r in recs.items():
        if r["name"]:
            by_name[r["name"]].append(k)
    bearers = collections.Counter(len({person[k] for k in ks}) for ks in by_name.values())
    shared = sum(len(ks) for ks in by_name.values() if len({person[k] for k in ks}) > 1)
    classes = collections.defaultdict(lambda: [0, 0])
    for ks in by_name.values():
        for x, y in itertools.combinations(ks, 2):
            if not distinguishable(recs[x], recs[y]):
                classes[kind(recs[x], recs[y])][0 if person[x] == person[y] else 1] += 1
    print(f"{len(recs)} records, {len(persons)} persons, {true_pairs} pairs of one person")
    print(f"names borne by 1, 2, 3, ... persons: "
          + ", ".join(f"{n}: {bearers[n]}" for n in sorted(bearers)))
    print(f"records whose name two or more persons bear: {shared} ({shared / len(recs):.1%})")
    print("same name, nothing else to tell them apart (pairs of one person / of two persons):")
    for c in sorted(classes):
        t, f = classes[c]
        print(f"  {c:36s} {t:6d} / {f:6d}")
    ceiling(classes, true_pairs, args.precision, ("one date, other nothing", "no dates, no ages"), "")
    ceiling(classes, true_pairs, args.precision, tuple(c for c in classes if c != "both years, within one year"),
            ", estimated ages taken as no evidence")


def ceiling(classes, true_pairs, precision_floor, ambiguous, label):
    """Links the purest ambiguous classes while precision holds; every other pair decided right."""
    tp, fp, lost = true_pairs, 0, 0
    for c in ambiguous:
        tp -= classes[c][0]
        lost += classes[c][0]
    for c in sorted(ambiguous, key=lambda c: -(classes[c][0] / max(1, sum(classes[c])))):
        t, f = classes[c]
        if not t:
            continue
        # Within a class one pair looks like the next: a linker can take a share x of it, as many
        # true pairs as false ones in proportion, while precision holds.
        x = 1.0 if f == 0 else min(1.0, max(0.0, (tp * (1 - precision_floor) - precision_floor * fp)
                                              / (precision_floor * f - (1 - precision_floor) * t)))
        if precision_floor * f - (1 - precision_floor) * t <= 0:
            x = 1.0
        tp, fp, lost = tp + x * t, fp + x * f, lost - x * t
    recall = tp / true_pairs
    precision = tp / (tp + fp)
    f1 = 2 * precision * recall / (precision + recall)
    print(f"ceiling at precision >= {precision_floor}{label}: precision {precision:.4f} recall {recall:.4f}"
          f" F1 {f1:.4f} ({lost:.0f} pairs of one person left unlinked)")

if __name__ == "__main__":
    main()
