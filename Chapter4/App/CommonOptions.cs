using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Plotting;

namespace Chapter4.App;

/// <summary>The options every lesson and <c>all</c> take.</summary>
public sealed class CommonOptions
{
    public Option<long?> Seed { get; } = new("--seed")
    {
        Description = CliTexts.Format("option.seed",
            string.Join(", ", LessonRegistry.All().Where(l => l.DefaultSeed != 0).Select(l => $"{l.Id}: {l.DefaultSeed}"))),
        HelpName = "N",
        CustomParser = r => Value(r, "--seed") is not { } text ? null
            : long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) && seed >= 0 ? seed
            : Error<long?>(r, CliTexts.Format("option.seed.invalid", Text.Echo(text), long.MaxValue)),
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = CliTexts.Get("option.json"),
    };

    public Option<string?> PlotsDir { get; } = new("--plots-dir")
    {
        Description = CliTexts.Get("option.plots-dir"),
        HelpName = "DIR",
        CustomParser = r => Value(r, "--plots-dir") is not { } text ? null
            : text.Length > 0 ? text : Error<string?>(r, CliTexts.Get("option.plots-dir.empty")),
    };

    public Option<bool> NoPlots { get; } = new("--no-plots") { Description = CliTexts.Get("option.no-plots") };

    public Option<DeviceChoice> Device { get; } = new("--device")
    {
        Description = CliTexts.Get("option.device"),
        HelpName = "auto|cpu|cuda",
        DefaultValueFactory = _ => DeviceChoice.Auto,
        CustomParser = r => Value(r, "--device") switch
        {
            null or "auto" => DeviceChoice.Auto,
            "cpu" => DeviceChoice.Cpu,
            "cuda" => DeviceChoice.Cuda,
            var v => Error<DeviceChoice>(r, CliTexts.Format("option.device.invalid", Text.Echo(v))),
        },
    };

    public Option<bool> Compare { get; } = new("--compare")
    {
        Description = CliTexts.Get("option.compare"),
    };

    public IEnumerable<Option> All => [Seed, Json, PlotsDir, NoPlots, Device, Compare];

    /// <summary>
    /// The language of the words (not of numbers, JSON keys or the course's prints). Recursive: the root has it and every
    /// command accepts it. Cli.Run reads it before the command tree is built; here it is parsed so the library accepts it.
    /// </summary>
    public Option<string?> Lang { get; } = new(UiLanguage.Option)
    {
        Description = CliTexts.Get("option.lang"),
        HelpName = string.Join("|", UiLanguage.Names),
        Recursive = true,
        CustomParser = r => Value(r, UiLanguage.Option) is not { } text ? null
            : UiLanguage.Parse(text) is not null ? text
            : Error<string?>(r, CliTexts.Format("lang.invalid", Text.Echo(text), string.Join("|", UiLanguage.Names))),
    };

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
        if (ids.Length == 0) throw new LessonInputException(CliTexts.Get("option.only.empty"));
        foreach (string id in ids)
            if (lessons.All(l => l.Id != id))
                throw new LessonInputException(CliTexts.Format("option.only.unknown", Text.Echo(id)));
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
        r.AddError(CliTexts.Format("option.needs-value", name));
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
