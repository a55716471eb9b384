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
