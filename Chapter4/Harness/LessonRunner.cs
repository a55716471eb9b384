using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Language;
using Chapter4.Plotting;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Harness;

/// <summary>Common options of every lesson run.</summary>
/// <param name="Notes">Where explanations go; null means the same writer as the prints.</param>
/// <param name="Progress">Where progress lines go, or null for none.</param>
/// <param name="Seed">torch.manual_seed before the lesson; null: the lesson's <see cref="Lesson.DefaultSeed"/>.</param>
public sealed record RunOptions(long? Seed = null, string? PlotsDir = null, DeviceChoice Device = DeviceChoice.Auto, TextWriter? Notes = null, TextWriter? Progress = null);

/// <summary>What one lesson run produced. ExitCode: 0 ok, 1 failed while running, 2 bad input.</summary>
public sealed record LessonOutcome(string LessonId, long Seed, JsonObject Results, IReadOnlyList<string> Plots, string? Error, int ExitCode)
{
    /// <summary>What the lesson said about its run, as claims with their data (--json "takeaways").</summary>
    public IReadOnlyList<Claim> Takeaways { get; init; } = [];

    /// <summary>Every rendered plot's data against its axes.</summary>
    public IReadOnlyList<PlotAudit> PlotAudits { get; init; } = [];

    /// <summary>The system's reason when plots were all that failed ("No space left on device"), else null.</summary>
    public string? PlotsOnlyReason { get; init; }

    /// <summary>The lesson's values beside PyTorch's reference (--compare --json), or null.</summary>
    public JsonObject? Comparison { get; init; }

    /// <summary>The --json envelope: {"lesson", "seed", "results"} (+ "error" when it failed, "compare" with --compare).</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["lesson"] = LessonId, ["seed"] = Seed, ["results"] = Results.DeepClone() };
        json["takeaways"] = new JsonArray(Takeaways.Select(c => (JsonNode?)c.ToJson()).ToArray());
        if (Error is not null) json["error"] = Error;
        if (Comparison is not null) json["compare"] = Comparison.DeepClone();
        return json;
    }
}

/// <summary>Runs one lesson: validates knobs, seeds, runs in a dispose scope, keeps partial results on failure.</summary>
public static class LessonRunner
{
    /// <summary>
    /// Everything that can be checked before the lesson prints: its knobs, alone and together (<see cref="Lesson.Validate"/>),
    /// its plots folder, the device. Throws <see cref="LessonInputException"/> (bad input, exit 2).
    /// </summary>
    public static Device Prepare(Lesson lesson, RunOptions options)
    {
        var device = TorchRuntime.Resolve(options.Device);
        if (options.PlotsDir is not null && lesson.Plots.Count > 0) PlotSaving.EnsureWritable(options.PlotsDir);
        Knobs.Validate(lesson);
        return device;
    }

    /// <summary>
    /// <see cref="Prepare"/> for a batch (`all`, `book`) before the first lesson runs: the device and the plots folder
    /// once, then every lesson's knobs, an error naming its lesson. Throws <see cref="LessonInputException"/> (exit 2).
    /// </summary>
    public static void PrepareAll(IReadOnlyList<Lesson> lessons, RunOptions options)
    {
        TorchRuntime.Resolve(options.Device);
        if (options.PlotsDir is not null && lessons.Any(l => l.Plots.Count > 0)) PlotSaving.EnsureWritable(options.PlotsDir);
        foreach (Lesson lesson in lessons)
        {
            try { Knobs.Validate(lesson); }
            catch (LessonInputException e) { throw new LessonInputException(RunTexts.Format("run.who", lesson.Id, e.Message)); }
        }
    }

