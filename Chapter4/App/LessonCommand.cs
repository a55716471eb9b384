using System.CommandLine;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Parity;
using Chapter4.Plotting;

namespace Chapter4.App;

/// <summary>One subcommand per lesson: its knobs (generated from the [Knob] properties), the common options and --source.</summary>
public static class LessonCommand
{
    public static Command Build(string id, CommonOptions common, TextWriter stdout, TextWriter stderr)
    {
        Lesson template = LessonRegistry.Find(id)!;
        var command = new Command(id, $"{template.Section} — {template.Description}" +
            (template.Plots.Count == 0 ? "" : $" [plots: {string.Join(", ", template.Plots.Select(p => p.File))}]"));
        var knobOptions = new List<(KnobInfo Knob, Option<string> Option)>();
        foreach (KnobInfo knob in Knobs.Of(template.GetType()))
        {
            var option = new Option<string>("--" + knob.Name)
            {
                Description = $"{knob.Help} [default {knob.DefaultText(template)}]",
                HelpName = knob.ValueHint,
            };
            // Type and range are checked while parsing, so a bad value never starts the lesson.
            option.Validators.Add(r =>
            {
                if (r.Tokens.Count == 0) return;
                string text = r.Tokens[0].Value;
                if (CommonOptions.LooksLikeOption(text)) r.AddError($"--{knob.Name} needs a value");
                else if (!Knobs.TryParse(knob, text, out _, out string? error)) r.AddError(error);
            });
            command.Options.Add(option);
            knobOptions.Add((knob, option));
        }
        foreach (Option o in common.All) command.Options.Add(o);
        var source = new Option<bool>("--source")
        {
            Description = template.Snippet is { } snippet
                ? $"print the course view instead of running: snippets/{snippet}.cs beside snippets/{snippet}.py (they print the same bytes)"
                : $"print the lesson's Run ({LessonSource.CSharpFile(template)}) instead of running it",
        };
        var full = new Option<bool>("--full")
        {
            Description = $"with --source: the deep dive, the lesson's whole class ({LessonSource.CSharpFile(template)}) beside its PyTorch twin ({LessonSource.PythonFile(template) ?? "none"})",
        };
        command.Options.Add(source);
        command.Options.Add(full);

        command.SetAction(parsed =>
        {
            Lesson lesson = LessonRegistry.Find(id)!;
            foreach (var (knob, option) in knobOptions)
                if (parsed.GetResult(option) is { Implicit: false }) Knobs.Set(lesson, knob.Name, parsed.GetValue(option)!);
            if (parsed.GetValue(full) && !parsed.GetValue(source)) throw new LessonInputException("--full goes with --source: momentum --source --full");
            if (parsed.GetValue(source))
            {
                stdout.Write(parsed.GetValue(common.Json) ? ResultJson.Serialize(LessonSource.ToJson(lesson)) + "\n" : LessonSource.Text(lesson, parsed.GetValue(full)));
                return 0;
            }
            return LessonRuns.Run([lesson], parsed, common, stdout, stderr, asArray: false);
        });
        return command;
    }
}

/// <summary>Runs lessons for `all` or one lesson: human text or JSON, the compare table, the exit code.</summary>
public static class LessonRuns
{
    public static int Run(IReadOnlyList<Lesson> lessons, ParseResult parsed, CommonOptions common, TextWriter stdout, TextWriter stderr, bool asArray)
    {
        bool json = parsed.GetValue(common.Json);
        bool compare = parsed.GetValue(common.Compare);
        RunOptions options = common.ToRunOptions(parsed, stdout);
        // Bad input is found before anything prints (stdout stays empty, even with --json): the device and the
        // plots folder once, then every lesson's knobs alone and together (its targets, its weights file ...).
        TorchRuntime.Resolve(options.Device);
        if (options.PlotsDir is not null && lessons.Any(l => l.Plots.Count > 0)) PlotSaving.EnsureWritable(options.PlotsDir);
        foreach (Lesson lesson in lessons)
        {
            try { Knobs.Validate(lesson); }
            catch (LessonInputException e) { throw new LessonInputException($"{lesson.Id}: {e.Message}"); }
        }
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
            Cli.Fail(stderr, $"interrupted by {signal}{(running is null ? "" : $" during '{running.Id}'")}; {outcomes.Count - (running is null ? 0 : 1)} lesson(s) finished", 1);
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int failed = 0;
        foreach (Lesson lesson in lessons)
        {
            TextWriter human = json ? TextWriter.Null : stdout;
            if (asArray) human.WriteLine($"\n===== {lesson.Id} · {lesson.Section} =====");
            lock (gate) running = lesson;
            LessonOutcome outcome = LessonRunner.Run(lesson, options, human);
            foreach (string plot in outcome.Plots) human.WriteLine($"[plot] {Path.GetRelativePath(Directory.GetCurrentDirectory(), plot)}");
            if (outcome.Error is not null)
            {
                // An error every lesson shares (--device cuda, an unusable --plots-dir) is said once.
                if (reported.Add(outcome.Error)) Cli.Fail(stderr, $"{lesson.Id}: {outcome.Error}", outcome.ExitCode);
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
        PrintJson();
        // `all` ends with one line on stderr, so a person (or a log) sees how it went without scrolling back.
        if (asArray)
            stderr.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"all: {lessons.Count} lessons, {failed} failed, {clock.Elapsed.TotalSeconds:F1} s"));
        return exitCode;
    }
}
