using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Chapter4.Harness;
using Chapter4.Plotting;

namespace Chapter4.App;

/// <summary>The options every lesson and <c>all</c> take.</summary>
public sealed class CommonOptions
{
    public Option<long?> Seed { get; } = new("--seed")
    {
        Description = "torch.manual_seed(N) before the lesson builds anything [default 0; " +
            string.Join(", ", LessonRegistry.All().Where(l => l.DefaultSeed != 0).Select(l => $"{l.Id}: {l.DefaultSeed}")) + ", see README]",
        HelpName = "N",
        CustomParser = r => Value(r, "--seed") is not { } text ? null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) && seed >= 0 ? seed
            : Error<long?>(r, $"--seed: '{Text.Echo(text)}' is not valid; expected a whole number from 0 to {long.MaxValue}"),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print only JSON: {\"lesson\", \"seed\", \"results\"} for a lesson, an array of them for 'all'",
    };

    public Option<string?> PlotsDir { get; } = new("--plots-dir")
    {
        Description = "where PNG plots go (default: plots/ at the repository root)",
        HelpName = "DIR",
        CustomParser = r => Value(r, "--plots-dir") is not { } text ? null
            : text.Length > 0 ? text : Error<string?>(r, "--plots-dir needs a folder"),
    };

    public Option<bool> NoPlots { get; } = new("--no-plots") { Description = "render no plots" };

    public Option<DeviceChoice> Device { get; } = new("--device")
    {
        Description = "auto picks CUDA when available",
        HelpName = "auto|cpu|cuda",
        DefaultValueFactory = _ => DeviceChoice.Auto,
        CustomParser = r => Value(r, "--device") switch
        {
            null or "auto" => DeviceChoice.Auto,
            "cpu" => DeviceChoice.Cpu,
            "cuda" => DeviceChoice.Cuda,
            var v => Error<DeviceChoice>(r, $"--device: '{Text.Echo(v)}' is not valid; expected auto|cpu|cuda"),
        },
    };

    public Option<bool> Compare { get; } = new("--compare")
    {
        Description = "after the lesson, show its values beside PyTorch's committed reference",
    };

    public IEnumerable<Option> All => [Seed, Json, PlotsDir, NoPlots, Device, Compare];

    /// <summary>
    /// Hidden, for the tests of `all` and `book` mechanics (full disks, signals, --set): run these lessons only,
    /// so those tests need not run all of them.
    /// </summary>
    public Option<string?> Only { get; } = new("--only") { Hidden = true, HelpName = "ID,ID" };

    /// <summary>Every lesson in course order, or those named by --only.</summary>
    public IReadOnlyList<Lesson> Lessons(ParseResult parsed)
    {
        var lessons = LessonRegistry.All();
        if (parsed.GetValue(Only) is not { } only) return lessons;
        var ids = only.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0) throw new LessonInputException("--only needs at least one lesson id, e.g. --only momentum,adam");
        foreach (string id in ids)
            if (lessons.All(l => l.Id != id))
                throw new LessonInputException($"--only: unknown lesson '{Text.Echo(id)}'");
        return lessons.Where(l => ids.Contains(l.Id)).ToList();
    }

    /// <summary>Reports a parse error on the option (one line, exit 2) and returns a placeholder.</summary>
    public static T Error<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    /// <summary>"--json" after "--seed" is the next option, not the seed ("-0.1" is a value: negative numbers are fine).</summary>
    public static bool LooksLikeOption(string token) => token.StartsWith("--", StringComparison.Ordinal);

    /// <summary>The option's one token, or an error if there is none or it is the next option.</summary>
    private static string? Value(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 0) return null;
        string text = r.Tokens[0].Value;
        if (!LooksLikeOption(text)) return text;
        r.AddError($"{name} needs a value");
        return null;
    }

    public RunOptions ToRunOptions(ParseResult parsed, TextWriter stdout)
    {
        bool json = parsed.GetValue(Json);
        bool interactive = !json && Cli.AtTerminal(stdout);
        string? dir = parsed.GetValue(PlotsDir);
        return new RunOptions(
            parsed.GetValue(Seed),
            parsed.GetValue(NoPlots) ? null : dir is null ? PlotSaving.DefaultDir() : Path.GetFullPath(dir),
            parsed.GetValue(Device),
            Progress: interactive ? Console.Error : null);
    }
}

/// <summary>Builds the command tree: the library parses, these actions run.</summary>
public static class Commands
{
    public static RootCommand Build(TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("Chapter4 — the chapter 4 PyTorch snippets as C# lessons on TorchSharp.\n" +
            $"  {Cli.Usage} list                 every lesson, in course order\n" +
            $"  {Cli.Usage} <lesson> [options]   run one lesson ('<lesson> --help' shows its knobs, '<lesson> --source' its code)\n" +
            $"  {Cli.Usage} all [options]        every lesson; plots land in plots/\n" +
            $"  {Cli.Usage} book [--out DIR]     the chapter as HTML pages in book/ (open book/index.html)\n" +
            "Options of a lesson and of 'all': --seed N, --json, --plots-dir DIR, --no-plots, --device auto|cpu|cuda, --compare.\n" +
            "Exit codes: 0 ok, 1 a lesson failed while running, 2 bad input (one line on stderr; nothing on stdout).");
        var common = new CommonOptions();

        var list = new Command("list", "every heading of the course in order, with the lessons that cover it and their source files");
        var listJson = new Option<bool>("--json") { Description = "print the lessons as a JSON array" };
        list.Options.Add(listJson);
        list.SetAction(p =>
        {
            stdout.Write(p.GetValue(listJson) ? LessonList.Json() : LessonList.Text());
            return 0;
        });
        root.Subcommands.Add(list);

        var all = new Command("all", "every lesson in course order; plots land in plots/");
        foreach (Option o in common.All) all.Options.Add(o);
        all.Options.Add(common.Only);
        all.SetAction(p => LessonRuns.Run(common.Lessons(p), p, common, stdout, stderr, asArray: true));
        root.Subcommands.Add(all);

        root.Subcommands.Add(BookCommand.Build(common, stdout, stderr));
        root.Subcommands.Add(BenchCommand.Build(stdout));
        root.Subcommands.Add(ErrataCommand.Build(stdout));

        foreach (Lesson lesson in LessonRegistry.All())
            root.Subcommands.Add(LessonCommand.Build(lesson.Id, common, stdout, stderr));

        var help = new Command("help", "the help of the app, or of one command: help model");
        var topic = new Argument<string?>("command") { Description = "a lesson or command", Arity = ArgumentArity.ZeroOrOne };
        help.Arguments.Add(topic);
        help.SetAction(p =>
        {
            string? name = p.GetValue(topic);
            if (name is not null && root.Subcommands.All(c => c.Name != name))
                throw new LessonInputException($"help: unknown lesson or command '{name}'; valid: {string.Join(", ", root.Subcommands.Select(c => c.Name))}");
            return root.Parse(name is null ? ["--help"] : [name, "--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        });
        root.Subcommands.Add(help);

        // No command: the app's help, as before.
        root.SetAction(p => root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr }));
        return root;
    }
}
