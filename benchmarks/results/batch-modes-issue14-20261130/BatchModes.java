import java.nio.file.*;
import java.util.*;
import java.util.concurrent.locks.LockSupport;
import io.quarkiverse.knitting.*;
import io.smallrye.mutiny.subscription.*;

public class BatchModes {
    static final class Slot implements UniSubscriber<Object> {
        volatile Object value; volatile Thread waiter;
        public void onSubscribe(UniSubscription s) {}
        public void onItem(Object o) { value = o; Thread w = waiter; if (w != null) LockSupport.unpark(w); }
        public void onFailure(Throwable t) { value = t; Thread w = waiter; if (w != null) LockSupport.unpark(w); }
        Object await(long[] parks) { Object r = value; if (r == null) { waiter = Thread.currentThread(); while ((r = value) == null) { parks[0]++; LockSupport.park(this);} waiter = null; } return r; }
    }
    static long ctx(String who) throws Exception {
        for (Path t : Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            String comm = Files.readString(t.resolve("comm")).trim();
            if (comm.startsWith(who)) {
                long v = 0;
                for (String l : Files.readAllLines(t.resolve("status"))) if (l.contains("voluntary_ctxt_switches")) v += Long.parseLong(l.split("\\s+")[1]) * (l.startsWith("non") ? 1L<<32 : 1);
                return v;
            }
        }
        return -1;
    }
    static String cpu(String who) throws Exception {
        for (Path t : Files.newDirectoryStream(Paths.get("/proc/self/task"))) {
            String comm = Files.readString(t.resolve("comm")).trim();
            if (comm.startsWith(who)) { String st = Files.readString(t.resolve("stat")); String[] f = st.substring(st.lastIndexOf(')') + 2).split(" "); return f[36]; }
        }
        return "?";
    }
    public static void main(String[] a) throws Exception {
        KnittingPool pool = KnittingPool.builder().name("bench").threads(1).pauseNanoseconds(Long.getLong("pause", 250)).build();
        TaskRef<Integer,Integer> task = pool.register("inc", (TaskFunction<Integer,Integer>) x -> x + 1);
        Slot[] slots = new Slot[1000]; for (int i = 0; i < slots.length; i++) slots[i] = new Slot();
        Thread.currentThread().setName("caller-main");
        long[] parks = new long[1];
        for (int sec = 0; sec < Integer.parseInt(a.length > 0 ? a[0] : "20"); sec++) {
            long end = System.nanoTime() + 1_000_000_000L; long batches = 0; parks[0] = 0;
            long w0 = ctx("knitting-bench"), c0 = ctx("caller-main");
            long[] times = new long[200000]; int n = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                for (Slot s : slots) { s.value = null; task.call(1).subscribe().withSubscriber(s); }
                for (Slot s : slots) s.await(parks);
                times[n++] = System.nanoTime() - t0; batches++;
            }
            Arrays.sort(times, 0, n);
            System.out.printf("sec %2d batches %6d p50 %6.1f us  callerParks/batch %.2f  worker vol %.2f inv %.2f caller vol %.2f inv %.2f cpus %s %s%n", sec, batches, times[n/2]/1000.0, parks[0]/(double)batches, ((ctx("knitting-bench")-w0)&0xffffffffL)/(double)batches, ((ctx("knitting-bench")-w0)>>>32)/(double)batches, ((ctx("caller-main")-c0)&0xffffffffL)/(double)batches, ((ctx("caller-main")-c0)>>>32)/(double)batches, cpu("knitting-bench"), cpu("caller-main"));
        }
        pool.close();
    }
}
