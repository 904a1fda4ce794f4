import sys, torch
sys.path.insert(0, 'bench/peers')
import torch_report as tr
tr.set_threads(1)
step = tr.train_step(64)
for _ in range(10): step()
from torch.profiler import profile, ProfilerActivity
with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
    for _ in range(20): step()
for ev in prof.key_averages(group_by_input_shape=True):
    if ev.key in ('aten::convolution_backward','aten::mkldnn_convolution','aten::native_batch_norm','aten::native_batch_norm_backward'):
        print(f"{ev.key:32s} {ev.self_cpu_time_total/20/1000:8.2f} ms/step  calls/step {ev.count//20}  {str(ev.input_shapes)[:90]}")
