import re,sys
for f in sys.argv[1:]:
    rv=[l for l in open(f) if re.match(r'\s+\d+\.\d+\s+\d+\.\d+',l)]
    k={}
    tot=None
    for l in rv:
        if 'total:' in l: tot=float(l.split()[0]); continue
        if 'summed' in l: continue
        if 'POINTWISE' in l: kind='1x1s2' if 'stride 2' in l else '1x1'
        elif 'WINOGRAD_F2' in l: kind='F2'
        elif 'WINOGRAD' in l: kind='F4'
        elif 'stride 2' in l and 'IM2COL' in l: kind='s2/stem'
        elif 'IM2COL' in l: kind='im2col'
        else: kind='other'
        k[kind]=k.get(kind,0)+float(l.split()[0])
    print(f.split('/')[-1], 'total', tot, ' '.join(f"{a}={b:.3f}" for a,b in sorted(k.items())))
