using System.Diagnostics;
using System.Text.Json.Nodes;
using TorchSharp;

namespace Chapter4.Bench;

/// <summary>W3 `memory`: resident memory and live tensors over many W1 steps.</summary>
public static class MemoryWorkload
{
    /// <summary>W3: W1 for many steps, sampling resident memory and live tensors.</summary>
    public static JsonObject Measure(int steps, int every)
    {
        using var trainer = new CourseMlpTrainer(seed: 0, CourseMlpStep.FlatSgd);
        var samples = new JsonArray();
        long rssAtBaseline = 0, liveAtBaseline = 0;
        int baseline = Math.Min(steps, every * 2); // growth is measured from step 20,000 on
        for (int i = 1; i <= steps; i++)
        {
            trainer.Step();
            if (i % every != 0 && i != steps) continue;
            long rss = ResidentBytes();
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            if (i == baseline) (rssAtBaseline, liveAtBaseline) = (rss, live);
            samples.Add(new JsonObject { ["step"] = i, ["rss_mb"] = Math.Round(rss / 1048576.0, 2), ["live_tensors"] = live });
        }
        long finalRss = ResidentBytes();
        long finalLive = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        return new JsonObject
        {
            ["steps"] = steps,
            ["sample_every"] = every,
            ["baseline_step"] = baseline,
            ["rss_growth_percent"] = rssAtBaseline == 0 ? 0 : Math.Round(100.0 * (finalRss - rssAtBaseline) / rssAtBaseline, 3),
            ["live_tensor_growth"] = finalLive - liveAtBaseline,
            ["samples"] = samples,
        };
    }

    /// <summary>VmRSS from /proc (the resident set, native allocations included); the GC's view elsewhere.</summary>
    private static long ResidentBytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
            foreach (string line in File.ReadLines(Status))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
