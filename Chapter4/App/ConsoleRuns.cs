using System.CommandLine;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>
/// Runs lessons for the console, `all` or one lesson: human text or JSON, the compare table, interrupts, the exit code
/// (the one lesson run itself is Harness's LessonRunner).
/// </summary>
public static class ConsoleRuns
{
    public static int Run(IReadOnlyList<Lesson> lessons, ParseResult parsed, CommonOptions common, TextWriter stdout, TextWriter stderr, bool asArray)
    {
        bool json = parsed.GetValue(common.Json);
        bool compare = parsed.GetValue(common.Compare);
        RunOptions options = common.ToRunOptions(parsed, stdout);
        // Bad input is found before anything prints (stdout stays empty, even with --json).
        LessonRunner.PrepareAll(lessons, options);
        var outcomes = new JsonArray();
        int exitCode = 0;
        var reported = new HashSet<string>();
        var gate = new object();
        bool printed = false;
        Lesson? running = null;
        void PrintJson()
        {
            // Once: at the end, or from the interrupt handler with the lessons finished so far.
            lock (gate)
            {
                if (printed || !json) return;
                printed = true;
                stdout.WriteLine(ResultJson.Serialize(asArray ? outcomes : outcomes.Count > 0 ? outcomes[0]! : new JsonObject()));
                stdout.Flush();
            }
        }
        using var interrupts = Interrupts.Register(signal =>
        {
            lock (gate)
            {
                if (running is not null)
                    outcomes.Add(new JsonObject { ["lesson"] = running.Id, ["seed"] = LessonRunner.SeedOf(running, options), ["results"] = new JsonObject(), ["error"] = "interrupted" });
            }
            PrintJson();
            Cli.Fail(stderr, Interrupted(signal, running?.Id, outcomes.Count - (running is null ? 0 : 1), "lessons"), 1);
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int failed = 0;
        var plotsAlsoFailed = new Dictionary<string, List<string>>();
        foreach (Lesson lesson in lessons)
        {
            TextWriter human = json ? TextWriter.Null : stdout;
            if (asArray) human.WriteLine($"\n===== {lesson.Id} · {Headings.Of(lesson.Section)} =====");
            lock (gate) running = lesson;
            LessonOutcome outcome = LessonRunner.Run(lesson, options, human);
            foreach (string plot in outcome.Plots) human.WriteLine(CliTexts.Format("run.plot", Path.GetRelativePath(Directory.GetCurrentDirectory(), plot)));
            if (outcome.Error is not null)
            {
                // An error every lesson shares (--device cuda, an unusable --plots-dir) is said once; so is a reason every
                // plot fails for (a disk that filled up): in full for its first lesson, then once more naming the others.
                if (outcome.PlotsOnlyReason is { } reason && plotsAlsoFailed.TryGetValue(reason, out var others)) others.Add(lesson.Id);
                else if (reported.Add(outcome.Error)) Cli.Fail(stderr, RunTexts.Format("run.who", lesson.Id, outcome.Error), outcome.ExitCode);
                if (outcome.PlotsOnlyReason is { } first) plotsAlsoFailed.TryAdd(first, []);
            }
            else if (compare)
            {
                if (json) outcome = outcome with { Comparison = CompareTable.Json(lesson, outcome) };
                else human.Write(CompareTable.Text(lesson, outcome));
            }
            exitCode = Math.Max(exitCode, outcome.ExitCode);
            if (outcome.ExitCode != 0) failed++;
            lock (gate)
            {
                outcomes.Add(outcome.ToJson());
                running = null;
            }
        }
        foreach (var (reason, others) in plotsAlsoFailed.Where(r => r.Value.Count > 0))
            Cli.Fail(stderr, CliTexts.Format("all.plots-also", string.Join(", ", others), reason), 1);
        PrintJson();
        // `all` ends with one line on stderr, so a person (or a log) sees how it went without scrolling back.
        if (asArray)
            stderr.WriteLine(CliTexts.Format("all.summary", lessons.Count, failed, clock.Elapsed.TotalSeconds));
        return exitCode;
    }

    /// <summary>"interrupted by SIGINT during 'adam'; 3 lesson(s) finished" (<paramref name="what"/>: lessons or workloads).</summary>
    public static string Interrupted(string signal, string? running, int finished, string what) =>
        running is null ? CliTexts.Format($"interrupted.{what}", signal, finished) : CliTexts.Format($"interrupted.{what}.during", signal, running, finished);
}
