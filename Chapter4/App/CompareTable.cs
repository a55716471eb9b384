using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Chapter4.Harness;

namespace Chapter4.App;

/// <summary>`--compare`: the lesson's values beside the committed PyTorch reference run with the same settings.</summary>
public static class CompareTable
{
    /// <summary>A "value | PyTorch | Chapter4 | difference" table.</summary>
    public static string Text(Lesson lesson, LessonOutcome outcome, int rows = 12)
    {
        var sb = new StringBuilder("\n");
        ReferenceEntry? entry = Reference.Match(lesson, outcome.Seed);
        if (entry is null) return sb.AppendLine(NoReference(lesson)).ToString();
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        sb.AppendLine(CultureInfo.InvariantCulture, $"Beside PyTorch {entry.TorchVersion} (reference run '{entry.Name}', tools/parity/reference.py):");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"value",-34} {"PyTorch",16} {"Chapter4",16} {"difference",12}");
        // A few values of every named result, so the headline ones (output, loss, lrs) all show.
        var groups = c.Values.GroupBy(v => v.Path.Split('.', '[')[0]).ToList();
        int perGroup = Math.Max(1, (rows + groups.Count - 1) / Math.Max(1, groups.Count));
        var shown = groups.SelectMany(g => g.Take(perGroup)).Take(rows).ToList();
        foreach (ComparedValue v in shown)
            sb.AppendLine(CultureInfo.InvariantCulture, $"{v.Path,-34} {v.Expected,16:G9} {v.Actual,16:G9} {v.AbsoluteDifference,12:G3}");
        if (c.Values.Count > shown.Count) sb.AppendLine(CultureInfo.InvariantCulture, $"... {c.Values.Count - shown.Count} more values");
        double max = c.Values.Count == 0 ? 0 : c.Values.Max(v => v.AbsoluteDifference);
        sb.AppendLine(CultureInfo.InvariantCulture, $"{c.Values.Count} values: {c.Values.Count(v => v.BitExactFloat32)} bit-exact as float32, largest |difference| {max:G3}");
        foreach (string m in c.Mismatches) sb.AppendLine("mismatch: " + m);
        return sb.ToString();
    }

    /// <summary>The same comparison for --json: {"reference", "values", "bit_exact", "max_abs_difference", "mismatches"}.</summary>
    public static JsonObject Json(Lesson lesson, LessonOutcome outcome)
    {
        ReferenceEntry? entry = Reference.Match(lesson, outcome.Seed);
        if (entry is null) return new JsonObject { ["reference"] = null, ["note"] = NoReference(lesson) };
        var c = ResultComparison.Compare(entry.Results, outcome.Results);
        return new JsonObject
        {
            ["reference"] = entry.Name,
            ["torch_version"] = entry.TorchVersion,
            ["values"] = c.Values.Count,
            ["bit_exact"] = c.Values.Count(v => v.BitExactFloat32),
            ["max_abs_difference"] = ResultJson.Number(c.Values.Count == 0 ? 0 : c.Values.Max(v => v.AbsoluteDifference)),
            ["max_ulps"] = c.Values.Count == 0 ? 0 : c.Values.Max(v => v.UlpDistanceFloat32),
            ["mismatches"] = new JsonArray(c.Mismatches.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()),
        };
    }

    public static string NoReference(Lesson lesson)
    {
        var names = Reference.For(lesson.Id).Select(e => e.Name).ToList();
        return "No PyTorch reference for these settings. References exist for: " + (names.Count == 0 ? "none" : string.Join("; ", names));
    }
}
