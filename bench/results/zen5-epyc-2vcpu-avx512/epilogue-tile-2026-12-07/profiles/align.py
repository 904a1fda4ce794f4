import re,sys
def rv(f):
    out=[]
    for l in open(f):
        m=re.match(r'\s+(\d+\.\d+)\s+\d+\.\d+\s+(?:\d+\.\d+\s+)?(\S+): (.*)',l)
        if m: out.append((float(m.group(1)),m.group(2),m.group(3)))
    return out
def ort(f):
    out=[]
    for l in open(f):
        m=re.match(r'\s+(\d+\.\d+)\s+(\S+)\s+(\S+)',l)
        if m and m.group(2) not in ('ReorderOutput','Flatten') and 'total' not in l: out.append((float(m.group(1)),m.group(2)))
    return out
r2=rv(sys.argv[1]); o2=ort(sys.argv[2]); r1=rv(sys.argv[3])
print(len(r2),len(o2),len(r1))
kinds={}
for (t2,name,desc),(ot,on),(t1,_,_) in zip(r2,o2,r1):
    if 'POINTWISE' in desc: k='1x1s2' if 'stride 2' in desc else '1x1'
    elif 'WINOGRAD_F2' in desc: k='F2'
    elif 'WINOGRAD' in desc: k='F4'
    elif 'IM2COL' in desc and '7x7' in desc: k='stem'
    elif 'IM2COL' in desc: k='s2 3x3' if 'stride 2' in desc else 'tiles 7x7'
    elif 'max pool' in desc: k='maxpool'
    else: k='other'
    a=kinds.setdefault(k,[0,0,0,0]); a[0]+=t2; a[1]+=ot; a[2]+=t1; a[3]+=1
for k,(t2,ot,t1,n) in kinds.items():
    print(f"{k:10s} n={n:2d}  ResVec 2T {t2:7.3f}  ORT 2T {ot:7.3f}  diff {t2-ot:+.3f}   ResVec 1T {t1:7.3f}  scaling {t1/t2:.2f}")
