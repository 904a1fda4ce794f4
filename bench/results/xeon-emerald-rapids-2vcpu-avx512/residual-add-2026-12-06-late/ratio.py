import csv,sys
peer={}
for r in csv.reader(open(sys.argv[1])):
    if len(r)<7 or r[0]!='stream-add': continue
    peer[(r[1],int(r[2]),r[3],int(r[4]))]=float(r[6])
rows={}
for r in csv.DictReader(open(sys.argv[2])):
    op='oop' if 'OutOfPlace' in r['Benchmark'] else 'inplace'
    b=int(r['Param: bytes']); t=int(r['Param: threads'])
    rows[(op,t,b)]=3*b/float(r['Score'])
sizes=sorted({k[2] for k in rows})
print('| size | oop 1T | oop 2T (join) | inplace 1T | inplace 2T (join) |')
print('|---|---|---|---|---|')
fails=0
for b in sizes:
    cells=[]
    for op in ('oop','inplace'):
        for t in (1,2):
            mode='free' if t==1 else 'join'
            p=peer.get((op,t,mode,b)); v=rows.get((op,t,b))
            if p is None or v is None: cells.append('-'); continue
            ratio=v/p; fails+= ratio<0.8
            cells.append(f'{v:.0f} / {p:.0f} ({ratio:.2f}){" ✗" if ratio<0.8 else ""}')
    lab=f'{b//1024} KiB' if b<1<<20 else f'{b>>20} MiB'
    print(f'| {lab} | '+' | '.join(cells)+' |')
print('cells below 0.8:',fails)
