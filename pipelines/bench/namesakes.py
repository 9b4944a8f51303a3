"""A linkage test set independent of the project's generator: migrants' names in three sources.

Small name pools per nationality (so strangers share names), Cyrillic renderings of Bulgarian and
Ukrainian names in one source, diacritics dropped in another, Danish letters written out, given and
family name swapped, capitals, one typo in a fifth of the records, missing, 1 January placeholder,
day/month-swapped and one-digit-off birth dates, missing sex, and 12 % of persons who are
same-name strangers of another (same name, sex and nationality, another birth date).

  python3 pipelines/bench/namesakes.py --seed 1 --persons 3000 --out /tmp/namesakes
  ./thb bench --set /tmp/namesakes

writes a.csv, b.csv, c.csv, truth.csv (source,record_id,person) and mapping.json. Synthetic only.
"""
import argparse, csv, datetime, json, os, random, unicodedata
ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=1)
ap.add_argument('--persons', type=int, default=3000)
ap.add_argument('--out', required=True)
args = ap.parse_args()
seed, persons_n, out = args.seed, args.persons, args.out
R = random.Random(seed)
os.makedirs(out, exist_ok=True)
POOLS = {
 'BG': dict(F=['Petya','Maria','Ivanka','Elena','Desislava','Gergana','Tsvetelina','Yordanka','Nadezhda','Svetlana','Radka','Zornitsa'],
            M=['Ivan','Georgi','Dimitar','Petar','Nikolay','Hristo','Stoyan','Todor','Vasil','Angel'],
            fam=['Ivanov','Petrov','Georgiev','Dimitrov','Nikolov','Todorov','Stoyanov','Hristov','Kolev','Angelov','Yordanov','Marinov'],
            femsuffix='a', cyr=True),
 'UA': dict(F=['Olena','Oksana','Iryna','Natalia','Tetiana','Yulia','Svitlana','Kateryna'],
            M=['Andriy','Oleksandr','Serhiy','Volodymyr','Mykola','Yuriy','Taras'],
            fam=['Shevchenko','Kovalenko','Bondarenko','Tkachenko','Kravchenko','Melnyk','Boyko','Lysenko','Moroz'], femsuffix='', cyr=True),
 'RO': dict(F=['Mădălina','Ioana','Elena','Andreea','Alexandra','Florentina','Ștefania','Georgiana'],
            M=['Ștefan','Ionuț','Andrei','Mihai','Constantin','Gheorghe','Florin','Costel'],
            fam=['Popescu','Ionescu','Stănescu','Dumitru','Constantin','Munteanu','Răducanu','Lăcătuș','Țăranu','Niculescu'], femsuffix='', cyr=False),
 'VN': dict(F=['Lan','Hương','Thảo','Linh','Ngọc','Trang','Hà','Mai'],
            M=['Hùng','Dũng','Tuấn','Minh','Quang','Đức','Hải','Long'],
            fam=['Nguyễn','Trần','Lê','Phạm','Hoàng','Vũ','Đặng','Bùi'], femsuffix='', cyr=False, mid={'F':'Thị','M':'Văn'}),
 'NG': dict(F=['Blessing','Joy','Precious','Osas','Favour','Gift','Esther','Mercy','Success'],
            M=['Osaro','Emeka','Chinedu','Osagie','Efosa','Samuel','Friday','Godwin'],
            fam=['Omoruyi','Igbinedion','Okafor','Osagie','Ehigiator','Obaseki','Edo','Aigbe','Okonkwo','Uwaifo'], femsuffix='', cyr=False),
 'DK': dict(F=['Åse','Søs','Mette','Birthe','Jytte','Lærke','Signe'],
            M=['Jørgen','Søren','Bjørn','Mads','Poul','Kåre','Henrik'],
            fam=['Sørensen','Jørgensen','Mølgaard','Ærø','Kjær','Østergaard','Lund','Bødker','Hansen'], femsuffix='', cyr=False),
 'TH': dict(F=['Siriporn','Somchai','Malee','Pranee','Nattaya','Kanya','Wanida'],
            M=['Somchai','Prasert','Anan','Kittisak','Wichai'],
            fam=['Saetang','Srisuk','Wongsa','Chaiyaporn','Boonmee','Thongchai','Sukprasert'], femsuffix='', cyr=False),
}
WEIGHTS = {'BG':3,'UA':2,'RO':3,'VN':2,'NG':3,'DK':1,'TH':1}
CYR = {'a':'а','b':'б','v':'в','g':'г','d':'д','e':'е','zh':'ж','z':'з','i':'и','y':'й','k':'к','l':'л','m':'м','n':'н','o':'о',
       'p':'п','r':'р','s':'с','t':'т','u':'у','f':'ф','h':'х','ts':'ц','ch':'ч','sh':'ш','sht':'щ','yu':'ю','ya':'я','kh':'х'}
