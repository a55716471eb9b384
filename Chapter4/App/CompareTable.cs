using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Parity;

namespace Chapter4.App;

/// <summary>`--compare`: the lesson's values beside the committed PyTorch reference run with the same settings.</summary>
public static class CompareTable
{
    /// <summary>A "value | PyTorch | Chapter4 | difference" table.</summary>
    public static string Text(Lesson lesson, LessonOutcome outcome, int rows = 12)
    {
        var sb = new StringBuilder("\n");
        if (ComparisonSummary.Of(lesson, outcome) is not { } c) return sb.AppendLine(ComparisonSummary.NoReference(lesson)).ToString();
        sb.AppendLine(CliTexts.Format("compare.heading", c.Entry.TorchVersion, c.Entry.Name));
        sb.AppendLine($"{PadRight(CliTexts.Get("compare.value"), 34)} {"PyTorch",16} {"Chapter4",16} {PadLeft(CliTexts.Get("compare.difference"), 12)}");
        var shown = c.Sample(rows);
        foreach (ComparedValue v in shown)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{v.Path,-34} {v.Expected,16:G9} {v.Actual,16:G9} {v.AbsoluteDifference,12:G3}");
        if (c.Values.Count > shown.Count) sb.AppendLine(CliTexts.Format("compare.more", c.Values.Count - shown.Count));
        sb.AppendLine(CliTexts.Format("compare.summary", c.Values.Count, c.BitExact, c.MaxAbsDifference));
        foreach (string m in c.Comparison.Mismatches) sb.AppendLine(CliTexts.Format("compare.mismatch", m));
        return sb.ToString();
    }

    /// <summary>A terminal shows a Chinese character two columns wide: pad by columns, not characters, so the table stays aligned.</summary>
    private static int Columns(string text) => text.Sum(c => c is >= '\u1100' and <= '\uFFEF' && !(c is >= '\u2000' and <= '\u2BFF') ? 2 : 1);

    private static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Columns(text)));

    private static string PadLeft(string text, int columns) => new string(' ', Math.Max(0, columns - Columns(text))) + text;

    /// <summary>The same comparison for --json: {"reference", "values", "bit_exact", "max_abs_difference", "mismatches"}.</summary>
    public static JsonObject Json(Lesson lesson, LessonOutcome outcome)
    {
        if (ComparisonSummary.Of(lesson, outcome) is not { } c) return new JsonObject { ["reference"] = null, ["note"] = ComparisonSummary.NoReference(lesson) };
        return new JsonObject
        {
            ["reference"] = c.Entry.Name,
            ["torch_version"] = c.Entry.TorchVersion,
            ["values"] = c.Values.Count,
            ["bit_exact"] = c.BitExact,
            ["max_abs_difference"] = ResultJson.Number(c.MaxAbsDifference),
            ["max_ulps"] = c.MaxUlps,
            ["mismatches"] = new JsonArray(c.Comparison.Mismatches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
        };
    }
}
