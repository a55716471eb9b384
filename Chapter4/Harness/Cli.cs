using System.Globalization;
using System.Text.Json.Nodes;

namespace Chapter4.Harness;

/// <summary>
/// The command line: <c>list</c>, <c>all</c>, <c>&lt;lesson-id&gt; [knobs]</c>, with common options.
/// Exit codes: 0 ok, 1 a lesson failed while running, 2 bad input (unknown lesson, knob or value).
/// </summary>
public static class Cli
{
    private const string Usage = "dotnet run --project Chapter4 --";

    private static readonly string CommonHelp = string.Join('\n',
        "  --seed N              torch.manual_seed(N) before the lesson builds anything (default 0)",
        "  --json                print one JSON object {\"lesson\", \"seed\", \"results\"} and nothing else",
        "  --plots-dir DIR       where PNG plots go (default: plots/ at the repository root)",
        "  --no-plots            render no plots",
        "  --device auto|cpu|cuda  auto picks CUDA when available (default auto)",
        "  --compare             after the lesson, show its values beside PyTorch's committed reference",
        "  --help                this help");

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            return Dispatch(args, stdout, stderr);
        }
        catch (LessonInputException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (LessonRunException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("CHAPTER4_DEBUG") is null or "" or "0")
        {
            // A bug of ours, not the user's mistake: still one line; CHAPTER4_DEBUG=1 shows the trace.
            stderr.WriteLine($"error: internal error ({e.GetType().Name}: {e.Message.Split('\n')[0].Trim()}); rerun with CHAPTER4_DEBUG=1 for details");
            return 1;
        }
    }

    private static int Dispatch(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            stdout.WriteLine(AppHelp());
            return 0;
        }
        string command = args[0];
        if (command == "bench") return RunBench(args.Skip(1).ToArray(), stdout); // its own options
        var parsed = ParsedArgs.Parse(args.Skip(1).ToArray());
        switch (command)
        {
            case "list":
                parsed.RejectAnyExcept("list", []);
                stdout.Write(ListText());
                return 0;
            case "all":
                if (parsed.Help) { stdout.WriteLine($"Usage: {Usage} all [common options]\nRuns every lesson in course order.\n\nCommon options:\n{CommonHelp}"); return 0; }
                parsed.RejectAnyExcept("all", ParsedArgs.CommonNames);
                return RunMany(LessonRegistry.All(), parsed, stdout, stderr, asArray: true);
        }
        Lesson lesson = LessonRegistry.Find(command) ?? throw new LessonInputException(
            $"unknown lesson or command '{command}'; valid: list, all, {string.Join(", ", LessonRegistry.Ids)}");
        if (parsed.Help)
        {
            stdout.WriteLine(LessonHelp(lesson));
            return 0;
        }
        foreach (var (name, value) in parsed.Knobs) Knobs.Set(lesson, name, value);
        return RunMany([lesson], parsed, stdout, stderr, asArray: false);
    }

    private static int RunMany(IReadOnlyList<Lesson> lessons, ParsedArgs parsed, TextWriter stdout, TextWriter stderr, bool asArray)
    {
        bool interactive = !parsed.Json && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        var options = new RunOptions(parsed.Seed, parsed.NoPlots ? null : parsed.PlotsDir ?? Plotting.DefaultDir(), parsed.Device,
            Progress: interactive ? Console.Error : null);
        var json = new JsonArray();
        int exitCode = 0;
        foreach (Lesson lesson in lessons)
        {
            TextWriter human = parsed.Json ? TextWriter.Null : stdout;
            if (asArray) human.WriteLine($"\n===== {lesson.Id} · {lesson.Section} =====");
            LessonOutcome outcome = LessonRunner.Run(lesson, options, human);
            foreach (string plot in outcome.Plots) human.WriteLine($"[plot] {Path.GetRelativePath(Directory.GetCurrentDirectory(), plot)}");
            if (outcome.Error is not null) stderr.WriteLine($"error: {lesson.Id}: {outcome.Error}");
            else if (parsed.Compare) human.Write(CompareText(lesson, outcome));
            exitCode = Math.Max(exitCode, outcome.ExitCode);
            json.Add(outcome.ToJson());
        }
        if (parsed.Json) stdout.WriteLine(Json.Serialize(asArray ? json : json[0]!));
        return exitCode;
    }

    /// <summary>`bench [--workload W[,W]] [--scale F] [--json]`: see Chapter4/Bench and the README.</summary>
    private static int RunBench(string[] args, TextWriter stdout)
    {
        string[] workloads = Bench.Benchmark.Workloads;
        double scale = 1;
        bool json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": json = true; break;
                case "--workload" when i + 1 < args.Length:
                    workloads = args[++i].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    string? unknown = workloads.FirstOrDefault(w => !Bench.Benchmark.Workloads.Contains(w));
                    if (unknown is not null || workloads.Length == 0)
                        throw new LessonInputException($"--workload: unknown workload '{unknown}'; valid: {string.Join(", ", Bench.Benchmark.Workloads)}");
                    break;
                case "--scale" when i + 1 < args.Length:
                    if (!double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !(scale > 0) || scale > 100)
                        throw new LessonInputException($"--scale: '{args[i]}' is not valid; expected a number > 0 and <= 100");
                    break;
                case "--help":
                    stdout.WriteLine($"Usage: {Usage} bench [--workload {string.Join(",", Bench.Benchmark.Workloads)}] [--scale F] [--json]\n" +
                        "Times the course MLP step (W1), a 784-512-256-10 MLP with Adam (W2) and memory over 200,000 steps (W3).\n" +
                        "Run it on a Release build: dotnet run -c Release --project Chapter4 -- bench. --scale multiplies every step count.");
                    return 0;
                default:
                    throw new LessonInputException($"bench: unexpected '{args[i]}'; valid: --workload, --scale, --json, --help");
            }
        }
        TorchRuntime.EnsureLoaded();
        var report = Bench.Benchmark.Run(workloads, scale, json ? TextWriter.Null : Console.Error);
        stdout.WriteLine(Json.Serialize(report));
        return 0;
    }

    /// <summary>A "PyTorch | Chapter4 | difference" table against the committed reference run.</summary>
    public static string CompareText(Lesson lesson, LessonOutcome outcome, int rows = 12)
    {
        var sb = new System.Text.StringBuilder("\n");
        ReferenceEntry? entry = Reference.Match(lesson, outcome.Seed);
        if (entry is null)
        {
            var seeds = Reference.For(lesson.Id).Select(e => e.Name).ToList();
            return sb.AppendLine($"No PyTorch reference for these settings. References exist for: " +
                (seeds.Count == 0 ? "none" : string.Join("; ", seeds))).ToString();
        }
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        sb.AppendLine($"Beside PyTorch {entry.TorchVersion} (reference run '{entry.Name}', tools/parity/reference.py):");
        sb.AppendLine($"{"value",-34} {"PyTorch",16} {"Chapter4",16} {"difference",12}");
        // A few values of every named result, so the headline ones (output, loss, lrs) all show.
        var groups = c.Values.GroupBy(v => v.Path.Split('.', '[')[0]).ToList();
        int perGroup = Math.Max(1, (rows + groups.Count - 1) / Math.Max(1, groups.Count));
        var shown = groups.SelectMany(g => g.Take(perGroup)).Take(rows).ToList();
        foreach (ComparedValue v in shown)
            sb.AppendLine($"{v.Path,-34} {v.Expected,16:G9} {v.Actual,16:G9} {v.AbsoluteDifference,12:G3}");
        if (c.Values.Count > shown.Count) sb.AppendLine($"... {c.Values.Count - shown.Count} more values");
        double max = c.Values.Count == 0 ? 0 : c.Values.Max(v => v.AbsoluteDifference);
        sb.AppendLine($"{c.Values.Count} values: {c.Values.Count(v => v.BitExactFloat32)} bit-exact as float32, largest |difference| {max:G3}");
        foreach (string m in c.Mismatches) sb.AppendLine("mismatch: " + m);
        return sb.ToString();
    }

    public static string ListText()
    {
        var sb = new System.Text.StringBuilder();
        foreach (Lesson l in LessonRegistry.All())
        {
            sb.AppendLine($"{l.Id,-18} {l.Section.Number,-7} {l.Section.Chinese} — {l.Section.English}");
            sb.AppendLine($"{"",-18} {l.Description}");
        }
        return sb.ToString();
    }

    private static string AppHelp() => string.Join('\n',
        "Chapter4 — the chapter 4 PyTorch snippets as C# lessons on TorchSharp.",
        "",
        $"Usage: {Usage} list                 every lesson, in course order",
        $"       {Usage} <lesson> [options]   run one lesson (see '<lesson> --help' for its knobs)",
        $"       {Usage} all [options]        every lesson; plots land in plots/",
        $"       {Usage} bench [--help]       the speed and memory benchmark (use -c Release)",
        "",
        "Common options:",
        CommonHelp,
        "",
        "Lessons: " + string.Join(", ", LessonRegistry.Ids));

    public static string LessonHelp(Lesson lesson)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine($"{lesson.Id} — {lesson.Section}");
        sb.AppendLine(lesson.Description);
        sb.AppendLine();
        sb.AppendLine($"Usage: {Usage} {lesson.Id} [options]");
        var knobs = Knobs.Of(lesson.GetType());
        if (knobs.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Lesson options (defaults are the course's values):");
            foreach (KnobInfo k in knobs)
                sb.AppendLine($"  --{k.Name,-14} {k.Help} [{k.ValueHint}; default {k.DefaultText(lesson)}]");
        }
        sb.AppendLine();
        sb.AppendLine("Common options:");
        sb.AppendLine(CommonHelp);
        if (lesson.Plots.Count > 0) sb.AppendLine().AppendLine("Plots: " + string.Join(", ", lesson.Plots.Select(p => "plots/" + p)));
        return sb.ToString().TrimEnd();
    }

    /// <summary>The options after the command: common ones recognised, the rest kept as lesson knobs.</summary>
    private sealed class ParsedArgs
    {
        public static readonly string[] CommonNames = ["seed", "json", "plots-dir", "no-plots", "device", "compare", "help"];

        public long Seed { get; private set; }
        public bool Json { get; private set; }
        public bool NoPlots { get; private set; }
        public bool Help { get; private set; }
        public bool Compare { get; private set; }
        public string? PlotsDir { get; private set; }
        public DeviceChoice Device { get; private set; } = DeviceChoice.Auto;
        public List<(string Name, string Value)> Knobs { get; } = [];
        private readonly List<string> _seen = [];

        public static ParsedArgs Parse(string[] args)
        {
            var p = new ParsedArgs();
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                if (arg is "-h") arg = "--help";
                if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                    throw new LessonInputException($"unexpected argument '{arg}'; options look like --name value");
                string name = arg[2..];
                string? inline = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { inline = name[(eq + 1)..]; name = name[..eq]; }
                p._seen.Add(name);
                if (name is "json" or "no-plots" or "help" or "compare")
                {
                    if (inline is not null) throw new LessonInputException($"--{name} takes no value");
                    switch (name)
                    {
                        case "json": p.Json = true; break;
                        case "no-plots": p.NoPlots = true; break;
                        case "compare": p.Compare = true; break;
                        default: p.Help = true; break;
                    }
                    continue;
                }
                // A following "--option" is not a value ("-0.1" is: negative numbers are fine).
                bool hasNext = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                string value = inline ?? (hasNext ? args[++i] : throw new LessonInputException($"--{name} needs a value"));
                switch (name)
                {
                    case "seed":
                        p.Seed = long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) && seed >= 0
                            ? seed : throw new LessonInputException($"--seed: '{value}' is not valid; expected a whole number >= 0");
                        break;
                    case "plots-dir":
                        p.PlotsDir = value.Length > 0 ? Path.GetFullPath(value) : throw new LessonInputException("--plots-dir needs a folder");
                        break;
                    case "device":
                        p.Device = value switch
                        {
                            "auto" => DeviceChoice.Auto,
                            "cpu" => DeviceChoice.Cpu,
                            "cuda" => DeviceChoice.Cuda,
                            _ => throw new LessonInputException($"--device: '{value}' is not valid; expected auto|cpu|cuda"),
                        };
                        break;
                    default:
                        p.Knobs.Add((name, value));
                        break;
                }
            }
            return p;
        }

        /// <summary>Commands without lesson knobs reject anything else by name.</summary>
        public void RejectAnyExcept(string command, string[] allowed)
        {
            string? extra = _seen.FirstOrDefault(n => !allowed.Contains(n));
            if (extra is not null)
                throw new LessonInputException($"'{command}' does not take --{extra}; valid: " +
                    (allowed.Length == 0 ? "no options" : string.Join(", ", allowed.Select(a => "--" + a))));
        }
    }
}