def to_cyr(s):
    out=''; i=0; low=s.lower()
    while i < len(low):
        for n in (3,2,1):
            if low[i:i+n] in CYR:
                out += CYR[low[i:i+n]]; i += n; break
        else:
            out += low[i]; i += 1
    return out[:1].upper()+out[1:]
def strip(s):
    return ''.join(c for c in unicodedata.normalize('NFKD', s) if not unicodedata.combining(c)).replace('đ','d').replace('Đ','D')
def danish(s):
    m = R.choice([{'ø':'o','å':'a','æ':'ae','Ø':'O','Å':'A','Æ':'Ae'}, {'ø':'oe','å':'aa','æ':'ae','Ø':'Oe','Å':'Aa','Æ':'Ae'}])
    return ''.join(m.get(c,c) for c in s)
def typo(s):
    if len(s) < 3: return s
    i = R.randrange(1, len(s)-1); k = R.random()
    if k < 0.3: return s[:i]+s[i+1:]
    if k < 0.6: return s[:i]+s[i]+s[i:]
    if k < 0.8: return s[:i]+s[i+1]+s[i]+s[i+2:]
    return s[:i]+R.choice('aeiounrst')+s[i+1:]
def date():
    d = datetime.date(1965,1,1)+datetime.timedelta(days=R.randrange(0, 365*40))
    return d
persons=[]
countries=[c for c in WEIGHTS for _ in range(WEIGHTS[c])]
for pid in range(persons_n):
    if persons and R.random() < 0.12:
        # a same-name stranger: same name, sex, nationality, another birth date
        o = R.choice(persons)
        p = dict(o); p['id']=pid; p['dob']=date()
        persons.append(p); continue
    c = R.choice(countries); pool = POOLS[c]; sex = R.choice('FM')
    given = R.choice(pool[sex]); fam = R.choice(pool['fam'])
    if sex=='F' and pool['femsuffix'] and fam.endswith('v'): fam += pool['femsuffix']
    if 'mid' in pool: given = pool['mid'][sex]+' '+given
    persons.append(dict(id=pid, c=c, sex=sex, given=given, fam=fam, dob=date()))
rows = {'a':[], 'b':[], 'c':[]}
truth=[]
n=0
for p in persons:
    k = R.choices([1,2,3],[0.5,0.35,0.15])[0]
    for src in R.sample(['a','b','c'], k):
        g, f = p['given'], p['fam']
        if src=='b': g, f = strip(g), strip(f)
        if p['c']=='DK' and R.random()<0.5: g, f = danish(g), danish(f)
        if src=='c' and POOLS[p['c']]['cyr'] and R.random()<0.6: g, f = to_cyr(g), to_cyr(f)
        if R.random()<0.2:
            if R.random()<0.5: g = typo(g)
            else: f = typo(f)
        if R.random()<0.1: g, f = f, g
        if R.random()<0.1: g, f = g.upper(), f.upper()
        d = p['dob']; ds = d.isoformat()
        u = R.random()
        if u < 0.10: ds = ''
        elif u < 0.25 and src != 'a': ds = '%d-01-01' % d.year
        elif u < 0.30:
            if d.day <= 12 and d.day != d.month: ds = datetime.date(d.year, d.day, d.month).isoformat()
            elif ds[-2:] < '28': ds = ds[:-1] + R.choice('0123456789'.replace(ds[-1], ''))
        sex = p['sex'] if R.random() > 0.05 else ''
        n += 1
        rid = '%s-%d' % (src, n)
        rows[src].append(dict(id=rid, given=g, family=f, dob=ds, sex=sex, nat=p['c']))
        truth.append((src, rid, p['id']))
for src, rs in rows.items():
    with open(f'{out}/{src}.csv','w',newline='') as fh:
        w = csv.DictWriter(fh, fieldnames=['id','given','family','dob','sex','nat']); w.writeheader(); w.writerows(rs)
with open(f'{out}/truth.csv','w',newline='') as fh:
    w=csv.writer(fh); w.writerow(['source','record_id','person']); w.writerows(truth)
print(sum(len(r) for r in rows.values()), 'records', persons_n, 'persons')
with open(f'{out}/mapping.json', 'w') as fh:
    json.dump({"delimiter": ",", "header": True, "trim": True, "record_id": "id",
               "fields": {"given_name": "given", "family_name": "family", "birth_date": "dob",
                          "birth_date_format": "yyyy-MM-dd", "sex": "sex", "citizenship": "nat"}}, fh, indent=1)
