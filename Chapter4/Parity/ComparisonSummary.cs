using Chapter4.Harness;

namespace Chapter4.Parity;

/// <summary>
/// A lesson run beside the PyTorch reference run with the same settings: the counts `--compare` and the book
/// report, and one rule for which values to show. The command line and the book only render it.
/// </summary>
public sealed class ComparisonSummary
{
    private ComparisonSummary(ReferenceEntry entry, ResultComparison comparison)
    {
        Entry = entry;
        Comparison = comparison;
    }

    public ReferenceEntry Entry { get; }

    public ResultComparison Comparison { get; }

    public IReadOnlyList<ComparedValue> Values => Comparison.Values;

    public int BitExact => Values.Count(v => v.BitExactFloat32);

    public long MaxUlps => Values.Count == 0 ? 0 : Values.Max(v => v.UlpDistanceFloat32);

    public double MaxAbsDifference => Values.Count == 0 ? 0 : Values.Max(v => v.AbsoluteDifference);

    /// <summary>The comparison with the reference run of the same settings, or null when there is none.</summary>
    public static ComparisonSummary? Of(Lesson lesson, LessonOutcome outcome) =>
        Reference.Match(lesson, outcome.Seed) is { } entry ? new ComparisonSummary(entry, ResultComparison.Compare(entry.Results, outcome.Results)) : null;

    /// <summary>What to say when no reference run has these settings.</summary>
    public static string NoReference(Lesson lesson)
    {
        var names = Reference.For(lesson.Id).Select(e => e.Name).ToList();
        return "No PyTorch reference for these settings. References exist for: " + (names.Count == 0 ? "none" : string.Join("; ", names));
    }

    /// <summary>The named result a value belongs to: "lrs" for "lrs[50]", "steps" for "steps[1].grad".</summary>
    public static string ResultName(ComparedValue value) => value.Path.Split('.', '[')[0];

    /// <summary>
    /// At most <paramref name="rows"/> values, an even share of every named result so the headline ones all show;
    /// within a result, the values that differ most from PyTorch first, then those where the series changes
    /// (lr-step's decay epochs), then the first ones; shown in their own order.
    /// </summary>
    public IReadOnlyList<ComparedValue> Sample(int rows)
    {
        var groups = Values.GroupBy(ResultName).ToList();
        if (groups.Count == 0 || rows <= 0) return [];
        int perGroup = Math.Max(1, (rows + groups.Count - 1) / groups.Count);
        var shown = new List<ComparedValue>();
        foreach (var group in groups)
        {
            var values = group.ToList();
            var order = Enumerable.Range(0, values.Count)
                .OrderByDescending(i => values[i].UlpDistanceFloat32)
                .ThenByDescending(i => i > 0 && values[i].Expected != values[i - 1].Expected)
                .ThenBy(i => i)
                .Take(perGroup)
                .Order();
            shown.AddRange(order.Select(i => values[i]));
        }
        return shown.Take(rows).ToList();
    }
}
