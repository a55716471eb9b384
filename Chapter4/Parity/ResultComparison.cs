using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chapter4.Parity;

/// <summary>Walks two JSON result trees side by side.</summary>
public sealed class ResultComparison
{
    public List<ComparedValue> Values { get; } = [];

    /// <summary>Differences in structure or in non-numeric values, as "path: what".</summary>
    public List<string> Mismatches { get; } = [];

    public static ResultComparison Compare(JsonNode? expected, JsonNode? actual)
    {
        var c = new ResultComparison();
        c.Walk("", expected, actual);
        return c;
    }

    private void Walk(string path, JsonNode? e, JsonNode? a)
    {
        switch (e, a)
        {
            case (null, null):
                return;
            case (JsonObject eo, JsonObject ao):
                foreach (var key in eo.Select(kv => kv.Key).Union(ao.Select(kv => kv.Key)))
                {
                    string p = path.Length == 0 ? key : $"{path}.{key}";
                    if (!eo.ContainsKey(key)) Mismatches.Add($"{p}: not in the PyTorch reference");
                    else if (!ao.ContainsKey(key)) Mismatches.Add($"{p}: missing from the lesson's results");
                    else Walk(p, eo[key], ao[key]);
                }
                return;
            case (JsonArray ea, JsonArray aa):
                if (ea.Count != aa.Count) { Mismatches.Add($"{path}: length {aa.Count}, PyTorch has {ea.Count}"); return; }
                for (int i = 0; i < ea.Count; i++) Walk($"{path}[{i}]", ea[i], aa[i]);
                return;
            case (JsonValue ev, JsonValue av) when IsNumber(ev) && IsNumber(av):
                Values.Add(new ComparedValue(path, AsDouble(ev), AsDouble(av)));
                return;
            default:
                if (e?.ToJsonString() != a?.ToJsonString())
                    Mismatches.Add($"{path}: {a?.ToJsonString() ?? "null"}, PyTorch has {e?.ToJsonString() ?? "null"}");
                return;
        }
    }

    // A node may hold a float, a double or parsed text; its JSON text is the common ground.
    private static double AsDouble(JsonValue v) =>
        double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsNumber(JsonValue v) => v.GetValueKind() == JsonValueKind.Number;
}
