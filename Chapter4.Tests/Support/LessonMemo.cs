using System.Collections.Concurrent;
using Chapter4.Harness;

namespace Chapter4.Tests.Support;

/// <summary>
/// One run of a lesson, shared by every test that only reads it: the parity, plot, errata, registry and teaching
/// tests used to run the same lesson with the same settings up to seven times. A run is keyed by the lesson, its
/// seed, every knob's value and whether plots are drawn; it goes through <see cref="LessonRunner"/>, as the
/// command line's runs do. Runs are deterministic (seeded, one thread), so sharing one changes no assertion.
/// </summary>
internal static class LessonMemo
{
    /// <summary>A finished run: what the course's prints wrote, the notes alone, and both interleaved as the console shows them.</summary>
    internal sealed record Run(LessonOutcome Outcome, string Printed, string Notes, string Text, string? PlotsDir);

    private static readonly ConcurrentDictionary<string, Lazy<Run>> Runs = new();
    private static readonly string PlotsRoot = Path.Combine(Path.GetTempPath(), $"chapter4-memo-plots-{Environment.ProcessId}");

    static LessonMemo() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try { if (Directory.Exists(PlotsRoot)) Directory.Delete(PlotsRoot, recursive: true); } catch (IOException) { }
    };

    /// <summary>The lesson at its defaults, or with "--knob value" pairs (a "--seed N" pair sets the seed).</summary>
    public static Run Of(string id, params string[] knobs) => Of(id, plots: false, knobs);

    /// <inheritdoc cref="Of(string, string[])"/>
    public static Run Of(string id, bool plots, params string[] knobs)
    {
        Lesson lesson = LessonRegistry.Find(id) ?? throw new ArgumentException($"no lesson '{id}'");
        long? seed = null;
        for (int i = 0; i + 1 < knobs.Length; i += 2)
        {
            if (knobs[i] == "--seed") seed = long.Parse(knobs[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            else Knobs.Set(lesson, knobs[i][2..], knobs[i + 1]);
        }
        return Of(lesson, seed, plots);
    }

    /// <summary>A lesson whose knobs are already set.</summary>
    public static Run Of(Lesson lesson, long? seed, bool plots = false)
    {
        string knobs = string.Join(" ", Knobs.Of(lesson.GetType()).Select(k => $"--{k.Name} {Knobs.Format(k.Property.GetValue(lesson))}"));
        string key = $"{lesson.Id} seed={seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"} plots={plots} {knobs}";
        return Runs.GetOrAdd(key, _ => new Lazy<Run>(() => Execute(lesson, seed, plots, Runs.Count))).Value;
    }

    private static Run Execute(Lesson lesson, long? seed, bool plots, int number)
    {
        string? dir = plots ? Path.Combine(PlotsRoot, $"{lesson.Id}-{number}") : null;
        var text = new StringWriter();
        var printed = new StringWriter();
        var notes = new StringWriter();
        // In-process runs share torch's global generator and thread count: one at a time.
        lock (Runs)
        {
            var outcome = LessonRunner.Run(lesson, new RunOptions(seed, dir, DeviceChoice.Cpu, Notes: new TeeWriter(text, notes)), new TeeWriter(text, printed));
            return new Run(outcome, printed.ToString(), notes.ToString(), text.ToString(), dir);
        }
    }
}
