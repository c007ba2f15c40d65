package io.quarkiverse.knitting.runtime.devui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.engine.LaneView;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.runtime.PoolRegistry;

/**
 * What the Dev UI's Pools page asks for over JSON-RPC, in dev mode only: each pool's counters and lanes, and the
 * stack of a lane's worker thread.
 */
public class KnittingJsonRpcService {

    @Inject
    PoolRegistry pools;

    /** Every started pool with its counters and, per worker lane, its state and the call running on it. */
    public List<Map<String, Object>> getPools() {
        List<Map<String, Object>> result = new ArrayList<>();
        pools.started().forEach((name, pool) -> result.add(describe(name, pool)));
        return result;
    }

    /** The stack of lane {@code lane}'s worker thread in pool {@code pool}, one frame per line. */
    public String getLaneStack(String pool, int lane) {
        Pool found = pools.started().get(pool);
        if (found == null || lane < 0 || lane >= found.workerLanes()) {
            return "No lane " + lane + " in pool '" + pool + "'";
        }
        StringBuilder frames = new StringBuilder();
        for (StackTraceElement frame : found.laneStack(lane)) {
            frames.append("at ").append(frame).append('\n');
        }
        return frames.length() == 0 ? "The lane has no worker thread" : frames.toString();
    }

    private static Map<String, Object> describe(String name, Pool pool) {
        PoolStats stats = pool.stats();
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("name", name);
        described.put("closed", pool.isShutdown());
        described.put("queued", pool.queued());
        described.put("inFlight", stats.inFlight());
        described.put("submitted", stats.submitted());
        described.put("completed", stats.completed());
        described.put("failed", stats.failed());
        described.put("cancelled", stats.cancelled());
        described.put("rejected", stats.rejected());
        described.put("generation", stats.generation());
        described.put("abandonedThreads", stats.abandonedThreads());
        described.put("tasks", pool.taskNames());
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (LaneView view : pool.laneViews()) {
            Map<String, Object> lane = new LinkedHashMap<>();
            lane.put("index", view.index());
            lane.put("thread", view.thread());
            lane.put("state", view.state());
            lane.put("task", view.task());
            lane.put("runningForMs", view.runningForNanos() < 0 ? null : view.runningForNanos() / 1_000_000.0);
            lane.put("queued", view.queued());
            lanes.add(lane);
        }
        described.put("lanes", lanes);
        return described;
    }
}
