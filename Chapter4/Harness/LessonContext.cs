using System.Text.Json.Nodes;
using Chapter4.Claims;
using Chapter4.Language;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using static TorchSharp.torch;

namespace Chapter4.Harness;

/// <summary>What a running lesson can use: its printer, its results, its plot folder and device.</summary>
public sealed class LessonContext
{
    public LessonContext(TextWriter output, string? plotsDir, Device device, long seed, TextWriter? notes = null)
    {
        Out = output;
        Notes = notes ?? output;
        PlotsDir = plotsDir;
        Device = device;
        Seed = seed;
    }

    /// <summary>The learner's console; <see cref="TextWriter.Null"/> under --json.</summary>
    public TextWriter Out { get; }

    /// <summary>Explanations beyond the Python snippet's prints (the parity tests leave them out).</summary>
    public TextWriter Notes { get; }

    /// <summary>Where plots go; null under --no-plots.</summary>
    public string? PlotsDir { get; }

    public Device Device { get; }

    public long Seed { get; }

    /// <summary>Named results: the same values feed --json, plots and the parity tests.</summary>
    public JsonObject Results { get; } = new();

    /// <summary>Plots written, as paths.</summary>
    public List<string> PlotsWritten { get; } = [];

    /// <summary>Every rendered plot's data against its axes (the plot tests check that nothing falls outside).</summary>
    public List<PlotAudit> PlotAudits { get; } = [];

    /// <summary>Plots that could not be written: each path and the system's reason (without the temporary file's name).</summary>
    public List<(string Path, string Reason)> PlotFailures { get; } = [];

    /// <summary>
    /// The failures as one-line errors, one per reason: a full disk fails every plot of a lesson alike, and is said once
    /// with the plots it cost ("cannot write 2 plots in '/tmp/full' (a.png, b.png): No space left on device").
    /// </summary>
    public IReadOnlyList<string> PlotErrors => PlotFailures.GroupBy(f => f.Reason).Select(g => g.Count() == 1
        ? RunTexts.Format("plots.cannot-write", g.First().Path, g.Key)
        : g.Select(f => Path.GetDirectoryName(f.Path)).Distinct().Count() == 1
            ? RunTexts.Format("plots.cannot-write.many", g.Count(), Path.GetDirectoryName(g.First().Path), JoinNames(g.Select(f => Path.GetFileName(f.Path))), g.Key)
            : RunTexts.Format("plots.cannot-write.many.anywhere", g.Count(), JoinNames(g.Select(f => f.Path)), g.Key)).ToList();

    private static string JoinNames(IEnumerable<string> names) => string.Join(", ", names);

    /// <summary>Where progress lines go (stderr at an interactive terminal), or null for none.</summary>
    public TextWriter? ProgressWriter { get; init; }

    /// <summary>A progress bar for a long loop; silent unless <see cref="ProgressWriter"/> is set.</summary>
    public ProgressLine Progress(string label, int total, string unit) => new(ProgressWriter, label, total, unit);

    /// <summary>Python's <c>print(a, b, ...)</c>: each value as Python would show it, space-separated.</summary>
    public void Print(params object?[] values) => Out.WriteLine(Py.Line(values));

    /// <summary>Explanatory text for the learner (not part of the Python snippet's output).</summary>
    public void Note(string text) => Notes.WriteLine(text);

    /// <summary>Whose .resx holds the lesson's sentences (the running lesson's type; its base types are searched too).</summary>
    public Type? TextOwner { get; init; }

    /// <summary>What the lesson said about its run, in order: the take-aways of --json and the book.</summary>
    public List<Claim> Takeaways { get; } = [];

    /// <summary>
    /// Says a take-away: the sentence <paramref name="key"/> of the lesson's .resx in the learner's language, filled
    /// with <paramref name="args"/> (numbers already formatted), printed as a note and kept with its data.
    /// </summary>
    public Claim Say(Claim claim, string key, params object?[] args)
    {
        Type owner = TextOwner ?? throw new InvalidOperationException("Say needs the lesson's TextOwner");
        Claim said = claim with { Key = key, Text = Texts.Format(owner, key, args) };
        Takeaways.Add(said);
        Note(said.Text);
        return said;
    }

    /// <summary>Says a sentence that is a fact, not a finding of this run (<see cref="Claim.Fact"/>), quoting <paramref name="quotes"/>.</summary>
    public Claim Fact(string key, (string Name, double Value)[] quotes, params object?[] args) => Say(Claim.Fact().Quoting(quotes), key, args);

    /// <summary>A fact that quotes no number of the run.</summary>
    public Claim Fact(string key) => Say(Claim.Fact(), key);

    /// <summary>Records a named result.</summary>
    public void Result(string name, object? value) => Results[name] = ResultJson.From(value);
}