    public static LessonOutcome Run(Lesson lesson, RunOptions options, TextWriter output)
    {
        LessonContext? ctx = null;
        Device device;
        try
        {
            device = Prepare(lesson, options);
        }
        catch (LessonInputException e)
        {
            return Outcome(lesson, options, null, e.Message, 2);
        }
        catch (LessonRunException e)
        {
            return Outcome(lesson, options, null, e.Message, 1);
        }
        try
        {
            // The lessons' tensors are tiny: intra-op threads only add hand-offs (all: 7.3 s → 5.9 s here,
            // and under load optimizer-compare took 26–43 s against 4.6 s). PyTorch's twins run on one too.
            torch.set_num_threads(1);
            torch.manual_seed(SeedOf(lesson, options));
            ctx = new LessonContext(output, options.PlotsDir, device, SeedOf(lesson, options), options.Notes) { ProgressWriter = options.Progress, TextOwner = lesson.GetType() };
            using (torch.NewDisposeScope())
            {
                lesson.Run(ctx);
            }
            // Where the learner meets the course's mistakes: after the lesson that mirrors the snippet.
            var errata = CourseErrata.For(lesson.Id).ToList();
            if (errata.Count > 0) ctx.Note("");
            foreach (CourseErratum erratum in errata) ctx.Note(erratum.Line);
            return ctx.PlotFailures.Count > 0
                ? Outcome(lesson, options, ctx, string.Join(RunTexts.Get("run.errors-joined"), ctx.PlotErrors), 1) with
                {
                    PlotsOnlyReason = ctx.PlotFailures.Select(f => f.Reason).Distinct().Count() == 1 ? ctx.PlotFailures[0].Reason : null,
                }
                : Outcome(lesson, options, ctx, null, 0);
        }
        catch (LessonInputException e)
        {
            // Found once the lesson had started (and maybe printed): a failure while running, not bad input.
            return Outcome(lesson, options, ctx, e.Message, 1);
        }
        catch (LessonRunException e)
        {
            // A divergence and a plot that could not be written are both said.
            return Outcome(lesson, options, ctx, string.Join(RunTexts.Get("run.errors-joined"), [e.Message, .. ctx?.PlotErrors ?? []]), 1);
        }
        catch (ExternalException e)
        {
            // libtorch's own error text: its first line says what went wrong, the rest is a C++ trace.
            string message = NonFinite.IsFloatOverflow(e)
                ? RunTexts.Format("run.overflow", Text.FirstLine(e.Message))
                : RunTexts.Format("run.libtorch", Text.FirstLine(e.Message));
            return Outcome(lesson, options, ctx, message, 1);
        }
        catch (OutOfMemoryException)
        {
            return Outcome(lesson, options, ctx, RunTexts.Get("run.out-of-memory"), 1);
        }
        catch (Exception e) when (IsBrokenPipe(e))
        {
            // `| head -1` has read enough: the whole run ends quietly (the command line's rule, exit 141).
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The lesson's printing failed: a closed or full stdout (`> /dev/full`, `>&-`).
            // A closed stdout reaches .NET as "Access to the path is denied": say what it is.
            return Outcome(lesson, options, ctx, e is UnauthorizedAccessException
                ? RunTexts.Get("run.cannot-write.closed")
                : RunTexts.Format("run.cannot-write", e.GetType().Name, Text.FirstLine(e.Message)), 1);
        }
        catch (Exception e)
        {
            // A bug of ours: still this lesson's one line, and `all` goes on.
            return Outcome(lesson, options, ctx, InternalError(e, Console.Error), 1);
        }
    }

    /// <summary>EPIPE: the reader of stdout has gone. Not this lesson's failure; the caller ends the run.</summary>
    public static bool IsBrokenPipe(Exception e) =>
        e is IOException && (e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase));

    public static long SeedOf(Lesson lesson, RunOptions options) => options.Seed ?? lesson.DefaultSeed;

    /// <summary>CHAPTER4_DEBUG=1 lets our own bugs surface with their stack trace.</summary>
    public static bool Debugging => Environment.GetEnvironmentVariable("CHAPTER4_DEBUG") is not (null or "" or "0");

    /// <summary>
    /// The one line for a bug of ours. Under CHAPTER4_DEBUG=1 the whole exception (its stack trace) goes to
    /// <paramref name="trace"/> first; the exit code stays the documented one either way (1), never an abort.
    /// </summary>
    public static string InternalError(Exception e, TextWriter trace)
    {
        if (Debugging)
        {
            try { trace.WriteLine(e); }
            catch (Exception w) when (w is IOException or ObjectDisposedException or UnauthorizedAccessException) { }
        }
        return RunTexts.Format(Debugging ? "run.internal-error" : "run.internal-error.hint", e.GetType().Name, Text.FirstLine(e.Message));
    }

    private static LessonOutcome Outcome(Lesson lesson, RunOptions options, LessonContext? ctx, string? error, int exitCode) =>
        new(lesson.Id, SeedOf(lesson, options), ctx?.Results ?? new JsonObject(), ctx?.PlotsWritten ?? [], error, exitCode)
        {
            PlotAudits = ctx?.PlotAudits ?? [],
            Takeaways = ctx?.Takeaways ?? [],
        };
}
