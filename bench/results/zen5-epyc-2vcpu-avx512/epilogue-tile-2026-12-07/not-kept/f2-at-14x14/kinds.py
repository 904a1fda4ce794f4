import sys,re
for f in sys.argv[1:]:
    g={'56':0,'28':0,'14':0}
    for line in open(f):
        m=re.match(r'\s*([\d.]+)\s+[\d.]+\s+[\d.]+\s+\S+: conv (\d+)x(\d+)x\d+ \* \d+x\d+x3x3 stride 1.*-> (\d+)x(\d+)x(\d+)',line)
        if m:
            h=m.group(3)
            if h in g: g[h]+=float(m.group(1))
    tot=[l for l in open(f) if 'median of' in l][0].split()[0]
    print("%-28s total %s  56:%.3f 28:%.3f 14:%.3f   28/56 %.3f 14/56 %.3f"%(f,tot,g['56'],g['28'],g['14'],g['28']/g['56'],g['14']/g['56']))
