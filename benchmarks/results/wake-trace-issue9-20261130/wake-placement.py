# Reads a perf trace of WakePhaseProbe (sched_waking, sched_wakeup, sched_switch, power:cpu_idle on all CPUs) and
# groups the wake-ups of the worker that end a sleep of more than 3 ms, made by the caller, by: the CPU the worker was
# woken on (the caller's or the other), the CPU it last ran on, and the other CPU's idle state (1 = halted);
# prints how many and the p50 from the waking to the worker running, in microseconds.
# Usage: python3 wake-placement.py <perf.data> <worker thread name prefix>
import sys,re,subprocess
from collections import Counter
out=subprocess.run(['perf','script','-i',sys.argv[1],'-F','comm,tid,cpu,time,event,trace'],capture_output=True,text=True).stdout.splitlines()
wname=sys.argv[2]
ev=[]
for l in out:
    m=re.match(r'\s*(.+?)\s+(\d+)\s+\[(\d+)\]\s+([\d.]+):\s+(\S+):\s+(.*)',l)
    if m: ev.append((m.group(1),int(m.group(2)),int(m.group(3)),float(m.group(4)),m.group(5),m.group(6)))
wt=None
for e in ev:
    m=re.search(r'comm=(\S+) pid=(\d+)',e[5])
    if m and m.group(1).startswith(wname): wt=int(m.group(2));break
print('worker tid',wt)
idle={0:None,1:None}; idle_since={0:0,1:0}
sleep_since=None; last_cpu=None
pending=None; res=[]
for comm,tid,cpu,t,name,tr in ev:
    if name=='power:cpu_idle':
        st=int(re.search(r'state=(\d+)',tr).group(1))
        if st==4294967295: idle[cpu]=None
        else: idle[cpu]=st; idle_since[cpu]=t
    elif name=='sched:sched_switch':
        if f'prev_pid={wt} ' in tr and re.search(r'prev_state=[SD]',tr): sleep_since=t; last_cpu=cpu
        if f'next_pid={wt} ' in tr and pending:
            p=pending; pending=None
            res.append(p+((t-p[0])*1e6,cpu))
    elif name=='sched:sched_waking' and f'pid={wt} ' in tr:
        if sleep_since and t-sleep_since>0.003 and comm.startswith('java'):
            tc=int(re.search(r'target_cpu=(\d+)',tr).group(1))
            other=1-cpu
            pending=(t,cpu,last_cpu,idle[other],(t-idle_since[other])*1e6 if idle[other] is not None else -1,-1)
        sleep_since=None
    elif name=='sched:sched_wakeup' and pending and f'pid={wt} ' in tr:
        pending=pending[:5]+(int(re.search(r'target_cpu=(\d+)',tr).group(1)),)
print('n',len(res))
def p50(l): l=sorted(l); return l[len(l)//2] if l else float('nan')
groups={}
for r in res:
    t,wc,lc,oid,oidle,tgt,lat,rc=r
    key=('same' if tgt==wc else 'other', 'last=waker' if lc==wc else 'last=other', 'otherIdle=%s'%oid)
    groups.setdefault(key,[]).append(lat)
for k,v in sorted(groups.items()): print(k,len(v),'p50 %.1f'%p50(v), 'max %.0f'%max(v))
