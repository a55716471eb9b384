using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using TorchSharp;

namespace Chapter4.Harness;

/// <summary>Common options of every lesson run.</summary>
/// <param name="Notes">Where explanations go; null means the same writer as the prints.</param>
/// <param name="Progress">Where progress lines go, or null for none.</param>
public sealed record RunOptions(long Seed = 0, string? PlotsDir = null, DeviceChoice Device = DeviceChoice.Auto, TextWriter? Notes = null, TextWriter? Progress = null);

/// <summary>What one lesson run produced. ExitCode: 0 ok, 1 failed while running, 2 bad input.</summary>
public sealed record LessonOutcome(string LessonId, long Seed, JsonObject Results, IReadOnlyList<string> Plots, string? Error, int ExitCode)
{
    /// <summary>The lesson's values beside PyTorch's reference (--compare --json), or null.</summary>
    public JsonObject? Comparison { get; init; }

    /// <summary>The --json envelope: {"lesson", "seed", "results"} (+ "error" when it failed, "compare" with --compare).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["lesson"] = LessonId, ["seed"] = Seed, ["results"] = Results.DeepClone() };
        if (Error is not null) json["error"] = Error;
        if (Comparison is not null) json["compare"] = Comparison.DeepClone();
        return json;
    }
}

/// <summary>Runs one lesson: validates knobs, seeds, runs in a dispose scope, keeps partial results on failure.</summary>
public static class LessonRunner
{
    public static LessonOutcome Run(Lesson lesson, RunOptions options, TextWriter output)
    {
        LessonContext? ctx = null;
        try
        {
            Knobs.Validate(lesson);
            if (options.PlotsDir is not null && lesson.Plots.Count > 0) Plotting.EnsureWritable(options.PlotsDir);
            var device = TorchRuntime.Resolve(options.Device);
            torch.manual_seed(options.Seed);
            ctx = new LessonContext(output, options.PlotsDir, device, options.Seed, options.Notes) { ProgressWriter = options.Progress };
            using (torch.NewDisposeScope())
            {
                lesson.Run(ctx);
            }
            return Outcome(lesson, options, ctx, null, 0);
        }
        catch (LessonInputException e)
        {
            return Outcome(lesson, options, ctx, e.Message, 2);
        }
        catch (LessonRunException e)
        {
            return Outcome(lesson, options, ctx, e.Message, 1);
        }
        catch (ExternalException e)
        {
            // libtorch's own error text: its first line says what went wrong, the rest is a C++ trace.
            return Outcome(lesson, options, ctx, "libtorch: " + Text.FirstLine(e.Message), 1);
        }
    }

    private static LessonOutcome Outcome(Lesson lesson, RunOptions options, LessonContext? ctx, string? error, int exitCode) =>
        new(lesson.Id, options.Seed, ctx?.Results ?? new JsonObject(), ctx?.PlotsWritten ?? [], error, exitCode);
}
