using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Harness;
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
        sb.AppendLine(CultureInfo.InvariantCulture, $"Beside PyTorch {c.Entry.TorchVersion} (reference run '{c.Entry.Name}', tools/parity/reference.py):");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"value",-34} {"PyTorch",16} {"Chapter4",16} {"difference",12}");
        var shown = c.Sample(rows);
        foreach (ComparedValue v in shown)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{v.Path,-34} {v.Expected,16:G9} {v.Actual,16:G9} {v.AbsoluteDifference,12:G3}");
        if (c.Values.Count > shown.Count) sb.AppendLine(CultureInfo.InvariantCulture, $"... {c.Values.Count - shown.Count} more values");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{c.Values.Count} values: {c.BitExact} bit-exact as float32, largest |difference| {c.MaxAbsDifference:G3}");
        foreach (string m in c.Comparison.Mismatches) sb.AppendLine("mismatch: " + m);
        return sb.ToString();
    }

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
